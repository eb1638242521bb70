//! The limiter with time moved by hand: windows reset, renames leave their window.

use super::*;

const MESSAGES: &str = "/channels/{channel_id}/messages";

fn channel(id: &str) -> [(&'static str, String); 1] {
    [("channel_id", id.to_owned())]
}

#[test]
fn message_create_allows_five_per_channel_then_429_until_the_window_resets() {
    let mut limiter = RateLimiter::new(RateLimitConfig::discord());
    let start = Instant::now();
    for remaining in (0..5).rev() {
        let headers = limiter
            .check("t", "POST", MESSAGES, &channel("1"), start)
            .unwrap()
            .unwrap();
        assert_eq!((headers.limit, headers.remaining), (5, remaining));
    }
    let (error, headers) = limiter
        .check(
            "t",
            "POST",
            MESSAGES,
            &channel("1"),
            start + Duration::from_secs(1),
        )
        .unwrap_err();
    assert_eq!(error.status, 429);
    assert_eq!(error.body["global"], false);
    assert_eq!(error.body["retry_after"], 4.0);
    let headers = headers.unwrap();
    assert_eq!((headers.remaining, headers.reset_after), (0, 4.0));
    assert!(
        limiter
            .check("t", "POST", MESSAGES, &channel("2"), start)
            .is_ok(),
        "another channel is another bucket"
    );
    assert!(
        limiter
            .check("u", "POST", MESSAGES, &channel("1"), start)
            .is_ok(),
        "another bot has its own buckets"
    );
    let later = limiter
        .check(
            "t",
            "POST",
            MESSAGES,
            &channel("1"),
            start + Duration::from_secs(5),
        )
        .unwrap()
        .unwrap();
    assert_eq!(later.remaining, 4, "a new window");
}

#[test]
fn routes_of_one_group_share_a_counter_and_a_bucket_hash() {
    let mut limiter = RateLimiter::new(RateLimitConfig::discord());
    let now = Instant::now();
    let put = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me";
    let delete = "/channels/{channel_id}/messages/{message_id}/reactions";
    let params = [
        ("channel_id", "1".to_owned()),
        ("message_id", "2".to_owned()),
        ("emoji_name", "x".to_owned()),
    ];
    let first = limiter
        .check("t", "PUT", put, &params, now)
        .unwrap()
        .unwrap();
    let (_, second) = limiter
        .check("t", "DELETE", delete, &params[..2], now)
        .unwrap_err();
    assert_eq!(first.bucket, second.unwrap().bucket);
    let create = limiter
        .check("t", "POST", MESSAGES, &channel("1"), now)
        .unwrap()
        .unwrap();
    assert_ne!(create.bucket, first.bucket);
    assert!(
        limiter
            .check("t", "PUT", put, &params, now + Duration::from_millis(250))
            .is_ok()
    );
}

#[test]
fn the_global_limit_is_per_bot_and_spares_interaction_routes() {
    let mut limiter = RateLimiter::new(RateLimitConfig {
        global_per_second: 3,
        ..RateLimitConfig::discord()
    });
    let now = Instant::now();
    for id in 0..3 {
        limiter
            .check(
                "t",
                "GET",
                "/channels/{channel_id}",
                &channel(&id.to_string()),
                now,
            )
            .unwrap();
    }
    let (error, headers) = limiter
        .check("t", "GET", "/channels/{channel_id}", &channel("9"), now)
        .unwrap_err();
    assert!(headers.is_none());
    assert_eq!(error.body["global"], true);
    assert!(
        error
            .headers
            .iter()
            .any(|(k, v)| *k == "x-ratelimit-global" && v == "true")
    );
    let callback = "/interactions/{interaction_id}/{interaction_token}/callback";
    assert_eq!(
        limiter.check("t", "POST", callback, &[], now).unwrap(),
        None,
        "callbacks are neither globally nor per route limited"
    );
    let followup = [
        ("webhook_id", "1".to_owned()),
        ("webhook_token", "tok".to_owned()),
    ];
    assert!(
        limiter
            .check(
                "t",
                "POST",
                "/webhooks/{webhook_id}/{webhook_token}",
                &followup,
                now
            )
            .is_ok()
    );
    assert!(
        limiter
            .check("u", "GET", "/channels/{channel_id}", &channel("9"), now)
            .is_ok(),
        "another bot"
    );
    assert!(
        limiter
            .check(
                "t",
                "GET",
                "/channels/{channel_id}",
                &channel("9"),
                now + Duration::from_secs(1)
            )
            .is_ok()
    );
}

#[test]
fn the_third_rename_within_ten_minutes_is_refused_until_the_first_leaves_the_window() {
    let mut limiter = RateLimiter::new(RateLimitConfig::discord());
    let start = Instant::now();
    limiter.channel_edit(1, start).unwrap();
    limiter
        .channel_edit(1, start + Duration::from_secs(60))
        .unwrap();
    let refused = limiter
        .channel_edit(1, start + Duration::from_secs(120))
        .unwrap_err();
    assert_eq!(refused.status, 429);
    assert_eq!(refused.body["retry_after"], 480.0);
    assert_eq!(refused.body["global"], false);
    assert!(
        refused
            .headers
            .iter()
            .any(|(k, v)| *k == "x-ratelimit-scope" && v == "shared")
    );
    assert!(
        refused
            .headers
            .iter()
            .any(|(k, v)| *k == "retry-after" && v == "480")
    );
    limiter.channel_edit(2, start).unwrap();
    limiter
        .channel_edit(1, start + Duration::from_secs(600))
        .unwrap();
    assert!(
        limiter
            .channel_edit(1, start + Duration::from_secs(601))
            .is_err(),
        "the second change is still in the window"
    );
}
