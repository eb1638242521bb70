//! Transport compression of the payloads the gateway sends.
//!
//! Discord compresses a whole connection as one stream (the `compress` query parameter) and
//! flushes it after every payload, so each WebSocket message decompresses on its own given what
//! came before it. twilight-gateway's default `zstd` feature asks for `zstd-stream`.

use axum::extract::ws::Message;
use std::fmt;
use std::io;
use zstd::zstd_safe::{CCtx, CParameter, InBuffer, OutBuffer, zstd_sys::ZSTD_EndDirective};

/// The zstd level: speed matters more than ratio on loopback, and Discord's level is not public.
const ZSTD_LEVEL: i32 = 1;

/// How payloads travel over one connection.
pub(crate) enum Transport {
    /// JSON text frames (no `compress` query parameter).
    Plain,
    /// One zstd stream per connection, flushed (`ZSTD_e_flush`) after each payload, in binary
    /// frames.
    Zstd(Box<CCtx<'static>>),
}

/// A `compress` value the simulator does not offer.
#[derive(Debug)]
pub(crate) struct UnsupportedCompression(pub(crate) String);

impl fmt::Display for UnsupportedCompression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unsupported compress={:?}: the simulator offers zstd-stream or no compression",
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
            Some(other) => Err(UnsupportedCompression(other.to_owned())),
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
    fn plain_is_text_and_unknown_compression_is_refused() {
        let mut plain = Transport::from_query(None).unwrap_or(Transport::Plain);
        assert!(matches!(plain.encode("{}"), Ok(Message::Text(_))));
        assert!(Transport::from_query(Some("brotli")).is_err());
    }
}
