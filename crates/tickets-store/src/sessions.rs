//! Dashboard logins: sessions (keyed by the hash of their cookie) and OAuth2 states.

use crate::{Database, StoreError, col, db_id, id_col};
use tickets_model::{GuildId, UserId};

/// How long an OAuth2 login may take between leaving for Discord and coming back.
pub const OAUTH_STATE_LIFETIME_MS: i64 = 10 * 60 * 1000;

/// A session to store.
///
/// The access token, when kept, is a credential: callers should encrypt it before it gets here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// SHA-256 (hex) of the cookie value; the cookie itself is never stored.
    pub id_hash: String,
    /// Who logged in.
    pub user_id: UserId,
    /// Their display name, for the page header.
    pub username: String,
    /// Their avatar hash.
    pub avatar: Option<String>,
    /// Discord's OAuth2 access token, if the dashboard needs to call Discord as the user later.
    pub access_token: Option<String>,
    /// The servers the user owns, as Discord listed them at login.
    pub owned_guilds: Vec<GuildId>,
    /// The servers the user is a member of (owned ones included).
    pub member_guilds: Vec<GuildId>,
    /// When it began (Unix milliseconds).
    pub created_at: i64,
    /// When it stops being valid (Unix milliseconds).
    pub expires_at: i64,
}

/// A stored session; the same fields as [`NewSession`].
pub type SessionRow = NewSession;

/// The session repository; see [`Database::sessions`].
#[derive(Debug, Clone, Copy)]
pub struct Sessions<'a> {
    pub(crate) db: &'a Database,
}

impl Sessions<'_> {
    /// Stores a session with its list of servers.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] on `id_hash` for a session id in use, and storage failures.
    pub async fn create(self, session: &NewSession) -> Result<(), StoreError> {
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "INSERT INTO web_sessions \
             (id_hash, user_id, username, avatar, access_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&session.id_hash)
        .bind(db_id(session.user_id))
        .bind(&session.username)
        .bind(session.avatar.as_deref())
        .bind(session.access_token.as_deref())
        .bind(session.created_at)
        .bind(session.expires_at)
        .execute(&mut *tx)
        .await?;
        let owned = session.owned_guilds.iter().map(|g| (g, "owner"));
        let members = session
            .member_guilds
            .iter()
            .filter(|g| !session.owned_guilds.contains(g))
            .map(|g| (g, "member"));
        for (guild, role) in owned.chain(members) {
            // ON CONFLICT: Discord should not list a server twice, but a duplicate must not
            // cost the user their login.
            sqlx::query(
                "INSERT INTO web_session_guilds (id_hash, guild_id, role) VALUES ($1, $2, $3) \
                 ON CONFLICT (id_hash, guild_id) DO NOTHING",
            )
            .bind(&session.id_hash)
            .bind(db_id(*guild))
            .bind(role)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The session with this id hash, if it exists and `now` (Unix milliseconds) is before its
    /// expiry.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn get(self, id_hash: &str, now: i64) -> Result<Option<SessionRow>, StoreError> {
        let row = sqlx::query(
            "SELECT user_id, username, avatar, access_token, created_at, expires_at \
             FROM web_sessions WHERE id_hash = $1 AND expires_at > $2",
        )
        .bind(id_hash)
        .bind(now)
        .fetch_optional(&self.db.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let guilds = sqlx::query(
            "SELECT guild_id, role FROM web_session_guilds WHERE id_hash = $1 ORDER BY guild_id",
        )
        .bind(id_hash)
        .fetch_all(&self.db.pool)
        .await?;
        let mut owned_guilds = Vec::new();
        let mut member_guilds = Vec::new();
        for guild in &guilds {
            let id: GuildId = id_col(guild, "guild_id")?;
            if col::<String>(guild, "role")? == "owner" {
                owned_guilds.push(id);
            }
            member_guilds.push(id);
        }
        Ok(Some(SessionRow {
            id_hash: id_hash.to_owned(),
            user_id: id_col(&row, "user_id")?,
            username: col(&row, "username")?,
            avatar: col(&row, "avatar")?,
            access_token: col(&row, "access_token")?,
            owned_guilds,
            member_guilds,
            created_at: col(&row, "created_at")?,
            expires_at: col(&row, "expires_at")?,
        }))
    }

    /// Ends a session (logout); returns whether there was one.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn delete(self, id_hash: &str) -> Result<bool, StoreError> {
        let result = sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.db.pool)
            .await?;
        Ok(result.rows_affected() > 0)
    }

    /// Maintenance, across all users: deletes the sessions expired at `now`; returns how many.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn purge_expired(self, now: i64) -> Result<u64, StoreError> {
        let result = sqlx::query("DELETE FROM web_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.db.pool)
            .await?;
        Ok(result.rows_affected())
    }
}

/// An OAuth2 login under way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthState {
    /// The CSRF state sent to Discord.
    pub state: String,
    /// The PKCE verifier whose challenge was sent to Discord.
    pub pkce_verifier: String,
    /// Where to send the browser after login.
    pub redirect_to: Option<String>,
    /// When the login began (Unix milliseconds).
    pub created_at: i64,
}

/// The OAuth2 state repository; see [`Database::oauth_states`].
#[derive(Debug, Clone, Copy)]
pub struct OAuthStates<'a> {
    pub(crate) db: &'a Database,
}

impl OAuthStates<'_> {
    /// Stores a login's state and verifier.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] on `state` for a state in use, and storage failures.
    pub async fn put(
        self,
        state: &str,
        pkce_verifier: &str,
        redirect_to: Option<&str>,
        created_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO oauth_states (state, pkce_verifier, redirect_to, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(state)
        .bind(pkce_verifier)
        .bind(redirect_to)
        .bind(created_at)
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Takes a state once: it is deleted whatever the outcome, and returned only when it was
    /// created at or after `not_before` (Unix milliseconds; callers pass now minus
    /// [`OAUTH_STATE_LIFETIME_MS`]).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn take(
        self,
        state: &str,
        not_before: i64,
    ) -> Result<Option<OAuthState>, StoreError> {
        // One DELETE ... RETURNING: of two concurrent callbacks with the same state, one wins.
        let row = sqlx::query(
            "DELETE FROM oauth_states WHERE state = $1 \
             RETURNING pkce_verifier, redirect_to, created_at",
        )
        .bind(state)
        .fetch_optional(&self.db.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let taken = OAuthState {
            state: state.to_owned(),
            pkce_verifier: col(&row, "pkce_verifier")?,
            redirect_to: col(&row, "redirect_to")?,
            created_at: col(&row, "created_at")?,
        };
        Ok((taken.created_at >= not_before).then_some(taken))
    }

    /// Maintenance: deletes the states created before `before` (abandoned logins).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn purge_older_than(self, before: i64) -> Result<u64, StoreError> {
        let result = sqlx::query("DELETE FROM oauth_states WHERE created_at < $1")
            .bind(before)
            .execute(&self.db.pool)
            .await?;
        Ok(result.rows_affected())
    }
}
