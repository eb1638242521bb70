//! The gateway: one task per shard, forwarding interactions to the router, keeping the guild
//! records (owner, name) that permission checks need and handing the core's cache the facts it
//! keeps (roles, channels).

use crate::commands::{self, CommandScope};
use crate::reply::Reply;
use crate::router::Router;
use std::sync::Arc;
use std::time::Instant;
use tickets_core::DiscordError;
use tickets_core::cache::Observed;
use tickets_core::ticket_view::SeenMessage;
use tokio::sync::watch;
use twilight_gateway::{
    CloseFrame, ConfigBuilder, Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt,
};
use twilight_model::gateway::payload::incoming::GuildCreate;

/// Only what the features use: guild events (guild records, deleted channels) and message events
/// (to notice a deleted panel message, and for the dashboard's live ticket view). Interactions
/// need no intent.
pub const INTENTS: Intents = Intents::GUILDS.union(Intents::GUILD_MESSAGES);

/// [`intents`], plus the privileged Server Members intent when the operator turned it on in the
/// configuration (Discord refuses the connection when it is not also enabled in the developer
/// portal): closing a ticket when its opener leaves needs GUILD_MEMBER_REMOVE.
#[must_use]
pub fn intents_with_members(message_content: bool, members: bool) -> Intents {
    let intents = intents(message_content);
    if members {
        intents.union(Intents::GUILD_MEMBERS)
    } else {
        intents
    }
}

/// The intents to identify with: [`INTENTS`], and message content when the application has it.
/// Transcripts keep members' messages, which Discord sends empty without the Message Content
/// intent; but that intent is privileged, and asking for it without it being enabled in the
/// developer portal makes Discord refuse the connection (close code 4014). So it is asked for only
/// when granted, and its absence is said once, loudly, rather than stopping the bot.
#[must_use]
pub fn intents(message_content: bool) -> Intents {
    if message_content {
        INTENTS.union(Intents::MESSAGE_CONTENT)
    } else {
        tracing::warn!(
            "the Message Content intent is off for this application (Discord developer portal, \
             Bot, Privileged Gateway Intents): transcripts will say that Discord withheld the \
             text, files and embeds of members' messages"
        );
        INTENTS
    }
}

/// How long a shard waits for its close frame to go out when stopping.
const CLOSE_WITHIN: std::time::Duration = std::time::Duration::from_secs(2);

/// How to reach the gateway.
#[derive(Debug, Clone)]
pub struct GatewaySettings {
    /// The bot token.
    pub token: String,
    /// Another gateway than Discord's (the simulator), e.g. `ws://127.0.0.1:8090/gateway`.
    pub url: Option<String>,
    /// Where the commands are registered.
    pub command_scope: CommandScope,
    /// The intents to identify with (see [`intents`]).
    pub intents: Intents,
}

/// Connects every shard Discord recommends and runs them until `shutdown` turns true.
///
/// # Errors
///
/// Discord refusing to tell the shard count (a bad token, usually).
pub async fn run(
    router: Router,
    settings: GatewaySettings,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), DiscordError> {
    let core = router.core().clone();
    let info = core
        .discord()
        .model("get_gateway_bot", core.discord().http().gateway().authed())
        .await?;
    let total = info.shards.max(1);
    // The configured URL wins; otherwise the one Discord (or the simulator) recommends.
    let url = settings.url.clone().unwrap_or(info.url);
    let config = ConfigBuilder::new(settings.token.clone(), settings.intents)
        .proxy_url(url.trim_end_matches('/').to_owned())
        .build();
    let mut tasks = Vec::new();
    for index in 0..total {
        let shard = Shard::with_config(ShardId::new(index, total), config.clone());
        tasks.push(tokio::spawn(run_shard(
            shard,
            router.clone(),
            settings.command_scope,
            shutdown.clone(),
        )));
    }
    tracing::info!(shards = total, "gateway connected");
    stopped(&mut shutdown).await;
    for task in tasks {
        let _ = task.await;
    }
    Ok(())
}

/// Resolves once `shutdown` turns true (or its sender is gone).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    // `wait_for` holds a lock guard across the await, which would make the shard task !Send.
    while !*shutdown.borrow_and_update() {
        if shutdown.changed().await.is_err() {
            return;
        }
    }
}

async fn run_shard(
    mut shard: Shard,
    router: Router,
    scope: CommandScope,
    mut shutdown: watch::Receiver<bool>,
) {
    let wanted = EventTypeFlags::INTERACTION_CREATE
        | EventTypeFlags::GUILD_CREATE
        | EventTypeFlags::GUILD_UPDATE
        | EventTypeFlags::GUILD_DELETE
        | EventTypeFlags::ROLE_CREATE
        | EventTypeFlags::ROLE_UPDATE
        | EventTypeFlags::ROLE_DELETE
        | EventTypeFlags::CHANNEL_CREATE
        | EventTypeFlags::CHANNEL_UPDATE
        | EventTypeFlags::CHANNEL_DELETE
        // A deleted thread ticket stops counting against its opener, as a deleted channel does.
        | EventTypeFlags::THREAD_DELETE
        // New and edited messages feed the dashboard's live ticket views.
        | EventTypeFlags::MESSAGE_CREATE
        | EventTypeFlags::MESSAGE_UPDATE
        | EventTypeFlags::MESSAGE_DELETE
        | EventTypeFlags::MESSAGE_DELETE_BULK
        // A ticket may close when its opener leaves (with the Server Members intent only).
        | EventTypeFlags::MEMBER_REMOVE
        | EventTypeFlags::READY;
    loop {
        let item = tokio::select! {
            item = shard.next_event(wanted) => item,
            _ = stopped(&mut shutdown) => {
                shard.close(CloseFrame::NORMAL);
                // Let twilight send the close frame before the task ends, but not for long: with
                // the gateway unreachable the shard would keep reconnecting instead of closing.
                let closed = async {
                    while let Some(item) = shard.next_event(EventTypeFlags::empty()).await {
                        if let Ok(Event::GatewayClose(_)) = item {
                            break;
                        }
                    }
                };
                if tokio::time::timeout(CLOSE_WITHIN, closed).await.is_err() {
                    tracing::info!(shard = %shard.id(), "gateway did not confirm the close; leaving");
                }
                return;
            }
        };
        let Some(item) = item else { return };
        let event = match item {
            Ok(event) => event,
            Err(error) => {
                tracing::warn!(%error, shard = %shard.id(), "gateway receive error");
                continue;
            }
        };
        match event {
            Event::InteractionCreate(interaction) => {
                let received = Instant::now();
                let interaction = interaction.0;
                let reply = Reply::over_rest(router.core().clone(), &interaction, received);
                let router = router.clone();
                tokio::spawn(async move { router.handle(interaction, reply).await });
            }
            Event::GuildCreate(guild) => {
                if let GuildCreate::Available(guild) = *guild {
                    router.core().observe(Observed::GuildAvailable(&guild));
                    let core = router.core().clone();
                    tokio::spawn(async move {
                        if let Err(error) =
                            core.guild_seen(guild.id, &guild.name, guild.owner_id).await
                        {
                            tracing::warn!(%error, guild = %guild.id, "could not record a guild");
                        }
                        let existing = guild.channels.iter().map(|c| c.id).collect();
                        if let Err(error) =
                            core.reconcile_ticket_channels(guild.id, &existing).await
                        {
                            tracing::warn!(%error, guild = %guild.id, "could not reconcile ticket channels");
                        }
                        if scope == CommandScope::PerGuild
                            && let Err(error) = commands::register_in_guild(&core, guild.id).await
                        {
                            tracing::warn!(%error, guild = %guild.id, "could not register commands");
                        }
                    });
                }
            }
            Event::GuildUpdate(guild) => {
                router.core().observe(Observed::GuildChanged(&guild));
                let core = router.core().clone();
                tokio::spawn(async move {
                    if let Err(error) = core.guild_seen(guild.id, &guild.name, guild.owner_id).await
                    {
                        tracing::warn!(%error, guild = %guild.id, "could not record a guild");
                    }
                });
            }
            Event::GuildDelete(gone) => router.core().observe(Observed::GuildGone {
                guild: gone.id,
                outage: gone.unavailable == Some(true),
            }),
            Event::RoleCreate(created) => router
                .core()
                .observe(Observed::RoleChanged(created.guild_id, &created.role)),
            Event::RoleUpdate(updated) => router
                .core()
                .observe(Observed::RoleChanged(updated.guild_id, &updated.role)),
            Event::RoleDelete(deleted) => router
                .core()
                .observe(Observed::RoleGone(deleted.guild_id, deleted.role_id)),
            Event::ChannelCreate(channel) => {
                router.core().observe(Observed::ChannelChanged(&channel))
            }
            Event::ChannelUpdate(channel) => {
                router.core().observe(Observed::ChannelChanged(&channel))
            }
            Event::ChannelDelete(channel) => {
                if let Some(guild) = channel.guild_id {
                    router
                        .core()
                        .observe(Observed::ChannelGone(guild, channel.id));
                    let core = router.core().clone();
                    let channel = channel.id;
                    tokio::spawn(async move {
                        if let Err(error) = core.ticket_channel_deleted(guild, channel).await {
                            tracing::warn!(%error, %channel, "could not record a deleted ticket channel");
                        }
                    });
                }
            }
            Event::ThreadDelete(thread) => {
                let core = router.core().clone();
                let (guild, channel) = (thread.guild_id, thread.id);
                tokio::spawn(async move {
                    if let Err(error) = core.ticket_channel_deleted(guild, channel).await {
                        tracing::warn!(%error, %channel, "could not record a deleted ticket thread");
                    }
                });
            }
            Event::MessageCreate(created) if created.guild_id.is_some() => {
                let message = Arc::new(created.message);
                let core = router.core().clone();
                let posted = Arc::clone(&message);
                tokio::spawn(async move {
                    if let Err(error) = core.message_posted(&posted).await {
                        tracing::warn!(%error, channel = %posted.channel_id, "could not record a ticket message");
                    }
                });
                router.core().message_seen(SeenMessage::Created(message));
            }
            Event::MessageUpdate(updated) if updated.guild_id.is_some() => router
                .core()
                .message_seen(SeenMessage::Edited(Arc::new((*updated).0))),
            Event::MessageDelete(deleted) => {
                if let Some(guild) = deleted.guild_id {
                    router.core().message_seen(SeenMessage::Deleted {
                        channel: deleted.channel_id,
                        message: deleted.id,
                    });
                    forget_messages(router.core(), guild, vec![deleted.id]);
                }
            }
            Event::MessageDeleteBulk(deleted) => {
                if let Some(guild) = deleted.guild_id {
                    forget_messages(router.core(), guild, deleted.ids);
                }
            }
            // Only with the Server Members intent, which the operator turns on.
            Event::MemberRemove(left) => {
                let core = router.core().clone();
                tokio::spawn(async move {
                    if let Err(error) = core.opener_left(left.guild_id, left.user.id).await {
                        tracing::warn!(%error, guild = %left.guild_id, "could not close the tickets of a member who left");
                    }
                });
            }
            Event::Ready(ready) => {
                tracing::info!(shard = %shard.id(), guilds = ready.guilds.len(), "shard ready");
            }
            _ => {}
        }
    }
}

/// Lets panels forget messages deleted in Discord, off the event loop.
fn forget_messages(
    core: &tickets_core::Core,
    guild: tickets_model::GuildId,
    messages: Vec<tickets_model::MessageId>,
) {
    let core = core.clone();
    tokio::spawn(async move {
        for message in messages {
            if let Err(error) = core.message_deleted(guild, message).await {
                tracing::warn!(%error, %message, "could not record a deleted message");
            }
        }
    });
}
