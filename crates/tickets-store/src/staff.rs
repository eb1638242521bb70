//! The bot's own permission system: admins and support (the Default team), named staff teams,
//! which teams handle each panel's tickets, and the members added to single tickets.

use crate::{Database, StoreError, col, db_id, flag_col, now_ms};
use sqlx::any::AnyRow;
use tickets_model::ids::from_db;
use tickets_model::permissions::PermissionLevel;
use tickets_model::staff::{MemberOrRole, TeamName};
use tickets_model::{GuildId, PanelId, RoleId, TeamId, UserId};

/// A member or role with a bot permission level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffEntry {
    /// Who.
    pub who: MemberOrRole,
    /// Admin or support.
    pub level: PermissionLevel,
}

/// A named staff team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRow {
    /// Its id.
    pub team_id: TeamId,
    /// Its name.
    pub name: String,
}

/// Which teams handle a panel's tickets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelTeams {
    /// Whether the Default team does (also the case when no team is set at all).
    pub default_team: bool,
    /// The named teams.
    pub teams: Vec<TeamId>,
}

pub(crate) fn parts(who: MemberOrRole) -> (&'static str, i64) {
    match who {
        MemberOrRole::User(user) => ("user", db_id(user)),
        MemberOrRole::Role(role) => ("role", db_id(role)),
    }
}

pub(crate) fn who_col(row: &AnyRow) -> Result<MemberOrRole, StoreError> {
    let kind: String = col(row, "kind")?;
    let id: i64 = col(row, "target_id")?;
    match kind.as_str() {
        "user" => from_db(id).map(MemberOrRole::User),
        "role" => from_db(id).map(MemberOrRole::Role),
        _ => None,
    }
    .ok_or(StoreError::Corrupt("target_id"))
}

fn level_text(level: PermissionLevel) -> &'static str {
    if level == PermissionLevel::Admin {
        "admin"
    } else {
        "support"
    }
}

fn level_col(row: &AnyRow) -> Result<PermissionLevel, StoreError> {
    match col::<String>(row, "level")?.as_str() {
        "admin" => Ok(PermissionLevel::Admin),
        "support" => Ok(PermissionLevel::Support),
        _ => Err(StoreError::Corrupt("level")),
    }
}

/// `(kind = 'user' AND target_id = $first) OR (kind = 'role' AND target_id IN (...))`, numbering
/// the role placeholders after `$first`.
fn member_clause(first: usize, roles: &[RoleId]) -> String {
    let mut clause = format!("(kind = 'user' AND target_id = ${first})");
    if !roles.is_empty() {
        let list: Vec<String> = (0..roles.len())
            .map(|n| format!("${}", first + 1 + n))
            .collect();
        clause.push_str(&format!(
            " OR (kind = 'role' AND target_id IN ({}))",
            list.join(", ")
        ));
    }
    format!("({clause})")
}

/// The staff repository; see [`Database::staff`].
#[derive(Debug, Clone, Copy)]
pub struct Staff<'a> {
    pub(crate) db: &'a Database,
}

impl Staff<'_> {
    /// Gives a member or role a level (admin or support), replacing the level they had; returns
    /// the level they had before.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn grant(
        self,
        guild: GuildId,
        who: MemberOrRole,
        level: PermissionLevel,
    ) -> Result<Option<PermissionLevel>, StoreError> {
        let (kind, id) = parts(who);
        let mut tx = self.db.begin_write().await?;
        let before = sqlx::query(
            "SELECT level FROM staff WHERE guild_id = $1 AND kind = $2 AND target_id = $3",
        )
        .bind(db_id(guild))
        .bind(kind)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .as_ref()
        .map(level_col)
        .transpose()?;
        sqlx::query(
            "INSERT INTO staff (guild_id, kind, target_id, level, created_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (guild_id, kind, target_id) DO UPDATE SET level = excluded.level",
        )
        .bind(db_id(guild))
        .bind(kind)
        .bind(id)
        .bind(level_text(level))
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(before)
    }

    /// Takes a level away; `false` when the member or role did not have exactly that level.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn revoke(
        self,
        guild: GuildId,
        who: MemberOrRole,
        level: PermissionLevel,
    ) -> Result<bool, StoreError> {
        let (kind, id) = parts(who);
        let done = sqlx::query(
            "DELETE FROM staff WHERE guild_id = $1 AND kind = $2 AND target_id = $3 AND level = $4",
        )
        .bind(db_id(guild))
        .bind(kind)
        .bind(id)
        .bind(level_text(level))
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Every admin and support entry of a server: admins first, members before roles.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn entries(self, guild: GuildId) -> Result<Vec<StaffEntry>, StoreError> {
        sqlx::query(
            "SELECT kind, target_id, level FROM staff WHERE guild_id = $1 \
             ORDER BY level, kind DESC, target_id",
        )
        .bind(db_id(guild))
        .fetch_all(&self.db.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(StaffEntry {
                who: who_col(row)?,
                level: level_col(row)?,
            })
        })
        .collect()
    }

    /// The highest level a member holds through their id, their roles, or a team (team members
    /// are support); `None` for everyone else. One query whatever the number of roles.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn level_of(
        self,
        guild: GuildId,
        user: UserId,
        roles: &[RoleId],
    ) -> Result<Option<PermissionLevel>, StoreError> {
        let clause = member_clause(2, roles);
        let sql = format!(
            "SELECT level FROM staff WHERE guild_id = $1 AND {clause} \
             UNION ALL SELECT 'support' AS level FROM team_members WHERE guild_id = $1 AND {clause}"
        );
        let mut query = sqlx::query(&sql).bind(db_id(guild)).bind(db_id(user));
        for role in roles {
            query = query.bind(db_id(*role));
        }
        let mut best = None;
        for row in query.fetch_all(&self.db.pool).await? {
            let level = level_col(&row)?;
            best = best.max(Some(level));
        }
        Ok(best)
    }

    /// The level a member holds in the Default team, through their id or their roles (the
    /// staff list alone: team membership does not count, nor does owning the server).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn default_team_level(
        self,
        guild: GuildId,
        user: UserId,
        roles: &[RoleId],
    ) -> Result<Option<PermissionLevel>, StoreError> {
        let clause = member_clause(2, roles);
        let sql = format!("SELECT level FROM staff WHERE guild_id = $1 AND {clause}");
        let mut query = sqlx::query(&sql).bind(db_id(guild)).bind(db_id(user));
        for role in roles {
            query = query.bind(db_id(*role));
        }
        let mut best = None;
        for row in query.fetch_all(&self.db.pool).await? {
            best = best.max(Some(level_col(&row)?));
        }
        Ok(best)
    }

    /// The named teams a member belongs to, through their id or their roles, by name.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn teams_of_member(
        self,
        guild: GuildId,
        user: UserId,
        roles: &[RoleId],
    ) -> Result<Vec<TeamRow>, StoreError> {
        let clause = member_clause(2, roles);
        let sql = format!(
            "SELECT t.team_id, t.name FROM teams t WHERE t.guild_id = $1 AND EXISTS \
             (SELECT 1 FROM team_members WHERE guild_id = $1 AND team_id = t.team_id AND {clause}) \
             ORDER BY t.name, t.team_id"
        );
        let mut query = sqlx::query(&sql).bind(db_id(guild)).bind(db_id(user));
        for role in roles {
            query = query.bind(db_id(*role));
        }
        query
            .fetch_all(&self.db.pool)
            .await?
            .iter()
            .map(team_from_row)
            .collect()
    }

    /// Who handles the tickets of a panel (`None`: tickets opened without one): the admins
    /// always, the Default team's support when the panel uses it, and the members of its teams.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn handlers(
        self,
        guild: GuildId,
        panel: Option<PanelId>,
    ) -> Result<Vec<StaffEntry>, StoreError> {
        let teams = match panel {
            Some(panel) => self.teams_of_panel(guild, panel).await?,
            None => PanelTeams {
                default_team: true,
                teams: Vec::new(),
            },
        };
        let uses_default = teams.default_team || teams.teams.is_empty();
        let mut handlers: Vec<StaffEntry> = self
            .entries(guild)
            .await?
            .into_iter()
            .filter(|entry| uses_default || entry.level == PermissionLevel::Admin)
            .collect();
        if !teams.teams.is_empty() {
            let list: Vec<String> = (0..teams.teams.len())
                .map(|n| format!("${}", n + 2))
                .collect();
            let sql = format!(
                "SELECT DISTINCT kind, target_id FROM team_members WHERE guild_id = $1 \
                 AND team_id IN ({}) ORDER BY kind DESC, target_id",
                list.join(", ")
            );
            let mut query = sqlx::query(&sql).bind(db_id(guild));
            for team in &teams.teams {
                query = query.bind(team.get());
            }
            for row in query.fetch_all(&self.db.pool).await? {
                let who = who_col(&row)?;
                if !handlers.iter().any(|entry| entry.who == who) {
                    handlers.push(StaffEntry {
                        who,
                        level: PermissionLevel::Support,
                    });
                }
            }
        }
        Ok(handlers)
    }

    /// Creates a team.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] on `name` when the server has a team of that name.
    pub async fn create_team(self, guild: GuildId, name: &TeamName) -> Result<TeamRow, StoreError> {
        let row = sqlx::query(
            "INSERT INTO teams (guild_id, name, created_at) VALUES ($1, $2, $3) \
             RETURNING team_id, name",
        )
        .bind(db_id(guild))
        .bind(name.as_str())
        .bind(now_ms())
        .fetch_one(&self.db.pool)
        .await?;
        team_from_row(&row)
    }

    /// A server's teams by name.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn teams(self, guild: GuildId) -> Result<Vec<TeamRow>, StoreError> {
        sqlx::query("SELECT team_id, name FROM teams WHERE guild_id = $1 ORDER BY name, team_id")
            .bind(db_id(guild))
            .fetch_all(&self.db.pool)
            .await?
            .iter()
            .map(team_from_row)
            .collect()
    }

    /// One team of a server.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn team(self, guild: GuildId, team: TeamId) -> Result<Option<TeamRow>, StoreError> {
        sqlx::query("SELECT team_id, name FROM teams WHERE guild_id = $1 AND team_id = $2")
            .bind(db_id(guild))
            .bind(team.get())
            .fetch_optional(&self.db.pool)
            .await?
            .as_ref()
            .map(team_from_row)
            .transpose()
    }

    /// Deletes a team (its members and panel links go with it); `false` when the server has no
    /// such team.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn delete_team(self, guild: GuildId, team: TeamId) -> Result<bool, StoreError> {
        let mut tx = self.db.begin_write().await?;
        // Explicit deletes: SQLite only cascades with its foreign-key pragma on.
        for sql in [
            "DELETE FROM team_members WHERE guild_id = $1 AND team_id = $2",
            "DELETE FROM panel_teams WHERE guild_id = $1 AND team_id = $2",
            "DELETE FROM on_call_roles WHERE guild_id = $1 AND team_id = $2",
        ] {
            sqlx::query(sql)
                .bind(db_id(guild))
                .bind(team.get())
                .execute(&mut *tx)
                .await?;
        }
        let done = sqlx::query("DELETE FROM teams WHERE guild_id = $1 AND team_id = $2")
            .bind(db_id(guild))
            .bind(team.get())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// A team's members and roles: members first.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn team_members(
        self,
        guild: GuildId,
        team: TeamId,
    ) -> Result<Vec<MemberOrRole>, StoreError> {
        sqlx::query(
            "SELECT kind, target_id FROM team_members WHERE guild_id = $1 AND team_id = $2 \
             ORDER BY kind DESC, target_id",
        )
        .bind(db_id(guild))
        .bind(team.get())
        .fetch_all(&self.db.pool)
        .await?
        .iter()
        .map(who_col)
        .collect()
    }

    /// Adds a member or role to a team of the server; `false` when the server has no such team.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn add_team_member(
        self,
        guild: GuildId,
        team: TeamId,
        who: MemberOrRole,
    ) -> Result<bool, StoreError> {
        let (kind, id) = parts(who);
        let done = sqlx::query(
            "INSERT INTO team_members (team_id, guild_id, kind, target_id) \
             SELECT team_id, guild_id, $3, $4 FROM teams WHERE guild_id = $1 AND team_id = $2 \
             ON CONFLICT (team_id, kind, target_id) DO NOTHING",
        )
        .bind(db_id(guild))
        .bind(team.get())
        .bind(kind)
        .bind(id)
        .execute(&self.db.pool)
        .await?;
        if done.rows_affected() > 0 {
            return Ok(true);
        }
        Ok(self.team(guild, team).await?.is_some())
    }

    /// Removes a member or role from a team; `false` when they were not in it.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn remove_team_member(
        self,
        guild: GuildId,
        team: TeamId,
        who: MemberOrRole,
    ) -> Result<bool, StoreError> {
        let (kind, id) = parts(who);
        let done = sqlx::query(
            "DELETE FROM team_members \
             WHERE guild_id = $1 AND team_id = $2 AND kind = $3 AND target_id = $4",
        )
        .bind(db_id(guild))
        .bind(team.get())
        .bind(kind)
        .bind(id)
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The teams that handle a panel's tickets.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn teams_of_panel(
        self,
        guild: GuildId,
        panel: PanelId,
    ) -> Result<PanelTeams, StoreError> {
        let default_team =
            sqlx::query("SELECT default_team FROM panels WHERE guild_id = $1 AND panel_id = $2")
                .bind(db_id(guild))
                .bind(panel.get())
                .fetch_optional(&self.db.pool)
                .await?
                .map_or(Ok(true), |row| flag_col(&row, "default_team"))?;
        let teams = sqlx::query(
            "SELECT team_id FROM panel_teams WHERE guild_id = $1 AND panel_id = $2 ORDER BY team_id",
        )
        .bind(db_id(guild))
        .bind(panel.get())
        .fetch_all(&self.db.pool)
        .await?
        .iter()
        .map(|row| TeamId::new(col(row, "team_id")?).ok_or(StoreError::Corrupt("team_id")))
        .collect::<Result<_, _>>()?;
        Ok(PanelTeams {
            default_team,
            teams,
        })
    }

    /// The panels whose tickets a team handles.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn panels_of_team(
        self,
        guild: GuildId,
        team: TeamId,
    ) -> Result<Vec<PanelId>, StoreError> {
        sqlx::query(
            "SELECT panel_id FROM panel_teams WHERE guild_id = $1 AND team_id = $2 ORDER BY panel_id",
        )
        .bind(db_id(guild))
        .bind(team.get())
        .fetch_all(&self.db.pool)
        .await?
        .iter()
        .map(|row| PanelId::new(col(row, "panel_id")?).ok_or(StoreError::Corrupt("panel_id")))
        .collect()
    }

    /// Sets the teams of a panel of the server; teams of other servers are ignored.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_panel_teams(
        self,
        guild: GuildId,
        panel: PanelId,
        teams: &PanelTeams,
    ) -> Result<(), StoreError> {
        let mut tx = self.db.begin_write().await?;
        sqlx::query("UPDATE panels SET default_team = $3 WHERE guild_id = $1 AND panel_id = $2")
            .bind(db_id(guild))
            .bind(panel.get())
            .bind(i64::from(teams.default_team))
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM panel_teams WHERE guild_id = $1 AND panel_id = $2")
            .bind(db_id(guild))
            .bind(panel.get())
            .execute(&mut *tx)
            .await?;
        for team in &teams.teams {
            sqlx::query(
                "INSERT INTO panel_teams (panel_id, team_id, guild_id) \
                 SELECT p.panel_id, t.team_id, p.guild_id FROM panels p, teams t \
                 WHERE p.guild_id = $1 AND p.panel_id = $2 AND t.guild_id = $1 AND t.team_id = $3 \
                 ON CONFLICT (panel_id, team_id) DO NOTHING",
            )
            .bind(db_id(guild))
            .bind(panel.get())
            .bind(team.get())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

fn team_from_row(row: &AnyRow) -> Result<TeamRow, StoreError> {
    Ok(TeamRow {
        team_id: TeamId::new(col(row, "team_id")?).ok_or(StoreError::Corrupt("team_id"))?,
        name: col(row, "name")?,
    })
}
