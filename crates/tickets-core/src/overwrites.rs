//! Who can see and type in a ticket channel: one pure function of the ticket's state, applied
//! whole whenever that state changes (opening, claiming, adding a member, switching panel), so
//! the channel never drifts from what the settings say.

use crate::open::{bot_permissions, opener_permissions, opener_permissions_for};
use crate::{Core, UseCaseError};
use tickets_model::permissions::PermissionLevel;
use tickets_model::staff::{ClaimMode, MemberOrRole};
use tickets_model::{ChannelId, GuildId, UserId};
use tickets_store::staff::StaffEntry;
use tickets_store::tickets::TicketRow;
use twilight_model::channel::permission_overwrite::{PermissionOverwrite, PermissionOverwriteType};
use twilight_model::guild::Permissions;
use twilight_model::id::Id;

/// Everything the overwrites of one ticket channel depend on.
#[derive(Debug, Clone)]
pub struct TicketAccess<'a> {
    /// The server (its @everyone role has the server's id).
    pub guild: GuildId,
    /// The bot's user.
    pub bot: UserId,
    /// The server owner, always a bot admin.
    pub owner: UserId,
    /// The ticket's opener.
    pub opener: UserId,
    /// What the opener (and members added to the ticket) may do.
    pub opener_allowed: Permissions,
    /// The admins and the staff that handle the ticket's panel.
    pub handlers: &'a [StaffEntry],
    /// Members and roles added with `/add`.
    pub members: &'a [MemberOrRole],
    /// Who claimed the ticket.
    pub claimed_by: Option<UserId>,
    /// What a claim does to the other support staff.
    pub claim_mode: ClaimMode,
}

/// What support staff may do in a ticket they handle (the same as an opener with every ticket
/// permission on).
fn staff_permissions() -> Permissions {
    opener_permissions()
}

fn overwrite(who: MemberOrRole, allow: Permissions, deny: Permissions) -> PermissionOverwrite {
    let (id, kind) = match who {
        MemberOrRole::User(user) => (user.cast(), PermissionOverwriteType::Member),
        MemberOrRole::Role(role) => (role.cast(), PermissionOverwriteType::Role),
    };
    PermissionOverwrite {
        allow,
        deny,
        id,
        kind,
    }
}

/// The channel's overwrites: @everyone denied; the bot; the opener and added members with the
/// server's ticket permissions; admins always; support staff as the claim mode allows once the
/// ticket is claimed; the claimer. A member overwrite is listed once, with the most it grants.
#[must_use]
pub fn ticket_overwrites(access: &TicketAccess<'_>) -> Vec<PermissionOverwrite> {
    let mut list: Vec<PermissionOverwrite> = vec![PermissionOverwrite {
        allow: Permissions::empty(),
        deny: Permissions::VIEW_CHANNEL,
        id: Id::new(access.guild.get()),
        kind: PermissionOverwriteType::Role,
    }];
    let mut put = |who: MemberOrRole, allow: Permissions, deny: Permissions| {
        let new = overwrite(who, allow, deny);
        match list
            .iter_mut()
            .find(|o| o.id == new.id && o.kind == new.kind)
        {
            Some(existing) => {
                existing.allow |= new.allow;
                existing.deny &= !existing.allow;
            }
            None => list.push(new),
        }
    };
    put(
        MemberOrRole::User(access.bot),
        bot_permissions(),
        Permissions::empty(),
    );
    put(
        MemberOrRole::User(access.opener),
        access.opener_allowed,
        Permissions::empty(),
    );
    for member in access.members {
        put(*member, access.opener_allowed, Permissions::empty());
    }
    put(
        MemberOrRole::User(access.owner),
        staff_permissions(),
        Permissions::empty(),
    );
    for handler in access.handlers {
        let admin = handler.level == PermissionLevel::Admin;
        match (access.claimed_by, access.claim_mode) {
            (None, _) | (Some(_), ClaimMode::ViewAndType) => {
                put(handler.who, staff_permissions(), Permissions::empty());
            }
            _ if admin => put(handler.who, staff_permissions(), Permissions::empty()),
            (Some(_), ClaimMode::ViewOnly) => put(
                handler.who,
                Permissions::VIEW_CHANNEL | Permissions::READ_MESSAGE_HISTORY,
                Permissions::SEND_MESSAGES | Permissions::ADD_REACTIONS,
            ),
            (Some(_), ClaimMode::Hidden) => {}
        }
    }
    if let Some(claimer) = access.claimed_by {
        put(
            MemberOrRole::User(claimer),
            staff_permissions(),
            Permissions::empty(),
        );
    }
    list
}

impl Core {
    /// The overwrites a ticket's channel should have in its current state, read from the store.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub(crate) async fn overwrites_of(
        &self,
        ticket: &TicketRow,
    ) -> Result<Vec<PermissionOverwrite>, UseCaseError> {
        let guild = ticket.guild_id;
        let settings = self.db().settings().get(guild).await?;
        let owner = self.guild_owner(guild).await?;
        let handlers = self.db().staff().handlers(guild, ticket.panel_id).await?;
        let members = self
            .db()
            .ticket_members()
            .list(guild, ticket.number)
            .await?;
        Ok(ticket_overwrites(&TicketAccess {
            guild,
            bot: self.bot().user_id,
            owner,
            opener: ticket.opener_id,
            opener_allowed: opener_permissions_for(&settings),
            handlers: &handlers,
            members: &members,
            claimed_by: ticket.claimed_by,
            claim_mode: settings.claim_mode,
        }))
    }

    /// Rewrites a ticket channel's overwrites from the ticket's current state, in one request.
    ///
    /// # Errors
    ///
    /// Storage failures, Discord refusing.
    pub(crate) async fn refresh_overwrites(
        &self,
        guild: GuildId,
        number: i64,
    ) -> Result<(), UseCaseError> {
        let ticket = self
            .db()
            .tickets()
            .get(guild, number)
            .await?
            .ok_or(UseCaseError::NotATicket)?;
        let Some(channel) = ticket.channel_id else {
            return Ok(());
        };
        let overwrites = self.overwrites_of(&ticket).await?;
        self.set_overwrites(channel, &overwrites).await
    }

    async fn set_overwrites(
        &self,
        channel: ChannelId,
        overwrites: &[PermissionOverwrite],
    ) -> Result<(), UseCaseError> {
        let request = self
            .discord()
            .http()
            .update_channel(channel)
            .permission_overwrites(overwrites);
        self.discord().call("update_channel", request).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tickets_model::RoleId;

    fn find(list: &[PermissionOverwrite], who: MemberOrRole) -> Option<&PermissionOverwrite> {
        let wanted = overwrite(who, Permissions::empty(), Permissions::empty());
        list.iter()
            .find(|o| o.id == wanted.id && o.kind == wanted.kind)
    }

    #[test]
    fn claim_modes_change_only_the_support_staff() {
        let support_role = MemberOrRole::Role(RoleId::new(30));
        let admin = MemberOrRole::User(UserId::new(40));
        let handlers = [
            StaffEntry {
                who: admin,
                level: PermissionLevel::Admin,
            },
            StaffEntry {
                who: support_role,
                level: PermissionLevel::Support,
            },
        ];
        let access = |claimed_by, claim_mode| TicketAccess {
            guild: GuildId::new(1),
            bot: UserId::new(2),
            owner: UserId::new(3),
            opener: UserId::new(4),
            opener_allowed: opener_permissions(),
            handlers: &handlers,
            members: &[],
            claimed_by,
            claim_mode,
        };
        let claimer = Some(UserId::new(50));
        for mode in ClaimMode::ALL {
            let open = ticket_overwrites(&access(None, mode));
            assert!(
                find(&open, support_role)
                    .unwrap()
                    .allow
                    .contains(Permissions::SEND_MESSAGES)
            );
            let claimed = ticket_overwrites(&access(claimer, mode));
            assert!(
                find(&claimed, admin)
                    .unwrap()
                    .allow
                    .contains(Permissions::SEND_MESSAGES)
            );
            assert!(
                find(&claimed, MemberOrRole::User(UserId::new(50)))
                    .unwrap()
                    .allow
                    .contains(Permissions::SEND_MESSAGES)
            );
            let support = find(&claimed, support_role);
            match mode {
                ClaimMode::ViewAndType => {
                    assert!(support.unwrap().allow.contains(Permissions::SEND_MESSAGES))
                }
                ClaimMode::ViewOnly => {
                    let support = support.unwrap();
                    assert!(support.allow.contains(Permissions::VIEW_CHANNEL));
                    assert!(support.deny.contains(Permissions::SEND_MESSAGES));
                }
                ClaimMode::Hidden => assert!(support.is_none()),
            }
        }
    }
}
