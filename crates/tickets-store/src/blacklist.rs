//! The members and roles a server bars from opening tickets.

use crate::{Database, StoreError, col, db_id, now_ms};
use tickets_model::ids::from_db;
use tickets_model::{GuildId, RoleId, UserId};

/// Who is barred.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Barred {
    /// One member.
    User(UserId),
    /// Everyone with a role.
    Role(RoleId),
}

impl Barred {
    fn parts(self) -> (&'static str, i64) {
        match self {
            Self::User(user) => ("user", db_id(user)),
            Self::Role(role) => ("role", db_id(role)),
        }
    }
}

/// The blacklist repository; see [`Database::blacklist`].
#[derive(Debug, Clone, Copy)]
pub struct Blacklist<'a> {
    pub(crate) db: &'a Database,
}

impl Blacklist<'_> {
    /// Bars a member or a role; barring twice is the same as once.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn add(self, guild: GuildId, who: Barred) -> Result<(), StoreError> {
        let (kind, id) = who.parts();
        sqlx::query(
            "INSERT INTO blacklist (guild_id, kind, target_id, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (guild_id, kind, target_id) DO NOTHING",
        )
        .bind(db_id(guild))
        .bind(kind)
        .bind(id)
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Lifts a bar; `false` when there was none.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn remove(self, guild: GuildId, who: Barred) -> Result<bool, StoreError> {
        let (kind, id) = who.parts();
        let done = sqlx::query(
            "DELETE FROM blacklist WHERE guild_id = $1 AND kind = $2 AND target_id = $3",
        )
        .bind(db_id(guild))
        .bind(kind)
        .bind(id)
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Everyone barred in a server: members first, then roles, each by id.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn list(self, guild: GuildId) -> Result<Vec<Barred>, StoreError> {
        let rows = sqlx::query(
            "SELECT kind, target_id FROM blacklist WHERE guild_id = $1 \
             ORDER BY kind DESC, target_id",
        )
        .bind(db_id(guild))
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let kind: String = col(row, "kind")?;
                let id: i64 = col(row, "target_id")?;
                match kind.as_str() {
                    "user" => from_db(id).map(Barred::User),
                    _ => from_db(id).map(Barred::Role),
                }
                .ok_or(StoreError::Corrupt("target_id"))
            })
            .collect()
    }

    /// Whether a member, or one of their roles, is barred in a server.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn bars(
        self,
        guild: GuildId,
        user: UserId,
        roles: &[RoleId],
    ) -> Result<bool, StoreError> {
        // One query on the opening path, whatever the number of roles.
        let roles_clause = if roles.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = (0..roles.len()).map(|n| format!("${}", n + 3)).collect();
            format!(" OR (kind = 'role' AND target_id IN ({}))", list.join(", "))
        };
        let sql = format!(
            "SELECT target_id FROM blacklist WHERE guild_id = $1 \
             AND ((kind = 'user' AND target_id = $2){roles_clause}) LIMIT 1"
        );
        let mut query = sqlx::query(&sql).bind(db_id(guild)).bind(db_id(user));
        for role in roles {
            query = query.bind(db_id(*role));
        }
        Ok(query.fetch_optional(&self.db.pool).await?.is_some())
    }
}
