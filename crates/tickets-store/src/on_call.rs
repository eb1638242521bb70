//! The role that marks each team's members as on call: one per team and server, created by the
//! bot when a staff member first goes on call. The Default team has no team record, so its row
//! uses team id 0.

use crate::{Database, StoreError, col, db_id, id_col};
use tickets_model::{GuildId, RoleId, TeamId};

/// How the Default team (`None`) is keyed in `on_call_roles`.
const DEFAULT_TEAM: i64 = 0;

fn team_key(team: Option<TeamId>) -> i64 {
    team.map_or(DEFAULT_TEAM, TeamId::get)
}

/// The on-call roles repository; see [`Database::on_call`].
#[derive(Debug, Clone, Copy)]
pub struct OnCallRoles<'a> {
    pub(crate) db: &'a Database,
}

impl OnCallRoles<'_> {
    /// The on-call role of a team (`None`: the Default team), if one was ever created.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn role(
        self,
        guild: GuildId,
        team: Option<TeamId>,
    ) -> Result<Option<RoleId>, StoreError> {
        sqlx::query("SELECT role_id FROM on_call_roles WHERE guild_id = $1 AND team_id = $2")
            .bind(db_id(guild))
            .bind(team_key(team))
            .fetch_optional(&self.db.pool)
            .await?
            .as_ref()
            .map(|row| id_col(row, "role_id"))
            .transpose()
    }

    /// Records the on-call role of a team, replacing the one it had.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_role(
        self,
        guild: GuildId,
        team: Option<TeamId>,
        role: RoleId,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO on_call_roles (guild_id, team_id, role_id) VALUES ($1, $2, $3) \
             ON CONFLICT (guild_id, team_id) DO UPDATE SET role_id = excluded.role_id",
        )
        .bind(db_id(guild))
        .bind(team_key(team))
        .bind(db_id(role))
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Records `role` as a team's on-call role only if the team's role is still `expected`
    /// (`None`: it has none yet); `false` when someone else recorded another one first. Two
    /// staff members going on call at once would otherwise each create a role, and the team
    /// would end up with one that nobody is pinged by.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn replace_role(
        self,
        guild: GuildId,
        team: Option<TeamId>,
        expected: Option<RoleId>,
        role: RoleId,
    ) -> Result<bool, StoreError> {
        let done =
            match expected {
                None => sqlx::query(
                    "INSERT INTO on_call_roles (guild_id, team_id, role_id) VALUES ($1, $2, $3) \
                     ON CONFLICT (guild_id, team_id) DO NOTHING",
                )
                .bind(db_id(guild))
                .bind(team_key(team))
                .bind(db_id(role))
                .execute(&self.db.pool)
                .await?,
                Some(old) => {
                    sqlx::query(
                        "UPDATE on_call_roles SET role_id = $3 \
                     WHERE guild_id = $1 AND team_id = $2 AND role_id = $4",
                    )
                    .bind(db_id(guild))
                    .bind(team_key(team))
                    .bind(db_id(role))
                    .bind(db_id(old))
                    .execute(&self.db.pool)
                    .await?
                }
            };
        Ok(done.rows_affected() > 0)
    }

    /// Every on-call role of a server, the Default team's first, then by team id.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn all(self, guild: GuildId) -> Result<Vec<(Option<TeamId>, RoleId)>, StoreError> {
        sqlx::query(
            "SELECT team_id, role_id FROM on_call_roles WHERE guild_id = $1 ORDER BY team_id",
        )
        .bind(db_id(guild))
        .fetch_all(&self.db.pool)
        .await?
        .iter()
        .map(|row| {
            let team = col::<i64>(row, "team_id")?;
            let team = if team == DEFAULT_TEAM {
                None
            } else {
                Some(TeamId::new(team).ok_or(StoreError::Corrupt("team_id"))?)
            };
            Ok((team, id_col(row, "role_id")?))
        })
        .collect()
    }
}
