//! Registers the dashboard's routes and records each (method, path) as it does, so the list of
//! routes cannot drift from the router: a test of every entry point reads the list and fails
//! when a route has no row of its own.

use crate::server::WebState;
use axum::Router;
use axum::handler::Handler;

/// The methods the dashboard's routes answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// A page.
    Get,
    /// A form post.
    Post,
}

/// A router being built, with the routes registered so far.
pub(super) struct Listed {
    router: Router<WebState>,
    routes: Vec<(Method, &'static str)>,
}

impl Listed {
    pub(super) fn new() -> Self {
        Self {
            router: Router::new(),
            routes: Vec::new(),
        }
    }

    /// A page at `path` (axum merges the methods of one path).
    pub(super) fn get<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, WebState>,
        T: 'static,
    {
        self.router = self.router.route(path, axum::routing::get(handler));
        self.routes.push((Method::Get, path));
        self
    }

    /// A form post to `path`.
    pub(super) fn post<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, WebState>,
        T: 'static,
    {
        self.router = self.router.route(path, axum::routing::post(handler));
        self.routes.push((Method::Post, path));
        self
    }

    pub(super) fn router(self) -> Router<WebState> {
        self.router
    }

    pub(super) fn routes(self) -> Vec<(Method, &'static str)> {
        self.routes
    }
}
