//! Transcripts: which closed tickets have their messages stored, and the facts the Transcripts
//! page filters on. The messages themselves are sealed in the object store, never here.

use crate::tickets::TicketRow;
use crate::{Database, StoreError, col, count_col, db_id, flag_col};
use sqlx::any::AnyRow;
use tickets_model::{GuildId, PanelId, UserId};

/// What is recorded of a stored transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TranscriptRow {
    /// The server.
    pub guild_id: GuildId,
    /// The ticket's number.
    pub number: i64,
    /// When it was stored (Unix milliseconds).
    pub stored_at: i64,
    /// How many messages it holds.
    pub message_count: u64,
    /// The sealed document's size.
    pub size_bytes: u64,
    /// How many files were copied beside it.
    pub attachments_stored: u64,
    /// Whether Discord sent message content when it was captured.
    pub content_intent: bool,
}

impl TranscriptRow {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        Ok(Self {
            guild_id: crate::id_col(row, "t_guild_id")?,
            number: col(row, "t_number")?,
            stored_at: col(row, "stored_at")?,
            message_count: count_col(row, "message_count")?,
            size_bytes: count_col(row, "size_bytes")?,
            attachments_stored: count_col(row, "attachments_stored")?,
            content_intent: flag_col(row, "content_intent")?,
        })
    }
}

/// A transcript with its ticket, as the Transcripts page lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptListed {
    /// The ticket.
    pub ticket: TicketRow,
    /// The transcript.
    pub transcript: TranscriptRow,
}

/// The filters of the Transcripts page; every one that is set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TranscriptFilter {
    /// One ticket by number.
    pub number: Option<i64>,
    /// Opened by this member.
    pub opener: Option<UserId>,
    /// Opened from this panel.
    pub panel: Option<PanelId>,
    /// Closed by this member.
    pub closed_by: Option<UserId>,
    /// Claimed by this member.
    pub claimed_by: Option<UserId>,
    /// Words the close reason contains (case-insensitive).
    pub reason_contains: Option<String>,
    /// Closed at or after (Unix milliseconds).
    pub closed_from: Option<i64>,
    /// Closed before (Unix milliseconds).
    pub closed_until: Option<i64>,
    /// Only tickets of these panels, or opened by `visible_opener` (what a viewer may see);
    /// `None` for every ticket (bot admins).
    pub visible_panels: Option<Vec<PanelId>>,
    /// With `visible_panels`: the viewer's own tickets are visible too.
    pub visible_opener: Option<UserId>,
    /// With `visible_panels`: tickets opened without a panel (`/open`) are visible too.
    pub visible_without_panel: bool,
    /// Only tickets numbered below this one (the next page).
    pub before_number: Option<i64>,
}

/// The transcript repository; see [`Database::transcripts`].
#[derive(Debug, Clone, Copy)]
pub struct Transcripts<'a> {
    pub(crate) db: &'a Database,
}

const SELECT_LISTED: &str = "SELECT k.guild_id, k.number, k.opener_id, k.channel_id, k.subject, \
     k.status, k.created_at, k.opened_at, k.closed_at, k.closed_by, k.close_reason, k.panel_id, \
     k.claimed_by, k.is_thread, k.notification_message_id, k.notes_thread_id, \
     k.last_message_at, k.opener_last_message_at, k.staff_last_message_at, k.first_response_at, \
     k.first_response_ms, k.resolution_ms, \
     t.guild_id AS t_guild_id, t.ticket_number AS t_number, t.stored_at, \
     t.message_count, t.size_bytes, t.attachments_stored, t.content_intent \
     FROM transcripts t JOIN tickets k ON k.guild_id = t.guild_id AND k.number = t.ticket_number";

impl Transcripts<'_> {
    /// Records a stored transcript; returns false when one was recorded already (a retried job),
    /// which keeps the first record.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn record(self, row: &TranscriptRow) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO transcripts (guild_id, ticket_number, stored_at, message_count, \
             size_bytes, attachments_stored, content_intent) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (guild_id, ticket_number) DO NOTHING",
        )
        .bind(db_id(row.guild_id))
        .bind(row.number)
        .bind(row.stored_at)
        .bind(i64::try_from(row.message_count).unwrap_or(i64::MAX))
        .bind(i64::try_from(row.size_bytes).unwrap_or(i64::MAX))
        .bind(i64::try_from(row.attachments_stored).unwrap_or(i64::MAX))
        .bind(i64::from(row.content_intent))
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The transcript of a ticket with the ticket, when one is stored.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn get(
        self,
        guild: GuildId,
        number: i64,
    ) -> Result<Option<TranscriptListed>, StoreError> {
        let sql = format!("{SELECT_LISTED} WHERE t.guild_id = $1 AND t.ticket_number = $2");
        let row = sqlx::query(&sql)
            .bind(db_id(guild))
            .bind(number)
            .fetch_optional(&self.db.pool)
            .await?;
        row.as_ref().map(listed).transpose()
    }

    /// Forgets a transcript; returns whether one was recorded.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn delete(self, guild: GuildId, number: i64) -> Result<bool, StoreError> {
        let done =
            sqlx::query("DELETE FROM transcripts WHERE guild_id = $1 AND ticket_number = $2")
                .bind(db_id(guild))
                .bind(number)
                .execute(&self.db.pool)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Up to `limit` transcripts of the server that pass `filter`, newest ticket first.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn list(
        self,
        guild: GuildId,
        filter: &TranscriptFilter,
        limit: u32,
    ) -> Result<Vec<TranscriptListed>, StoreError> {
        let mut sql = format!("{SELECT_LISTED} WHERE t.guild_id = $1");
        let mut binds: Vec<Bind> = vec![Bind::Int(db_id(guild))];
        let mut push = |sql: &mut String, clause: &str, value: Bind| {
            binds.push(value);
            sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
        };
        if let Some(number) = filter.number {
            push(&mut sql, " AND k.number = ?", Bind::Int(number));
        }
        if let Some(opener) = filter.opener {
            push(&mut sql, " AND k.opener_id = ?", Bind::Int(db_id(opener)));
        }
        if let Some(panel) = filter.panel {
            push(&mut sql, " AND k.panel_id = ?", Bind::Int(panel.get()));
        }
        if let Some(closer) = filter.closed_by {
            push(&mut sql, " AND k.closed_by = ?", Bind::Int(db_id(closer)));
        }
        if let Some(claimer) = filter.claimed_by {
            push(&mut sql, " AND k.claimed_by = ?", Bind::Int(db_id(claimer)));
        }
        if let Some(words) = filter.reason_contains.as_deref().filter(|w| !w.is_empty()) {
            let pattern = format!("%{}%", escape_like(&words.to_lowercase()));
            push(
                &mut sql,
                " AND LOWER(k.close_reason) LIKE ? ESCAPE '\\'",
                Bind::Text(pattern),
            );
        }
        if let Some(from) = filter.closed_from {
            push(&mut sql, " AND k.closed_at >= ?", Bind::Int(from));
        }
        if let Some(until) = filter.closed_until {
            push(&mut sql, " AND k.closed_at < ?", Bind::Int(until));
        }
        if let Some(before) = filter.before_number {
            push(&mut sql, " AND k.number < ?", Bind::Int(before));
        }
        if let Some(panels) = &filter.visible_panels {
            let mut alternatives = Vec::new();
            for panel in panels {
                binds.push(Bind::Int(panel.get()));
                alternatives.push(format!("k.panel_id = ${}", binds.len()));
            }
            if filter.visible_without_panel {
                alternatives.push("k.panel_id IS NULL".to_owned());
            }
            if let Some(opener) = filter.visible_opener {
                binds.push(Bind::Int(db_id(opener)));
                alternatives.push(format!("k.opener_id = ${}", binds.len()));
            }
            if alternatives.is_empty() {
                return Ok(Vec::new());
            }
            sql.push_str(&format!(" AND ({})", alternatives.join(" OR ")));
        }
        binds.push(Bind::Int(i64::from(limit)));
        sql.push_str(&format!(" ORDER BY k.number DESC LIMIT ${}", binds.len()));
        let mut query = sqlx::query(&sql);
        for bind in binds {
            query = match bind {
                Bind::Int(value) => query.bind(value),
                Bind::Text(value) => query.bind(value),
            };
        }
        let rows = query.fetch_all(&self.db.pool).await?;
        rows.iter().map(listed).collect()
    }
}

/// A value for a query built from filters.
enum Bind {
    Int(i64),
    Text(String),
}

fn listed(row: &AnyRow) -> Result<TranscriptListed, StoreError> {
    Ok(TranscriptListed {
        ticket: TicketRow::from_row(row)?,
        transcript: TranscriptRow::from_row(row)?,
    })
}

/// Makes `%`, `_` and `\` in a user's words match themselves in a LIKE pattern.
fn escape_like(words: &str) -> String {
    let mut escaped = String::with_capacity(words.len());
    for c in words.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}
