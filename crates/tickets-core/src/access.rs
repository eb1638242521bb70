//! Who may do what with the bot in a server. The bot has its own levels and ignores Discord's
//! permissions: the server owner is always an admin; admins and support are given to members or
//! roles with `/addadmin` and `/addsupport` (the Default team); members of a staff team are
//! support for the tickets of their team's panels.

use crate::{Core, UseCaseError};
use tickets_model::permissions::PermissionLevel;
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

    /// Refuses a caller below `needed`, saying which level the action needs.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn require(
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

    /// The open tickets a staff member works: every one for an admin, those of the panels their
    /// teams handle for support.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn tickets_worked_by(&self, caller: &Caller) -> Result<Vec<TicketRow>, UseCaseError> {
        let level = self.level(caller).await?;
        let open = self.db().tickets().open_in_guild(caller.guild_id).await?;
        if level == PermissionLevel::Admin {
            return Ok(open);
        }
        if level == PermissionLevel::Everyone {
            return Ok(Vec::new());
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
        Ok(worked)
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
