//! The web server: the HTTP interactions endpoint, the dashboard, health and metrics.

mod dashboard;
mod health;
mod interactions;
mod oauth;
mod pages;
mod server;
mod session;

pub use dashboard::{Method, PAGES, Page, route_list};
pub use server::{BoundWeb, WebConfig, WebState};
