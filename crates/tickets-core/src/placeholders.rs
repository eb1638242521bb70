//! The values of welcome-message placeholders for one ticket.
//!
//! Only the placeholders a message uses are computed, and each count is a counter lookup or an
//! indexed query on the opener's own tickets, so rendering costs the same with 100 or 100,000
//! stored tickets.

use crate::{Core, UseCaseError, now_ms};
use std::borrow::Cow;
use std::collections::HashMap;
use tickets_i18n::Locale;
use tickets_model::placeholder::{
    Template, TimestampStyle, discord_timestamp, snowflake_created_at_ms,
};
use tickets_model::{ChannelId, GuildId, UserId};

/// What a welcome message can say about its ticket.
#[derive(Debug, Clone)]
pub struct TicketFacts<'a> {
    /// The server.
    pub guild_id: GuildId,
    /// The opener.
    pub opener: UserId,
    /// The opener's username.
    pub opener_name: &'a str,
    /// The ticket's number.
    pub number: i64,
    /// The ticket's channel.
    pub channel_id: ChannelId,
    /// The server's ticket limit.
    pub ticket_limit: u32,
    /// Who claimed the ticket, if anyone.
    pub claimed_by: Option<UserId>,
}

impl Core {
    /// Renders `text` with every placeholder it uses filled in; unknown ones stay as written.
    ///
    /// # Errors
    ///
    /// Storage failures while counting tickets.
    pub(crate) async fn render_placeholders(
        &self,
        text: &str,
        facts: &TicketFacts<'_>,
        locale: &Locale,
        max_chars: usize,
    ) -> Result<String, UseCaseError> {
        let template = Template::parse(text);
        let mut values: HashMap<&str, String> = HashMap::new();
        for name in template.names() {
            if values.contains_key(name) {
                continue;
            }
            if let Some(value) = self.placeholder_value(name, facts, locale).await? {
                values.insert(name, value);
            }
        }
        Ok(template.render(
            |name| values.get(name).map(|v| Cow::Borrowed(v.as_str())),
            max_chars,
        ))
    }

    /// One placeholder's value; `None` for a name we do not know.
    async fn placeholder_value(
        &self,
        name: &str,
        facts: &TicketFacts<'_>,
        locale: &Locale,
    ) -> Result<Option<String>, UseCaseError> {
        let text = |key: &str| self.catalog().text(locale, key, &[]);
        let tickets = self.db().tickets();
        let guild = facts.guild_id;
        let now_secs = now_ms() / 1000;
        let created_secs = snowflake_created_at_ms(facts.opener.get()) / 1000;
        Ok(Some(match name {
            "user" => format!("<@{}>", facts.opener),
            "username" => facts.opener_name.to_owned(),
            "user_id" => facts.opener.to_string(),
            "ticket_id" => facts.number.to_string(),
            "channel" => format!("<#{}>", facts.channel_id),
            "guild_id" => guild.to_string(),
            "server" => match self.db().guilds().get(guild).await? {
                Some(known) => known.name,
                None => guild.to_string(),
            },
            "ticket_limit" => facts.ticket_limit.to_string(),
            "open_tickets" => tickets.count_open(guild).await?.to_string(),
            "total_tickets" => tickets.count_total(guild).await?.to_string(),
            "user_open_tickets" => tickets
                .count_open_by_user(guild, facts.opener)
                .await?
                .to_string(),
            "user_total_tickets" => tickets
                .count_total_by_user(guild, facts.opener)
                .await?
                .to_string(),
            // Feedback arrives with a later feature; until there are ratings the message says
            // so instead of showing a misleading zero average.
            "rating_count" => "0".to_owned(),
            "average_rating" => text("placeholder-no-ratings"),
            "first_response_time_weekly" => self.response_words(guild, Some(7), locale).await?,
            "first_response_time_monthly" => self.response_words(guild, Some(30), locale).await?,
            "first_response_time_all_time" => self.response_words(guild, None, locale).await?,
            "claimed_by" => facts
                .claimed_by
                .map_or_else(|| text("placeholder-unclaimed"), |u| format!("<@{u}>")),
            "time" => discord_timestamp(now_secs, TimestampStyle::ShortTime),
            "date" => discord_timestamp(now_secs, TimestampStyle::ShortDate),
            "datetime" => discord_timestamp(now_secs, TimestampStyle::ShortDateTime),
            "discord_account_creation_date" => {
                discord_timestamp(created_secs, TimestampStyle::ShortDateTime)
            }
            "discord_account_age" => discord_timestamp(created_secs, TimestampStyle::Relative),
            _ => return Ok(None),
        }))
    }

    /// The median first response time of the last `days` days (all time for `None`) in words,
    /// or that there is none yet.
    async fn response_words(
        &self,
        guild: GuildId,
        days: Option<i64>,
        locale: &Locale,
    ) -> Result<String, UseCaseError> {
        Ok(match self.median_first_response(guild, days).await? {
            Some(ms) => crate::activity::words::duration_words(self.catalog(), locale, ms),
            None => self.catalog().text(locale, "placeholder-no-responses", &[]),
        })
    }
}
