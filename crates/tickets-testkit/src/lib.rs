//! Test support: the simulator and the real application on random ports with a fresh database,
//! and a client of the simulator's control API.
#![allow(
    clippy::missing_panics_doc,
    reason = "test support panics on purpose: a broken environment is a failed test"
)]

pub mod browser;
pub mod env;
pub mod refusals;
pub mod sim_client;
pub mod simulator;
pub mod snapshot;

pub use browser::Browser;
pub use env::{Backend, Delivery, Env, EnvOptions, parse};
pub use sim_client::{Act, SimClient};
pub use snapshot::Snapshot;
pub use tickets_store::db_test;

use futures_util::FutureExt as _;
use std::panic::AssertUnwindSafe;

/// How a test body ended.
pub type Outcome = Result<Result<(), Box<dyn std::any::Any + Send>>, tokio::time::error::Elapsed>;

/// Runs a test body with a time limit, catching a panic so the environment is still cleaned up.
pub async fn run_guarded(body: impl Future<Output = ()>) -> Outcome {
    tokio::time::timeout(
        std::time::Duration::from_secs(60),
        AssertUnwindSafe(body).catch_unwind(),
    )
    .await
}

/// Fails the test as its body did, after the cleanup.
pub fn finish(outcome: Outcome) {
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => panic!("the test took longer than 60 seconds"),
    }
}

/// Expands one async test body into one test per database backend (and per delivery where
/// given): `name::sqlite`, `name::postgres`, or `name::sqlite_gateway`, `name::sqlite_http`, ...
/// The PostgreSQL variants print a notice and pass when `TICKETS_TEST_POSTGRES_URL` is unset.
#[macro_export]
macro_rules! e2e_test {
    (async fn $name:ident($env:ident) $body:block) => {
        $crate::e2e_test!(@variants $name, $env, $body, [sqlite: Sqlite, Gateway], [postgres: Postgres, Gateway]);
    };
    (each_delivery async fn $name:ident($env:ident) $body:block) => {
        $crate::e2e_test!(@variants $name, $env, $body,
            [sqlite_gateway: Sqlite, Gateway], [sqlite_http: Sqlite, Http],
            [postgres_gateway: Postgres, Gateway], [postgres_http: Postgres, Http]);
    };
    (@variants $name:ident, $env:ident, $body:block, $([$variant:ident: $backend:ident, $delivery:ident]),+) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($env: &mut $crate::Env) $body

            $(
                #[::tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $variant() {
                    let options = $crate::EnvOptions {
                        backend: $crate::Backend::$backend,
                        delivery: $crate::Delivery::$delivery,
                        public_key: None,
                    };
                    let Some(mut env) = $crate::Env::start(options).await else {
                        eprintln!("notice: TICKETS_TEST_POSTGRES_URL is not set; skipped on PostgreSQL");
                        return;
                    };
                    let outcome = $crate::run_guarded(body(&mut env)).await;
                    env.finish(outcome).await;
                }
            )+
        }
    };
}
