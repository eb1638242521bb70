//! The words of the page, filled by the caller: the web from its Fluent catalog, the command
//! line with [`Labels::english`]. Templates name their parts in braces (`{author}`); the
//! renderer escapes the words and puts the parts in.

/// Every word a reader of a transcript page sees that does not come from the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// The page's language tag (`lang` of the page).
    pub lang: String,
    /// The page title; `{channel}` and `{server}`.
    pub page_title: String,
    /// The header of a ticket's transcript; `{number}`.
    pub ticket_title: String,
    /// The term before the server's name.
    pub server: String,
    /// The term before the channel's name.
    pub channel: String,
    /// The term before the panel the ticket was opened from.
    pub panel: String,
    /// The term before the ticket's opener.
    pub opened_by: String,
    /// The term before the staff member who claimed the ticket.
    pub claimed_by: String,
    /// Said when nobody claimed it.
    pub not_claimed: String,
    /// The term before whoever closed the ticket.
    pub closed_by: String,
    /// The term before the close reason.
    pub close_reason: String,
    /// Said when it was closed without a reason.
    pub no_reason: String,
    /// The term before the opening time.
    pub opened_at: String,
    /// The term before the closing time.
    pub closed_at: String,
    /// The term before an export's time (exports of other tools).
    pub exported_at: String,
    /// The term before the number of messages.
    pub message_count: String,
    /// The heading of the form's answers.
    pub form_answers: String,
    /// Said once at the top when Discord sent no message content.
    pub content_withheld: String,
    /// In place of a message whose content Discord withheld.
    pub content_withheld_message: String,
    /// `{count}` files the transcript could not keep.
    pub attachments_not_stored: String,
    /// What the page says of its times before its script runs.
    pub times_utc: String,
    /// What the page says of its times after its script turned them into the viewer's zone.
    pub times_local: String,
    /// A reply's snippet when the answered message is not in the transcript.
    pub original_deleted: String,
    /// A reply's snippet when the answered message has no text.
    pub reply_no_text: String,
    /// The mark of an edited message.
    pub edited: String,
    /// The hint of a pinned message's mark.
    pub pinned: String,
    /// The tag beside a bot's name.
    pub bot_tag: String,
    /// `{user}` used `{command}`.
    pub used_command: String,
    /// A file the transcript has no copy of.
    pub file_not_stored: String,
    /// A file not kept because it was over the size limit.
    pub file_too_large: String,
    /// A file not kept because the transcript's budget was spent.
    pub file_transcript_full: String,
    /// A file not kept because it could not be downloaded.
    pub file_unreachable: String,
    /// The hint of a sticker.
    pub sticker: String,
    /// A select menu without a placeholder.
    pub select_default: String,
    /// `{author}` added `{target}` to a thread.
    pub system_recipient_add: String,
    /// `{author}` removed `{target}` from a thread.
    pub system_recipient_remove: String,
    /// `{author}` started a call.
    pub system_call: String,
    /// `{author}` and the new `{name}`.
    pub system_name_change: String,
    /// `{author}` changed the channel's icon.
    pub system_icon_change: String,
    /// `{author}` pinned a message.
    pub system_pin: String,
    /// `{author}` joined the server.
    pub system_join: String,
    /// `{author}` and the thread's `{name}`.
    pub system_thread_created: String,
    /// Said in place of the messages of an empty transcript.
    pub no_messages: String,
}

impl Labels {
    /// The English words, which the command line uses.
    #[must_use]
    pub fn english() -> Self {
        let s = str::to_owned;
        Self {
            lang: s("en"),
            page_title: s("#{channel} · {server}"),
            ticket_title: s("Ticket #{number}"),
            server: s("Server"),
            channel: s("Channel"),
            panel: s("Panel"),
            opened_by: s("Opened by"),
            claimed_by: s("Claimed by"),
            not_claimed: s("Not claimed"),
            closed_by: s("Closed by"),
            close_reason: s("Reason"),
            no_reason: s("No reason given"),
            opened_at: s("Opened"),
            closed_at: s("Closed"),
            exported_at: s("Exported"),
            message_count: s("Messages"),
            form_answers: s("Form answers"),
            content_withheld: s(
                "Discord withheld the content of these messages: the bot lacked the Message \
                 Content intent when this transcript was made, so the text, embeds, files and \
                 components of members' messages are missing. They were not empty.",
            ),
            content_withheld_message: s("Content withheld by Discord"),
            attachments_not_stored: s("{count} files could not be kept with this transcript."),
            times_utc: s("Times are in UTC."),
            times_local: s("Times are in your time zone."),
            original_deleted: s("Original message was deleted"),
            reply_no_text: s("Click to see attachment"),
            edited: s("(edited)"),
            pinned: s("Pinned"),
            bot_tag: s("BOT"),
            used_command: s("{user} used {command}"),
            file_not_stored: s("File not kept"),
            file_too_large: s("File not kept: too large"),
            file_transcript_full: s("File not kept: the transcript's space for files was full"),
            file_unreachable: s("File not kept: it could not be downloaded"),
            sticker: s("Sticker"),
            select_default: s("Make a selection"),
            system_recipient_add: s("{author} added {target} to the thread."),
            system_recipient_remove: s("{author} removed {target} from the thread."),
            system_call: s("{author} started a call."),
            system_name_change: s("{author} changed the channel name: {name}"),
            system_icon_change: s("{author} changed the channel icon."),
            system_pin: s("{author} pinned a message to this channel."),
            system_join: s("{author} joined the server."),
            system_thread_created: s("{author} started a thread: {name}"),
            no_messages: s("No messages."),
        }
    }
}

impl Default for Labels {
    fn default() -> Self {
        Self::english()
    }
}

/// Appends `template` with its words escaped and each `{name}` replaced by the HTML `parts`
/// give for it; an unknown name stays as written.
pub(crate) fn fill(out: &mut String, template: &str, parts: &[(&str, &str)]) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        crate::render::escape::text(out, &rest[..open]);
        let after = &rest[open + 1..];
        let part = after.find('}').and_then(|close| {
            let name = &after[..close];
            parts
                .iter()
                .find(|(wanted, _)| *wanted == name)
                .map(|(_, html)| (*html, close))
        });
        match part {
            Some((html, close)) => {
                out.push_str(html);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    crate::render::escape::text(out, rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_escape_their_words_and_keep_their_parts() {
        let mut out = String::new();
        fill(
            &mut out,
            "<b>{user}</b> used {command} {other}",
            &[("user", "<i>a</i>"), ("command", "/x")],
        );
        assert_eq!(out, "&lt;b&gt;<i>a</i>&lt;/b&gt; used /x {other}");
    }
}
