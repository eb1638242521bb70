//! Changes to the world made by the control API and scenarios (users, guilds, roles, members,
//! bot installations), each publishing the dispatches Discord would send.

use ed25519_dalek::SigningKey;
use rand::Rng;
use rand::distributions::Alphanumeric;
use serde_json::{Value, json};

use super::model::{Application, Channel, Guild, Member, Role, User};
use super::render;
use super::world::World;
use crate::dispatch::Audience;
use crate::errors::ApiError;

/// A random string of letters and digits.
#[must_use]
pub fn random_text(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// A token shaped like Discord's: base64 of the user id, a timestamp part and an HMAC part.
#[must_use]
pub fn bot_token(bot_user_id: u64) -> String {
    use base64::Engine as _;
    let id = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bot_user_id.to_string());
    format!("{id}.{}.{}", random_text(6), random_text(38))
}

/// What an application is made from.
#[derive(Debug, Clone, Default)]
pub struct NewApplication {
    pub name: String,
    pub id: Option<u64>,
    pub bot_username: Option<String>,
    pub bot_user_id: Option<u64>,
    pub token: Option<String>,
    pub signing_key: Option<SigningKey>,
    pub client_secret: Option<String>,
    pub redirect_uris: Vec<String>,
    pub flags: u64,
}

impl World {
    /// Adds a user and returns its id.
    pub fn add_user(
        &mut self,
        username: &str,
        global_name: Option<String>,
        id: Option<u64>,
        bot: bool,
        locale: Option<String>,
    ) -> u64 {
        let id = id.unwrap_or_else(|| self.next_id());
        self.users.insert(
            id,
            User {
                id,
                username: username.to_owned(),
                global_name,
                bot,
                locale: locale.unwrap_or_else(|| "en-US".to_owned()),
                accepts_dms: true,
            },
        );
        id
    }

    /// Adds an application with its bot user; missing secrets are generated at random.
    pub fn add_application(&mut self, new: NewApplication) -> u64 {
        let id = new.id.unwrap_or_else(|| self.next_id());
        let bot_username = new.bot_username.clone().unwrap_or_else(|| new.name.clone());
        let bot_user_id = self.add_user(&bot_username, None, new.bot_user_id, true, None);
        let signing_key = new
            .signing_key
            .unwrap_or_else(|| SigningKey::generate(&mut rand::rngs::OsRng));
        self.applications.insert(
            id,
            Application {
                id,
                name: new.name,
                bot_user_id,
                token: new.token.unwrap_or_else(|| bot_token(bot_user_id)),
                signing_key,
                client_secret: new.client_secret.unwrap_or_else(|| random_text(32)),
                interactions_endpoint_url: None,
                flags: new.flags,
                redirect_uris: new.redirect_uris,
                commands: Vec::new(),
            },
        );
        id
    }

    /// Adds a guild owned by `owner_id`; the @everyone role gets the guild's id.
    ///
    /// # Errors
    ///
    /// 10013 when the owner does not exist.
    pub fn add_guild(
        &mut self,
        name: &str,
        owner_id: u64,
        id: Option<u64>,
        everyone_permissions: u64,
        preferred_locale: Option<String>,
    ) -> Result<u64, ApiError> {
        let now_iso = self.ids.iso_now();
        self.user(owner_id)?;
        let id = id.unwrap_or_else(|| self.next_id());
        let mut guild = Guild {
            id,
            name: name.to_owned(),
            owner_id,
            preferred_locale: preferred_locale.unwrap_or_else(|| "en-US".to_owned()),
            roles: Default::default(),
            members: Default::default(),
            commands: Default::default(),
        };
        guild.roles.insert(
            id,
            Role {
                id,
                name: "@everyone".to_owned(),
                permissions: everyone_permissions,
                position: 0,
                color: 0,
                hoist: false,
                mentionable: false,
                bot_id: None,
            },
        );
        guild.members.insert(
            owner_id,
            Member {
                user_id: owner_id,
                roles: Vec::new(),
                nick: None,
                joined_at: now_iso.clone(),
            },
        );
        self.guilds.insert(id, guild);
        Ok(id)
    }

    /// Adds a role at the top of the guild's hierarchy (below managed bot roles' order is not
    /// modelled) and publishes GUILD_ROLE_CREATE.
    ///
    /// # Errors
    ///
    /// 10004 for an unknown guild.
    pub fn add_role(&mut self, guild_id: u64, mut role: Role) -> Result<u64, ApiError> {
        if role.id == 0 {
            role.id = self.next_id();
        }
        let guild = self.guild_mut(guild_id)?;
        role.position = guild.roles.values().map(|r| r.position).max().unwrap_or(0) + 1;
        let id = role.id;
        let payload = json!({"guild_id": guild_id.to_string(), "role": render::role(&role)});
        guild.roles.insert(id, role);
        self.publish_guild(guild_id, "GUILD_ROLE_CREATE", payload);
        Ok(id)
    }

    /// Adds a member or changes one (`None` leaves a field as it is), publishing
    /// GUILD_MEMBER_ADD or GUILD_MEMBER_UPDATE.
    ///
    /// # Errors
    ///
    /// 10004, 10013, or 10011 for a role not in the guild.
    pub fn put_member(
        &mut self,
        guild_id: u64,
        user_id: u64,
        roles: Option<Vec<u64>>,
        nick: Option<Option<String>>,
    ) -> Result<Value, ApiError> {
        let now_iso = self.ids.iso_now();
        self.user(user_id)?;
        let guild = self.guild_mut(guild_id)?;
        if let Some(roles) = &roles
            && roles
                .iter()
                .any(|r| !guild.roles.contains_key(r) || *r == guild_id)
        {
            return Err(ApiError::unknown_role());
        }
        let added = !guild.members.contains_key(&user_id);
        let member = guild.members.entry(user_id).or_insert_with(|| Member {
            user_id,
            roles: Vec::new(),
            nick: None,
            joined_at: now_iso.clone(),
        });
        if let Some(roles) = roles {
            member.roles = roles;
        }
        if let Some(nick) = nick {
            member.nick = nick;
        }
        let member = member.clone();
        let mut payload = render::member(self, &member);
        payload["guild_id"] = json!(guild_id.to_string());
        let event = if added {
            "GUILD_MEMBER_ADD"
        } else {
            "GUILD_MEMBER_UPDATE"
        };
        self.publish_guild(guild_id, event, payload.clone());
        Ok(payload)
    }

    /// Removes a member, publishing GUILD_MEMBER_REMOVE (and GUILD_DELETE to a bot removed).
    ///
    /// # Errors
    ///
    /// 10004, or 10007 when the user is not a member.
    pub fn remove_member(&mut self, guild_id: u64, user_id: u64) -> Result<(), ApiError> {
        let guild = self.guild_mut(guild_id)?;
        if guild.owner_id == user_id {
            return Err(ApiError::missing_permissions());
        }
        guild
            .members
            .remove(&user_id)
            .ok_or_else(ApiError::unknown_member)?;
        let user = render::user_by_id(self, user_id);
        self.publish_guild(
            guild_id,
            "GUILD_MEMBER_REMOVE",
            json!({"guild_id": guild_id.to_string(), "user": user}),
        );
        for channel in self.channels.values_mut() {
            if channel.guild_id == Some(guild_id)
                && let Some(thread) = &mut channel.thread
            {
                thread.members.remove(&user_id);
            }
        }
        if let Some(app) = self.application_of_bot(user_id).map(|a| a.id) {
            self.publish(
                Audience::Application {
                    application_id: app,
                    guild_id: Some(guild_id),
                },
                "GUILD_DELETE",
                json!({"id": guild_id.to_string()}),
            );
        }
        Ok(())
    }

    /// Stores a channel and publishes CHANNEL_CREATE, or THREAD_CREATE for a thread to the bots
    /// that can see it (see [`World::publish_thread_create`]).
    pub fn insert_channel(&mut self, channel: Channel) -> Value {
        let mut payload = render::channel(self, &channel);
        let (id, guild_id, thread) = (channel.id, channel.guild_id, channel.thread.is_some());
        self.channels.insert(channel.id, channel);
        match guild_id {
            Some(_) if thread => self.publish_thread_create(id),
            Some(guild_id) => self.publish_guild(guild_id, "CHANNEL_CREATE", payload.clone()),
            None => {}
        }
        if payload.is_null() {
            payload = json!({});
        }
        payload
    }

    /// Joins an application's bot to a guild with a managed role holding `permissions`, as the
    /// OAuth2 bot flow does; the bot receives GUILD_CREATE. Joining again updates the role.
    ///
    /// # Errors
    ///
    /// 10002 for an unknown application, 10004 for an unknown guild.
    pub fn install_bot(
        &mut self,
        guild_id: u64,
        application_id: u64,
        permissions: u64,
    ) -> Result<(), ApiError> {
        let now_iso = self.ids.iso_now();
        let app = self.application(application_id)?;
        let (bot_user_id, name) = (app.bot_user_id, app.name.clone());
        let guild = self.guild(guild_id)?;
        let existing = guild
            .roles
            .values()
            .find(|r| r.bot_id == Some(bot_user_id))
            .map(|r| r.id);
        let role_id = if let Some(role_id) = existing {
            let guild = self.guild_mut(guild_id)?;
            if let Some(role) = guild.roles.get_mut(&role_id) {
                role.permissions = permissions;
                let payload = json!({"guild_id": guild_id.to_string(), "role": render::role(role)});
                self.publish_guild(guild_id, "GUILD_ROLE_UPDATE", payload);
            }
            role_id
        } else {
            self.add_role(
                guild_id,
                Role {
                    id: 0,
                    name,
                    permissions,
                    position: 0,
                    color: 0,
                    hoist: false,
                    mentionable: false,
                    bot_id: Some(bot_user_id),
                },
            )?
        };
        let joined = !self.guild(guild_id)?.members.contains_key(&bot_user_id);
        let guild = self.guild_mut(guild_id)?;
        let member = guild.members.entry(bot_user_id).or_insert_with(|| Member {
            user_id: bot_user_id,
            roles: Vec::new(),
            nick: None,
            joined_at: now_iso.clone(),
        });
        if !member.roles.contains(&role_id) {
            member.roles.push(role_id);
        }
        if joined {
            let guild = self.guild(guild_id)?;
            let payload = render::guild_create(self, guild, application_id);
            self.publish(
                Audience::Application {
                    application_id,
                    guild_id: Some(guild_id),
                },
                "GUILD_CREATE",
                payload,
            );
            let member = self.member(guild_id, bot_user_id)?.clone();
            let mut payload = render::member(self, &member);
            payload["guild_id"] = json!(guild_id.to_string());
            self.publish_guild(guild_id, "GUILD_MEMBER_ADD", payload);
        }
        Ok(())
    }
}
