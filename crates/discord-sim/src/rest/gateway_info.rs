//! `GET /gateway` and `GET /gateway/bot`: where the simulator's gateway listens.

use serde_json::json;

use super::Handled;
use super::context::{Reply, Req};

/// `GET /gateway`.
pub fn get_gateway(req: &mut Req<'_>) -> Handled {
    Ok(Reply::ok(json!({"url": req.sim.gateway_url()})))
}

/// `GET /gateway/bot`: one recommended shard and a generous session start limit.
pub fn get_bot_gateway(req: &mut Req<'_>) -> Handled {
    req.bot()?;
    Ok(Reply::ok(json!({
        "url": req.sim.gateway_url(),
        "shards": 1,
        "session_start_limit": {
            "total": 1000,
            "remaining": 1000,
            "reset_after": 86_400_000,
            "max_concurrency": 1,
        },
    })))
}
