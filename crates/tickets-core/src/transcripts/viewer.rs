//! Reading transcripts: who may, and what they get. The opener reads their own tickets'
//! transcripts, support staff those of the panels their teams work (as on the Tickets page), bot
//! admins all; anyone else is told there is no such transcript, exactly as for one that does not
//! exist, so that nobody learns which tickets exist.

use crate::access::Caller;
use crate::{Core, UseCaseError};
use tickets_model::permissions::{Capability, PermissionLevel};
use tickets_store::transcripts::{TranscriptFilter, TranscriptListed};
use tickets_transcripts::format::Document;

/// Most transcripts listed on one page.
pub const PAGE_SIZE: u32 = 25;

/// A transcript as its viewer shows it.
#[derive(Debug, Clone)]
pub struct TranscriptView {
    /// The ticket and what was recorded of its transcript.
    pub listed: TranscriptListed,
    /// The document.
    pub document: Document,
}

/// A file of a transcript.
#[derive(Debug, Clone)]
pub struct TranscriptFile {
    /// Its name.
    pub file_name: String,
    /// Its media type, when known.
    pub content_type: Option<String>,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

impl Core {
    /// The transcripts of the caller's server that they may read and that pass `filter`, newest
    /// ticket first, one page.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn transcripts(
        &self,
        caller: &Caller,
        mut filter: TranscriptFilter,
    ) -> Result<Vec<TranscriptListed>, UseCaseError> {
        let level = self.authorize(caller, Capability::ViewTranscripts).await?;
        if level != PermissionLevel::Admin {
            let mut panels = Vec::new();
            let mut without_panel = false;
            if level == PermissionLevel::Support {
                for panel in self.db().panels().list(caller.guild_id).await? {
                    if self.works_panel(caller, Some(panel.panel_id)).await? {
                        panels.push(panel.panel_id);
                    }
                }
                without_panel = self.works_panel(caller, None).await?;
            }
            filter.visible_panels = Some(panels);
            filter.visible_without_panel = without_panel;
            filter.visible_opener = Some(caller.user_id);
        }
        Ok(self
            .db()
            .transcripts()
            .list(caller.guild_id, &filter, PAGE_SIZE)
            .await?)
    }

    /// A ticket's transcript, for a caller who may read it.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::TranscriptNotFound`] when there is none or the caller may not read it,
    /// [`UseCaseError::Transcript`] when storage fails.
    pub async fn transcript(
        &self,
        caller: &Caller,
        number: i64,
    ) -> Result<TranscriptView, UseCaseError> {
        let listed = self.readable_transcript(caller, number).await?;
        let document = self
            .transcript_service()
            .config
            .archive
            .document(caller.guild_id.get(), number)
            .await
            .map_err(|error| UseCaseError::Transcript(error.to_string()))?
            .ok_or(UseCaseError::TranscriptNotFound)?;
        Ok(TranscriptView { listed, document })
    }

    /// A file of a ticket's transcript, for a caller who may read the transcript.
    ///
    /// # Errors
    ///
    /// As [`Core::transcript`]; [`UseCaseError::TranscriptNotFound`] for a file the transcript
    /// does not hold.
    pub async fn transcript_file(
        &self,
        caller: &Caller,
        number: i64,
        attachment_id: &str,
    ) -> Result<TranscriptFile, UseCaseError> {
        let view = self.transcript(caller, number).await?;
        let file = view
            .document
            .messages
            .iter()
            .flat_map(|message| &message.attachments)
            .find(|file| file.id == attachment_id && file.stored)
            .ok_or(UseCaseError::TranscriptNotFound)?;
        let bytes = self
            .transcript_service()
            .config
            .archive
            .attachment(caller.guild_id.get(), number, attachment_id)
            .await
            .map_err(|error| UseCaseError::Transcript(error.to_string()))?
            .ok_or(UseCaseError::TranscriptNotFound)?;
        Ok(TranscriptFile {
            file_name: file.file_name.clone(),
            content_type: file.content_type.clone(),
            bytes,
        })
    }

    /// Deletes a ticket's transcript and its files: bot admins only.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::TranscriptNotFound`], storage failures.
    pub async fn delete_transcript(
        &self,
        caller: &Caller,
        number: i64,
    ) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::DeleteTranscripts)
            .await?;
        let guild = caller.guild_id;
        if self.db().transcripts().get(guild, number).await?.is_none() {
            return Err(UseCaseError::TranscriptNotFound);
        }
        // The objects first: a record without its objects would promise what is gone.
        self.transcript_service()
            .config
            .archive
            .delete(guild.get(), number)
            .await
            .map_err(|error| UseCaseError::Transcript(error.to_string()))?;
        self.db().transcripts().delete(guild, number).await?;
        tracing::info!(%guild, number, by = %caller.user_id, "transcript deleted");
        Ok(())
    }

    /// The transcript record of a ticket, when the caller may read it.
    async fn readable_transcript(
        &self,
        caller: &Caller,
        number: i64,
    ) -> Result<TranscriptListed, UseCaseError> {
        self.authorize(caller, Capability::ViewTranscripts).await?;
        let listed = self
            .db()
            .transcripts()
            .get(caller.guild_id, number)
            .await?
            .ok_or(UseCaseError::TranscriptNotFound)?;
        if listed.ticket.opener_id == caller.user_id || self.handles(caller, &listed.ticket).await?
        {
            Ok(listed)
        } else {
            Err(UseCaseError::TranscriptNotFound)
        }
    }

    /// Whether the caller is among the staff who work the tickets of `panel` (`None`: `/open`).
    async fn works_panel(
        &self,
        caller: &Caller,
        panel: Option<tickets_model::PanelId>,
    ) -> Result<bool, UseCaseError> {
        Ok(self
            .db()
            .staff()
            .handlers(caller.guild_id, panel)
            .await?
            .iter()
            .any(|entry| entry.who.covers(caller.user_id, &caller.roles)))
    }
}
