//! `/add` and `/remove` in a thread ticket: a thread has no permission overwrites, only members.
//! A member is added or removed directly; a role is pinged in (Discord then adds those of its
//! members who can see the channel), and removing it takes out the thread's members who hold it.

use crate::{Core, DiscordFailure, UseCaseError};
use tickets_model::staff::MemberOrRole;
use tickets_model::{ChannelId, UserId};
use twilight_model::channel::message::AllowedMentions;
use twilight_model::channel::thread::ThreadMember;

impl Core {
    /// Brings `who` into the ticket's thread.
    pub(crate) async fn add_to_thread(
        &self,
        thread: ChannelId,
        who: MemberOrRole,
    ) -> Result<(), UseCaseError> {
        let http = self.discord().http();
        match who {
            MemberOrRole::User(user) => {
                let add = http.add_thread_member(thread, user);
                self.discord().call("add_thread_member", add).await?;
            }
            MemberOrRole::Role(role) => {
                let allowed = AllowedMentions {
                    roles: vec![role],
                    ..AllowedMentions::default()
                };
                let content = format!("<@&{role}>");
                let ping = http
                    .create_message(thread)
                    .content(&content)
                    .allowed_mentions(Some(&allowed));
                self.discord().call("create_message", ping).await?;
            }
        }
        Ok(())
    }

    /// Takes `who` out of the ticket's thread, never its opener.
    pub(crate) async fn remove_from_thread(
        &self,
        thread: ChannelId,
        opener: UserId,
        who: MemberOrRole,
    ) -> Result<(), UseCaseError> {
        let users: Vec<UserId> = match who {
            MemberOrRole::User(user) => vec![user],
            MemberOrRole::Role(role) => {
                let request = self
                    .discord()
                    .http()
                    .thread_members(thread)
                    .with_member(true);
                let members: Vec<ThreadMember> = self
                    .discord()
                    .models("list_thread_members", request)
                    .await?;
                members
                    .into_iter()
                    .filter(|m| m.member.as_ref().is_some_and(|g| g.roles.contains(&role)))
                    .filter_map(|m| m.user_id)
                    .collect()
            }
        };
        for user in users.into_iter().filter(|user| *user != opener) {
            let remove = self.discord().http().remove_thread_member(thread, user);
            match self.discord().call("remove_thread_member", remove).await {
                Ok(_) => {}
                // Not in the thread (left, or never joined): out already.
                Err(error) if error.failure() == DiscordFailure::Unknown => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(())
    }
}
