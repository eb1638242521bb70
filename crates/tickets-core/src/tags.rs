//! Tags: `/managetags add|delete|list`, `/tag <id>` (with suggestions), and the dashboard's
//! Tags page. Placeholders work in a tag's text and embed.

use crate::access::Caller;
use crate::placeholders::TicketFacts;
use crate::{Core, UseCaseError};
use tickets_model::ChannelId;
use tickets_model::embed::EmbedDraft;
use tickets_model::permissions::Capability;
use tickets_model::tag::{TagId, tag_content};
use tickets_model::values::{Problem, ValueError};
use tickets_store::StoreError;
use tickets_store::tags::TagRow;
use twilight_model::channel::message::Embed;
use twilight_model::util::Timestamp;
use twilight_util::builder::embed::{
    EmbedAuthorBuilder, EmbedBuilder, EmbedFieldBuilder, EmbedFooterBuilder, ImageSource,
};

/// Most suggestions Discord shows.
const MAX_SUGGESTIONS: usize = 25;

/// A tag ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedTag {
    /// The message text.
    pub content: Option<String>,
    /// The embed.
    pub embed: Option<Embed>,
}

impl Core {
    /// Creates a tag, or replaces it (`replace`): `/managetags add` and the Tags page. Only bot
    /// admins may. A tag needs a text or an embed.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`]; [`UseCaseError::Invalid`] for a bad id or text, a taken
    /// id, or a tag with nothing to send.
    pub async fn save_tag(
        &self,
        caller: &Caller,
        id: &str,
        content: &str,
        embed: Option<EmbedDraft>,
        replace: bool,
    ) -> Result<TagRow, UseCaseError> {
        self.authorize(caller, Capability::ManageTags).await?;
        let guild = caller.guild_id;
        let tag = TagRow {
            id: TagId::parse(id)?,
            content: tag_content(content)?,
            embed,
        };
        if tag.content.is_none() && tag.embed.is_none() {
            return Err(ValueError::Empty {
                field: "tag-content",
            }
            .into());
        }
        match self.db().tags().save(guild, &tag, replace).await {
            Err(StoreError::Conflict { .. }) => Err(ValueError::Invalid {
                field: "tag-id",
                problem: Problem::Taken,
            }
            .into()),
            other => {
                other?;
                tracing::info!(%guild, tag = tag.id.as_str(), "tag saved");
                Ok(tag)
            }
        }
    }

    /// Deletes a tag: `/managetags delete` and the Tags page. Only bot admins may.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::TagNotFound`], storage failures.
    pub async fn delete_tag(&self, caller: &Caller, id: &str) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManageTags).await?;
        let not_found = || UseCaseError::TagNotFound {
            id: id.trim().to_owned(),
        };
        let tag = TagId::parse(id).map_err(|_| not_found())?;
        if self.db().tags().delete(caller.guild_id, &tag).await? {
            Ok(())
        } else {
            Err(not_found())
        }
    }

    /// Every tag of the server, whole (the Tags page). Only bot admins may.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn tags(&self, caller: &Caller) -> Result<Vec<TagRow>, UseCaseError> {
        self.authorize(caller, Capability::ManageTags).await?;
        Ok(self.db().tags().list(caller.guild_id).await?)
    }

    /// One tag, whole (the tag's page). Only bot admins may.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::TagNotFound`], storage failures.
    pub async fn tag(&self, caller: &Caller, id: &str) -> Result<TagRow, UseCaseError> {
        self.authorize(caller, Capability::ManageTags).await?;
        let not_found = || UseCaseError::TagNotFound {
            id: id.trim().to_owned(),
        };
        let tag = TagId::parse(id).map_err(|_| not_found())?;
        self.db()
            .tags()
            .get(caller.guild_id, &tag)
            .await?
            .ok_or_else(not_found)
    }

    /// `/managetags list`: the server's tag ids, for staff.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn tag_list(&self, caller: &Caller) -> Result<Vec<TagId>, UseCaseError> {
        self.authorize(caller, Capability::UseTags).await?;
        Ok(self
            .db()
            .tags()
            .list(caller.guild_id)
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect())
    }

    /// Suggestions while typing a tag id: ids starting with the text first, then containing it.
    /// `serves` is what the command being typed lets one do (`/tag` uses tags, `/managetags
    /// delete` manages them): only those who may do that get any, so nobody is offered ids for a
    /// command they cannot run.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn suggest_tags(
        &self,
        caller: &Caller,
        serves: Capability,
        typed: &str,
    ) -> Result<Vec<String>, UseCaseError> {
        if !serves.allowed_at(self.level(caller).await?) {
            return Ok(Vec::new());
        }
        let typed = typed.trim().to_lowercase();
        let ids: Vec<String> = self
            .db()
            .tags()
            .list(caller.guild_id)
            .await?
            .into_iter()
            .map(|t| t.id.as_str().to_owned())
            .collect();
        let (mut first, rest): (Vec<String>, Vec<String>) =
            ids.into_iter().partition(|id| id.starts_with(&typed));
        first.extend(rest.into_iter().filter(|id| id.contains(&typed)));
        first.truncate(MAX_SUGGESTIONS);
        Ok(first)
    }

    /// `/tag <id>`: the tag with its placeholders filled for this channel's ticket (or for the
    /// caller outside tickets). Staff only.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::TagNotFound`], storage and Discord
    /// failures.
    pub async fn render_tag(
        &self,
        caller: &Caller,
        channel: ChannelId,
        id: &str,
    ) -> Result<RenderedTag, UseCaseError> {
        self.authorize(caller, Capability::UseTags).await?;
        let guild = caller.guild_id;
        let not_found = || UseCaseError::TagNotFound {
            id: id.trim().to_owned(),
        };
        let tag_id = TagId::parse(id).map_err(|_| not_found())?;
        let tag = self
            .db()
            .tags()
            .get(guild, &tag_id)
            .await?
            .ok_or_else(not_found)?;
        let settings = self.db().settings().get(guild).await?;
        let locale = self.catalog().resolve(settings.language.as_deref(), None);
        let ticket = self.db().tickets().get_by_channel(guild, channel).await?;
        let (user, number) = ticket
            .as_ref()
            .map_or((caller.user_id, 0), |t| (t.opener_id, t.number));
        let uses_name = tag.content.iter().any(|c| c.contains("%username%"))
            || tag.embed.as_ref().is_some_and(|e| {
                serde_json::to_string(e)
                    .unwrap_or_default()
                    .contains("%username%")
            });
        let name = if uses_name {
            let request = self.discord().http().guild_member(guild, user);
            match self
                .discord()
                .model::<twilight_model::guild::Member, _>("get_guild_member", request)
                .await
            {
                Ok(member) => member.user.name,
                Err(_) => user.to_string(),
            }
        } else {
            String::new()
        };
        let facts = TicketFacts {
            guild_id: guild,
            opener: user,
            opener_name: &name,
            number,
            channel_id: channel,
            ticket_limit: settings.ticket_limit,
            claimed_by: ticket.as_ref().and_then(|t| t.claimed_by),
        };
        let fill = |text: String, max: usize| {
            let facts = facts.clone();
            let locale = locale.clone();
            async move { self.render_placeholders(&text, &facts, &locale, max).await }
        };
        let content = match tag.content {
            Some(text) => Some(fill(text, 2000).await?),
            None => None,
        };
        let embed = match tag.embed {
            Some(mut draft) => {
                use tickets_model::embed::limits;
                if let Some(text) = draft.title.take() {
                    draft.title = Some(fill(text, limits::TITLE).await?);
                }
                if let Some(text) = draft.description.take() {
                    draft.description = Some(fill(text, limits::DESCRIPTION).await?);
                }
                if let Some(text) = draft.footer_text.take() {
                    draft.footer_text = Some(fill(text, limits::FOOTER).await?);
                }
                for field in &mut draft.fields {
                    field.value =
                        fill(std::mem::take(&mut field.value), limits::FIELD_VALUE).await?;
                }
                Some(embed_of(&draft))
            }
            None => None,
        };
        Ok(RenderedTag { content, embed })
    }
}

/// A checked embed as Discord takes it.
#[must_use]
pub fn embed_of(draft: &EmbedDraft) -> Embed {
    let mut embed = EmbedBuilder::new();
    if let Some(colour) = draft.colour {
        embed = embed.color(colour);
    }
    if let Some(title) = &draft.title {
        embed = embed.title(title.clone());
    }
    if let Some(url) = &draft.title_url {
        embed = embed.url(url.clone());
    }
    if let Some(description) = &draft.description {
        embed = embed.description(description.clone());
    }
    if let Some(name) = &draft.author_name {
        let mut author = EmbedAuthorBuilder::new(name.clone());
        if let Some(icon) = draft
            .author_icon_url
            .as_deref()
            .and_then(|u| ImageSource::url(u).ok())
        {
            author = author.icon_url(icon);
        }
        if let Some(url) = &draft.author_url {
            author = author.url(url.clone());
        }
        embed = embed.author(author.build());
    }
    if let Some(image) = draft
        .image_url
        .as_deref()
        .and_then(|u| ImageSource::url(u).ok())
    {
        embed = embed.image(image);
    }
    if let Some(image) = draft
        .thumbnail_url
        .as_deref()
        .and_then(|u| ImageSource::url(u).ok())
    {
        embed = embed.thumbnail(image);
    }
    if let Some(text) = &draft.footer_text {
        let mut footer = EmbedFooterBuilder::new(text.clone());
        if let Some(icon) = draft
            .footer_icon_url
            .as_deref()
            .and_then(|u| ImageSource::url(u).ok())
        {
            footer = footer.icon_url(icon);
        }
        embed = embed.footer(footer.build());
    }
    if let Some(at) = draft
        .timestamp
        .and_then(|secs| Timestamp::from_secs(secs).ok())
    {
        embed = embed.timestamp(at);
    }
    for field in &draft.fields {
        let mut built = EmbedFieldBuilder::new(field.name.clone(), field.value.clone());
        if field.inline {
            built = built.inline();
        }
        embed = embed.field(built);
    }
    embed.build()
}
