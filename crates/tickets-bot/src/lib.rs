//! The Discord runtime: gateway shards, command registration, and the router that turns
//! interactions (from the gateway or from the signed HTTP endpoint) into calls of `tickets-core`.

pub mod action;
pub mod command_call;
pub mod commands;
pub mod gateway;
pub mod handlers;
pub mod http_endpoint;
pub mod in_flight;
pub mod invite;
pub mod modals;
pub mod reply;
pub mod router;

pub use http_endpoint::{HttpInteractions, HttpReply};
pub use in_flight::InFlight;
pub use router::{Links, Router};
