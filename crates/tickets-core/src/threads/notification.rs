//! The notification channel: each new thread ticket is announced there with a Join Ticket
//! button, since Discord cannot let a whole team into a private thread. The message is redrawn
//! from the ticket's record and the thread's members whenever someone joins, and when the ticket
//! closes or reopens, so it never holds state of its own.

use crate::access::Caller;
use crate::open::{OpenTicket, OpeningPlan};
use crate::welcome::button;
use crate::{Core, UseCaseError};
use tickets_i18n::{Catalog, Locale};
use tickets_model::custom_id::CustomId;
use tickets_model::{ChannelId, GuildId, UserId};
use tickets_store::tickets::TicketRow;
use twilight_model::channel::Message;
use twilight_model::channel::message::component::{ActionRow, ButtonStyle};
use twilight_model::channel::message::{Component, Embed};
use twilight_model::channel::thread::ThreadMember;
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder};

/// Discord's limit on an embed field's value.
const FIELD_MAX: usize = 1024;
/// The colour of an open ticket's notification, and of a closed one's.
const OPEN_COLOUR: u32 = 0x0057_F287;
const CLOSED_COLOUR: u32 = 0x0099_AAB5;

/// Someone who joined the thread, and when (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JoinedStaff {
    /// Who.
    pub user: UserId,
    /// When they were added.
    pub at_secs: i64,
}

/// Everything the notification shows.
#[derive(Debug, Clone)]
pub struct NotificationFacts<'a> {
    /// The ticket.
    pub ticket: &'a TicketRow,
    /// Its thread.
    pub thread: ChannelId,
    /// The panel's title; `None` for `/open`.
    pub panel: Option<&'a str>,
    /// The form's answers, question and answer.
    pub answers: &'a [(String, String)],
    /// Staff in the thread, first joined first.
    pub joined: &'a [JoinedStaff],
}

/// The notification's embed and its Join Ticket button (disabled once the ticket is closed).
#[must_use]
pub fn notification_message(
    catalog: &Catalog,
    locale: &Locale,
    facts: &NotificationFacts<'_>,
) -> (Embed, Vec<Component>) {
    let text =
        |key: &str, args: &[(&str, tickets_i18n::FluentValue<'_>)]| catalog.text(locale, key, args);
    let ticket = facts.ticket;
    let closed = !ticket.status.counts_as_open();
    let mut embed = EmbedBuilder::new()
        .title(text(
            "thread-notification-title",
            &[("number", ticket.number.into())],
        ))
        .color(if closed { CLOSED_COLOUR } else { OPEN_COLOUR })
        .field(
            EmbedFieldBuilder::new(
                text("thread-notification-ticket", &[]),
                format!("<#{}>", facts.thread),
            )
            .inline(),
        )
        .field(
            EmbedFieldBuilder::new(
                text("thread-notification-opener", &[]),
                format!("<@{}>", ticket.opener_id),
            )
            .inline(),
        )
        .field(
            EmbedFieldBuilder::new(
                text("thread-notification-panel", &[]),
                facts.panel.map_or_else(
                    || text("thread-notification-open-command", &[]),
                    str::to_owned,
                ),
            )
            .inline(),
        );
    if let Some(subject) = &ticket.subject {
        embed = embed.field(EmbedFieldBuilder::new(
            text("thread-notification-subject", &[]),
            shorten(subject),
        ));
    }
    if !facts.answers.is_empty() {
        let summary: Vec<String> = facts
            .answers
            .iter()
            .map(|(question, answer)| format!("**{question}**: {answer}"))
            .collect();
        embed = embed.field(EmbedFieldBuilder::new(
            text("thread-notification-answers", &[]),
            shorten(&summary.join("\n")),
        ));
    }
    let joined = if facts.joined.is_empty() {
        text("thread-notification-nobody", &[])
    } else {
        let lines: Vec<String> = facts
            .joined
            .iter()
            .map(|j| format!("<@{}> <t:{}:R>", j.user, j.at_secs))
            .collect();
        shorten(&lines.join("\n"))
    };
    embed = embed.field(EmbedFieldBuilder::new(
        text("thread-notification-joined", &[]),
        joined,
    ));
    if let Some(closed_at) = ticket.closed_at.filter(|_| closed) {
        embed = embed.field(EmbedFieldBuilder::new(
            text("thread-notification-closed", &[]),
            format!("<t:{}:f>", closed_at.div_euclid(1000)),
        ));
    }
    let Component::Button(mut join) = button(
        CustomId::JoinTicket(ticket.number),
        text("thread-join-button", &[]),
        ButtonStyle::Success,
    ) else {
        unreachable!("button() makes a button")
    };
    join.disabled = closed;
    let row = Component::ActionRow(ActionRow {
        id: None,
        components: vec![Component::Button(join)],
    });
    (embed.build(), vec![row])
}

fn shorten(text: &str) -> String {
    tickets_model::text::shorten(text, FIELD_MAX)
}

/// A staff member now in a ticket's thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Joined {
    /// The thread.
    pub thread: ChannelId,
}

impl Core {
    /// Posts a new thread ticket's notification, when the server has a notification channel.
    /// Best effort: the ticket is open and its opener in it either way; a failure is logged.
    /// `ticket` is the row the opening reserved: only what it was opened with is shown.
    pub(crate) async fn announce_thread_ticket(
        &self,
        request: &OpenTicket,
        ticket: &TicketRow,
        thread: ChannelId,
        plan: &OpeningPlan,
        answers: &[(String, String)],
    ) {
        let (guild, number) = (request.guild_id, ticket.number);
        let result = async {
            let Some(channel) = plan.notification_channel else {
                tracing::info!(%guild, number, "no notification channel: thread ticket not announced");
                return Ok(());
            };
            let facts = NotificationFacts {
                ticket,
                thread,
                panel: plan.panel.as_ref().map(|p| p.fields.title.as_str()),
                answers,
                joined: &[],
            };
            let (embed, components) = notification_message(self.catalog(), &request.locale, &facts);
            let post = self
                .discord()
                .http()
                .create_message(channel)
                .embeds(std::slice::from_ref(&embed))
                .components(&components);
            let message: Message = self.discord().model("post_notification", post).await?;
            self.db()
                .tickets()
                .set_notification_message(guild, number, message.id)
                .await?;
            Ok::<(), UseCaseError>(())
        }
        .await;
        if let Err(error) = result {
            tracing::warn!(%error, %guild, number, "could not announce a thread ticket");
        }
    }

    /// Join Ticket, pressed: adds a staff member who works the ticket (its panel's teams, or an
    /// admin) to its thread.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::TicketNotFound`] for a number that is no thread ticket of this server,
    /// [`UseCaseError::JoinNotAllowed`] for anyone else, [`UseCaseError::AlreadyClosed`],
    /// [`UseCaseError::AlreadyInTicket`] when they are in it already, Discord failures.
    pub async fn join_ticket(&self, caller: &Caller, number: i64) -> Result<Joined, UseCaseError> {
        let guild = caller.guild_id;
        let ticket = self
            .db()
            .tickets()
            .get(guild, number)
            .await?
            .filter(|t| t.is_thread)
            .ok_or(UseCaseError::TicketNotFound)?;
        if !self.handles(caller, &ticket).await? {
            return Err(UseCaseError::JoinNotAllowed);
        }
        if !ticket.status.counts_as_open() {
            return Err(UseCaseError::AlreadyClosed);
        }
        let thread = ticket.channel_id.ok_or(UseCaseError::TicketNotFound)?;
        // Listing the members, rather than asking for this one, answers without a refused
        // request when they are not in yet.
        let http = self.discord().http();
        let members: Vec<ThreadMember> = self
            .discord()
            .models("list_thread_members", http.thread_members(thread))
            .await?;
        if members.iter().any(|m| m.user_id == Some(caller.user_id)) {
            return Err(UseCaseError::AlreadyInTicket { thread });
        }
        let add = http.add_thread_member(thread, caller.user_id);
        self.discord().call("add_thread_member", add).await?;
        tracing::info!(%guild, number, user = %caller.user_id, "staff joined a thread ticket");
        self.refresh_notification(guild, number).await;
        Ok(Joined { thread })
    }

    /// Redraws a thread ticket's notification from its record and its thread's members. Best
    /// effort: a notification that cannot be redrawn only shows older facts.
    pub(crate) async fn refresh_notification(&self, guild: GuildId, number: i64) {
        if let Err(error) = self.redraw_notification(guild, number).await {
            tracing::warn!(%error, %guild, number, "could not update a thread ticket's notification");
        }
    }

    async fn redraw_notification(&self, guild: GuildId, number: i64) -> Result<(), UseCaseError> {
        let settings = self.db().settings().get(guild).await?;
        let Some(ticket) = self.db().tickets().get(guild, number).await? else {
            return Ok(());
        };
        let (Some(channel), Some(message), Some(thread)) = (
            settings.ticket_notification_channel_id,
            ticket.notification_message_id,
            ticket.channel_id,
        ) else {
            return Ok(());
        };
        let panel = match ticket.panel_id {
            Some(panel) => self.db().panels().get(guild, panel).await?,
            None => None,
        };
        let answers = self.db().forms().answers(guild, number).await?;
        let joined = self.staff_in_thread(&ticket, thread).await?;
        let locale = self.locale_of(Some(guild), None).await;
        let facts = NotificationFacts {
            ticket: &ticket,
            thread,
            panel: panel.as_ref().map(|p| p.fields.title.as_str()),
            answers: &answers,
            joined: &joined,
        };
        let (embed, components) = notification_message(self.catalog(), &locale, &facts);
        let embeds = [embed];
        let update = self
            .discord()
            .http()
            .update_message(channel, message)
            .embeds(Some(&embeds))
            .components(Some(&components));
        self.discord().call("update_notification", update).await?;
        Ok(())
    }

    /// The thread's members other than the opener and the bot, first joined first.
    async fn staff_in_thread(
        &self,
        ticket: &TicketRow,
        thread: ChannelId,
    ) -> Result<Vec<JoinedStaff>, UseCaseError> {
        let request = self.discord().http().thread_members(thread);
        let members: Vec<ThreadMember> = self
            .discord()
            .models("list_thread_members", request)
            .await?;
        let mut joined: Vec<JoinedStaff> = members
            .into_iter()
            .filter_map(|member| {
                let user = member.user_id?;
                (user != ticket.opener_id && user != self.bot().user_id).then(|| JoinedStaff {
                    user,
                    at_secs: member.join_timestamp.as_secs(),
                })
            })
            .collect();
        joined.sort_by_key(|j| (j.at_secs, j.user));
        Ok(joined)
    }
}
