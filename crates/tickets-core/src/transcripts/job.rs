//! The close's job: capture, store and record the transcript, announce the close, then remove the
//! channel, in that order and never otherwise. Each stage is checkpointed, so a process that
//! takes the job over after a crash or a Discord error goes on from the first stage not done;
//! capture and recording are idempotent (a transcript recorded is never captured again), and the
//! channel goes only once its transcript is stored (a thread ticket's thread is archived and
//! locked instead, to be reopened).

use crate::jobs::{Job, LEASE_MS};
use crate::{Core, DiscordFailure, UseCaseError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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
            self.offer_feedback(guild, number).await;
            self.send_close_summary(guild, number).await;
            self.announce_transcript(guild, number).await;
            stage = ArchiveStage::Remove;
            self.checkpoint(id, &at(stage), self.now() + LEASE_MS)
                .await?;
        }
        self.remove_ticket_channel(guild, number, channel).await
    }

    /// The close's last stage: a channel is deleted; a thread is archived and locked instead, so
    /// the ticket can be reopened, and its notification shows the close. A ticket reopened while
    /// this job waited keeps its thread as it is.
    async fn remove_ticket_channel(
        &self,
        guild: GuildId,
        number: i64,
        channel: ChannelId,
    ) -> Result<(), UseCaseError> {
        let Some(ticket) = self.db().tickets().get(guild, number).await? else {
            return Ok(self.delete_channel(channel).await?);
        };
        if !ticket.is_thread {
            return Ok(self.delete_channel(channel).await?);
        }
        if ticket.status.counts_as_open() {
            return Ok(());
        }
        let archive = self
            .discord()
            .http()
            .update_thread(channel)
            .locked(true)
            .archived(true);
        match self.discord().call("archive_thread", archive).await {
            Ok(_) => {}
            // Deleted in Discord meanwhile: nothing is left to archive.
            Err(error) if error.failure() == DiscordFailure::Unknown => {}
            Err(error) => return Err(error.into()),
        }
        self.refresh_notification(guild, number).await;
        Ok(())
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
        let renew = || async {
            let payload = Job::ArchiveTicket {
                number,
                channel_id: channel,
                stage: ArchiveStage::Capture,
            };
            self.checkpoint(job, &payload, self.now() + LEASE_MS).await
        };
        let captured = match self.capture_channel(guild, &ticket, channel, renew).await {
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

    /// The ticket block of a transcript; `known` names those seen in the messages, and only the
    /// others are asked of Discord, once each.
    pub(crate) async fn ticket_facts(
        &self,
        ticket: &TicketRow,
        known: &HashMap<UserId, Author>,
    ) -> Result<TicketFacts, UseCaseError> {
        let mut known = known.clone();
        for user in [Some(ticket.opener_id), ticket.claimed_by, ticket.closed_by]
            .into_iter()
            .flatten()
        {
            if let std::collections::hash_map::Entry::Vacant(unnamed) = known.entry(user) {
                unnamed.insert(self.named_user(user).await);
            }
        }
        let name = |user: UserId| known.get(&user).cloned().unwrap_or_default();
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
            opener: name(ticket.opener_id),
            claimed_by: ticket.claimed_by.map(name),
            closed_by: ticket.closed_by.map(name),
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
