//! Changes to roles after they exist: giving a role to a member or taking it back, editing and
//! deleting roles, each publishing the dispatch Discord sends. Who may do it is checked by the
//! callers (REST: Manage Roles and the role hierarchy).

use serde_json::json;

use super::model::Role;
use super::render;
use super::world::World;
use crate::errors::ApiError;

impl World {
    /// Adds a role just above @everyone, where Discord puts a role created through the API
    /// (the others move up one), and publishes GUILD_ROLE_CREATE.
    ///
    /// # Errors
    ///
    /// 10004 for an unknown guild.
    pub fn add_role_at_bottom(&mut self, guild_id: u64, mut role: Role) -> Result<u64, ApiError> {
        if role.id == 0 {
            role.id = self.next_id();
        }
        let guild = self.guild_mut(guild_id)?;
        for other in guild.roles.values_mut() {
            if other.id != guild_id {
                other.position += 1;
            }
        }
        role.position = 1;
        let id = role.id;
        let payload = json!({"guild_id": guild_id.to_string(), "role": render::role(&role)});
        guild.roles.insert(id, role);
        self.publish_guild(guild_id, "GUILD_ROLE_CREATE", payload);
        Ok(id)
    }

    /// The position of a member's highest role (0 for @everyone only); the owner is above all.
    #[must_use]
    pub fn highest_role_position(&self, guild_id: u64, user_id: u64) -> i64 {
        let Some(guild) = self.guilds.get(&guild_id) else {
            return 0;
        };
        if guild.owner_id == user_id {
            return i64::MAX;
        }
        guild.members.get(&user_id).map_or(0, |member| {
            member
                .roles
                .iter()
                .filter_map(|r| guild.roles.get(r))
                .map(|r| r.position)
                .max()
                .unwrap_or(0)
        })
    }

    /// Gives a member a role or takes it away; GUILD_MEMBER_UPDATE when that changed anything.
    ///
    /// # Errors
    ///
    /// 10004, 10007 for a user who is not a member, 10011 for an unknown role or @everyone.
    pub fn set_member_role(
        &mut self,
        guild_id: u64,
        user_id: u64,
        role_id: u64,
        give: bool,
    ) -> Result<(), ApiError> {
        let guild = self.guild(guild_id)?;
        if role_id == guild_id || !guild.roles.contains_key(&role_id) {
            return Err(ApiError::unknown_role());
        }
        let mut roles = self.member(guild_id, user_id)?.roles.clone();
        let had = roles.contains(&role_id);
        if give == had {
            return Ok(());
        }
        if give {
            roles.push(role_id);
        } else {
            roles.retain(|r| *r != role_id);
        }
        self.put_member(guild_id, user_id, Some(roles), None)?;
        Ok(())
    }

    /// Replaces a role's editable fields (name, permissions, colour, hoist, mentionable) with
    /// `edit`'s, publishing GUILD_ROLE_UPDATE.
    ///
    /// # Errors
    ///
    /// 10004, 10011.
    pub fn update_role(
        &mut self,
        guild_id: u64,
        role_id: u64,
        edit: impl FnOnce(&mut Role),
    ) -> Result<Role, ApiError> {
        let guild = self.guild_mut(guild_id)?;
        let role = guild
            .roles
            .get_mut(&role_id)
            .ok_or_else(ApiError::unknown_role)?;
        edit(role);
        let role = role.clone();
        self.publish_guild(
            guild_id,
            "GUILD_ROLE_UPDATE",
            json!({"guild_id": guild_id.to_string(), "role": render::role(&role)}),
        );
        Ok(role)
    }

    /// Deletes a role: members lose it and channels lose its overwrites, as on Discord;
    /// GUILD_ROLE_DELETE.
    ///
    /// # Errors
    ///
    /// 10004, 10011 for an unknown role or @everyone (which cannot be deleted).
    pub fn delete_role(&mut self, guild_id: u64, role_id: u64) -> Result<(), ApiError> {
        let guild = self.guild_mut(guild_id)?;
        if role_id == guild_id || guild.roles.remove(&role_id).is_none() {
            return Err(ApiError::unknown_role());
        }
        for member in guild.members.values_mut() {
            member.roles.retain(|r| *r != role_id);
        }
        for channel in self.channels.values_mut() {
            if channel.guild_id == Some(guild_id) {
                channel
                    .overwrites
                    .retain(|o| !(o.kind == 0 && o.id == role_id));
            }
        }
        self.publish_guild(
            guild_id,
            "GUILD_ROLE_DELETE",
            json!({"guild_id": guild_id.to_string(), "role_id": role_id.to_string()}),
        );
        Ok(())
    }
}
