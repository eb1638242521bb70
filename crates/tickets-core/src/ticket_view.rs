//! The live view of an open ticket on the dashboard: its current messages, read from Discord
//! once and shown as a transcript shows them; the messages that arrive afterwards, from the
//! gateway's events through an in-process bus (Discord is never polled); a reply posted as the
//! bot under the staff member's name; and Close, with or without a reason.
//!
//! Only staff who work the ticket ([`Core::handles`]) may do any of it. Everyone else is told
//! there is no such ticket, exactly as for one that does not exist.

use crate::access::Caller;
use crate::close::{CloseTicket, Closed};
use crate::{Core, UseCaseError};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tickets_model::values::{CloseReason, ValueError};
use tickets_model::{ChannelId, GuildId, MessageId, UserId};
use tickets_store::tickets::{TicketRow, Writer};
use tickets_transcripts::format::{self, Capture, Document};
use tokio::sync::broadcast;
use twilight_model::channel::Message;
use twilight_model::channel::message::AllowedMentions;

/// Message events kept for a viewer that reads slowly; one further behind is told it missed
/// some (and its page reloads) instead of holding memory for it.
const BACKLOG: usize = 256;

/// The newest messages the view shows (one page of Discord's).
const VIEW_MESSAGES: u16 = 100;

/// The longest text Discord takes in a message.
pub const MESSAGE_MAX_CHARS: usize = 2000;

/// The catalog's name of the reply box, for refusals of its text.
const REPLY_FIELD: &str = "ticket-reply";

/// What the gateway saw happen to a message in a server.
#[derive(Debug, Clone)]
pub enum SeenMessage {
    /// MESSAGE_CREATE.
    Created(Arc<Message>),
    /// MESSAGE_UPDATE.
    Edited(Arc<Message>),
    /// MESSAGE_DELETE.
    Deleted {
        /// The channel.
        channel: ChannelId,
        /// The message.
        message: MessageId,
    },
}

impl SeenMessage {
    fn channel(&self) -> ChannelId {
        match self {
            Self::Created(message) | Self::Edited(message) => message.channel_id,
            Self::Deleted { channel, .. } => *channel,
        }
    }
}

/// The bus the gateway's message events go through to the live views. Only the events of
/// channels someone is watching go on it, so that a busy server's other channels neither cost
/// anything nor push a viewer's events out of the backlog.
#[derive(Debug)]
pub(crate) struct LiveBus {
    sender: broadcast::Sender<SeenMessage>,
    /// How many viewers each watched channel has.
    watched: Mutex<HashMap<ChannelId, usize>>,
}

impl Default for LiveBus {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(BACKLOG).0,
            watched: Mutex::new(HashMap::new()),
        }
    }
}

impl LiveBus {
    /// The table of watched channels; every change to it is a single insert or removal, so a
    /// holder that panicked left it consistent.
    fn watched(&self) -> MutexGuard<'_, HashMap<ChannelId, usize>> {
        self.watched.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn watch(&self, channel: ChannelId) -> broadcast::Receiver<SeenMessage> {
        *self.watched().entry(channel).or_insert(0) += 1;
        self.sender.subscribe()
    }

    fn unwatch(&self, channel: ChannelId) {
        let mut watched = self.watched();
        if let Some(viewers) = watched.get_mut(&channel) {
            *viewers = viewers.saturating_sub(1);
            if *viewers == 0 {
                watched.remove(&channel);
            }
        }
    }

    fn is_watched(&self, channel: ChannelId) -> bool {
        self.watched().contains_key(&channel)
    }
}

/// An open ticket as its view shows it.
#[derive(Debug, Clone)]
pub struct TicketView {
    /// The ticket.
    pub ticket: TicketRow,
    /// Its newest messages, oldest first, with its facts, as a transcript holds them.
    pub document: Document,
}

/// What changed in a viewed ticket.
#[derive(Debug, Clone)]
pub enum LiveUpdate {
    /// A new message.
    Posted(Box<format::Message>),
    /// A message was edited or deleted, or some events were missed: what the page shows is
    /// no longer what the channel holds.
    Stale,
}

/// The live messages of one ticket, for one viewer.
#[derive(Debug)]
pub struct LiveTicket {
    core: Core,
    guild: GuildId,
    channel: ChannelId,
    content_intent: bool,
    receiver: broadcast::Receiver<SeenMessage>,
    /// What was missed before the viewer connected, to deliver first.
    missed: VecDeque<LiveUpdate>,
    /// The newest message delivered: a message both caught up on and seen on the bus comes
    /// once.
    newest: Option<MessageId>,
}

impl Drop for LiveTicket {
    fn drop(&mut self) {
        self.core.live_bus().unwatch(self.channel);
    }
}

impl LiveTicket {
    /// Whether Discord sends the bot message content (see the transcripts' capture): without
    /// it, messages come with empty text, and the page must say so.
    #[must_use]
    pub fn content_intent(&self) -> bool {
        self.content_intent
    }

    /// The next change of the ticket's channel; `None` once the bot stops.
    pub async fn next(&mut self) -> Option<LiveUpdate> {
        if let Some(missed) = self.missed.pop_front() {
            return Some(missed);
        }
        loop {
            let seen = match self.receiver.recv().await {
                Ok(seen) => seen,
                Err(broadcast::error::RecvError::Lagged(_)) => return Some(LiveUpdate::Stale),
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            if seen.channel() != self.channel {
                continue;
            }
            return Some(match seen {
                SeenMessage::Created(message) => {
                    if self.newest.is_some_and(|newest| message.id <= newest) {
                        continue;
                    }
                    self.newest = Some(message.id);
                    match self
                        .core
                        .convert_messages(self.guild, std::slice::from_ref(&message))
                        .await
                    {
                        Ok(mut converted) => match converted.pop() {
                            Some(message) => LiveUpdate::Posted(Box::new(message)),
                            None => LiveUpdate::Stale,
                        },
                        Err(error) => {
                            tracing::warn!(%error, "could not convert a live message");
                            LiveUpdate::Stale
                        }
                    }
                }
                SeenMessage::Edited(_) | SeenMessage::Deleted { .. } => LiveUpdate::Stale,
            });
        }
    }
}

impl Core {
    /// Hands a message event of the gateway to the live views. Nothing is kept when nobody is
    /// viewing a ticket.
    pub fn message_seen(&self, seen: SeenMessage) {
        let bus = self.live_bus();
        if bus.is_watched(seen.channel()) {
            // An error means the last viewer left meanwhile: nothing to deliver.
            let _ = bus.sender.send(seen);
        }
    }

    /// An open ticket with its newest messages, for staff who work it.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::TicketNotFound`] when there is no such open ticket or the caller does
    /// not work it, Discord failing, storage failures.
    pub async fn ticket_view(
        &self,
        caller: &Caller,
        number: i64,
    ) -> Result<TicketView, UseCaseError> {
        let (ticket, channel) = self.viewable_ticket(caller, number).await?;
        let guild = caller.guild_id;
        let request = self
            .discord()
            .http()
            .channel_messages(channel)
            .limit(VIEW_MESSAGES);
        let page: Vec<Message> = self
            .discord()
            .models("get_channel_messages", request)
            .await?;
        let messages = self.convert_messages(guild, &page).await?;
        let people: HashMap<UserId, format::Author> = messages
            .iter()
            .filter_map(|m| Some((m.author.id.parse().ok()?, m.author.clone())))
            .collect();
        let channels = self.cached_channels(guild, &[]).await?;
        let header = self.transcript_header(guild, channel, &channels).await?;
        let facts = self.ticket_facts(&ticket, &people).await?;
        let document = Document {
            version: format::FORMAT_VERSION,
            guild: header.guild,
            channel: header.channel,
            date_range: header.date_range,
            exported_at: header.exported_at,
            message_count: messages.len() as u64,
            messages,
            ticket: Some(facts),
            capture: Some(Capture {
                content_intent: self.message_content_intent().await,
                attachments_not_stored: 0,
            }),
        };
        Ok(TicketView { ticket, document })
    }

    /// The messages that arrive in an open ticket from now on, for staff who work it. With
    /// `after` (the newest message the viewer has), those posted since come first: read from
    /// Discord once, for the moments between a page's reading and its stream's connecting, or
    /// while a stream was cut.
    ///
    /// # Errors
    ///
    /// As [`Core::ticket_view`].
    pub async fn watch_ticket(
        &self,
        caller: &Caller,
        number: i64,
        after: Option<MessageId>,
    ) -> Result<LiveTicket, UseCaseError> {
        let (_, channel) = self.viewable_ticket(caller, number).await?;
        // Watched before catching up, so that nothing posted meanwhile falls in between.
        let receiver = self.live_bus().watch(channel);
        let mut live = LiveTicket {
            core: self.clone(),
            guild: caller.guild_id,
            channel,
            content_intent: self.message_content_intent().await,
            receiver,
            missed: VecDeque::new(),
            newest: after,
        };
        if let Some(after) = after {
            let request = self
                .discord()
                .http()
                .channel_messages(channel)
                .after(after)
                .limit(VIEW_MESSAGES);
            let page: Vec<Message> = self
                .discord()
                .models("get_channel_messages", request)
                .await?;
            if page.len() >= usize::from(VIEW_MESSAGES) {
                // More than a page was missed: the viewer reloads instead.
                live.missed.push_back(LiveUpdate::Stale);
            } else {
                live.newest = page.iter().map(|message| message.id).max().or(Some(after));
                for message in self.convert_messages(caller.guild_id, &page).await? {
                    live.missed.push_back(LiveUpdate::Posted(Box::new(message)));
                }
            }
        }
        Ok(live)
    }

    /// Posts `text` in an open ticket as the bot, under the name of the staff member who wrote
    /// it (their server nickname, else their display name). Nobody is pinged by it.
    ///
    /// # Errors
    ///
    /// As [`Core::ticket_view`]; [`UseCaseError::Invalid`] for an empty text or one that does not
    /// fit in a Discord message with the name.
    pub async fn reply_in_ticket(
        &self,
        caller: &Caller,
        number: i64,
        text: &str,
    ) -> Result<(), UseCaseError> {
        let (ticket, channel) = self.viewable_ticket(caller, number).await?;
        let text = text.trim();
        if text.is_empty() {
            return Err(ValueError::Empty { field: REPLY_FIELD }.into());
        }
        let name = self.staff_name(caller.guild_id, caller.user_id).await?;
        let content = reply_content(&name, text)?;
        let nobody = AllowedMentions::default();
        let request = self
            .discord()
            .http()
            .create_message(channel)
            .content(&content)
            .allowed_mentions(Some(&nobody));
        self.discord().call("create_message", request).await?;
        // The message is the bot's, which the gateway's records skip: the answer is the
        // staff member's.
        self.record_writing(caller.guild_id, ticket.number, Writer::Staff)
            .await?;
        tracing::info!(guild = %caller.guild_id, number, staff = %caller.user_id, "replied from the dashboard");
        Ok(())
    }

    /// Closes an open ticket from its view, with a reason when given. The caller then runs
    /// [`Core::finish_close`].
    ///
    /// # Errors
    ///
    /// As [`Core::ticket_view`]; [`UseCaseError::Invalid`] for a reason too long or invisible;
    /// as [`Core::close_ticket`].
    pub async fn close_from_view(
        &self,
        caller: &Caller,
        number: i64,
        reason: Option<&str>,
    ) -> Result<Closed, UseCaseError> {
        let (_, channel) = self.viewable_ticket(caller, number).await?;
        let reason = CloseReason::parse(reason.unwrap_or_default())?;
        self.close_ticket(CloseTicket {
            guild_id: caller.guild_id,
            channel_id: channel,
            closer: caller.user_id,
            closer_roles: caller.roles.clone(),
            reason,
        })
        .await
    }

    /// The open ticket `number` of the caller's server and its channel, when the caller works it.
    async fn viewable_ticket(
        &self,
        caller: &Caller,
        number: i64,
    ) -> Result<(TicketRow, ChannelId), UseCaseError> {
        let ticket = self
            .db()
            .tickets()
            .get(caller.guild_id, number)
            .await?
            .filter(|ticket| ticket.status == tickets_model::ticket::TicketStatus::Open)
            .ok_or(UseCaseError::TicketNotFound)?;
        let channel = ticket.channel_id.ok_or(UseCaseError::TicketNotFound)?;
        if !self.handles(caller, &ticket).await? {
            return Err(UseCaseError::TicketNotFound);
        }
        Ok((ticket, channel))
    }

    /// How a staff member is named in the server: nickname, display name, or username.
    async fn staff_name(&self, guild: GuildId, user: UserId) -> Result<String, UseCaseError> {
        let request = self.discord().http().guild_member(guild, user);
        let member: twilight_model::guild::Member =
            self.discord().model("get_guild_member", request).await?;
        Ok(member
            .nick
            .or(member.user.global_name)
            .unwrap_or(member.user.name))
    }
}

/// The reply as posted: the staff member's name in bold, then their text; refused when the
/// whole would not fit in a message.
fn reply_content(name: &str, text: &str) -> Result<String, ValueError> {
    let prefix = format!("**{}:** ", escape_markdown(name));
    let room = MESSAGE_MAX_CHARS.saturating_sub(prefix.chars().count());
    let actual = text.chars().count();
    if actual > room {
        return Err(ValueError::TooLong {
            field: REPLY_FIELD,
            max: room,
            actual,
        });
    }
    Ok(prefix + text)
}

/// A name shown as written, whatever markdown characters it holds.
fn escape_markdown(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '#' | '[' | ']' | '<' | '@'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_watched_channels_are_carried_and_a_channel_is_forgotten_with_its_last_viewer() {
        let bus = LiveBus::default();
        let (one, two) = (ChannelId::new(1), ChannelId::new(2));
        assert!(!bus.is_watched(one));
        let _first = bus.watch(one);
        let _second = bus.watch(one);
        assert!(bus.is_watched(one) && !bus.is_watched(two));
        bus.unwatch(one);
        assert!(bus.is_watched(one), "one viewer is left");
        bus.unwatch(one);
        assert!(!bus.is_watched(one));
        bus.unwatch(two);
        assert!(bus.watched().is_empty());
    }

    #[test]
    fn a_reply_carries_the_name_in_bold_and_fits_in_a_message() {
        assert_eq!(
            reply_content("Sam", "On it").unwrap(),
            "**Sam:** On it".to_owned()
        );
        let room = MESSAGE_MAX_CHARS - "**Sam:** ".len();
        let fits = "é".repeat(room);
        assert_eq!(
            reply_content("Sam", &fits).unwrap().chars().count(),
            MESSAGE_MAX_CHARS
        );
        let refused = reply_content("Sam", &format!("{fits}x")).unwrap_err();
        assert!(
            matches!(refused, ValueError::TooLong { max, actual, .. } if max == room && actual == room + 1),
            "{refused:?}"
        );
    }

    #[test]
    fn a_name_with_markdown_shows_as_written() {
        assert_eq!(
            reply_content("*Sam*_x", "hi").unwrap(),
            "**\\*Sam\\*\\_x:** hi"
        );
    }
}
