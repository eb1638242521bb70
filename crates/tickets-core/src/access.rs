//! Who may do what with the bot in a server. The bot has its own levels and ignores Discord's
//! permissions: the server owner is always an admin; admins and support are given to members or
//! roles with `/addadmin` and `/addsupport` (the Default team); members of a staff team are
//! support for the tickets of their team's panels.

use crate::{Core, UseCaseError};
use tickets_model::permissions::{Capability, PermissionLevel};
use tickets_model::{GuildId, RoleId, UserId};
use tickets_store::tickets::TicketRow;

/// Who is asking, as the permission checks need to know them: the bot's levels can be given to
/// roles, so a member's roles come along with their id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The server.
    pub guild_id: GuildId,
    /// The member.
    pub user_id: UserId,
    /// The member's roles in the server.
    pub roles: Vec<RoleId>,
}

/// A dashboard visitor let into one server's pages.
#[derive(Debug, Clone)]
pub struct DashboardAccess {
    /// The visitor as the use cases take them, with their roles.
    pub caller: Caller,
    /// Their level there.
    pub level: PermissionLevel,
    /// The server's name.
    pub server: String,
    /// The language of the server's pages.
    pub locale: tickets_i18n::Locale,
}

impl Core {
    /// The bot permission level of the caller in their server.
    ///
    /// # Errors
    ///
    /// Storage failures, or Discord failing to describe an unknown guild.
    pub async fn level(&self, caller: &Caller) -> Result<PermissionLevel, UseCaseError> {
        if self.guild_owner(caller.guild_id).await? == caller.user_id {
            return Ok(PermissionLevel::Admin);
        }
        Ok(self
            .db()
            .staff()
            .level_of(caller.guild_id, caller.user_id, &caller.roles)
            .await?
            .unwrap_or(PermissionLevel::Everyone))
    }

    /// Refuses a caller whose level does not allow `capability` (the permission table of
    /// [`Capability::needs`]), saying which level it needs. Every door of the core starts here.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn authorize(
        &self,
        caller: &Caller,
        capability: Capability,
    ) -> Result<PermissionLevel, UseCaseError> {
        let level = self.level(caller).await?;
        if !capability.allowed_at(level) {
            return Err(UseCaseError::NotPermitted {
                needed: capability.needs(),
            });
        }
        Ok(level)
    }

    /// Refuses a caller below a level that a server's settings chose (the level "Start Ticket"
    /// needs); everything else goes through [`Core::authorize`].
    pub(crate) async fn require_level(
        &self,
        caller: &Caller,
        needed: PermissionLevel,
    ) -> Result<PermissionLevel, UseCaseError> {
        let level = self.level(caller).await?;
        if level < needed {
            return Err(UseCaseError::NotPermitted { needed });
        }
        Ok(level)
    }

    /// The level of a dashboard user, who comes with no roles; see [`Core::dashboard_caller`].
    ///
    /// # Errors
    ///
    /// Storage failures, Discord failing.
    pub async fn dashboard_level(
        &self,
        guild: GuildId,
        user: UserId,
        member_of: &[GuildId],
    ) -> Result<PermissionLevel, UseCaseError> {
        Ok(self.dashboard_caller(guild, user, member_of).await?.1)
    }

    /// A dashboard user as a [`Caller`] with their level. `member_of` is the list of servers
    /// Discord gave at login: someone not in the server is nobody there, refused without a
    /// lookup. Their roles come from the cache (or Discord once) unless their own entries make
    /// them an admin (admins need no roles to see everything).
    ///
    /// # Errors
    ///
    /// Storage failures, Discord failing.
    pub async fn dashboard_caller(
        &self,
        guild: GuildId,
        user: UserId,
        member_of: &[GuildId],
    ) -> Result<(Caller, PermissionLevel), UseCaseError> {
        let alone = Caller {
            guild_id: guild,
            user_id: user,
            roles: Vec::new(),
        };
        if !member_of.contains(&guild) {
            return Ok((alone, PermissionLevel::Everyone));
        }
        let level = self.level(&alone).await?;
        if level == PermissionLevel::Admin {
            return Ok((alone, level));
        }
        let Some(roles) = self.member_roles(guild, user).await? else {
            return Ok((alone, PermissionLevel::Everyone));
        };
        let caller = Caller { roles, ..alone };
        let level = self.level(&caller).await?;
        Ok((caller, level))
    }

    /// Who a dashboard visitor is on one server's pages, when they may open a page that lets
    /// them do `capability` there: `None` for a server the bot does not know and for a visitor
    /// whose level does not allow it (the page answers "not found" to both, so that another
    /// server's existence is not confirmed).
    ///
    /// # Errors
    ///
    /// Storage failures, Discord failing.
    pub async fn dashboard_access(
        &self,
        guild: GuildId,
        user: UserId,
        member_of: &[GuildId],
        capability: Capability,
    ) -> Result<Option<DashboardAccess>, UseCaseError> {
        // Someone not in the server is nobody there, even for what every member may do.
        if !member_of.contains(&guild) {
            return Ok(None);
        }
        let Some(known) = self.db().guilds().get(guild).await? else {
            return Ok(None);
        };
        let (caller, level) = self.dashboard_caller(guild, user, member_of).await?;
        if !capability.allowed_at(level) {
            return Ok(None);
        }
        let language = self.db().settings().get(guild).await?.language;
        Ok(Some(DashboardAccess {
            caller,
            level,
            server: known.name,
            locale: self.catalog().resolve(language.as_deref(), None),
        }))
    }

    /// The servers a dashboard visitor may open, of those they are a member of (from their
    /// login): each with its name and the visitor's level there, sorted by name.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn dashboard_servers(
        &self,
        user: UserId,
        member_of: &[GuildId],
    ) -> Result<Vec<(GuildId, String, PermissionLevel)>, UseCaseError> {
        let mut servers = Vec::new();
        for guild in member_of {
            let Some(known) = self.db().guilds().get(*guild).await? else {
                continue;
            };
            match self.dashboard_level(*guild, user, member_of).await {
                Ok(level) if level.is_staff() => servers.push((*guild, known.name, level)),
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, %guild, "could not check a dashboard user's level");
                }
            }
        }
        servers.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(servers)
    }

    /// The open tickets a staff member works, each with its panel's title (`None` for `/open`
    /// and for deleted panels): every one for an admin, those of the panels their teams handle
    /// for support.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn tickets_worked_by(
        &self,
        caller: &Caller,
    ) -> Result<Vec<(TicketRow, Option<String>)>, UseCaseError> {
        let level = self.authorize(caller, Capability::ListTickets).await?;
        let titles: std::collections::HashMap<_, _> = self
            .db()
            .panels()
            .list(caller.guild_id)
            .await?
            .into_iter()
            .map(|p| (p.panel_id, p.fields.title))
            .collect();
        let titled = |tickets: Vec<TicketRow>| {
            tickets
                .into_iter()
                .map(|t| {
                    let title = t.panel_id.and_then(|p| titles.get(&p).cloned());
                    (t, title)
                })
                .collect()
        };
        let open = self.db().tickets().open_in_guild(caller.guild_id).await?;
        if level == PermissionLevel::Admin {
            return Ok(titled(open));
        }
        let mut handled: std::collections::HashMap<Option<tickets_model::PanelId>, bool> =
            std::collections::HashMap::new();
        let mut worked = Vec::new();
        for ticket in open {
            let covered = match handled.get(&ticket.panel_id) {
                Some(covered) => *covered,
                None => {
                    let covered = self
                        .db()
                        .staff()
                        .handlers(caller.guild_id, ticket.panel_id)
                        .await?
                        .iter()
                        .any(|entry| entry.who.covers(caller.user_id, &caller.roles));
                    handled.insert(ticket.panel_id, covered);
                    covered
                }
            };
            if covered {
                worked.push(ticket);
            }
        }
        Ok(titled(worked))
    }

    /// A member's roles, from the cache or else Discord; `None` when they are not in the server.
    ///
    /// # Errors
    ///
    /// Discord failing.
    pub async fn member_roles(
        &self,
        guild: GuildId,
        user: UserId,
    ) -> Result<Option<Vec<RoleId>>, UseCaseError> {
        self.cached_member_roles(guild, user).await
    }

    /// Whether the caller works this ticket: a bot admin, or a member of the staff that handles
    /// its panel's tickets.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn handles(&self, caller: &Caller, ticket: &TicketRow) -> Result<bool, UseCaseError> {
        match self.level(caller).await? {
            PermissionLevel::Admin => Ok(true),
            PermissionLevel::Everyone => Ok(false),
            PermissionLevel::Support => Ok(self
                .db()
                .staff()
                .handlers(caller.guild_id, ticket.panel_id)
                .await?
                .iter()
                .any(|entry| entry.who.covers(caller.user_id, &caller.roles))),
        }
    }

    /// Refuses a caller who does not work this ticket.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`] (support level needed), storage failures.
    pub async fn require_handler(
        &self,
        caller: &Caller,
        ticket: &TicketRow,
    ) -> Result<(), UseCaseError> {
        if self.handles(caller, ticket).await? {
            Ok(())
        } else {
            Err(UseCaseError::NotPermitted {
                needed: PermissionLevel::Support,
            })
        }
    }

    /// The open ticket of a channel in the caller's server.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotATicket`], [`UseCaseError::AlreadyClosed`], storage failures.
    pub async fn open_ticket_in(
        &self,
        guild: GuildId,
        channel: tickets_model::ChannelId,
    ) -> Result<TicketRow, UseCaseError> {
        let ticket = self
            .db()
            .tickets()
            .get_by_channel(guild, channel)
            .await?
            .ok_or(UseCaseError::NotATicket)?;
        if ticket.status != tickets_model::ticket::TicketStatus::Open {
            return Err(UseCaseError::AlreadyClosed);
        }
        Ok(ticket)
    }

    /// Discord told us about a server (it became available or changed): remember its name and
    /// owner. A fact reported by Discord, not anyone's request, so it takes no caller.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn guild_seen(
        &self,
        guild: GuildId,
        name: &str,
        owner: UserId,
    ) -> Result<(), UseCaseError> {
        self.db().guilds().upsert(guild, name, owner).await?;
        Ok(())
    }

    /// The owner of a server.
    ///
    /// The owner comes from the cache the gateway feeds, else from the guild record; when the
    /// bot has not seen the guild yet it asks Discord once and remembers.
    ///
    /// # Errors
    ///
    /// Storage failures, or Discord failing to describe an unknown guild.
    pub async fn guild_owner(&self, guild: GuildId) -> Result<UserId, UseCaseError> {
        self.cached_owner(guild).await
    }
}
