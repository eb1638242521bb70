//! On-call staff (`/on-call`): each team has a role that marks its members as on call, and a
//! new thread ticket mentions the roles of the teams that handle it, which adds everyone holding
//! them at once. Going on call adds no one to tickets already open.

use crate::access::Caller;
use crate::cache::Observed;
use crate::discord::DiscordFailure;
use crate::{Core, DiscordError, UseCaseError};
use tickets_model::permissions::{Capability, PermissionLevel};
use tickets_model::staff::TeamName;
use tickets_model::{GuildId, PanelId, RoleId, TeamId, UserId};
use twilight_model::guild::{Permissions, Role};

/// The name of the Default team's on-call role; other teams' add " - <team name>".
const ROLE_NAME: &str = "On Call";

/// Discord's error code for a role that does not exist (any more).
const UNKNOWN_ROLE: u64 = 10011;

/// Members asked of Discord per page, its maximum.
const MEMBERS_PER_PAGE: u16 = 1000;

/// What `/on-call` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnCall {
    /// Whether the caller is now on call (else they just went off call).
    pub on_call: bool,
    /// The on-call roles given to them, or taken from them.
    pub roles: Vec<RoleId>,
    /// The names of the teams they are now on call for ("Default" first); empty when they went
    /// off call.
    pub teams: Vec<String>,
}

/// One team's on-call role and who holds it, for `/viewstaff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnCallTeam {
    /// The team (`None`: the Default team).
    pub team: Option<TeamId>,
    /// Its name.
    pub name: String,
    /// Its on-call role.
    pub role: RoleId,
    /// The members holding the role, by id.
    pub members: Vec<UserId>,
}

/// A team a member can be on call for.
struct Duty {
    team: Option<TeamId>,
    name: String,
}

impl Duty {
    fn role_name(&self) -> String {
        match self.team {
            None => ROLE_NAME.to_owned(),
            Some(_) => format!("{ROLE_NAME} - {}", self.name),
        }
    }
}

/// The roles a server has, read from the cache first and asked of Discord at most once when
/// the cache lacks a role we look for (it may have been created a moment before its event).
struct KnownRoles {
    ids: Vec<RoleId>,
    fresh: bool,
}

impl Core {
    /// `/on-call`: a staff member who holds any on-call role goes off call (every on-call role
    /// they hold is taken away); otherwise they go on call for each of their teams (the Default
    /// team when they are admin or support, and every named team they are in, through their id
    /// or their roles), receiving each team's on-call role, created when missing.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`] below support; [`UseCaseError::OnCallRolesForbidden`] when
    /// the bot may not create or give the roles; storage and Discord failures.
    pub async fn toggle_on_call(&self, caller: &Caller) -> Result<OnCall, UseCaseError> {
        let level = self.authorize(caller, Capability::GoOnCall).await?;
        let guild = caller.guild_id;
        let stored = self.db().on_call().all(guild).await?;
        let held: Vec<RoleId> = stored
            .iter()
            .map(|(_, role)| *role)
            .filter(|role| caller.roles.contains(role))
            .collect();
        // The roles the caller ends up with, told to the cache even when a step fails half way.
        let mut roles = caller.roles.clone();
        if !held.is_empty() {
            let taken = self.take_roles(caller, &held, &mut roles).await;
            self.remember_roles(caller, &roles);
            taken?;
            tracing::info!(%guild, user = %caller.user_id, "off call");
            return Ok(OnCall {
                on_call: false,
                roles: held,
                teams: Vec::new(),
            });
        }
        let duties = self.duties(caller, level).await?;
        let mut given = Vec::new();
        let done = self.give_roles(caller, &duties, &mut given).await;
        roles.extend(given.iter().filter(|r| !caller.roles.contains(r)));
        self.remember_roles(caller, &roles);
        done?;
        tracing::info!(%guild, user = %caller.user_id, teams = duties.len(), "on call");
        Ok(OnCall {
            on_call: true,
            roles: given,
            teams: duties.into_iter().map(|d| d.name).collect(),
        })
    }

    /// Takes the on-call roles `held` from the caller, removing each from `roles` once done. A
    /// role deleted meanwhile is gone from them as well.
    async fn take_roles(
        &self,
        caller: &Caller,
        held: &[RoleId],
        roles: &mut Vec<RoleId>,
    ) -> Result<(), UseCaseError> {
        for role in held {
            let request = self.discord().http().remove_guild_member_role(
                caller.guild_id,
                caller.user_id,
                *role,
            );
            match self
                .discord()
                .call("remove_guild_member_role", request)
                .await
            {
                Ok(_) => {}
                Err(error) if error.code == Some(UNKNOWN_ROLE) => {}
                Err(error) => return Err(forbidden_as_roles(error)),
            }
            roles.retain(|r| r != role);
        }
        Ok(())
    }

    /// Gives the caller the on-call role of each duty, pushing each onto `given` once done.
    async fn give_roles(
        &self,
        caller: &Caller,
        duties: &[Duty],
        given: &mut Vec<RoleId>,
    ) -> Result<(), UseCaseError> {
        let guild = caller.guild_id;
        let mut known = self.known_roles(guild).await?;
        for duty in duties {
            let mut role = self.on_call_role(guild, duty, &mut known).await?;
            if let Err(error) = self.give_role(caller, role).await {
                if error.code != Some(UNKNOWN_ROLE) {
                    return Err(forbidden_as_roles(error));
                }
                // Deleted a moment ago, before the cache heard of it: ask Discord, create the
                // role again and give that one.
                known = KnownRoles {
                    ids: self.listed_roles(guild).await?,
                    fresh: true,
                };
                role = self.on_call_role(guild, duty, &mut known).await?;
                self.give_role(caller, role)
                    .await
                    .map_err(forbidden_as_roles)?;
            }
            given.push(role);
        }
        Ok(())
    }

    /// The on-call roles to mention when a ticket of `panel` opens (`None`: `/open`, handled by
    /// the Default team): those of the teams that handle the panel's tickets. Never creates a
    /// role; a team nobody ever went on call for has none. Roles the cache knows to be deleted
    /// are left out.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn on_call_roles(
        &self,
        guild: GuildId,
        panel: Option<PanelId>,
    ) -> Result<Vec<RoleId>, UseCaseError> {
        let (default_team, teams) = match panel {
            Some(panel) => {
                let teams = self.db().staff().teams_of_panel(guild, panel).await?;
                // A panel with no team at all is the Default team's, as for who sees it.
                (teams.default_team || teams.teams.is_empty(), teams.teams)
            }
            None => (true, Vec::new()),
        };
        let existing = self.cache().with_guild(self.now(), guild, |g| {
            g.roles.iter().map(|r| r.id).collect::<Vec<_>>()
        });
        Ok(self
            .db()
            .on_call()
            .all(guild)
            .await?
            .into_iter()
            .filter(|(team, _)| match team {
                None => default_team,
                Some(team) => teams.contains(team),
            })
            .map(|(_, role)| role)
            .filter(|role| existing.as_ref().is_none_or(|ids| ids.contains(role)))
            .collect())
    }

    /// Who is on call, per team that has an on-call role, for `/viewstaff`. Staff may look.
    ///
    /// The members come from Discord's member list, not from the cache: the cache holds only
    /// members seen in the last minutes (ADR 0009), and staff usually go on call for hours, so
    /// it would hide most of them. Listing costs one request per 1,000 members and is made only
    /// when the server has on-call roles; Discord allows it with the bot's Server Members intent
    /// switched on in the Developer Portal (no gateway events are subscribed for it).
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`]; a Discord failure (missing access when the intent is
    /// off); storage failures.
    pub async fn on_call_staff(&self, caller: &Caller) -> Result<Vec<OnCallTeam>, UseCaseError> {
        self.authorize(caller, Capability::ViewStaff).await?;
        let guild = caller.guild_id;
        let stored = self.db().on_call().all(guild).await?;
        if stored.is_empty() {
            return Ok(Vec::new());
        }
        let names: std::collections::HashMap<TeamId, String> = self
            .db()
            .staff()
            .teams(guild)
            .await?
            .into_iter()
            .map(|t| (t.team_id, t.name))
            .collect();
        let mut teams: Vec<OnCallTeam> = stored
            .into_iter()
            .filter_map(|(team, role)| {
                let name = match team {
                    None => TeamName::DEFAULT.to_owned(),
                    Some(id) => names.get(&id)?.clone(),
                };
                Some(OnCallTeam {
                    team,
                    name,
                    role,
                    members: Vec::new(),
                })
            })
            .collect();
        let mut after: Option<UserId> = None;
        loop {
            let mut request = self
                .discord()
                .http()
                .guild_members(guild)
                .limit(MEMBERS_PER_PAGE);
            if let Some(after) = after {
                request = request.after(after);
            }
            let page = self.discord().models("list_guild_members", request).await?;
            for member in &page {
                for team in &mut teams {
                    if member.roles.contains(&team.role) {
                        team.members.push(member.user.id);
                    }
                }
            }
            match page.last() {
                Some(last) if page.len() == usize::from(MEMBERS_PER_PAGE) => {
                    after = Some(last.user.id);
                }
                _ => break,
            }
        }
        Ok(teams)
    }

    /// The teams the caller can be on call for: the Default team for admins and support (the
    /// server owner included), then their named teams by name.
    async fn duties(
        &self,
        caller: &Caller,
        level: PermissionLevel,
    ) -> Result<Vec<Duty>, UseCaseError> {
        let (guild, user, roles) = (caller.guild_id, caller.user_id, &caller.roles);
        let staff = self.db().staff();
        let mut duties = Vec::new();
        // Team members are support too, but only the staff list (or owning the server, the one
        // way to be an admin without it) makes someone one of the Default team.
        let default_level = staff.default_team_level(guild, user, roles).await?;
        if default_level.is_some() || level == PermissionLevel::Admin {
            duties.push(Duty {
                team: None,
                name: TeamName::DEFAULT.to_owned(),
            });
        }
        for team in staff.teams_of_member(guild, user, roles).await? {
            duties.push(Duty {
                team: Some(team.team_id),
                name: team.name,
            });
        }
        Ok(duties)
    }

    /// The roles of the server as the cache knows them (Discord when it does not).
    async fn known_roles(&self, guild: GuildId) -> Result<KnownRoles, UseCaseError> {
        let cached = self.cache().with_guild(self.now(), guild, |g| {
            g.roles.iter().map(|r| r.id).collect::<Vec<_>>()
        });
        Ok(match cached {
            Some(ids) => KnownRoles { ids, fresh: false },
            None => KnownRoles {
                ids: self.listed_roles(guild).await?,
                fresh: true,
            },
        })
    }

    async fn listed_roles(&self, guild: GuildId) -> Result<Vec<RoleId>, UseCaseError> {
        let request = self.discord().http().roles(guild);
        let roles: Vec<Role> = self.discord().models("get_guild_roles", request).await?;
        Ok(roles.iter().map(|r| r.id).collect())
    }

    /// A team's on-call role: the recorded one while it exists in the server, else a new one
    /// (the first time, or after someone deleted it in Discord), recorded for next time.
    async fn on_call_role(
        &self,
        guild: GuildId,
        duty: &Duty,
        known: &mut KnownRoles,
    ) -> Result<RoleId, UseCaseError> {
        let recorded = self.db().on_call().role(guild, duty.team).await?;
        if let Some(role) = recorded {
            if !known.ids.contains(&role) && !known.fresh {
                // The cache may not have seen the role's creation yet: ask before replacing it.
                known.ids = self.listed_roles(guild).await?;
                known.fresh = true;
            }
            if known.ids.contains(&role) {
                return Ok(role);
            }
        }
        // Not mentionable: members cannot ping on-call staff; the bot can, with its Mention
        // Everyone permission, which lets it mention any role.
        let name = duty.role_name();
        let request = self
            .discord()
            .http()
            .create_role(guild)
            .name(&name)
            .permissions(Permissions::empty())
            .mentionable(false);
        let created: Role = self
            .discord()
            .model("create_guild_role", request)
            .await
            .map_err(forbidden_as_roles)?;
        self.observe(Observed::RoleChanged(guild, &created));
        known.ids.push(created.id);
        if self
            .db()
            .on_call()
            .replace_role(guild, duty.team, recorded, created.id)
            .await?
        {
            tracing::info!(%guild, role = %created.id, name, "on-call role created");
            return Ok(created.id);
        }
        // Someone else recorded a role for this team at the same moment: theirs stands, ours
        // goes rather than lingering unused in the role list.
        let request = self.discord().http().delete_role(guild, created.id);
        if let Err(error) = self.discord().call("delete_guild_role", request).await {
            tracing::warn!(%error, %guild, role = %created.id, "a spare on-call role stays");
        }
        self.db()
            .on_call()
            .role(guild, duty.team)
            .await?
            .ok_or(UseCaseError::TeamNotFound)
    }

    async fn give_role(&self, caller: &Caller, role: RoleId) -> Result<(), DiscordError> {
        let request =
            self.discord()
                .http()
                .add_guild_member_role(caller.guild_id, caller.user_id, role);
        self.discord()
            .call("add_guild_member_role", request)
            .await
            .map(drop)
    }

    /// Tells the cache the caller's roles after we changed them: the interaction's copy is
    /// already stale, and the dashboard reads the cache.
    fn remember_roles(&self, caller: &Caller, roles: &[RoleId]) {
        self.cache()
            .remember_member(self.now(), caller.guild_id, caller.user_id, Some(roles));
    }
}

/// Discord refusing to create, give or take a role means the bot lacks Manage Roles or its own
/// role is below the on-call roles: say so, rather than the generic missing-permission text.
fn forbidden_as_roles(error: DiscordError) -> UseCaseError {
    if error.failure() == DiscordFailure::MissingPermission {
        UseCaseError::OnCallRolesForbidden
    } else {
        UseCaseError::Discord(error)
    }
}
