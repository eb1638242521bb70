//! The cache's rules: what each event changes, what expires and when, and its bounds.

use super::*;
use serde_json::{Value, json};
use tickets_model::ChannelId;
use twilight_model::channel::Channel;
use twilight_model::guild::{Guild, Role};

const MINUTE: i64 = 60_000;

fn role(id: u64, name: &str, position: i64) -> Value {
    json!({"id": id.to_string(), "name": name, "color": 0, "hoist": false,
           "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null}, "managed": false,
           "mentionable": false, "permissions": "0", "position": position, "flags": 0})
}

fn channel(guild: u64, id: u64, name: &str, kind: u8) -> Value {
    json!({"id": id.to_string(), "guild_id": guild.to_string(), "name": name, "type": kind,
           "position": 0, "permission_overwrites": []})
}

/// A GUILD_CREATE payload with the fields Discord always sends.
fn guild(id: u64, channels: Vec<Value>) -> Guild {
    serde_json::from_value(json!({
        "id": id.to_string(), "name": format!("Server {id}"), "owner_id": "900",
        "afk_timeout": 300, "default_message_notifications": 0, "explicit_content_filter": 0,
        "features": [], "emojis": [], "stickers": [], "large": false, "mfa_level": 0,
        "nsfw_level": 0, "preferred_locale": "en-US", "premium_progress_bar_enabled": false,
        "system_channel_flags": 0, "verification_level": 0, "icon": null, "splash": null,
        "discovery_splash": null, "banner": null, "description": null,
        "roles": [role(id, "@everyone", 0), role(id + 1, "Staff", 1)],
        "channels": channels,
    }))
    .unwrap()
}

fn channel_names(cache: &FactCache, now: i64, guild: u64) -> Option<Vec<String>> {
    cache
        .with_guild(now, GuildId::new(guild), |g| {
            g.channels
                .as_ref()
                .map(|c| c.iter().map(|c| c.name.to_string()).collect())
        })
        .flatten()
}

#[test]
fn a_guild_create_keeps_its_owner_roles_and_form_channels_until_it_is_deleted() {
    let cache = FactCache::default();
    let g = guild(
        10,
        vec![
            channel(10, 20, "general", 0),
            channel(10, 21, "Voice", 2),
            channel(10, 22, "Support", 4),
        ],
    );
    cache.observe(0, Observed::GuildAvailable(&g));
    // No expiry: the gateway keeps it current.
    let later = 24 * 60 * MINUTE;
    assert_eq!(
        cache.with_guild(later, GuildId::new(10), |g| g.owner),
        Some(UserId::new(900))
    );
    assert_eq!(
        channel_names(&cache, later, 10),
        Some(vec!["general".into(), "Support".into()]),
        "voice is not kept"
    );

    let logs: Channel = serde_json::from_value(channel(10, 23, "logs", 0)).unwrap();
    cache.observe(later, Observed::ChannelChanged(&logs));
    cache.observe(
        later,
        Observed::ChannelGone(GuildId::new(10), ChannelId::new(20)),
    );
    assert_eq!(
        channel_names(&cache, later, 10),
        Some(vec!["Support".into(), "logs".into()])
    );

    let helpers: Role = serde_json::from_value(role(30, "Helpers", 2)).unwrap();
    cache.observe(later, Observed::RoleChanged(GuildId::new(10), &helpers));
    cache.observe(later, Observed::RoleGone(GuildId::new(10), RoleId::new(11)));
    let roles = cache.with_guild(later, GuildId::new(10), |g| {
        g.roles
            .iter()
            .map(|r| r.name.to_string())
            .collect::<Vec<_>>()
    });
    assert_eq!(roles, Some(vec!["@everyone".into(), "Helpers".into()]));

    cache.observe(
        later,
        Observed::GuildGone {
            guild: GuildId::new(10),
            outage: false,
        },
    );
    assert_eq!(cache.with_guild(later, GuildId::new(10), |_| ()), None);
}

#[test]
fn events_about_an_unknown_guild_do_not_invent_a_half_known_one() {
    let cache = FactCache::default();
    let logs: Channel = serde_json::from_value(channel(10, 23, "logs", 0)).unwrap();
    cache.observe(0, Observed::ChannelChanged(&logs));
    let helpers: Role = serde_json::from_value(role(30, "Helpers", 2)).unwrap();
    cache.observe(0, Observed::RoleChanged(GuildId::new(10), &helpers));
    assert_eq!(cache.len(), (0, 0));
}

#[test]
fn facts_fetched_by_rest_expire_and_gateway_facts_survive_a_refetch() {
    let cache = FactCache::default();
    let roles: Vec<Role> = vec![serde_json::from_value(role(1, "@everyone", 0)).unwrap()];
    cache.remember_guild(0, GuildId::new(1), "Fetched", UserId::new(5), &roles);
    assert!(
        cache
            .with_guild(4 * MINUTE, GuildId::new(1), |_| ())
            .is_some()
    );
    assert!(
        cache
            .with_guild(5 * MINUTE, GuildId::new(1), |_| ())
            .is_none(),
        "expired"
    );

    let g = guild(10, vec![channel(10, 20, "general", 0)]);
    cache.observe(0, Observed::GuildAvailable(&g));
    cache.remember_guild(MINUTE, GuildId::new(10), "Renamed", UserId::new(6), &roles);
    let later = 60 * MINUTE;
    assert_eq!(
        cache.with_guild(later, GuildId::new(10), |g| (g.name.to_string(), g.origin)),
        Some(("Renamed".into(), Origin::Gateway))
    );
    assert_eq!(
        channel_names(&cache, later, 10),
        Some(vec!["general".into()]),
        "the listed channels stay"
    );

    // An outage: believed for a while only, until Discord sends the server again.
    cache.observe(
        later,
        Observed::GuildGone {
            guild: GuildId::new(10),
            outage: true,
        },
    );
    assert!(
        cache
            .with_guild(later + MINUTE, GuildId::new(10), |_| ())
            .is_some()
    );
    assert!(
        cache
            .with_guild(later + 5 * MINUTE, GuildId::new(10), |_| ())
            .is_none()
    );
}

#[test]
fn members_expire_after_five_minutes_and_leave_with_their_guild() {
    let cache = FactCache::default();
    let (guild, user) = (GuildId::new(10), UserId::new(7));
    assert_eq!(cache.member_roles(0, guild, user), None, "unknown");
    cache.observe(
        0,
        Observed::Member {
            guild,
            user,
            roles: &[RoleId::new(3)],
        },
    );
    assert_eq!(
        cache.member_roles(MINUTE, guild, user),
        Some(Some(vec![RoleId::new(3)]))
    );
    assert_eq!(
        cache.member_roles(5 * MINUTE, guild, user),
        None,
        "too old to believe"
    );

    cache.observe(0, Observed::MemberGone(guild, user));
    assert_eq!(
        cache.member_roles(0, guild, user),
        Some(None),
        "known not to be a member"
    );

    cache.remember_member(0, guild, UserId::new(8), Some(&[]));
    cache.remember_member(0, GuildId::new(11), UserId::new(8), Some(&[]));
    cache.observe(
        0,
        Observed::GuildGone {
            guild,
            outage: false,
        },
    );
    assert_eq!(cache.len(), (0, 1), "only the other server's member stays");
}

#[test]
fn an_interaction_teaches_the_roles_of_its_member_and_of_members_it_names() {
    let cache = FactCache::default();
    let member = |id: &str, role: &str| json!({"user": {"id": id, "username": "u", "discriminator": "0", "avatar": null}, "roles": [role], "joined_at": "2026-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false, "flags": 0, "permissions": "0"});
    let interaction: twilight_model::application::interaction::Interaction = serde_json::from_value(json!({
        "id": "1", "application_id": "2", "type": 2, "token": "t", "version": 1,
        "attachment_size_limit": 8_388_608,
        "guild_id": "10", "channel_id": "20", "locale": "en-US", "app_permissions": "0",
        "entitlements": [], "authorizing_integration_owners": {},
        "member": member("7", "3"),
        "data": {"id": "4", "name": "add", "type": 1, "options": [],
                 "resolved": {"members": {"8": {"roles": ["5"], "joined_at": "2026-01-01T00:00:00.000000+00:00", "flags": 0, "permissions": "0", "pending": false}},
                              "users": {"8": {"id": "8", "username": "v", "discriminator": "0", "avatar": null}}}},
    }))
    .unwrap();
    cache.observe(0, Observed::Interaction(&interaction));
    assert_eq!(
        cache.member_roles(0, GuildId::new(10), UserId::new(7)),
        Some(Some(vec![RoleId::new(3)]))
    );
    assert_eq!(
        cache.member_roles(0, GuildId::new(10), UserId::new(8)),
        Some(Some(vec![RoleId::new(5)]))
    );
}

#[test]
fn both_tables_are_bounded_and_evict_the_least_recently_used() {
    let cache = FactCache::new(CacheLimits {
        guilds: 2,
        members: 2,
        ..CacheLimits::default()
    });
    for id in [1, 2] {
        cache.observe(0, Observed::GuildAvailable(&guild(id * 100, Vec::new())));
    }
    // Reading server 100 makes 200 the least recently used one.
    assert!(cache.with_guild(0, GuildId::new(100), |_| ()).is_some());
    cache.observe(0, Observed::GuildAvailable(&guild(300, Vec::new())));
    assert!(cache.with_guild(0, GuildId::new(200), |_| ()).is_none());
    assert!(cache.with_guild(0, GuildId::new(100), |_| ()).is_some());

    for user in 1..=3 {
        cache.remember_member(0, GuildId::new(1), UserId::new(user), Some(&[]));
    }
    assert_eq!(cache.len(), (2, 2));
    assert_eq!(cache.member_roles(0, GuildId::new(1), UserId::new(1)), None);
}
