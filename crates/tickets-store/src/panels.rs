//! Panels: the ticket types a server offers, each with the message that carries its button.
//!
//! Every statement is scoped by guild id, so a panel id of another server is simply not found.
//! Values are stored as the use cases validated them (stored spellings of styles, schemes and
//! mentions); the store does not validate again.

use crate::{Database, StoreError, col, count_col, db_id, flag_col, id_col, now_ms, opt_id_col};
use sqlx::any::AnyRow;
use tickets_model::{ChannelId, FormId, GuildId, MessageId, PanelId};

/// What a panel is made of, as written by a use case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelFields {
    /// The embed's title.
    pub title: String,
    /// The embed's description.
    pub content: String,
    /// The embed's colour.
    pub colour: u32,
    /// Where the panel's message is posted.
    pub channel_id: ChannelId,
    /// Where its tickets open; `None` is the server's ticket category.
    pub category_id: Option<ChannelId>,
    /// The button's style (`primary`, `secondary`, `success`, `danger`).
    pub button_style: String,
    /// The button's text; `None` is the title.
    pub button_label: Option<String>,
    /// The button's emoji, as stored.
    pub emoji: Option<String>,
    /// Replaces the server's welcome message.
    pub welcome_message: Option<String>,
    /// Replaces the server's naming scheme (stored spelling).
    pub naming_scheme: Option<String>,
    /// Who is pinged when a ticket opens (stored form, may be empty).
    pub mention_on_open: String,
    /// An image under the welcome message.
    pub large_image_url: Option<String>,
    /// A thumbnail beside the welcome message.
    pub small_image_url: Option<String>,
    /// Whether its button refuses to open tickets.
    pub disabled: bool,
    /// Whether its tickets are private threads; `None` follows the server's mode.
    pub thread_mode: Option<bool>,
    /// The category its ticket channels move to while they await the opener's answer.
    pub awaiting_category_id: Option<ChannelId>,
}

/// A stored panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelRow {
    /// Its id.
    pub panel_id: PanelId,
    /// Its server.
    pub guild_id: GuildId,
    /// Its message in Discord, while it exists.
    pub message_id: Option<MessageId>,
    /// The form its button asks before opening; set with
    /// [`Forms::attach`](crate::forms::Forms::attach), cleared when the form is deleted.
    pub form_id: Option<FormId>,
    /// Everything else.
    pub fields: PanelFields,
}

const COLUMNS: &str = "panel_id, guild_id, message_id, form_id, title, content, colour, channel_id, \
     category_id, button_style, button_label, emoji, welcome_message, naming_scheme, \
     mention_on_open, large_image_url, small_image_url, disabled, thread_mode, awaiting_category_id";

impl PanelRow {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let colour: i64 = col(row, "colour")?;
        Ok(Self {
            panel_id: PanelId::new(col(row, "panel_id")?).ok_or(StoreError::Corrupt("panel_id"))?,
            guild_id: id_col(row, "guild_id")?,
            message_id: opt_id_col(row, "message_id")?,
            form_id: col::<Option<i64>>(row, "form_id")?
                .map(|raw| FormId::new(raw).ok_or(StoreError::Corrupt("form_id")))
                .transpose()?,
            fields: PanelFields {
                title: col(row, "title")?,
                content: col(row, "content")?,
                colour: u32::try_from(colour).map_err(|_| StoreError::Corrupt("colour"))?,
                channel_id: id_col(row, "channel_id")?,
                category_id: opt_id_col(row, "category_id")?,
                button_style: col(row, "button_style")?,
                button_label: col(row, "button_label")?,
                emoji: col(row, "emoji")?,
                welcome_message: col(row, "welcome_message")?,
                naming_scheme: col(row, "naming_scheme")?,
                mention_on_open: col(row, "mention_on_open")?,
                large_image_url: col(row, "large_image_url")?,
                small_image_url: col(row, "small_image_url")?,
                disabled: flag_col(row, "disabled")?,
                thread_mode: col::<Option<i64>>(row, "thread_mode")?.map(|mode| mode != 0),
                awaiting_category_id: opt_id_col(row, "awaiting_category_id")?,
            },
        })
    }
}

/// The panels repository; see [`Database::panels`].
#[derive(Debug, Clone, Copy)]
pub struct Panels<'a> {
    pub(crate) db: &'a Database,
}

impl Panels<'_> {
    /// Stores a new panel, without a message yet.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn create(
        self,
        guild: GuildId,
        fields: &PanelFields,
    ) -> Result<PanelRow, StoreError> {
        let now = now_ms();
        let row = sqlx::query(&format!(
            "INSERT INTO panels (guild_id, title, content, colour, channel_id, category_id, \
             button_style, button_label, emoji, welcome_message, naming_scheme, mention_on_open, \
             large_image_url, small_image_url, disabled, created_at, updated_at, thread_mode, \
             awaiting_category_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, \
             $17, $18) \
             RETURNING {COLUMNS}"
        ))
        .bind(db_id(guild))
        .bind(fields.title.clone())
        .bind(fields.content.clone())
        .bind(i64::from(fields.colour))
        .bind(db_id(fields.channel_id))
        .bind(fields.category_id.map(db_id))
        .bind(fields.button_style.clone())
        .bind(fields.button_label.clone())
        .bind(fields.emoji.clone())
        .bind(fields.welcome_message.clone())
        .bind(fields.naming_scheme.clone())
        .bind(fields.mention_on_open.clone())
        .bind(fields.large_image_url.clone())
        .bind(fields.small_image_url.clone())
        .bind(i64::from(fields.disabled))
        .bind(now)
        .bind(fields.thread_mode.map(i64::from))
        .bind(fields.awaiting_category_id.map(db_id))
        .fetch_one(&self.db.pool)
        .await?;
        PanelRow::from_row(&row)
    }

    /// One panel of a server.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn get(self, guild: GuildId, panel: PanelId) -> Result<Option<PanelRow>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM panels WHERE guild_id = $1 AND panel_id = $2"
        ))
        .bind(db_id(guild))
        .bind(panel.get())
        .fetch_optional(&self.db.pool)
        .await?
        .as_ref()
        .map(PanelRow::from_row)
        .transpose()
    }

    /// A server's panels, oldest first.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn list(self, guild: GuildId) -> Result<Vec<PanelRow>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM panels WHERE guild_id = $1 ORDER BY panel_id"
        ))
        .bind(db_id(guild))
        .fetch_all(&self.db.pool)
        .await?
        .iter()
        .map(PanelRow::from_row)
        .collect()
    }

    /// Replaces a panel's fields; `None` when the server has no such panel.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn update(
        self,
        guild: GuildId,
        panel: PanelId,
        fields: &PanelFields,
    ) -> Result<Option<PanelRow>, StoreError> {
        let row = sqlx::query(&format!(
            "UPDATE panels SET title = $3, content = $4, colour = $5, channel_id = $6, \
             category_id = $7, button_style = $8, button_label = $9, emoji = $10, \
             welcome_message = $11, naming_scheme = $12, mention_on_open = $13, \
             large_image_url = $14, small_image_url = $15, disabled = $16, updated_at = $17, \
             thread_mode = $18, awaiting_category_id = $19 WHERE guild_id = $1 AND panel_id = $2 \
             RETURNING {COLUMNS}"
        ))
        .bind(db_id(guild))
        .bind(panel.get())
        .bind(fields.title.clone())
        .bind(fields.content.clone())
        .bind(i64::from(fields.colour))
        .bind(db_id(fields.channel_id))
        .bind(fields.category_id.map(db_id))
        .bind(fields.button_style.clone())
        .bind(fields.button_label.clone())
        .bind(fields.emoji.clone())
        .bind(fields.welcome_message.clone())
        .bind(fields.naming_scheme.clone())
        .bind(fields.mention_on_open.clone())
        .bind(fields.large_image_url.clone())
        .bind(fields.small_image_url.clone())
        .bind(i64::from(fields.disabled))
        .bind(now_ms())
        .bind(fields.thread_mode.map(i64::from))
        .bind(fields.awaiting_category_id.map(db_id))
        .fetch_optional(&self.db.pool)
        .await?;
        row.as_ref().map(PanelRow::from_row).transpose()
    }

    /// Records the panel's message (or that it has none); `false` when there is no such panel.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_message(
        self,
        guild: GuildId,
        panel: PanelId,
        message: Option<MessageId>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE panels SET message_id = $3, updated_at = $4 \
             WHERE guild_id = $1 AND panel_id = $2",
        )
        .bind(db_id(guild))
        .bind(panel.get())
        .bind(message.map(db_id))
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The panel whose message this is, if any.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn find_by_message(
        self,
        guild: GuildId,
        message: MessageId,
    ) -> Result<Option<PanelRow>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM panels WHERE guild_id = $1 AND message_id = $2"
        ))
        .bind(db_id(guild))
        .bind(db_id(message))
        .fetch_optional(&self.db.pool)
        .await?
        .as_ref()
        .map(PanelRow::from_row)
        .transpose()
    }

    /// Forgets a message someone deleted in Discord, whether a panel's or a multi-panel's: they
    /// stay and can be sent again. Returns how many panels and multi-panels used it.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn clear_message_everywhere(
        self,
        guild: GuildId,
        message: MessageId,
    ) -> Result<u64, StoreError> {
        let mut tx = self.db.begin_write().await?;
        let mut cleared = 0;
        for table in ["panels", "multi_panels"] {
            cleared += sqlx::query(&format!(
                "UPDATE {table} SET message_id = NULL, updated_at = $3 \
                 WHERE guild_id = $1 AND message_id = $2"
            ))
            .bind(db_id(guild))
            .bind(db_id(message))
            .bind(now_ms())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(cleared)
    }

    /// Forgets a message someone deleted in Discord, for panels only (see
    /// [`Panels::clear_message_everywhere`]); returns how many panels used it.
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
            "UPDATE panels SET message_id = NULL, updated_at = $3 \
             WHERE guild_id = $1 AND message_id = $2",
        )
        .bind(db_id(guild))
        .bind(db_id(message))
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// How many panels a server has.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn count(self, guild: GuildId) -> Result<u64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM panels WHERE guild_id = $1")
            .bind(db_id(guild))
            .fetch_one(&self.db.pool)
            .await?;
        count_col(&row, "n")
    }

    /// Deletes a panel, which also takes it out of every multi-panel; `false` when the server has
    /// no such panel. Tickets opened from it keep its id.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn delete(self, guild: GuildId, panel: PanelId) -> Result<bool, StoreError> {
        let mut tx = self.db.begin_write().await?;
        // The panel first: on PostgreSQL this waits for a multi-panel being saved with it, and
        // the next statement then sees (and removes) the link that save wrote.
        let done = sqlx::query("DELETE FROM panels WHERE guild_id = $1 AND panel_id = $2")
            .bind(db_id(guild))
            .bind(panel.get())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM multi_panel_panels WHERE guild_id = $1 AND panel_id = $2")
            .bind(db_id(guild))
            .bind(panel.get())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }
}
