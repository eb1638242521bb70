//! Control calls thread mode needs: a user archiving or locking a ticket's thread, a role
//! deleted by the server's staff, and the guild's active-thread limit lowered for a test.

use serde_json::{Value, json};

use super::SimClient;

impl SimClient {
    /// As `user`, archives or unarchives (`archived`) and locks or unlocks (`locked`) a thread,
    /// with Discord's rules for who may; answers the thread. Panics when the simulator refuses.
    pub async fn act_thread(
        &self,
        thread: &str,
        user: &str,
        archived: Option<bool>,
        locked: Option<bool>,
    ) -> Value {
        let body =
            json!({"channel_id": thread, "user_id": user, "archived": archived, "locked": locked});
        self.post("/_sim/act/thread", &body).await["thread"].take()
    }

    /// Deletes a role as the server's staff would (GUILD_ROLE_DELETE; its members lose it).
    pub async fn delete_role(&self, guild: &str, role: &str) {
        self.send(
            self.http
                .delete(format!("{}/_sim/guilds/{guild}/roles/{role}", self.base)),
        )
        .await;
    }

    /// Sets how many active threads a guild may hold (Discord: 1000), so a test reaches the
    /// limit with a few tickets.
    pub async fn set_active_threads_limit(&self, limit: usize) {
        let body = json!({"active_threads": limit});
        self.send(
            self.http
                .patch(format!("{}/_sim/limits", self.base))
                .json(&body),
        )
        .await;
    }
}
