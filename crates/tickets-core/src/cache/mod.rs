//! What the bot knows of its servers without asking Discord: their owners, roles and channels,
//! and the roles of members seen lately. Gateway events and interactions feed it; lookups that
//! miss it ask Discord once and remember. Both tables are bounded (least recently used evicted)
//! and what no event keeps current expires, so memory stays flat and a stale fact is bounded in
//! age. See ADR 0009.

mod guild;
mod lookups;
mod observed;

pub use guild::{ChannelFact, GuildFacts, Origin, RoleFact};
pub use observed::Observed;

use hashlink::LruCache;
use std::sync::{Mutex, MutexGuard, PoisonError};
use tickets_model::{GuildId, RoleId, UserId};

/// How much the cache holds and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheLimits {
    /// Servers kept at most.
    pub guilds: usize,
    /// Members kept at most, over all servers.
    pub members: usize,
    /// How long a member's roles are believed (ms): without the privileged members intent no
    /// event says that they changed.
    pub member_ttl_ms: i64,
    /// How long the facts of a server asked of the REST API are believed (ms), when no gateway
    /// event keeps them current.
    pub fetched_guild_ttl_ms: i64,
}

impl Default for CacheLimits {
    fn default() -> Self {
        Self {
            // About 2 KB a server at most and ~100 bytes a member: some 60 MB at the very worst.
            guilds: 25_000,
            members: 100_000,
            member_ttl_ms: 5 * 60 * 1000,
            fetched_guild_ttl_ms: 5 * 60 * 1000,
        }
    }
}

/// A member's roles when last seen; `None` for someone Discord said is not a member.
#[derive(Debug, Clone)]
struct MemberFact {
    roles: Option<Box<[RoleId]>>,
    seen_at: i64,
}

/// The cache. It lives in [`crate::Core`]; every method takes the core's time so that tests move
/// expiry with the clock they already move.
#[derive(Debug)]
pub struct FactCache {
    limits: CacheLimits,
    guilds: Mutex<LruCache<GuildId, GuildFacts>>,
    members: Mutex<LruCache<(GuildId, UserId), MemberFact>>,
}

/// A lock whose holder panicked still guards consistent data: every change below is a single
/// insert or removal.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Default for FactCache {
    fn default() -> Self {
        Self::new(CacheLimits::default())
    }
}

impl FactCache {
    /// An empty cache with these bounds.
    #[must_use]
    pub fn new(limits: CacheLimits) -> Self {
        Self {
            limits,
            guilds: Mutex::new(LruCache::new(limits.guilds.max(1))),
            members: Mutex::new(LruCache::new(limits.members.max(1))),
        }
    }

    /// How many servers and members are held.
    #[must_use]
    pub fn len(&self) -> (usize, usize) {
        (lock(&self.guilds).len(), lock(&self.members).len())
    }

    /// Whether nothing is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == (0, 0)
    }

    /// Takes in one fact.
    pub fn observe(&self, now: i64, fact: Observed<'_>) {
        match fact {
            Observed::GuildAvailable(guild) => {
                let facts = GuildFacts {
                    name: guild.name.as_str().into(),
                    owner: guild.owner_id,
                    roles: guild.roles.iter().map(RoleFact::from).collect(),
                    channels: Some(guild.channels.iter().filter_map(ChannelFact::of).collect()),
                    origin: Origin::Gateway,
                };
                lock(&self.guilds).insert(guild.id, facts);
            }
            Observed::GuildChanged(guild) => {
                if let Some(known) = lock(&self.guilds).peek_mut(&guild.id) {
                    known.name = guild.name.as_str().into();
                    known.owner = guild.owner_id;
                    known.roles = guild.roles.iter().map(RoleFact::from).collect();
                }
            }
            Observed::GuildGone { guild, outage } => self.guild_gone(now, guild, outage),
            Observed::RoleChanged(guild, role) => {
                if let Some(known) = lock(&self.guilds).peek_mut(&guild) {
                    known.put_role(RoleFact::from(role));
                }
            }
            Observed::RoleGone(guild, role) => {
                if let Some(known) = lock(&self.guilds).peek_mut(&guild) {
                    known.drop_role(role);
                }
            }
            Observed::ChannelChanged(channel) => {
                if let Some(guild) = channel.guild_id
                    && let Some(known) = lock(&self.guilds).peek_mut(&guild)
                {
                    known.put_channel(channel.id, ChannelFact::of(channel));
                }
            }
            Observed::ChannelGone(guild, channel) => {
                if let Some(known) = lock(&self.guilds).peek_mut(&guild) {
                    known.put_channel(channel, None);
                }
            }
            Observed::Member { guild, user, roles } => {
                self.remember_member(now, guild, user, Some(roles));
            }
            Observed::MemberGone(guild, user) => self.remember_member(now, guild, user, None),
            Observed::Interaction(interaction) => {
                for (guild, user, roles) in observed::interaction_members(interaction) {
                    self.remember_member(now, guild, user, Some(roles));
                }
            }
        }
    }

    fn guild_gone(&self, now: i64, guild: GuildId, outage: bool) {
        if outage {
            // Discord will send the server again; until then what we knew still holds, for a while.
            if let Some(known) = lock(&self.guilds).peek_mut(&guild) {
                known.origin = Origin::Fetched(now);
            }
            return;
        }
        lock(&self.guilds).remove(&guild);
        let mut members = lock(&self.members);
        let gone: Vec<(GuildId, UserId)> = members
            .iter()
            .map(|(key, _)| *key)
            .filter(|(g, _)| *g == guild)
            .collect();
        for key in gone {
            members.remove(&key);
        }
    }

    /// Reads a server's facts, unless they are unknown or expired.
    pub fn with_guild<R>(
        &self,
        now: i64,
        guild: GuildId,
        read: impl FnOnce(&GuildFacts) -> R,
    ) -> Option<R> {
        let mut guilds = lock(&self.guilds);
        let expired = match guilds.get(&guild)?.origin {
            Origin::Gateway => false,
            Origin::Fetched(at) => now >= at.saturating_add(self.limits.fetched_guild_ttl_ms),
        };
        if expired {
            guilds.remove(&guild);
            return None;
        }
        guilds.peek(&guild).map(read)
    }

    /// Remembers what the REST API said of a server (name, owner, roles). Facts the gateway
    /// keeps stay the gateway's, with the channels already listed.
    pub fn remember_guild(
        &self,
        now: i64,
        guild: GuildId,
        name: &str,
        owner: UserId,
        roles: &[twilight_model::guild::Role],
    ) {
        let mut guilds = lock(&self.guilds);
        let (origin, channels) = match guilds.peek_mut(&guild) {
            Some(known) if known.origin == Origin::Gateway => {
                (Origin::Gateway, known.channels.take())
            }
            _ => (Origin::Fetched(now), None),
        };
        guilds.insert(
            guild,
            GuildFacts {
                name: name.into(),
                owner,
                roles: roles.iter().map(RoleFact::from).collect(),
                channels,
                origin,
            },
        );
    }

    /// Remembers a server's channels as the REST API listed them; ignored for a server the cache
    /// does not hold (its name and owner come first).
    pub fn remember_channels(&self, guild: GuildId, channels: &[twilight_model::channel::Channel]) {
        if let Some(known) = lock(&self.guilds).peek_mut(&guild) {
            known.channels = Some(channels.iter().filter_map(ChannelFact::of).collect());
        }
    }

    /// A member's roles: `Some(Some(roles))` for a member, `Some(None)` for someone known not to
    /// be one, `None` when not known (or too old to be believed).
    #[must_use]
    pub fn member_roles(
        &self,
        now: i64,
        guild: GuildId,
        user: UserId,
    ) -> Option<Option<Vec<RoleId>>> {
        let mut members = lock(&self.members);
        let key = (guild, user);
        let fact = members.get(&key)?;
        if now >= fact.seen_at.saturating_add(self.limits.member_ttl_ms) {
            members.remove(&key);
            return None;
        }
        Some(fact.roles.as_deref().map(<[RoleId]>::to_vec))
    }

    /// Remembers a member's roles, or that someone is not a member (`None`).
    pub fn remember_member(
        &self,
        now: i64,
        guild: GuildId,
        user: UserId,
        roles: Option<&[RoleId]>,
    ) {
        lock(&self.members).insert(
            (guild, user),
            MemberFact {
                roles: roles.map(Box::from),
                seen_at: now,
            },
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests;
