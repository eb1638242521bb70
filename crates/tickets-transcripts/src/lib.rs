//! Transcripts of closed tickets: the versioned JSON document, its compression and encryption,
//! the object store that keeps it, and the one renderer that shows it as a self-contained page.
//!
//! The parts meet at bytes: [`format`] writes and reads the document (zstd-compressed JSON),
//! [`crypto`] seals those bytes with a data key bound to the ticket, [`storage`] keeps sealed
//! objects, [`archive`] puts the three together for the core, and [`render`] turns a document
//! into HTML. Nothing here talks to Discord or to the database.

pub mod archive;
pub mod crypto;
pub mod format;
pub mod render;
pub mod storage;
