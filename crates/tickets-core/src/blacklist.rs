//! Barring members and roles from opening tickets (the dashboard's Blacklist page).

use crate::access::Caller;
use crate::{Core, UseCaseError};
use tickets_model::permissions::Capability;
use tickets_model::staff::MemberOrRole;
use tickets_model::values::{Problem, ValueError};
use tickets_model::{GuildId, RoleId};
pub use tickets_store::blacklist::Barred;
use twilight_model::guild::Role;

/// A barred member or role as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarredEntry {
    /// Who.
    pub who: Barred,
    /// A role's name; `None` for members and for roles deleted since.
    pub role_name: Option<String>,
}

fn not_a_role() -> UseCaseError {
    ValueError::Invalid {
        field: "blacklist-target",
        problem: Problem::Choice,
    }
    .into()
}

impl Core {
    /// The server's roles, as Discord lists them.
    pub(crate) async fn roles_of(&self, guild: GuildId) -> Result<Vec<Role>, UseCaseError> {
        let request = self.discord().http().roles(guild);
        Ok(self.discord().models("get_guild_roles", request).await?)
    }

    /// Everyone barred in a server, with role names.
    ///
    /// # Errors
    ///
    /// Discord failing to list the roles, storage failures.
    pub async fn barred(&self, caller: &Caller) -> Result<Vec<BarredEntry>, UseCaseError> {
        self.authorize(caller, Capability::ManageBlacklist).await?;
        let guild = caller.guild_id;
        let list = self.db().blacklist().list(guild).await?;
        let roles = if list.iter().any(|b| matches!(b, Barred::Role(_))) {
            self.roles_of(guild).await?
        } else {
            Vec::new()
        };
        Ok(list
            .into_iter()
            .map(|who| BarredEntry {
                role_name: match who {
                    Barred::Role(id) => roles.iter().find(|r| r.id == id).map(|r| r.name.clone()),
                    Barred::User(_) => None,
                },
                who,
            })
            .collect())
    }

    /// Bars a member or a role (the Blacklist page). Only bot admins may.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], as [`Core::bar_checked`].
    pub async fn bar(&self, caller: &Caller, who: Barred) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManageBlacklist).await?;
        self.bar_checked(caller.guild_id, who, "blacklist-id").await
    }

    /// Bars a member or a role for a caller already authorized. A role must be one of the
    /// server's, and never @everyone (that would bar every member; switch /open and the panels
    /// off instead), and never the bot (it opens no tickets; "barred" would be a lie). A refusal
    /// is shown next to `field`.
    async fn bar_checked(
        &self,
        guild: GuildId,
        who: Barred,
        field: &'static str,
    ) -> Result<(), UseCaseError> {
        if let Barred::User(user) = who {
            self.refuse_the_bot(MemberOrRole::User(user), field)?;
        }
        if let Barred::Role(role) = who {
            let everyone: RoleId = guild.cast();
            if role == everyone || !self.roles_of(guild).await?.iter().any(|r| r.id == role) {
                return Err(not_a_role());
            }
        }
        self.db().blacklist().add(guild, who).await?;
        Ok(())
    }

    /// `/blacklist`: bars `who`, or frees them when they were barred. Only bot admins may.
    /// Returns whether `who` is barred now.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], as [`Core::bar`].
    pub async fn toggle_bar(&self, caller: &Caller, who: Barred) -> Result<bool, UseCaseError> {
        let guild = caller.guild_id;
        self.authorize(caller, Capability::ManageBlacklist).await?;
        if self.db().blacklist().remove(guild, who).await? {
            return Ok(false);
        }
        self.bar_checked(guild, who, "target").await?;
        Ok(true)
    }

    /// Lifts a bar (nothing happens when there was none). Only bot admins may.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn unbar(&self, caller: &Caller, who: Barred) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManageBlacklist).await?;
        self.db().blacklist().remove(caller.guild_id, who).await?;
        Ok(())
    }
}

impl Core {
    /// Refuses a barred member (by id or role) who is not staff: they cannot use the bot at all
    /// in this server. One query for everyone who is not barred.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::Blacklisted`], storage failures.
    pub async fn refuse_barred(&self, caller: &Caller) -> Result<(), UseCaseError> {
        let barred = self
            .db()
            .blacklist()
            .bars(caller.guild_id, caller.user_id, &caller.roles)
            .await?;
        if barred && !self.level(caller).await?.is_staff() {
            return Err(UseCaseError::Blacklisted);
        }
        Ok(())
    }
}
