//! Forms: creating and editing them, and asking a panel's form before its ticket opens.

use crate::access::Caller;
use crate::{Core, UseCaseError};
use tickets_model::form::{FormInput, FormName, check_count};
use tickets_model::permissions::Capability;
use tickets_model::values::{Problem, ValueError};
use tickets_model::{FormId, FormInputId, GuildId, PanelId, RoleId, UserId};
use tickets_store::StoreError;
pub use tickets_store::forms::FormInputRow;
use tickets_store::forms::{FormRow, NewFormInput};

/// A panel's form as the modal shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedForm {
    /// The modal's title.
    pub name: String,
    /// Its questions, in order.
    pub inputs: Vec<FormInputRow>,
}

fn name_taken(error: StoreError) -> UseCaseError {
    match error {
        StoreError::Conflict { .. } => ValueError::Invalid {
            field: "form-name",
            problem: Problem::Taken,
        }
        .into(),
        other => other.into(),
    }
}

impl Core {
    /// Creates an empty form.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::Invalid`] when the server has a form of that name, storage failures.
    pub async fn create_form(
        &self,
        caller: &Caller,
        name: &FormName,
    ) -> Result<FormRow, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        self.db()
            .forms()
            .create(guild, name.as_str())
            .await
            .map_err(name_taken)
    }

    /// Renames a form.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::FormNotFound`], a taken name, storage failures.
    pub async fn rename_form(
        &self,
        caller: &Caller,
        form: FormId,
        name: &FormName,
    ) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        let renamed = self
            .db()
            .forms()
            .rename(guild, form, name.as_str())
            .await
            .map_err(name_taken)?;
        renamed.then_some(()).ok_or(UseCaseError::FormNotFound)
    }

    /// Deletes a form; its panels ask nothing from now on.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::FormNotFound`], storage failures.
    pub async fn delete_form(&self, caller: &Caller, form: FormId) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        let deleted = self.db().forms().delete(guild, form).await?;
        deleted.then_some(()).ok_or(UseCaseError::FormNotFound)
    }

    /// Replaces a form's questions (at most five).
    ///
    /// # Errors
    ///
    /// [`UseCaseError::Invalid`] above five, [`UseCaseError::FormNotFound`], storage failures.
    pub async fn save_form_inputs(
        &self,
        caller: &Caller,
        form: FormId,
        inputs: &[FormInput],
    ) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        check_count(inputs.len())?;
        let stored: Vec<NewFormInput> = inputs
            .iter()
            .map(|i| NewFormInput {
                label: i.label.clone(),
                placeholder: i.placeholder.clone(),
                style: i.style.as_str().to_owned(),
                required: i.required,
                min_length: i.min_length,
                max_length: i.max_length,
                // Stored as a JSON list; serialising strings cannot fail.
                options: (!i.options.is_empty())
                    .then(|| serde_json::to_string(&i.options).unwrap_or_default()),
            })
            .collect();
        let saved = self
            .db()
            .forms()
            .replace_inputs(guild, form, &stored)
            .await?;
        saved.then_some(()).ok_or(UseCaseError::FormNotFound)
    }

    /// A form of this server.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::FormNotFound`], storage failures.
    pub async fn form(&self, caller: &Caller, form: FormId) -> Result<FormRow, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        self.form_row(caller.guild_id, form).await
    }

    /// A form's questions, in order.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::FormNotFound`], storage failures.
    pub async fn form_inputs(
        &self,
        caller: &Caller,
        form: FormId,
    ) -> Result<Vec<FormInputRow>, UseCaseError> {
        let row = self.form(caller, form).await?;
        Ok(self
            .db()
            .forms()
            .inputs(caller.guild_id, row.form_id)
            .await?)
    }

    /// Every form of the server.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn forms(&self, caller: &Caller) -> Result<Vec<FormRow>, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        Ok(self.db().forms().list(caller.guild_id).await?)
    }

    /// A form of this server, for use cases that checked their caller already.
    pub(crate) async fn form_row(
        &self,
        guild: GuildId,
        form: FormId,
    ) -> Result<FormRow, UseCaseError> {
        self.db()
            .forms()
            .get(guild, form)
            .await?
            .ok_or(UseCaseError::FormNotFound)
    }

    /// Checks that `member` may open a ticket from `panel` now, and returns the form to ask
    /// first, if the panel has one with questions. Refusing before the modal spares the member
    /// filling in a form only to be told no.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::PanelNotFound`], [`UseCaseError::PanelDisabled`],
    /// [`UseCaseError::Blacklisted`], [`UseCaseError::LimitReached`], storage failures.
    pub async fn form_before_opening(
        &self,
        guild: GuildId,
        panel: PanelId,
        member: UserId,
        roles: &[RoleId],
    ) -> Result<Option<AskedForm>, UseCaseError> {
        let row = self.panel_row(guild, panel).await?;
        if row.fields.disabled {
            return Err(UseCaseError::PanelDisabled);
        }
        let Some(form) = self.db().forms().of_panel(guild, panel).await? else {
            return Ok(None);
        };
        let caller = crate::access::Caller {
            guild_id: guild,
            user_id: member,
            roles: roles.to_vec(),
        };
        if !self.level(&caller).await?.is_staff() {
            if self.db().blacklist().bars(guild, member, roles).await? {
                return Err(UseCaseError::Blacklisted);
            }
            let limit = self.db().settings().get(guild).await?.ticket_limit;
            let open = self
                .db()
                .tickets()
                .count_open_by_user(guild, member)
                .await?;
            if open >= u64::from(limit) {
                return Err(UseCaseError::LimitReached {
                    open: u32::try_from(open).unwrap_or(u32::MAX),
                    limit,
                });
            }
        }
        let name = self.form_row(guild, form).await?.name;
        let inputs = self.db().forms().inputs(guild, form).await?;
        Ok((!inputs.is_empty()).then_some(AskedForm { name, inputs }))
    }

    /// Pairs submitted answers with the questions of the panel's form, in the form's order; an
    /// answer to a question the form no longer has is dropped.
    pub(crate) async fn label_answers(
        &self,
        guild: GuildId,
        panel: PanelId,
        answers: &[(FormInputId, String)],
    ) -> Result<Vec<(String, String)>, UseCaseError> {
        let Some(form) = self.db().forms().of_panel(guild, panel).await? else {
            return Ok(Vec::new());
        };
        self.label_form_answers(guild, form, answers).await
    }

    /// Pairs submitted answers with the questions of `form`, in the form's order; an answer to a
    /// question the form no longer has is dropped, and so is a blank one.
    pub(crate) async fn label_form_answers(
        &self,
        guild: GuildId,
        form: FormId,
        answers: &[(FormInputId, String)],
    ) -> Result<Vec<(String, String)>, UseCaseError> {
        let inputs = self.db().forms().inputs(guild, form).await?;
        Ok(inputs
            .into_iter()
            .filter_map(|input| {
                // A select answer must be one of the options still offered.
                let offered = stored_options(input.input.options.as_deref());
                answers
                    .iter()
                    .find(|(id, _)| *id == input.input_id)
                    .map(|(_, answer)| answer.trim().to_owned())
                    .filter(|answer| offered.is_empty() || offered.contains(answer))
                    .map(|answer| (input.input.label, answer))
            })
            .filter(|(_, answer)| !answer.is_empty())
            .collect())
    }
}

/// The options of a stored select question (none for text questions or unreadable data).
#[must_use]
pub fn stored_options(stored: Option<&str>) -> Vec<String> {
    stored
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}
