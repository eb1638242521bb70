//! The `tickets` application: configuration, wiring of the roles, and the command line.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod settings;
pub mod transcript_cli;

pub use app::{AppOptions, RunningApp};
pub use config::{Config, RawConfig};
