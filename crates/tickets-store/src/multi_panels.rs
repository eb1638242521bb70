//! Multi-panels: one message offering several panels of a server, as buttons or a select menu.
//!
//! Every statement is scoped by guild id, so a multi-panel id of another server is simply not
//! found. A multi-panel lists its panels in order (`multi_panel_panels`, which repeats the guild
//! id so that every lookup is scoped too); deleting a panel takes it out of every multi-panel
//! ([`Panels::delete`](crate::panels::Panels::delete)), deleting a multi-panel leaves its panels
//! alone.

use crate::panels::PanelRow;
use crate::{
    Backend, Database, StoreError, col, count_col, db_id, flag_col, id_col, now_ms, opt_id_col,
};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Transaction};
use std::collections::{HashMap, HashSet};
use tickets_model::{ChannelId, GuildId, MessageId, MultiPanelId, PanelId};

/// What a multi-panel is made of, as written by a use case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiPanelFields {
    /// The embed's title.
    pub title: String,
    /// The embed's description.
    pub content: String,
    /// The embed's colour.
    pub colour: u32,
    /// Where its message is posted.
    pub channel_id: ChannelId,
    /// Whether the panels are offered in a select menu rather than as buttons.
    pub use_select_menu: bool,
    /// The select menu's hint; `None` is the catalog's.
    pub select_placeholder: Option<String>,
    /// An image under the embed.
    pub large_image_url: Option<String>,
    /// A thumbnail beside the embed.
    pub small_image_url: Option<String>,
    /// The panels it offers, in order; all of the same server.
    pub panels: Vec<PanelId>,
}

/// A stored multi-panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiPanelRow {
    /// Its id.
    pub multi_panel_id: MultiPanelId,
    /// Its server.
    pub guild_id: GuildId,
    /// Its message in Discord, while it exists.
    pub message_id: Option<MessageId>,
    /// Everything else.
    pub fields: MultiPanelFields,
}

const COLUMNS: &str = "multi_panel_id, guild_id, message_id, title, content, colour, channel_id, \
     use_select_menu, select_placeholder, large_image_url, small_image_url";

impl MultiPanelRow {
    /// Reads a row; `panels` are read separately.
    fn from_row(row: &AnyRow, panels: Vec<PanelId>) -> Result<Self, StoreError> {
        let colour: i64 = col(row, "colour")?;
        Ok(Self {
            multi_panel_id: MultiPanelId::new(col(row, "multi_panel_id")?)
                .ok_or(StoreError::Corrupt("multi_panel_id"))?,
            guild_id: id_col(row, "guild_id")?,
            message_id: opt_id_col(row, "message_id")?,
            fields: MultiPanelFields {
                title: col(row, "title")?,
                content: col(row, "content")?,
                colour: u32::try_from(colour).map_err(|_| StoreError::Corrupt("colour"))?,
                channel_id: id_col(row, "channel_id")?,
                use_select_menu: flag_col(row, "use_select_menu")?,
                select_placeholder: col(row, "select_placeholder")?,
                large_image_url: col(row, "large_image_url")?,
                small_image_url: col(row, "small_image_url")?,
                panels,
            },
        })
    }
}

/// The multi-panels repository; see [`Database::multi_panels`].
#[derive(Debug, Clone, Copy)]
pub struct MultiPanels<'a> {
    pub(crate) db: &'a Database,
}

impl MultiPanels<'_> {
    /// Stores a new multi-panel, without a message yet.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] (`"panel"`) when one of `fields.panels` is not a panel of this
    /// server, [`StoreError::Conflict`] (`"panel_id"`) when one is listed twice; nothing is
    /// stored then. Storage failures.
    pub async fn create(
        self,
        guild: GuildId,
        fields: &MultiPanelFields,
    ) -> Result<MultiPanelRow, StoreError> {
        let mut tx = self.db.begin_write().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO multi_panels (guild_id, title, content, colour, channel_id, \
             use_select_menu, select_placeholder, large_image_url, small_image_url, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
             RETURNING {COLUMNS}"
        ))
        .bind(db_id(guild))
        .bind(fields.title.clone())
        .bind(fields.content.clone())
        .bind(i64::from(fields.colour))
        .bind(db_id(fields.channel_id))
        .bind(i64::from(fields.use_select_menu))
        .bind(fields.select_placeholder.clone())
        .bind(fields.large_image_url.clone())
        .bind(fields.small_image_url.clone())
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await?;
        let multi = MultiPanelRow::from_row(&row, fields.panels.clone())?;
        set_panels(
            &mut tx,
            self.db.backend(),
            guild,
            multi.multi_panel_id,
            &fields.panels,
        )
        .await?;
        tx.commit().await?;
        Ok(multi)
    }

    /// One multi-panel of a server.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn get(
        self,
        guild: GuildId,
        multi: MultiPanelId,
    ) -> Result<Option<MultiPanelRow>, StoreError> {
        let mut conn = self.db.pool.acquire().await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM multi_panels WHERE guild_id = $1 AND multi_panel_id = $2"
        ))
        .bind(db_id(guild))
        .bind(multi.get())
        .fetch_optional(&mut *conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let panels = panel_ids(&mut conn, guild, multi).await?;
        MultiPanelRow::from_row(&row, panels).map(Some)
    }

    /// A server's multi-panels, oldest first.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn list(self, guild: GuildId) -> Result<Vec<MultiPanelRow>, StoreError> {
        let mut conn = self.db.pool.acquire().await?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM multi_panels WHERE guild_id = $1 ORDER BY multi_panel_id"
        ))
        .bind(db_id(guild))
        .fetch_all(&mut *conn)
        .await?;
        // Every list of the server in one query rather than one per multi-panel.
        let links = sqlx::query(
            "SELECT multi_panel_id, panel_id FROM multi_panel_panels WHERE guild_id = $1 \
             ORDER BY multi_panel_id, position",
        )
        .bind(db_id(guild))
        .fetch_all(&mut *conn)
        .await?;
        let mut lists: HashMap<i64, Vec<PanelId>> = HashMap::new();
        for link in &links {
            let panel =
                PanelId::new(col(link, "panel_id")?).ok_or(StoreError::Corrupt("panel_id"))?;
            lists
                .entry(col(link, "multi_panel_id")?)
                .or_default()
                .push(panel);
        }
        rows.iter()
            .map(|row| {
                let id: i64 = col(row, "multi_panel_id")?;
                MultiPanelRow::from_row(row, lists.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    /// Replaces a multi-panel's fields and panels; `None` when the server has no such
    /// multi-panel.
    ///
    /// # Errors
    ///
    /// As [`MultiPanels::create`]; nothing is changed then.
    pub async fn update(
        self,
        guild: GuildId,
        multi: MultiPanelId,
        fields: &MultiPanelFields,
    ) -> Result<Option<MultiPanelRow>, StoreError> {
        let mut tx = self.db.begin_write().await?;
        let row = sqlx::query(&format!(
            "UPDATE multi_panels SET title = $3, content = $4, colour = $5, channel_id = $6, \
             use_select_menu = $7, select_placeholder = $8, large_image_url = $9, \
             small_image_url = $10, updated_at = $11 \
             WHERE guild_id = $1 AND multi_panel_id = $2 RETURNING {COLUMNS}"
        ))
        .bind(db_id(guild))
        .bind(multi.get())
        .bind(fields.title.clone())
        .bind(fields.content.clone())
        .bind(i64::from(fields.colour))
        .bind(db_id(fields.channel_id))
        .bind(i64::from(fields.use_select_menu))
        .bind(fields.select_placeholder.clone())
        .bind(fields.large_image_url.clone())
        .bind(fields.small_image_url.clone())
        .bind(now_ms())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let updated = MultiPanelRow::from_row(&row, fields.panels.clone())?;
        set_panels(&mut tx, self.db.backend(), guild, multi, &fields.panels).await?;
        tx.commit().await?;
        Ok(Some(updated))
    }

    /// Records the multi-panel's message (or that it has none); `false` when there is no such
    /// multi-panel.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_message(
        self,
        guild: GuildId,
        multi: MultiPanelId,
        message: Option<MessageId>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE multi_panels SET message_id = $3, updated_at = $4 \
             WHERE guild_id = $1 AND multi_panel_id = $2",
        )
        .bind(db_id(guild))
        .bind(multi.get())
        .bind(message.map(db_id))
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The multi-panel whose message this is, if any.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn find_by_message(
        self,
        guild: GuildId,
        message: MessageId,
    ) -> Result<Option<MultiPanelRow>, StoreError> {
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT multi_panel_id FROM multi_panels WHERE guild_id = $1 AND message_id = $2",
        )
        .bind(db_id(guild))
        .bind(db_id(message))
        .fetch_optional(&self.db.pool)
        .await?;
        match id.map(MultiPanelId::new) {
            None => Ok(None),
            Some(None) => Err(StoreError::Corrupt("multi_panel_id")),
            Some(Some(id)) => self.get(guild, id).await,
        }
    }

    /// Forgets a message someone deleted in Discord; the multi-panel stays and can be sent
    /// again. Returns how many multi-panels used it. See also
    /// [`Panels::clear_message_everywhere`](crate::panels::Panels::clear_message_everywhere).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn forget_message(
        self,
        guild: GuildId,
        message: MessageId,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE multi_panels SET message_id = NULL, updated_at = $3 \
             WHERE guild_id = $1 AND message_id = $2",
        )
        .bind(db_id(guild))
        .bind(db_id(message))
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Deletes a multi-panel (its panels stay); `false` when the server has no such one.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn delete(self, guild: GuildId, multi: MultiPanelId) -> Result<bool, StoreError> {
        let mut tx = self.db.begin_write().await?;
        sqlx::query("DELETE FROM multi_panel_panels WHERE guild_id = $1 AND multi_panel_id = $2")
            .bind(db_id(guild))
            .bind(multi.get())
            .execute(&mut *tx)
            .await?;
        let done =
            sqlx::query("DELETE FROM multi_panels WHERE guild_id = $1 AND multi_panel_id = $2")
                .bind(db_id(guild))
                .bind(multi.get())
                .execute(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// The panels a multi-panel offers, in its order (none for another server's multi-panel).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn panels_of(
        self,
        guild: GuildId,
        multi: MultiPanelId,
    ) -> Result<Vec<PanelRow>, StoreError> {
        let ids = {
            let mut conn = self.db.pool.acquire().await?;
            panel_ids(&mut conn, guild, multi).await?
        };
        let mut panels = Vec::with_capacity(ids.len());
        for id in ids {
            // A panel deleted meanwhile has left the list too; skipping it is what a reader
            // a moment later would see.
            if let Some(panel) = self.db.panels().get(guild, id).await? {
                panels.push(panel);
            }
        }
        Ok(panels)
    }

    /// The multi-panels that offer a panel, oldest first: their messages show it, so they need
    /// editing when it changes.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn containing(
        self,
        guild: GuildId,
        panel: PanelId,
    ) -> Result<Vec<MultiPanelId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT multi_panel_id FROM multi_panel_panels WHERE guild_id = $1 AND panel_id = $2 \
             ORDER BY multi_panel_id",
        )
        .bind(db_id(guild))
        .bind(panel.get())
        .fetch_all(&self.db.pool)
        .await?;
        ids.into_iter()
            .map(|id| MultiPanelId::new(id).ok_or(StoreError::Corrupt("multi_panel_id")))
            .collect()
    }

    /// How many multi-panels a server has.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn count(self, guild: GuildId) -> Result<u64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM multi_panels WHERE guild_id = $1")
            .bind(db_id(guild))
            .fetch_one(&self.db.pool)
            .await?;
        count_col(&row, "n")
    }
}

/// A multi-panel's panel ids in order.
async fn panel_ids(
    conn: &mut AnyConnection,
    guild: GuildId,
    multi: MultiPanelId,
) -> Result<Vec<PanelId>, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT panel_id FROM multi_panel_panels WHERE guild_id = $1 AND multi_panel_id = $2 \
         ORDER BY position",
    )
    .bind(db_id(guild))
    .bind(multi.get())
    .fetch_all(conn)
    .await?;
    ids.into_iter()
        .map(|id| PanelId::new(id).ok_or(StoreError::Corrupt("panel_id")))
        .collect()
}

/// Replaces a multi-panel's list inside the caller's transaction, after checking there that
/// every panel is the server's own, so that a panel of another server can never be listed.
///
/// A panel deleted at the same time must not stay listed. SQLite's write transactions run one at
/// a time; on PostgreSQL the check locks the panel rows against deletion until commit (and
/// [`Panels::delete`](crate::panels::Panels::delete) deletes the panel before its links, so it
/// sees the links written here).
async fn set_panels(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    guild: GuildId,
    multi: MultiPanelId,
    panels: &[PanelId],
) -> Result<(), StoreError> {
    let mut seen = HashSet::with_capacity(panels.len());
    if !panels.iter().all(|panel| seen.insert(*panel)) {
        return Err(StoreError::Conflict {
            field: "panel_id".to_owned(),
        });
    }
    let check = match backend {
        Backend::Sqlite => "SELECT panel_id FROM panels WHERE guild_id = $1 AND panel_id = $2",
        Backend::Postgres => {
            "SELECT panel_id FROM panels WHERE guild_id = $1 AND panel_id = $2 FOR KEY SHARE"
        }
    };
    for panel in panels {
        let found: Option<i64> = sqlx::query_scalar(check)
            .bind(db_id(guild))
            .bind(panel.get())
            .fetch_optional(&mut **tx)
            .await?;
        if found.is_none() {
            return Err(StoreError::NotFound { what: "panel" });
        }
    }
    sqlx::query("DELETE FROM multi_panel_panels WHERE guild_id = $1 AND multi_panel_id = $2")
        .bind(db_id(guild))
        .bind(multi.get())
        .execute(&mut **tx)
        .await?;
    for (position, panel) in panels.iter().enumerate() {
        sqlx::query(
            "INSERT INTO multi_panel_panels (multi_panel_id, panel_id, guild_id, position) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(multi.get())
        .bind(panel.get())
        .bind(db_id(guild))
        .bind(i64::try_from(position).map_err(|_| StoreError::Corrupt("position"))?)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
