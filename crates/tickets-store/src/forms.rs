//! Forms and their inputs, scoped by guild like everything else; and which form a panel asks.

use crate::{Database, StoreError, col, db_id, flag_col, now_ms};
use sqlx::any::AnyRow;
use tickets_model::{FormId, FormInputId, GuildId, PanelId};

/// A stored form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormRow {
    /// Its id.
    pub form_id: FormId,
    /// Its name.
    pub name: String,
}

/// A question of a form, as a use case writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFormInput {
    /// The question.
    pub label: String,
    /// The hint in the empty input.
    pub placeholder: Option<String>,
    /// `short`, `paragraph` or `select`.
    pub style: String,
    /// Whether an answer is needed.
    pub required: bool,
    /// Shortest answer.
    pub min_length: Option<u16>,
    /// Longest answer.
    pub max_length: Option<u16>,
    /// The choices of a `select` input, as JSON text; `None` for text inputs.
    pub options: Option<String>,
}

/// A stored question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormInputRow {
    /// Its id (the modal's input is named after it).
    pub input_id: FormInputId,
    /// Its place in the form, from 0.
    pub position: u8,
    /// Everything else.
    pub input: NewFormInput,
}

/// The most inputs a form holds (Discord's modal limit).
pub const MAX_INPUTS: usize = 5;

fn length_col(row: &AnyRow, column: &'static str) -> Result<Option<u16>, StoreError> {
    col::<Option<i64>>(row, column)?
        .map(|n| u16::try_from(n).map_err(|_| StoreError::Corrupt(column)))
        .transpose()
}

impl FormInputRow {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let position: i64 = col(row, "position")?;
        Ok(Self {
            input_id: FormInputId::new(col(row, "input_id")?)
                .ok_or(StoreError::Corrupt("input_id"))?,
            position: u8::try_from(position).map_err(|_| StoreError::Corrupt("position"))?,
            input: NewFormInput {
                label: col(row, "label")?,
                placeholder: col(row, "placeholder")?,
                style: col(row, "style")?,
                required: flag_col(row, "required")?,
                min_length: length_col(row, "min_length")?,
                max_length: length_col(row, "max_length")?,
                options: col(row, "options")?,
            },
        })
    }
}

fn form_from_row(row: &AnyRow) -> Result<FormRow, StoreError> {
    Ok(FormRow {
        form_id: FormId::new(col(row, "form_id")?).ok_or(StoreError::Corrupt("form_id"))?,
        name: col(row, "name")?,
    })
}

/// The forms repository; see [`Database::forms`].
#[derive(Debug, Clone, Copy)]
pub struct Forms<'a> {
    pub(crate) db: &'a Database,
}

impl Forms<'_> {
    /// Creates an empty form.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] on `name` when the server has a form of that name.
    pub async fn create(self, guild: GuildId, name: &str) -> Result<FormRow, StoreError> {
        let row = sqlx::query(
            "INSERT INTO forms (guild_id, name, created_at, updated_at) VALUES ($1, $2, $3, $3) \
             RETURNING form_id, name",
        )
        .bind(db_id(guild))
        .bind(name)
        .bind(now_ms())
        .fetch_one(&self.db.pool)
        .await?;
        form_from_row(&row)
    }

    /// A server's forms by name.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn list(self, guild: GuildId) -> Result<Vec<FormRow>, StoreError> {
        sqlx::query("SELECT form_id, name FROM forms WHERE guild_id = $1 ORDER BY name, form_id")
            .bind(db_id(guild))
            .fetch_all(&self.db.pool)
            .await?
            .iter()
            .map(form_from_row)
            .collect()
    }

    /// One form of a server.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn get(self, guild: GuildId, form: FormId) -> Result<Option<FormRow>, StoreError> {
        sqlx::query("SELECT form_id, name FROM forms WHERE guild_id = $1 AND form_id = $2")
            .bind(db_id(guild))
            .bind(form.get())
            .fetch_optional(&self.db.pool)
            .await?
            .as_ref()
            .map(form_from_row)
            .transpose()
    }

    /// Renames a form; `false` when the server has no such form.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] on `name`, storage failures.
    pub async fn rename(
        self,
        guild: GuildId,
        form: FormId,
        name: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE forms SET name = $3, updated_at = $4 WHERE guild_id = $1 AND form_id = $2",
        )
        .bind(db_id(guild))
        .bind(form.get())
        .bind(name)
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes a form; panels that asked it ask nothing from now on. `false` when the server has
    /// no such form.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn delete(self, guild: GuildId, form: FormId) -> Result<bool, StoreError> {
        let mut tx = self.db.begin_write().await?;
        sqlx::query("UPDATE panels SET form_id = NULL WHERE guild_id = $1 AND form_id = $2")
            .bind(db_id(guild))
            .bind(form.get())
            .execute(&mut *tx)
            .await?;
        // An exit survey that is gone asks nothing either.
        for sql in [
            "UPDATE panels SET exit_survey_form_id = NULL \
             WHERE guild_id = $1 AND exit_survey_form_id = $2",
            "UPDATE guild_settings SET exit_survey_form_id = NULL \
             WHERE guild_id = $1 AND exit_survey_form_id = $2",
        ] {
            sqlx::query(sql)
                .bind(db_id(guild))
                .bind(form.get())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM form_inputs WHERE guild_id = $1 AND form_id = $2")
            .bind(db_id(guild))
            .bind(form.get())
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM forms WHERE guild_id = $1 AND form_id = $2")
            .bind(db_id(guild))
            .bind(form.get())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// Replaces a form's questions, in order; `false` when the server has no such form.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] on `inputs` above [`MAX_INPUTS`], storage failures.
    pub async fn replace_inputs(
        self,
        guild: GuildId,
        form: FormId,
        inputs: &[NewFormInput],
    ) -> Result<bool, StoreError> {
        if inputs.len() > MAX_INPUTS {
            return Err(StoreError::Conflict {
                field: "inputs".to_owned(),
            });
        }
        let mut tx = self.db.begin_write().await?;
        let exists = sqlx::query("SELECT form_id FROM forms WHERE guild_id = $1 AND form_id = $2")
            .bind(db_id(guild))
            .bind(form.get())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Ok(false);
        }
        sqlx::query("DELETE FROM form_inputs WHERE guild_id = $1 AND form_id = $2")
            .bind(db_id(guild))
            .bind(form.get())
            .execute(&mut *tx)
            .await?;
        for (position, input) in inputs.iter().enumerate() {
            sqlx::query(
                "INSERT INTO form_inputs (form_id, guild_id, position, label, placeholder, style, \
                 required, min_length, max_length, options) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(form.get())
            .bind(db_id(guild))
            .bind(i64::try_from(position).unwrap_or(0))
            .bind(input.label.clone())
            .bind(input.placeholder.clone())
            .bind(input.style.clone())
            .bind(i64::from(input.required))
            .bind(input.min_length.map(i64::from))
            .bind(input.max_length.map(i64::from))
            .bind(input.options.clone())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE forms SET updated_at = $3 WHERE guild_id = $1 AND form_id = $2")
            .bind(db_id(guild))
            .bind(form.get())
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A form's questions in order (none for a form of another server).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn inputs(
        self,
        guild: GuildId,
        form: FormId,
    ) -> Result<Vec<FormInputRow>, StoreError> {
        sqlx::query(
            "SELECT input_id, position, label, placeholder, style, required, min_length, \
             max_length, options FROM form_inputs WHERE guild_id = $1 AND form_id = $2 \
             ORDER BY position",
        )
        .bind(db_id(guild))
        .bind(form.get())
        .fetch_all(&self.db.pool)
        .await?
        .iter()
        .map(FormInputRow::from_row)
        .collect()
    }

    /// Sets which form a panel asks (`None`: none); `false` when the server has no such panel or
    /// no such form.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn attach(
        self,
        guild: GuildId,
        panel: PanelId,
        form: Option<FormId>,
    ) -> Result<bool, StoreError> {
        if let Some(form) = form
            && self.get(guild, form).await?.is_none()
        {
            return Ok(false);
        }
        let done =
            sqlx::query("UPDATE panels SET form_id = $3 WHERE guild_id = $1 AND panel_id = $2")
                .bind(db_id(guild))
                .bind(panel.get())
                .bind(form.map(FormId::get))
                .execute(&self.db.pool)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The form a panel asks, if any.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn of_panel(
        self,
        guild: GuildId,
        panel: PanelId,
    ) -> Result<Option<FormId>, StoreError> {
        let row = sqlx::query("SELECT form_id FROM panels WHERE guild_id = $1 AND panel_id = $2")
            .bind(db_id(guild))
            .bind(panel.get())
            .fetch_optional(&self.db.pool)
            .await?;
        Ok(match row {
            Some(row) => col::<Option<i64>>(&row, "form_id")?.and_then(FormId::new),
            None => None,
        })
    }

    /// Keeps a ticket's answers with their questions as they were asked.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn save_answers(
        self,
        guild: GuildId,
        number: i64,
        answers: &[(String, String)],
    ) -> Result<(), StoreError> {
        let mut tx = self.db.begin_write().await?;
        for (position, (label, answer)) in answers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO ticket_form_answers (guild_id, number, position, label, answer) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(db_id(guild))
            .bind(number)
            .bind(i64::try_from(position).unwrap_or(0))
            .bind(label.clone())
            .bind(answer.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A ticket's answers, in the form's order.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn answers(
        self,
        guild: GuildId,
        number: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        sqlx::query(
            "SELECT label, answer FROM ticket_form_answers WHERE guild_id = $1 AND number = $2 \
             ORDER BY position",
        )
        .bind(db_id(guild))
        .bind(number)
        .fetch_all(&self.db.pool)
        .await?
        .iter()
        .map(|row| Ok((col(row, "label")?, col(row, "answer")?)))
        .collect()
    }
}
