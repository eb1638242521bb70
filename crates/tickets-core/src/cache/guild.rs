//! What the cache keeps of one server: only the facts the use cases read (its name and owner,
//! its roles for the pickers, its categories and text channels for the forms), in compact
//! boxed slices, so that a server costs a few hundred bytes rather than its whole payload.

use tickets_model::{ChannelId, RoleId, UserId};
use twilight_model::channel::{Channel, ChannelType};
use twilight_model::guild::Role;

/// A role, as the pickers show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleFact {
    /// Its id.
    pub id: RoleId,
    /// Its name.
    pub name: Box<str>,
    /// Its place in the server's list (higher first).
    pub position: i64,
    /// Whether an integration owns it (a bot's own role): nobody can be given it.
    pub managed: bool,
    /// Its colour (0 for none): names in transcripts wear it.
    pub color: u32,
}

impl From<&Role> for RoleFact {
    fn from(role: &Role) -> Self {
        Self {
            id: role.id,
            name: role.name.as_str().into(),
            position: role.position,
            managed: role.managed,
            color: role.colors.primary_color,
        }
    }
}

/// A category or text channel, as the forms offer it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelFact {
    /// Its id.
    pub id: ChannelId,
    /// Its name.
    pub name: Box<str>,
    /// Its place among its siblings.
    pub position: i32,
    /// Whether it is a category (else a text or announcement channel).
    pub is_category: bool,
}

impl ChannelFact {
    /// The fact of a channel the forms can offer; `None` for voice channels, threads, forums and
    /// the like, which no setting takes and which the cache therefore does not keep.
    #[must_use]
    pub fn of(channel: &Channel) -> Option<Self> {
        let is_category = match channel.kind {
            ChannelType::GuildCategory => true,
            ChannelType::GuildText | ChannelType::GuildAnnouncement => false,
            _ => return None,
        };
        Some(Self {
            id: channel.id,
            name: channel.name.as_deref().unwrap_or_default().into(),
            position: channel.position.unwrap_or(0),
            is_category,
        })
    }
}

/// Where a server's facts came from, which decides whether they expire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The gateway delivered the server (GUILD_CREATE): its later events keep the facts current,
    /// so they stay until GUILD_DELETE or eviction.
    Gateway,
    /// Asked of Discord's REST API at this time (Unix ms): nothing keeps them current, so they
    /// expire.
    Fetched(i64),
}

/// The cached facts of one server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildFacts {
    /// The server's name.
    pub name: Box<str>,
    /// Its owner, always a bot admin.
    pub owner: UserId,
    /// Its roles, `@everyone` included.
    pub roles: Box<[RoleFact]>,
    /// Its categories and text channels, when known: a server fetched for its owner alone has
    /// not had its channels listed yet.
    pub channels: Option<Box<[ChannelFact]>>,
    /// Where the facts came from.
    pub origin: Origin,
}

impl GuildFacts {
    /// Replaces or adds a role.
    pub(crate) fn put_role(&mut self, role: RoleFact) {
        let mut roles: Vec<RoleFact> = std::mem::take(&mut self.roles).into_vec();
        match roles.iter_mut().find(|r| r.id == role.id) {
            Some(known) => *known = role,
            None => roles.push(role),
        }
        self.roles = roles.into_boxed_slice();
    }

    /// Forgets a role.
    pub(crate) fn drop_role(&mut self, id: RoleId) {
        if self.roles.iter().any(|r| r.id == id) {
            let roles: Vec<RoleFact> = std::mem::take(&mut self.roles)
                .into_vec()
                .into_iter()
                .filter(|r| r.id != id)
                .collect();
            self.roles = roles.into_boxed_slice();
        }
    }

    /// Replaces or adds a channel, or forgets it when it became a kind no form offers.
    pub(crate) fn put_channel(&mut self, id: ChannelId, channel: Option<ChannelFact>) {
        let Some(known) = self.channels.take() else {
            // Not listed yet: the first listing will include it.
            return;
        };
        let mut channels: Vec<ChannelFact> = known.into_vec();
        channels.retain(|c| c.id != id);
        channels.extend(channel);
        self.channels = Some(channels.into_boxed_slice());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(id: u64, name: &str) -> RoleFact {
        RoleFact {
            id: RoleId::new(id),
            name: name.into(),
            position: 1,
            managed: false,
            color: 0,
        }
    }

    fn channel(id: u64, name: &str) -> ChannelFact {
        ChannelFact {
            id: ChannelId::new(id),
            name: name.into(),
            position: 0,
            is_category: false,
        }
    }

    fn facts() -> GuildFacts {
        GuildFacts {
            name: "Server".into(),
            owner: UserId::new(9),
            roles: vec![role(1, "everyone")].into_boxed_slice(),
            channels: Some(vec![channel(5, "general")].into_boxed_slice()),
            origin: Origin::Gateway,
        }
    }

    #[test]
    fn roles_are_replaced_added_and_dropped_by_id() {
        let mut guild = facts();
        guild.put_role(role(2, "Staff"));
        guild.put_role(role(2, "Helpers"));
        assert_eq!(guild.roles.len(), 2);
        assert_eq!(&*guild.roles[1].name, "Helpers");
        guild.drop_role(RoleId::new(2));
        guild.drop_role(RoleId::new(3));
        assert_eq!(guild.roles.len(), 1);
    }

    #[test]
    fn channels_are_replaced_and_dropped_once_listed() {
        let mut guild = facts();
        guild.put_channel(ChannelId::new(5), Some(channel(5, "chat")));
        guild.put_channel(ChannelId::new(6), Some(channel(6, "logs")));
        let names: Vec<&str> = guild.channels.iter().flatten().map(|c| &*c.name).collect();
        assert_eq!(names, ["chat", "logs"]);
        guild.put_channel(ChannelId::new(5), None);
        assert_eq!(guild.channels.as_ref().map(|c| c.len()), Some(1));

        // A server whose channels were never listed stays unlisted rather than half-listed.
        guild.channels = None;
        guild.put_channel(ChannelId::new(7), Some(channel(7, "new")));
        assert_eq!(guild.channels, None);
    }
}
