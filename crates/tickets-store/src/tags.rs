//! Tags of a server, by id.

use crate::{Database, StoreError, col, db_id, now_ms};
use sqlx::any::AnyRow;
use tickets_model::GuildId;
use tickets_model::embed::EmbedDraft;
use tickets_model::tag::TagId;

/// A stored tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRow {
    /// Its id.
    pub id: TagId,
    /// Its message text.
    pub content: Option<String>,
    /// Its embed.
    pub embed: Option<EmbedDraft>,
}

fn from_row(row: &AnyRow) -> Result<TagRow, StoreError> {
    let id: String = col(row, "tag_id")?;
    let embed: Option<String> = col(row, "embed")?;
    Ok(TagRow {
        id: TagId::parse(&id).map_err(|_| StoreError::Corrupt("tag_id"))?,
        content: col(row, "content")?,
        embed: embed
            .map(|json| serde_json::from_str(&json))
            .transpose()
            .map_err(|_| StoreError::Corrupt("embed"))?,
    })
}

/// The tags repository; see [`Database::tags`].
#[derive(Debug, Clone, Copy)]
pub struct Tags<'a> {
    pub(crate) db: &'a Database,
}

impl Tags<'_> {
    /// Creates a tag, or replaces the one with that id when `replace` is set.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] on `tag_id` when it exists and `replace` is not set.
    pub async fn save(self, guild: GuildId, tag: &TagRow, replace: bool) -> Result<(), StoreError> {
        let embed = tag
            .embed
            .as_ref()
            .map(|e| serde_json::to_string(e).unwrap_or_default());
        let conflict = if replace {
            "ON CONFLICT (guild_id, tag_id) DO UPDATE SET content = excluded.content, \
             embed = excluded.embed, updated_at = excluded.updated_at"
        } else {
            ""
        };
        sqlx::query(&format!(
            "INSERT INTO tags (guild_id, tag_id, content, embed, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) {conflict}"
        ))
        .bind(db_id(guild))
        .bind(tag.id.as_str())
        .bind(tag.content.as_deref())
        .bind(embed)
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// One tag of a server.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn get(self, guild: GuildId, id: &TagId) -> Result<Option<TagRow>, StoreError> {
        sqlx::query("SELECT tag_id, content, embed FROM tags WHERE guild_id = $1 AND tag_id = $2")
            .bind(db_id(guild))
            .bind(id.as_str())
            .fetch_optional(&self.db.pool)
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// A server's tags by id.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn list(self, guild: GuildId) -> Result<Vec<TagRow>, StoreError> {
        sqlx::query("SELECT tag_id, content, embed FROM tags WHERE guild_id = $1 ORDER BY tag_id")
            .bind(db_id(guild))
            .fetch_all(&self.db.pool)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// Deletes a tag; `false` when the server has none of that id.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn delete(self, guild: GuildId, id: &TagId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM tags WHERE guild_id = $1 AND tag_id = $2")
            .bind(db_id(guild))
            .bind(id.as_str())
            .execute(&self.db.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
