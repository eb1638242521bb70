//! Dashboard logins and sessions: a visitor's own records, which belong to no server. The web
//! server keeps the cookies and talks to Discord's OAuth2; what it stores goes through here.

use crate::{Core, UseCaseError};
pub use tickets_store::sessions::{NewSession, OAuthState, SessionRow};

impl Core {
    /// Remembers a login that was sent to Discord: its CSRF state and PKCE verifier.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn begin_login(
        &self,
        state: &str,
        pkce_verifier: &str,
        at: i64,
    ) -> Result<(), UseCaseError> {
        self.db()
            .oauth_states()
            .put(state, pkce_verifier, None, at)
            .await?;
        Ok(())
    }

    /// Takes back a login's state once, if it was made after `not_before`: a state is good for
    /// one callback only.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn finish_login(
        &self,
        state: &str,
        not_before: i64,
    ) -> Result<Option<OAuthState>, UseCaseError> {
        Ok(self.db().oauth_states().take(state, not_before).await?)
    }

    /// Records a new session (its id only as a hash).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn open_session(&self, session: &NewSession) -> Result<(), UseCaseError> {
        Ok(self.db().sessions().create(session).await?)
    }

    /// The session with this id hash, if it has not expired at `now`.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn session(
        &self,
        id_hash: &str,
        now: i64,
    ) -> Result<Option<SessionRow>, UseCaseError> {
        Ok(self.db().sessions().get(id_hash, now).await?)
    }

    /// Ends a session (logging out).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn end_session(&self, id_hash: &str) -> Result<(), UseCaseError> {
        self.db().sessions().delete(id_hash).await?;
        Ok(())
    }

    /// Whether the database answers (the health check).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn check_health(&self) -> Result<(), UseCaseError> {
        Ok(self.db().ping().await?)
    }
}
