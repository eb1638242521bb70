//! "Start Ticket" on a message: a ticket about that message, quoting it with a link, with its
//! sender brought in unless the server keeps reporters anonymous.

use crate::access::Caller;
use crate::open::{OpenTicket, Opened};
use crate::{Core, UseCaseError};
use tickets_i18n::Locale;
use tickets_model::staff::MemberOrRole;
use tickets_model::{ChannelId, MessageId, UserId};
use twilight_model::channel::message::{AllowedMentions, Embed};
use twilight_util::builder::embed::{EmbedAuthorBuilder, EmbedBuilder};

/// Longest quote kept (an embed description's limit).
const QUOTE_MAX: usize = 4096;

/// The message a ticket is started from.
#[derive(Debug, Clone)]
pub struct QuotedMessage {
    /// Its channel.
    pub channel_id: ChannelId,
    /// Its id.
    pub message_id: MessageId,
    /// Who wrote it.
    pub author: UserId,
    /// Their username.
    pub author_name: String,
    /// What it says.
    pub content: String,
}

/// A request to start a ticket from a message.
#[derive(Debug, Clone)]
pub struct StartFromMessage {
    /// Who uses the menu (they open the ticket).
    pub caller: Caller,
    /// Their username.
    pub caller_name: String,
    /// Their nickname in the server.
    pub caller_nickname: Option<String>,
    /// The message.
    pub message: QuotedMessage,
    /// The language of the ticket's first messages.
    pub locale: Locale,
}

impl Core {
    /// Opens a ticket about a message, with the settings of the server's chosen panel (or of
    /// `/open`), quotes the message in it, and when the sender is added, says in the message's
    /// channel where the conversation went.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`] below the server's required level, and everything
    /// [`Core::open_ticket`] refuses.
    pub async fn start_ticket_from_message(
        &self,
        request: StartFromMessage,
    ) -> Result<Opened, UseCaseError> {
        let guild = request.caller.guild_id;
        let settings = self.db().settings().get(guild).await?;
        self.require_level(&request.caller, settings.context_menu_level)
            .await?;
        let sender = request.message.author;
        let add_sender = settings.context_menu_add_sender
            && sender != request.caller.user_id
            && sender != self.bot().user_id;
        let opened = self
            .open_ticket(OpenTicket {
                guild_id: guild,
                opener: request.caller.user_id,
                subject: None,
                panel: settings.context_menu_panel_id,
                opener_name: request.caller_name.clone(),
                opener_nickname: request.caller_nickname.clone(),
                form_answers: Vec::new(),
                opener_roles: request.caller.roles.clone(),
                locale: request.locale.clone(),
                members: if add_sender {
                    vec![MemberOrRole::User(sender)]
                } else {
                    Vec::new()
                },
                from_message: true,
            })
            .await?;
        // The ticket is open and counted; the quote and the notice are courtesy, so a refusal
        // here is logged rather than undoing the ticket.
        if let Err(error) = self.quote_message(&request, opened.channel_id).await {
            tracing::warn!(%error, channel = %opened.channel_id, "could not quote the message in its ticket");
        }
        if add_sender && let Err(error) = self.announce_move(&request, opened.channel_id).await {
            tracing::warn!(%error, "could not say where the conversation moved");
        }
        Ok(opened)
    }

    async fn quote_message(
        &self,
        request: &StartFromMessage,
        ticket: ChannelId,
    ) -> Result<(), UseCaseError> {
        let message = &request.message;
        let guild = request.caller.guild_id;
        let link = format!(
            "https://discord.com/channels/{guild}/{}/{}",
            message.channel_id, message.message_id
        );
        let quoted = tickets_model::text::shorten(&message.content, QUOTE_MAX);
        let embed: Embed = EmbedBuilder::new()
            .author(EmbedAuthorBuilder::new(message.author_name.clone()).build())
            .title(
                self.catalog()
                    .text(&request.locale, "start-ticket-quote-title", &[]),
            )
            .url(link)
            .description(if quoted.is_empty() {
                "…".to_owned()
            } else {
                quoted
            })
            .build();
        let text = self.catalog().text(
            &request.locale,
            "start-ticket-quote",
            &[
                ("user", format!("<@{}>", message.author).into()),
                ("by", format!("<@{}>", request.caller.user_id).into()),
            ],
        );
        // Quoting names people without pinging them.
        let silent = AllowedMentions::default();
        let post = self
            .discord()
            .http()
            .create_message(ticket)
            .content(&text)
            .embeds(std::slice::from_ref(&embed))
            .allowed_mentions(Some(&silent));
        self.discord().call("create_message", post).await?;
        Ok(())
    }

    async fn announce_move(
        &self,
        request: &StartFromMessage,
        ticket: ChannelId,
    ) -> Result<(), UseCaseError> {
        let text = self.catalog().text(
            &request.locale,
            "start-ticket-moved",
            &[("channel", format!("<#{ticket}>").into())],
        );
        let silent = AllowedMentions::default();
        let post = self
            .discord()
            .http()
            .create_message(request.message.channel_id)
            .content(&text)
            .reply(request.message.message_id)
            .fail_if_not_exists(false)
            .allowed_mentions(Some(&silent));
        self.discord().call("create_message", post).await?;
        Ok(())
    }
}
