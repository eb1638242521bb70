//! Which per-route limit a request falls under.
//!
//! Discord does not publish its per-route numbers (they change, and clients are told to read the
//! headers), so these are the values Discord reports for the routes a bot uses most, as clients
//! and other reimplementations have observed them. Routes that Discord groups under one
//! `X-RateLimit-Bucket` share a group here, and with it one counter per major parameter: a
//! client that trusts the hash (twilight does) never sends more than the shared counter allows.

use std::time::Duration;

use crate::config::RateLimitConfig;

/// The limit of one group of routes, counted per major parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteLimit {
    /// The group's name; its hash is the `X-RateLimit-Bucket` of every route in it.
    pub group: &'static str,
    /// Requests per window.
    pub limit: u32,
    /// The window.
    pub per: Duration,
}

const fn limit(group: &'static str, limit: u32, per_ms: u64) -> RouteLimit {
    RouteLimit {
        group,
        limit,
        per: Duration::from_millis(per_ms),
    }
}

/// Routes with their own limits: `(method, template, limit)`.
const TABLE: &[(&str, &str, RouteLimit)] = &[
    // Sending a message: 5 per 5 s per channel.
    (
        "POST",
        "/channels/{channel_id}/messages",
        limit("message-create", 5, 5_000),
    ),
    (
        "PATCH",
        "/channels/{channel_id}/messages/{message_id}",
        limit("message-edit", 5, 5_000),
    ),
    // Deleting is cheaper than sending: 5 per second per channel.
    (
        "DELETE",
        "/channels/{channel_id}/messages/{message_id}",
        limit("message-delete", 5, 1_000),
    ),
    // Every reaction route shares one bucket of 1 per 250 ms per channel.
    (
        "PUT",
        "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
        limit("reactions", 1, 250),
    ),
    (
        "DELETE",
        "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
        limit("reactions", 1, 250),
    ),
    (
        "DELETE",
        "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/{user_id}",
        limit("reactions", 1, 250),
    ),
    (
        "DELETE",
        "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}",
        limit("reactions", 1, 250),
    ),
    (
        "DELETE",
        "/channels/{channel_id}/messages/{message_id}/reactions",
        limit("reactions", 1, 250),
    ),
    // Editing a channel: 5 per 5 s, and names and parents also the 2 per 10 minutes of
    // `RateLimitConfig::channel_edits`.
    (
        "PATCH",
        "/channels/{channel_id}",
        limit("channel-edit", 5, 5_000),
    ),
    (
        "DELETE",
        "/channels/{channel_id}",
        limit("channel-delete", 5, 5_000),
    ),
    (
        "PUT",
        "/channels/{channel_id}/permissions/{overwrite_id}",
        limit("channel-permissions", 5, 5_000),
    ),
    (
        "DELETE",
        "/channels/{channel_id}/permissions/{overwrite_id}",
        limit("channel-permissions", 5, 5_000),
    ),
    (
        "PATCH",
        "/guilds/{guild_id}/members/{user_id}",
        limit("member-edit", 10, 10_000),
    ),
    (
        "PUT",
        "/guilds/{guild_id}/members/{user_id}/roles/{role_id}",
        limit("member-roles", 10, 10_000),
    ),
    (
        "DELETE",
        "/guilds/{guild_id}/members/{user_id}/roles/{role_id}",
        limit("member-roles", 10, 10_000),
    ),
    (
        "PATCH",
        "/guilds/{guild_id}/members/@me",
        limit("member-edit-me", 1, 1_000),
    ),
    // Interaction followups are webhook calls, counted per token: 5 per 2 s.
    (
        "POST",
        "/webhooks/{webhook_id}/{webhook_token}",
        limit("webhook", 5, 2_000),
    ),
    (
        "GET",
        "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
        limit("webhook", 5, 2_000),
    ),
    (
        "PATCH",
        "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
        limit("webhook", 5, 2_000),
    ),
    (
        "DELETE",
        "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
        limit("webhook", 5, 2_000),
    ),
    (
        "GET",
        "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        limit("webhook", 5, 2_000),
    ),
    (
        "PATCH",
        "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        limit("webhook", 5, 2_000),
    ),
    (
        "DELETE",
        "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        limit("webhook", 5, 2_000),
    ),
];

/// The per-route limit of `method template`; `None` when only the global limit applies.
///
/// The interaction callback has none: each interaction takes exactly one answer anyway (a
/// second is `400 40060`), and clients key that route without its id (twilight puts every
/// callback in one queue), so a per-interaction counter advertised in headers would make
/// them hold one user's answer behind another's.
#[must_use]
pub fn route_limit(config: &RateLimitConfig, method: &str, template: &str) -> Option<RouteLimit> {
    if template == "/interactions/{interaction_id}/{interaction_token}/callback" {
        return None;
    }
    let listed = TABLE
        .iter()
        .find(|(m, t, _)| *m == method && *t == template)
        .map(|(_, _, limit)| *limit);
    Some(listed.unwrap_or(RouteLimit {
        group: "",
        limit: config.route_limit,
        per: config.route_window,
    }))
}

/// Whether the route is exempt from the global limit: interaction callbacks and the webhook
/// routes interactions use for followups, as on Discord.
#[must_use]
pub fn global_exempt(template: &str) -> bool {
    template.starts_with("/interactions/") || template.starts_with("/webhooks/")
}

/// The major parameter of a route: requests for different channels, guilds or webhooks (and
/// interaction tokens) do not share a counter.
#[must_use]
pub fn major(params: &[(&str, String)]) -> String {
    let value = |name: &str| {
        params
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    };
    if let Some(webhook) = value("webhook_id") {
        return format!("webhook:{webhook}/{}", value("webhook_token").unwrap_or(""));
    }
    if let Some(channel) = value("channel_id") {
        return format!("channel:{channel}");
    }
    if let Some(guild) = value("guild_id") {
        return format!("guild:{guild}");
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_create_is_five_per_five_seconds_and_unlisted_routes_take_the_default() {
        let config = RateLimitConfig::discord();
        let create = route_limit(&config, "POST", "/channels/{channel_id}/messages").unwrap();
        assert_eq!((create.limit, create.per), (5, Duration::from_secs(5)));
        let other = route_limit(&config, "GET", "/guilds/{guild_id}/roles").unwrap();
        assert_eq!(
            (other.group, other.limit, other.per),
            ("", config.route_limit, config.route_window)
        );
        assert_eq!(
            route_limit(
                &config,
                "POST",
                "/interactions/{interaction_id}/{interaction_token}/callback"
            ),
            None
        );
    }

    #[test]
    fn the_major_parameter_is_the_channel_guild_or_webhook_with_its_token() {
        let params = [
            ("channel_id", "1".to_owned()),
            ("message_id", "2".to_owned()),
        ];
        assert_eq!(major(&params), "channel:1");
        let params = [("guild_id", "3".to_owned()), ("user_id", "4".to_owned())];
        assert_eq!(major(&params), "guild:3");
        let params = [
            ("webhook_id", "5".to_owned()),
            ("webhook_token", "abc".to_owned()),
        ];
        assert_eq!(major(&params), "webhook:5/abc");
    }
}
