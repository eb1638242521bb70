//! Gateway behaviour only a hand-written WebSocket client can reach.

use crate::fake::*;
use discord_sim::gateway::{GatewayOptions, close};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

/// A minimal WebSocket client for what twilight never sends: payloads before IDENTIFY, invalid
/// shards, silence instead of heartbeats, and connections without compression.
struct Raw {
    stream: TcpStream,
}

/// A frame the gateway sent to [`Raw`].
#[derive(Debug)]
enum Frame {
    Text(Value),
    Binary(Vec<u8>),
    Close(u16),
}

impl Raw {
    /// Opens a WebSocket on `/gateway/?{query}`, or returns the HTTP response head if refused.
    async fn connect(sim: &Sim, query: &str) -> Result<Self, String> {
        let address = sim
            .url
            .trim_start_matches("ws://")
            .trim_end_matches("/gateway");
        let mut stream = TcpStream::connect(address).await.expect("connect");
        let request = format!(
            "GET /gateway/?{query} HTTP/1.1\r\nHost: {address}\r\nUpgrade: websocket\r\n\
             Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
             Sec-WebSocket-Version: 13\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.expect("request");
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            head.push(stream.read_u8().await.expect("response head"));
        }
        if head.starts_with(b"HTTP/1.1 101") {
            Ok(Self { stream })
        } else {
            Err(String::from_utf8_lossy(&head).into_owned())
        }
    }

    /// Sends a masked frame, as clients must.
    async fn frame(&mut self, opcode: u8, payload: &[u8]) {
        let mut frame = vec![0x80 | opcode];
        match u8::try_from(payload.len()) {
            Ok(length) if length < 126 => frame.push(0x80 | length),
            _ => {
                frame.push(0x80 | 126);
                let length = u16::try_from(payload.len()).expect("short payload");
                frame.extend_from_slice(&length.to_be_bytes());
            }
        }
        let mask = [7, 1, 9, 3];
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().zip(mask.iter().cycle()).map(|(b, m)| b ^ m));
        self.stream.write_all(&frame).await.expect("send");
    }

    async fn send(&mut self, payload: &Value) {
        self.frame(0x1, payload.to_string().as_bytes()).await;
    }

    async fn close(&mut self, code: u16) {
        self.frame(0x8, &code.to_be_bytes()).await;
    }

    async fn recv(&mut self) -> Frame {
        timeout(STEP, async {
            let first = self.stream.read_u8().await.expect("frame");
            let length = match self.stream.read_u8().await.expect("frame") & 0x7f {
                126 => u64::from(self.stream.read_u16().await.expect("length")),
                127 => self.stream.read_u64().await.expect("length"),
                short => u64::from(short),
            };
            let mut payload = vec![0; usize::try_from(length).expect("length")];
            self.stream.read_exact(&mut payload).await.expect("payload");
            match first & 0x0f {
                0x1 => Frame::Text(serde_json::from_slice(&payload).expect("JSON text frame")),
                0x2 => Frame::Binary(payload),
                0x8 => Frame::Close(u16::from_be_bytes([payload[0], payload[1]])),
                other => panic!("unexpected frame opcode {other}"),
            }
        })
        .await
        .expect("no frame in time")
    }

    /// The next payload, failing on anything else.
    async fn payload(&mut self) -> Value {
        match self.recv().await {
            Frame::Text(payload) => payload,
            other => panic!("expected a payload, got {other:?}"),
        }
    }

    async fn close_code(&mut self) -> u16 {
        loop {
            match self.recv().await {
                Frame::Close(code) => return code,
                Frame::Text(_) | Frame::Binary(_) => {}
            }
        }
    }
}

fn identify_payload(shard: [u64; 2], intents: u64) -> Value {
    json!({"op": 2, "d": {
        "token": format!("Bot {TOKEN}"), "intents": intents, "shard": shard,
        "properties": {"os": "linux", "browser": "raw", "device": "raw"},
    }})
}

fn resume_payload(session_id: &str, seq: u64) -> Value {
    json!({"op": 6, "d": {"token": TOKEN, "session_id": session_id, "seq": seq}})
}

/// Connects without compression and checks HELLO.
async fn hello(sim: &Sim) -> Raw {
    let mut raw = Raw::connect(sim, "v=10&encoding=json")
        .await
        .expect("upgrade");
    let hello = raw.payload().await;
    assert_eq!(hello["op"], 10);
    assert!(hello["d"]["heartbeat_interval"].as_u64().is_some());
    raw
}

#[tokio::test]
async fn codes_twilight_cannot_trigger() {
    timeout(TEST, async {
        let sim = Sim::default().await;

        let mut raw = hello(&sim).await;
        let presence = json!({"status": "online", "afk": false, "since": null, "activities": []});
        raw.send(&json!({"op": 3, "d": presence})).await;
        assert_eq!(raw.close_code().await, close::NOT_AUTHENTICATED);

        let mut raw = hello(&sim).await;
        raw.send(&identify_payload([2, 2], 1)).await;
        assert_eq!(raw.close_code().await, close::INVALID_SHARD);

        let mut raw = hello(&sim).await;
        raw.send(&identify_payload([0, 1], 1 << 30)).await;
        assert_eq!(raw.close_code().await, close::INVALID_INTENTS);

        let mut raw = Raw::connect(&sim, "v=9&encoding=json")
            .await
            .expect("upgrade");
        assert_eq!(raw.close_code().await, close::INVALID_API_VERSION);

        let refused = Raw::connect(&sim, "v=10&encoding=json&compress=brotli").await;
        assert!(refused.is_err_and(|head| head.starts_with("HTTP/1.1 400")));
        let refused = Raw::connect(&sim, "v=10&encoding=etf").await;
        assert!(refused.is_err_and(|head| head.starts_with("HTTP/1.1 400")));

        // Heartbeats are allowed before IDENTIFY.
        let mut raw = hello(&sim).await;
        raw.send(&json!({"op": 1, "d": null})).await;
        assert_eq!(raw.payload().await["op"], 11);
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn silent_connection_times_out_and_its_session_resumes_with_replay() {
    timeout(TEST, async {
        let options = GatewayOptions {
            heartbeat_interval: Duration::from_millis(200),
            ..GatewayOptions::default()
        };
        let sim = Sim::start(options, PRIVILEGED_FLAGS).await;
        let mut raw = hello(&sim).await;
        raw.send(&identify_payload([0, 1], 1)).await;
        let ready = raw.payload().await;
        assert_eq!(
            (ready["t"].as_str(), ready["s"].as_u64()),
            (Some("READY"), Some(1))
        );
        let session_id = ready["d"]["session_id"]
            .as_str()
            .expect("session id")
            .to_owned();
        // No heartbeat: the gateway gives up after 1.5 intervals.
        assert_eq!(raw.close_code().await, close::SESSION_TIMED_OUT);
        sim.publish(channel(GUILD_A, 1001, "while-away"));

        // Resuming from READY replays both GUILD_CREATEs and the dispatch published meanwhile.
        let mut raw = hello(&sim).await;
        raw.send(&resume_payload(&session_id, 1)).await;
        let mut replayed = Vec::new();
        loop {
            let payload = raw.payload().await;
            let event = payload["t"].as_str().expect("dispatch").to_owned();
            replayed.push((event.clone(), payload["s"].as_u64().expect("sequence")));
            if event == "RESUMED" {
                break;
            }
        }
        let expected = [
            ("GUILD_CREATE", 2),
            ("GUILD_CREATE", 3),
            ("CHANNEL_CREATE", 4),
            ("RESUMED", 5),
        ];
        assert_eq!(
            replayed,
            expected.map(|(event, seq)| (event.to_owned(), seq))
        );
        raw.send(&json!({"op": 1, "d": 5})).await;
        assert_eq!(raw.payload().await["op"], 11);

        // Closing with 1000 ends the session, as on Discord.
        raw.close(1000).await;
        assert_eq!(raw.close_code().await, 1000);
        let mut raw = hello(&sim).await;
        raw.send(&resume_payload(&session_id, 5)).await;
        assert_eq!(
            raw.payload().await,
            json!({"t": null, "s": null, "op": 9, "d": false})
        );
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn a_session_that_lags_behind_the_world_is_invalidated() {
    timeout(TEST, async {
        let sim = Sim::with_channel(GatewayOptions::default(), PRIVILEGED_FLAGS, 4).await;
        let mut raw = hello(&sim).await;
        raw.send(&identify_payload([0, 1], 1)).await;
        let session_id = raw.payload().await["d"]["session_id"]
            .as_str()
            .expect("id")
            .to_owned();
        // This runtime has one thread: the session cannot read while these are published.
        for id in 0..20 {
            sim.publish(channel(GUILD_A, 1100 + id, "burst"));
        }
        loop {
            let payload = raw.payload().await;
            if payload["op"] == 9 {
                assert_eq!(payload["d"], false);
                break;
            }
            assert_eq!(payload["op"], 0, "only dispatches before op 9: {payload}");
        }
        raw.send(&resume_payload(&session_id, 1)).await;
        assert_eq!(raw.payload().await["d"], false);
    })
    .await
    .expect("test timed out");
}

/// Reads a connection's binary frames through one zlib context, as discord.py and discord.js do.
struct Inflater(flate2::Decompress);

impl Inflater {
    async fn payload(&mut self, raw: &mut Raw) -> Value {
        let Frame::Binary(bytes) = raw.recv().await else {
            panic!("expected a binary frame on a zlib-stream connection");
        };
        assert!(
            bytes.ends_with(&[0, 0, 0xff, 0xff]),
            "no Z_SYNC_FLUSH suffix"
        );
        let mut out = Vec::with_capacity(bytes.len() * 20 + 1024);
        self.0
            .decompress_vec(&bytes, &mut out, flate2::FlushDecompress::Sync)
            .expect("inflate");
        serde_json::from_slice(&out).expect("JSON payload")
    }
}

// Regression: zlib-stream was refused with 400 and IDENTIFY's `compress: true` closed with
// 4002, so discord.py could not connect at all.
#[tokio::test]
async fn zlib_stream_connections_identify_with_compress_true() {
    timeout(TEST, async {
        let sim = Sim::default().await;
        let mut raw = Raw::connect(&sim, "v=10&encoding=json&compress=zlib-stream")
            .await
            .expect("upgrade");
        let mut zlib = Inflater(flate2::Decompress::new(true));
        assert_eq!(zlib.payload(&mut raw).await["op"], 10);
        let mut identify = identify_payload([0, 1], 1);
        identify["d"]["compress"] = json!(true);
        raw.send(&identify).await;
        let ready = zlib.payload(&mut raw).await;
        assert_eq!(ready["t"], "READY");
        // The GUILD_CREATEs continue the same stream; no second compression layer.
        for _ in 0..2 {
            assert_eq!(zlib.payload(&mut raw).await["t"], "GUILD_CREATE");
        }
        raw.send(&json!({"op": 1, "d": 3})).await;
        assert_eq!(zlib.payload(&mut raw).await["op"], 11);
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn compress_true_without_transport_compression_zlib_compresses_each_payload() {
    timeout(TEST, async {
        let sim = Sim::default().await;
        let mut raw = hello(&sim).await;
        let mut identify = identify_payload([0, 1], 1);
        identify["d"]["compress"] = json!(true);
        raw.send(&identify).await;
        for _ in 0..2 {
            let Frame::Binary(bytes) = raw.recv().await else {
                panic!("payloads after IDENTIFY with compress must be binary");
            };
            // Each one a whole zlib stream, inflated with a fresh context.
            let mut text = String::new();
            std::io::Read::read_to_string(
                &mut flate2::read::ZlibDecoder::new(&bytes[..]),
                &mut text,
            )
            .expect("a complete zlib stream");
            let payload: Value = serde_json::from_str(&text).expect("JSON payload");
            assert_eq!(payload["op"], 0);
        }
    })
    .await
    .expect("test timed out");
}
