//! Managing the staff: admins and support (`/addadmin`, `/addsupport`, `/removeadmin`,
//! `/removesupport`, `/viewstaff`), staff teams and which teams handle each panel.

use crate::access::Caller;
use crate::staff_reach::Reach;
use crate::{Core, UseCaseError};
use tickets_model::permissions::{Capability, PermissionLevel};
use tickets_model::staff::{MemberOrRole, TeamName};
use tickets_model::values::{Problem, ValueError};
use tickets_model::{GuildId, PanelId, TeamId};
use tickets_store::StoreError;
use tickets_store::staff::{PanelTeams, StaffEntry, TeamRow};

/// What granting a level changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granted {
    /// They had no level.
    New,
    /// They had another level, now replaced.
    Changed(PermissionLevel),
    /// They had this level already.
    Unchanged,
}

/// A server role as pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleChoice {
    /// Its id.
    pub id: tickets_model::RoleId,
    /// Its name.
    pub name: String,
}

/// A team with its members, for the Teams page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamView {
    /// The team.
    pub team: TeamRow,
    /// Its members and roles.
    pub members: Vec<MemberOrRole>,
}

impl Core {
    /// `/addadmin`, `/addsupport` and the Staff Teams page: gives `who` a bot level (admin or
    /// support), adding them to the Default team. Only admins may; @everyone is refused.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`]; [`UseCaseError::Invalid`] for @everyone, the bot, a role of
    /// another server or the Everyone level; storage and Discord failures.
    pub async fn grant_level(
        &self,
        caller: &Caller,
        who: MemberOrRole,
        level: PermissionLevel,
    ) -> Result<Granted, UseCaseError> {
        let who = self.check_grant(caller, who, level).await?;
        let guild = caller.guild_id;
        let before = self.db().staff().grant(guild, who, level).await?;
        tracing::info!(%guild, ?who, ?level, "staff level granted");
        if before != Some(level) {
            self.reach_open_tickets(guild, Reach::Every).await;
        }
        Ok(match before {
            None => Granted::New,
            Some(old) if old == level => Granted::Unchanged,
            Some(old) => Granted::Changed(old),
        })
    }

    /// Whether the caller may give `who` this level, before asking them to confirm (`/addadmin`
    /// asks first): the same checks as [`Core::grant_level`], nothing stored.
    ///
    /// # Errors
    ///
    /// As [`Core::grant_level`].
    pub async fn check_grant(
        &self,
        caller: &Caller,
        who: MemberOrRole,
        level: PermissionLevel,
    ) -> Result<MemberOrRole, UseCaseError> {
        self.authorize(caller, Capability::ManageStaff).await?;
        let who = who.specific(caller.guild_id, "target")?;
        self.refuse_the_bot(who, "target")?;
        if level == PermissionLevel::Everyone {
            return Err(ValueError::Invalid {
                field: "target",
                problem: Problem::Choice,
            }
            .into());
        }
        self.refuse_foreign_role(caller.guild_id, who, "target")
            .await?;
        Ok(who)
    }

    /// Refuses a role that is not one of the server's (an id copied from another server, which
    /// no form offers): it would be stored and never match anyone. Like the blacklist, which
    /// refuses the same.
    pub(crate) async fn refuse_foreign_role(
        &self,
        guild: tickets_model::GuildId,
        who: MemberOrRole,
        field: &'static str,
    ) -> Result<(), UseCaseError> {
        if let MemberOrRole::Role(role) = who
            && !self.roles_of(guild).await?.iter().any(|r| r.id == role)
        {
            return Err(ValueError::Invalid {
                field,
                problem: Problem::Choice,
            }
            .into());
        }
        Ok(())
    }

    /// Refuses the bot's own user where a person or a role is meant: the bot needs no level, no
    /// bar and no seat in a ticket, and "done" would be a lie.
    pub(crate) fn refuse_the_bot(
        &self,
        who: MemberOrRole,
        field: &'static str,
    ) -> Result<(), UseCaseError> {
        if who == MemberOrRole::User(self.bot().user_id) {
            return Err(ValueError::Invalid {
                field,
                problem: Problem::TheBot,
            }
            .into());
        }
        Ok(())
    }

    /// `/removeadmin`, `/removesupport` and the Staff Teams page. Only admins may. Returns
    /// `false` when `who` did not have that level. The server owner stays an admin whatever the
    /// list says.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::OwnerIsAdmin`], storage failures.
    pub async fn revoke_level(
        &self,
        caller: &Caller,
        who: MemberOrRole,
        level: PermissionLevel,
    ) -> Result<bool, UseCaseError> {
        self.authorize(caller, Capability::ManageStaff).await?;
        let guild = caller.guild_id;
        if who == MemberOrRole::User(self.guild_owner(guild).await?) {
            return Err(UseCaseError::OwnerIsAdmin);
        }
        let done = self.db().staff().revoke(guild, who, level).await?;
        if done {
            tracing::info!(%guild, ?who, ?level, "staff level revoked");
            self.reach_open_tickets(guild, Reach::Every).await;
        }
        Ok(done)
    }

    /// The admins and support of a server (the owner first, as an admin). Staff may look.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn staff_list(&self, caller: &Caller) -> Result<Vec<StaffEntry>, UseCaseError> {
        self.authorize(caller, Capability::ViewStaff).await?;
        self.staff_entries(caller.guild_id).await
    }

    /// The admins and support of a server, the owner first.
    async fn staff_entries(&self, guild: GuildId) -> Result<Vec<StaffEntry>, UseCaseError> {
        let owner = MemberOrRole::User(self.guild_owner(guild).await?);
        let mut list = vec![StaffEntry {
            who: owner,
            level: PermissionLevel::Admin,
        }];
        list.extend(
            self.db()
                .staff()
                .entries(guild)
                .await?
                .into_iter()
                .filter(|entry| entry.who != owner),
        );
        Ok(list)
    }

    /// Creates a staff team. Only admins may.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::Invalid`] for a bad or taken name, storage failures.
    pub async fn create_team(&self, caller: &Caller, name: &str) -> Result<TeamRow, UseCaseError> {
        self.authorize(caller, Capability::ManageTeams).await?;
        let guild = caller.guild_id;
        let name = TeamName::parse(name)?;
        match self.db().staff().create_team(guild, &name).await {
            Err(StoreError::Conflict { .. }) => Err(ValueError::Invalid {
                field: "team-name",
                problem: Problem::Taken,
            }
            .into()),
            other => Ok(other?),
        }
    }

    /// Every team of a server with its members.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn teams(&self, caller: &Caller) -> Result<Vec<TeamView>, UseCaseError> {
        self.authorize(caller, Capability::ManageTeams).await?;
        let guild = caller.guild_id;
        let mut views = Vec::new();
        for team in self.db().staff().teams(guild).await? {
            let members = self.db().staff().team_members(guild, team.team_id).await?;
            views.push(TeamView { team, members });
        }
        Ok(views)
    }

    /// Deletes a team; its panels fall back to the Default team when they have no other.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::TeamNotFound`], storage failures.
    pub async fn delete_team(&self, caller: &Caller, team: TeamId) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManageTeams).await?;
        let guild = caller.guild_id;
        let panels = self.db().staff().panels_of_team(guild, team).await?;
        if self.db().staff().delete_team(guild, team).await? {
            self.reach_open_tickets(guild, Reach::Panels(panels)).await;
            Ok(())
        } else {
            Err(UseCaseError::TeamNotFound)
        }
    }

    /// Adds a member or role to a team.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::TeamNotFound`], [`UseCaseError::Invalid`] for @everyone, the bot or a role
    /// of another server, storage and Discord failures.
    pub async fn add_team_member(
        &self,
        caller: &Caller,
        team: TeamId,
        who: MemberOrRole,
    ) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManageTeams).await?;
        let guild = caller.guild_id;
        let who = who.specific(guild, "target")?;
        self.refuse_the_bot(who, "target")?;
        self.refuse_foreign_role(guild, who, "target").await?;
        if self.db().staff().add_team_member(guild, team, who).await? {
            let panels = self.db().staff().panels_of_team(guild, team).await?;
            self.reach_open_tickets(guild, Reach::Panels(panels)).await;
            Ok(())
        } else {
            Err(UseCaseError::TeamNotFound)
        }
    }

    /// Removes a member or role from a team (nothing happens when they were not in it).
    ///
    /// # Errors
    ///
    /// [`UseCaseError::TeamNotFound`], storage failures.
    pub async fn remove_team_member(
        &self,
        caller: &Caller,
        team: TeamId,
        who: MemberOrRole,
    ) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManageTeams).await?;
        let guild = caller.guild_id;
        if self.db().staff().team(guild, team).await?.is_none() {
            return Err(UseCaseError::TeamNotFound);
        }
        self.db()
            .staff()
            .remove_team_member(guild, team, who)
            .await?;
        let panels = self.db().staff().panels_of_team(guild, team).await?;
        self.reach_open_tickets(guild, Reach::Panels(panels)).await;
        Ok(())
    }

    /// Sets the teams that handle a panel's tickets; every team must be the server's.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::PanelNotFound`], [`UseCaseError::TeamNotFound`], storage failures.
    pub async fn set_panel_teams(
        &self,
        caller: &Caller,
        panel: PanelId,
        teams: PanelTeams,
    ) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManageTeams).await?;
        let guild = caller.guild_id;
        self.panel_row(guild, panel).await?;
        for team in &teams.teams {
            if self.db().staff().team(guild, *team).await?.is_none() {
                return Err(UseCaseError::TeamNotFound);
            }
        }
        self.db()
            .staff()
            .set_panel_teams(guild, panel, &teams)
            .await?;
        self.reach_open_tickets(guild, Reach::Panels(vec![panel]))
            .await;
        Ok(())
    }

    /// The roles a staff entry may name: every role of the server but @everyone and the roles
    /// Discord manages for bots and integrations, in Discord's order.
    ///
    /// # Errors
    ///
    /// Discord failing to list the roles.
    pub async fn assignable_roles(&self, caller: &Caller) -> Result<Vec<RoleChoice>, UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        let guild = caller.guild_id;
        let mut roles = self.cached_roles(guild).await?;
        roles.sort_by_key(|r| std::cmp::Reverse(r.position));
        Ok(roles
            .into_iter()
            .filter(|r| r.id.get() != guild.get() && !r.managed)
            .map(|r| RoleChoice {
                id: r.id,
                name: r.name.into(),
            })
            .collect())
    }
}
