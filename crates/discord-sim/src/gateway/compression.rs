//! Compression of the payloads the gateway sends.
//!
//! Discord compresses a whole connection as one stream (the `compress` query parameter) and
//! flushes it after every payload, so each WebSocket message decompresses on its own given what
//! came before it. twilight-gateway's default `zstd` feature asks for `zstd-stream`; discord.py
//! and discord.js ask for `zlib-stream`, whose messages each end with the sync-flush marker
//! `00 00 ff ff`. Apart from that, IDENTIFY's `compress: true` asks for payload compression: on an
//! uncompressed connection each payload is then a complete zlib stream of its own, and on a
//! compressed connection it changes nothing, as on Discord.

use axum::extract::ws::Message;
use flate2::{Compress, Compression, FlushCompress, Status};
use std::fmt;
use std::io;
use zstd::zstd_safe::{CCtx, CParameter, InBuffer, OutBuffer, zstd_sys::ZSTD_EndDirective};

/// The zstd level: speed matters more than ratio on loopback, and Discord's level is not public.
const ZSTD_LEVEL: i32 = 1;
/// The zlib level, for the same reason.
const ZLIB_LEVEL: Compression = Compression::fast();

/// How payloads travel over one connection.
pub(crate) enum Transport {
    /// JSON text frames (no `compress` query parameter).
    Plain,
    /// One zstd stream per connection, flushed (`ZSTD_e_flush`) after each payload, in binary
    /// frames.
    Zstd(Box<CCtx<'static>>),
    /// One zlib stream per connection, sync-flushed after each payload, in binary frames.
    Zlib(Box<Compress>),
    /// Payload compression (IDENTIFY's `compress: true` without transport compression): each
    /// payload a whole zlib stream, in binary frames.
    PerPayload,
}

/// A `compress` value the simulator does not offer.
#[derive(Debug)]
pub(crate) struct UnsupportedCompression(pub(crate) String);

impl fmt::Display for UnsupportedCompression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unsupported compress={:?}: the simulator offers zstd-stream, zlib-stream or none",
            self.0
        )
    }
}

impl Transport {
    /// Chooses the transport from the `compress` query parameter.
    pub(crate) fn from_query(compress: Option<&str>) -> Result<Self, UnsupportedCompression> {
        match compress {
            None | Some("") => Ok(Self::Plain),
            Some("zstd-stream") => {
                let mut context = CCtx::create();
                context
                    .set_parameter(CParameter::CompressionLevel(ZSTD_LEVEL))
                    .map_err(|_| UnsupportedCompression("zstd-stream".to_owned()))?;
                Ok(Self::Zstd(Box::new(context)))
            }
            Some("zlib-stream") => Ok(Self::Zlib(Box::new(Compress::new(ZLIB_LEVEL, true)))),
            Some(other) => Err(UnsupportedCompression(other.to_owned())),
        }
    }

    /// Honours IDENTIFY's `compress: true`: payload compression where the connection has no
    /// transport compression, nothing otherwise (Discord does not compress twice).
    pub(crate) fn enable_payload_compression(&mut self) {
        if matches!(self, Self::Plain) {
            *self = Self::PerPayload;
        }
    }

    /// Turns one JSON payload into the WebSocket message to send.
    ///
    /// # Errors
    ///
    /// Fails when the compressor reports an error, after which the stream is unusable.
    pub(crate) fn encode(&mut self, json: &str) -> io::Result<Message> {
        match self {
            Self::Plain => Ok(Message::text(json)),
            Self::Zstd(context) => zstd_flushed(context, json.as_bytes()).map(Message::binary),
            Self::Zlib(stream) => {
                deflate(stream, json.as_bytes(), FlushCompress::Sync).map(Message::binary)
            }
            Self::PerPayload => {
                let mut stream = Compress::new(ZLIB_LEVEL, true);
                deflate(&mut stream, json.as_bytes(), FlushCompress::Finish).map(Message::binary)
            }
        }
    }
}

/// Compresses `input` into the connection's stream and flushes it, so that the bytes returned
/// decompress to exactly `input`.
fn zstd_flushed(context: &mut CCtx<'static>, input: &[u8]) -> io::Result<Vec<u8>> {
    // A flushed block never exceeds the bound plus a frame header; start there so that one call
    // usually suffices.
    let mut out = Vec::with_capacity(zstd::zstd_safe::compress_bound(input.len()) + 32);
    let mut input = InBuffer::around(input);
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(64));
        }
        let position = out.len();
        let mut output = OutBuffer::around_pos(&mut out, position);
        let remaining = context
            .compress_stream2(&mut output, &mut input, ZSTD_EndDirective::ZSTD_e_flush)
            .map_err(|code| io::Error::other(zstd::zstd_safe::get_error_name(code)))?;
        if remaining == 0 && input.pos() == input.src.len() {
            return Ok(out);
        }
    }
}

/// Compresses `input` into a zlib stream and flushes it with `flush` (sync: the stream goes on;
/// finish: the stream ends), so that the bytes returned decompress to exactly `input`.
fn deflate(stream: &mut Compress, input: &[u8], flush: FlushCompress) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() / 2 + 64);
    let start = stream.total_in();
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(64));
        }
        let consumed = usize::try_from(stream.total_in() - start).map_err(io::Error::other)?;
        let rest = input.get(consumed..).unwrap_or_default();
        let status = stream
            .compress_vec(rest, &mut out, flush)
            .map_err(io::Error::other)?;
        let consumed = usize::try_from(stream.total_in() - start).map_err(io::Error::other)?;
        // A flush is complete once all input is in and the output was not filled up: calling
        // again would only add an empty block.
        let flushed = consumed == input.len() && out.len() < out.capacity();
        if status == Status::StreamEnd || (flush == FlushCompress::Sync && flushed) {
            return Ok(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zstd::zstd_safe::DCtx;

    /// Decompresses the way twilight-gateway does: one context for the connection, one call per
    /// message.
    fn inflate(context: &mut DCtx<'static>, message: &[u8]) -> String {
        let mut out = Vec::with_capacity(1 << 16);
        let mut input = InBuffer::around(message);
        let result = context.decompress_stream(&mut OutBuffer::around(&mut out), &mut input);
        assert!(result.is_ok(), "decompression failed");
        assert_eq!(input.pos(), message.len());
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn each_zstd_message_decompresses_on_its_own_stream_position() {
        let mut transport = Transport::from_query(Some("zstd-stream")).unwrap_or(Transport::Plain);
        let mut decompressor = DCtx::create();
        for i in 0..50 {
            let payload = format!(
                r#"{{"t":null,"s":null,"op":11,"d":{i},"pad":"{}"}}"#,
                "x".repeat(i * 37)
            );
            let Ok(Message::Binary(bytes)) = transport.encode(&payload) else {
                panic!("zstd transport must produce binary frames");
            };
            assert_eq!(inflate(&mut decompressor, &bytes), payload);
        }
    }

    #[test]
    fn each_zlib_message_ends_with_the_sync_marker_and_inflates_on_the_shared_stream() {
        let mut transport = Transport::from_query(Some("zlib-stream")).unwrap_or(Transport::Plain);
        let mut inflater = flate2::Decompress::new(true);
        for i in 0..50 {
            let payload = format!(r#"{{"op":11,"d":{i},"pad":"{}"}}"#, "y".repeat(i * 41));
            let Ok(Message::Binary(bytes)) = transport.encode(&payload) else {
                panic!("zlib transport must produce binary frames");
            };
            assert!(
                bytes.ends_with(&[0, 0, 0xff, 0xff]),
                "message {i} lacks the marker"
            );
            let mut out = Vec::with_capacity(payload.len() + 64);
            let result = inflater.decompress_vec(&bytes, &mut out, flate2::FlushDecompress::Sync);
            assert!(result.is_ok(), "inflate failed");
            assert_eq!(String::from_utf8(out).unwrap_or_default(), payload);
        }
    }

    #[test]
    fn payload_compression_applies_only_without_transport_compression() {
        let mut plain = Transport::from_query(None).unwrap_or(Transport::Plain);
        plain.enable_payload_compression();
        let Ok(Message::Binary(bytes)) = plain.encode(r#"{"op":10}"#) else {
            panic!("payload compression must produce binary frames");
        };
        let mut text = String::new();
        let read = std::io::Read::read_to_string(
            &mut flate2::read::ZlibDecoder::new(&bytes[..]),
            &mut text,
        );
        assert!(read.is_ok());
        assert_eq!(text, r#"{"op":10}"#);
        let mut zstd = Transport::from_query(Some("zstd-stream")).unwrap_or(Transport::Plain);
        zstd.enable_payload_compression();
        assert!(matches!(zstd, Transport::Zstd(_)));
    }

    #[test]
    fn plain_is_text_and_unknown_compression_is_refused() {
        let mut plain = Transport::from_query(None).unwrap_or(Transport::Plain);
        assert!(matches!(plain.encode("{}"), Ok(Message::Text(_))));
        assert!(Transport::from_query(Some("brotli")).is_err());
    }
}
