//! Feedback: which closed tickets were offered a rating, the openers' ratings (1 to 5 stars, one
//! per ticket), the exit survey's answers, and which form the survey asks.
//!
//! `rating_counts` holds per server how many tickets got each number of stars, changed in the
//! same transaction as the rating itself (a changed rating moves one count), so the count and the
//! average of a server's ratings are one read of at most five rows, however many tickets it has.

use crate::{Database, StoreError, col, db_id, now_ms};
use tickets_model::{FormId, GuildId, PanelId};

/// A ticket's rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingRow {
    /// 1 to 5.
    pub stars: u8,
    /// When the ticket was first rated (Unix milliseconds); a change keeps it.
    pub rated_at: i64,
}

/// What [`Feedback::rate`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rated {
    /// The ticket's first rating.
    First,
    /// A rating replaced one of this many stars (perhaps the same).
    Changed {
        /// The stars given before.
        from: u8,
    },
}

/// The count and the sum of a server's ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RatingTotals {
    /// How many tickets were rated.
    pub count: u64,
    /// The stars of all of them together.
    pub stars: u64,
}

impl RatingTotals {
    /// The average number of stars, when there is any rating.
    #[must_use]
    pub fn average(self) -> Option<f64> {
        // Counts of ratings stay far below 2^52, where `f64` would round them.
        (self.count > 0).then(|| self.stars as f64 / self.count as f64)
    }
}

/// The feedback repository; see [`Database::feedback`].
#[derive(Debug, Clone, Copy)]
pub struct Feedback<'a> {
    pub(crate) db: &'a Database,
}

impl Feedback<'_> {
    /// Records that a closed ticket's opener was asked to rate it; a second offer keeps the first.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn offer(self, guild: GuildId, number: i64, at: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO rating_offers (guild_id, number, offered_at) VALUES ($1, $2, $3) \
             ON CONFLICT (guild_id, number) DO NOTHING",
        )
        .bind(db_id(guild))
        .bind(number)
        .bind(at)
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// When the ticket's opener was asked to rate it, if ever.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn offered_at(self, guild: GuildId, number: i64) -> Result<Option<i64>, StoreError> {
        let row =
            sqlx::query("SELECT offered_at FROM rating_offers WHERE guild_id = $1 AND number = $2")
                .bind(db_id(guild))
                .bind(number)
                .fetch_optional(&self.db.pool)
                .await?;
        row.map(|row| col(&row, "offered_at")).transpose()
    }

    /// A ticket's rating, if it has one.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn rating(
        self,
        guild: GuildId,
        number: i64,
    ) -> Result<Option<RatingRow>, StoreError> {
        let row = sqlx::query(
            "SELECT stars, rated_at FROM ticket_ratings WHERE guild_id = $1 AND number = $2",
        )
        .bind(db_id(guild))
        .bind(number)
        .fetch_optional(&self.db.pool)
        .await?;
        row.map(|row| {
            Ok(RatingRow {
                stars: stars_col(&row)?,
                rated_at: col(&row, "rated_at")?,
            })
        })
        .transpose()
    }

    /// Gives a ticket `stars` (1 to 5), or changes its rating, and moves the server's counts in
    /// the same transaction. A change keeps the first rating's time.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] for stars outside 1..=5; storage failures.
    pub async fn rate(
        self,
        guild: GuildId,
        number: i64,
        stars: u8,
        at: i64,
    ) -> Result<Rated, StoreError> {
        if !(1..=5).contains(&stars) {
            return Err(StoreError::Conflict {
                field: "stars".to_owned(),
            });
        }
        let guild_id = db_id(guild);
        let mut tx = self.db.begin_write().await?;
        let before =
            sqlx::query("SELECT stars FROM ticket_ratings WHERE guild_id = $1 AND number = $2")
                .bind(guild_id)
                .bind(number)
                .fetch_optional(&mut *tx)
                .await?
                .map(|row| stars_col(&row))
                .transpose()?;
        let done = match before {
            None => {
                sqlx::query(
                    "INSERT INTO ticket_ratings (guild_id, number, stars, rated_at) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(guild_id)
                .bind(number)
                .bind(i64::from(stars))
                .bind(at)
                .execute(&mut *tx)
                .await?;
                Rated::First
            }
            Some(from) => {
                sqlx::query(
                    "UPDATE ticket_ratings SET stars = $3 WHERE guild_id = $1 AND number = $2",
                )
                .bind(guild_id)
                .bind(number)
                .bind(i64::from(stars))
                .execute(&mut *tx)
                .await?;
                if from != stars {
                    sqlx::query(
                        "UPDATE rating_counts SET count = count - 1 \
                         WHERE guild_id = $1 AND stars = $2",
                    )
                    .bind(guild_id)
                    .bind(i64::from(from))
                    .execute(&mut *tx)
                    .await?;
                }
                Rated::Changed { from }
            }
        };
        if before != Some(stars) {
            sqlx::query(
                "INSERT INTO rating_counts (guild_id, stars, count) VALUES ($1, $2, 1) \
                 ON CONFLICT (guild_id, stars) DO UPDATE SET count = rating_counts.count + 1",
            )
            .bind(guild_id)
            .bind(i64::from(stars))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// How many of the server's tickets were rated, and their stars together.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn totals(self, guild: GuildId) -> Result<RatingTotals, StoreError> {
        let rows = sqlx::query("SELECT stars, count FROM rating_counts WHERE guild_id = $1")
            .bind(db_id(guild))
            .fetch_all(&self.db.pool)
            .await?;
        let mut totals = RatingTotals::default();
        for row in &rows {
            let stars = u64::from(stars_col(row)?);
            let count = crate::count_col::<u64>(row, "count")?;
            totals.count += count;
            totals.stars += stars * count;
        }
        Ok(totals)
    }

    /// Whether the ticket's exit survey was answered (blank answers included).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn survey_answered(self, guild: GuildId, number: i64) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT survey_answered_at FROM rating_offers WHERE guild_id = $1 AND number = $2",
        )
        .bind(db_id(guild))
        .bind(number)
        .fetch_optional(&self.db.pool)
        .await?;
        Ok(match row {
            Some(row) => col::<Option<i64>>(&row, "survey_answered_at")?.is_some(),
            None => false,
        })
    }

    /// Keeps a ticket's exit survey answers with their questions as asked, once: `false` when
    /// the ticket's survey was answered already (the first answers stay).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn save_survey(
        self,
        guild: GuildId,
        number: i64,
        answers: &[(String, String)],
    ) -> Result<bool, StoreError> {
        let mut tx = self.db.begin_write().await?;
        // The offer marks the survey answered, blank answers included, so it is asked once.
        let marked = sqlx::query(
            "UPDATE rating_offers SET survey_answered_at = $3 \
             WHERE guild_id = $1 AND number = $2 AND survey_answered_at IS NULL",
        )
        .bind(db_id(guild))
        .bind(number)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if marked == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        for (position, (question, answer)) in answers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO exit_survey_answers (guild_id, number, position, question, answer) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(db_id(guild))
            .bind(number)
            .bind(i64::try_from(position).unwrap_or(0))
            .bind(question.clone())
            .bind(answer.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// A ticket's exit survey answers as `(question, answer)`, in the form's order.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn survey_answers(
        self,
        guild: GuildId,
        number: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        sqlx::query(
            "SELECT question, answer FROM exit_survey_answers WHERE guild_id = $1 AND number = $2 \
             ORDER BY position",
        )
        .bind(db_id(guild))
        .bind(number)
        .fetch_all(&self.db.pool)
        .await?
        .iter()
        .map(|row| Ok((col(row, "question")?, col(row, "answer")?)))
        .collect()
    }

    /// The exit survey a panel asks, when it chose one (`None`: the server's).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn panel_survey(
        self,
        guild: GuildId,
        panel: PanelId,
    ) -> Result<Option<FormId>, StoreError> {
        let row = sqlx::query(
            "SELECT exit_survey_form_id FROM panels WHERE guild_id = $1 AND panel_id = $2",
        )
        .bind(db_id(guild))
        .bind(panel.get())
        .fetch_optional(&self.db.pool)
        .await?;
        Ok(match row {
            Some(row) => col::<Option<i64>>(&row, "exit_survey_form_id")?.and_then(FormId::new),
            None => None,
        })
    }

    /// Sets the exit survey a panel asks (`None`: the server's); `false` when the server has no
    /// such panel or no such form.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_panel_survey(
        self,
        guild: GuildId,
        panel: PanelId,
        form: Option<FormId>,
    ) -> Result<bool, StoreError> {
        if let Some(form) = form
            && self.db.forms().get(guild, form).await?.is_none()
        {
            return Ok(false);
        }
        let done = sqlx::query(
            "UPDATE panels SET exit_survey_form_id = $3 WHERE guild_id = $1 AND panel_id = $2",
        )
        .bind(db_id(guild))
        .bind(panel.get())
        .bind(form.map(FormId::get))
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

/// Reads a `stars` column.
fn stars_col(row: &sqlx::any::AnyRow) -> Result<u8, StoreError> {
    u8::try_from(col::<i64>(row, "stars")?)
        .ok()
        .filter(|stars| (1..=5).contains(stars))
        .ok_or(StoreError::Corrupt("stars"))
}
