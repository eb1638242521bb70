//! The close's job: capture, store and record the transcript, announce the close, then remove the
//! channel, in that order and never otherwise. Each stage is checkpointed, so a process that
//! takes the job over after a crash or a Discord error goes on from the first stage not done;
//! capture and recording are idempotent (a transcript recorded is never captured again), and the
//! channel goes only once its transcript is stored.

use crate::jobs::{Job, LEASE_MS};
use crate::{Core, DiscordFailure, UseCaseError};
use serde::{Deserialize, Serialize};
use tickets_model::{ChannelId, GuildId, UserId};
use tickets_store::tickets::TicketRow;
use tickets_store::transcripts::TranscriptRow;
use tickets_transcripts::format::{Author, FormAnswer, TicketFacts};

/// Where a close's job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArchiveStage {
    /// The transcript is still to be captured and stored.
    Capture,
    /// The close is still to be announced (transcripts channel, the opener's DM).
    Announce,
    /// Only the channel's removal is left.
    Remove,
}

impl Core {
    /// Runs a close's job from `stage` on.
    pub(crate) async fn archive_ticket(
        &self,
        id: i64,
        guild: GuildId,
        number: i64,
        channel: ChannelId,
        mut stage: ArchiveStage,
    ) -> Result<(), UseCaseError> {
        let at = |stage| Job::ArchiveTicket {
            number,
            channel_id: channel,
            stage,
        };
        if stage == ArchiveStage::Capture {
            self.keep_transcript(id, guild, number, channel).await?;
            stage = ArchiveStage::Announce;
            self.checkpoint(id, &at(stage), self.now() + LEASE_MS)
                .await?;
        }
        if stage == ArchiveStage::Announce {
            self.send_close_summary(guild, number).await;
            self.announce_transcript(guild, number).await;
            stage = ArchiveStage::Remove;
            self.checkpoint(id, &at(stage), self.now() + LEASE_MS)
                .await?;
        }
        Ok(self.delete_channel(channel).await?)
    }

    /// Captures and stores the transcript of a closed ticket, unless the server keeps none or it
    /// is stored already.
    async fn keep_transcript(
        &self,
        job: i64,
        guild: GuildId,
        number: i64,
        channel: ChannelId,
    ) -> Result<(), UseCaseError> {
        if !self.db().settings().get(guild).await?.store_transcripts
            || self.db().transcripts().get(guild, number).await?.is_some()
        {
            return Ok(());
        }
        let Some(ticket) = self.db().tickets().get(guild, number).await? else {
            return Ok(());
        };
        let facts = self.ticket_facts(&ticket).await?;
        let renew = || async {
            let payload = Job::ArchiveTicket {
                number,
                channel_id: channel,
                stage: ArchiveStage::Capture,
            };
            self.checkpoint(job, &payload, self.now() + LEASE_MS).await
        };
        let captured = match self
            .capture_channel(guild, number, channel, facts, renew)
            .await
        {
            Ok(captured) => captured,
            Err(UseCaseError::Discord(error)) if error.failure() == DiscordFailure::Unknown => {
                // Someone deleted the channel first: there is nothing left to keep.
                tracing::warn!(%guild, number, "ticket channel gone before its capture");
                return Ok(());
            }
            Err(error) => return Err(error),
        };
        let size = self
            .transcript_service()
            .config
            .archive
            .put_document(guild.get(), number, captured.compressed)
            .await
            .map_err(|error| UseCaseError::Transcript(error.to_string()))?;
        self.db()
            .transcripts()
            .record(&TranscriptRow {
                guild_id: guild,
                number,
                stored_at: self.now(),
                message_count: captured.messages,
                size_bytes: size,
                attachments_stored: captured.files_stored,
                content_intent: captured.content_intent,
            })
            .await?;
        tracing::info!(%guild, number, messages = captured.messages, size, "transcript stored");
        Ok(())
    }

    /// The ticket block of a transcript.
    async fn ticket_facts(&self, ticket: &TicketRow) -> Result<TicketFacts, UseCaseError> {
        let guild = ticket.guild_id;
        let panel = match ticket.panel_id {
            Some(panel) => self
                .db()
                .panels()
                .get(guild, panel)
                .await?
                .map(|p| p.fields.title),
            None => None,
        };
        let form_answers = self
            .db()
            .forms()
            .answers(guild, ticket.number)
            .await?
            .into_iter()
            .map(|(question, answer)| FormAnswer { question, answer })
            .collect();
        Ok(TicketFacts {
            number: ticket.number,
            panel,
            opener: self.named_user(ticket.opener_id).await,
            claimed_by: match ticket.claimed_by {
                Some(user) => Some(self.named_user(user).await),
                None => None,
            },
            closed_by: match ticket.closed_by {
                Some(user) => Some(self.named_user(user).await),
                None => None,
            },
            close_reason: ticket.close_reason.clone(),
            opened_at: super::capture::rfc3339(ticket.opened_at.unwrap_or(ticket.created_at)),
            closed_at: ticket.closed_at.map(super::capture::rfc3339),
            form_answers,
        })
    }

    /// A user as a transcript names them; only their id when Discord does not say.
    async fn named_user(&self, user: UserId) -> Author {
        let request = self.discord().http().user(user);
        match self.discord().model("get_user", request).await {
            Ok(found) => Author {
                id: user.to_string(),
                name: found.name,
                discriminator: format!("{:04}", found.discriminator),
                nickname: found.global_name,
                color: None,
                is_bot: found.bot,
                avatar_url: None,
            },
            Err(_) => Author {
                id: user.to_string(),
                name: user.to_string(),
                ..Author::default()
            },
        }
    }
}
