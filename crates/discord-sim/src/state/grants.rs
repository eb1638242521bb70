//! OAuth2 authorization codes and tokens handed out by the simulated provider.

use std::time::Instant;

/// A code from `/oauth2/authorize`, redeemable once.
#[derive(Debug, Clone)]
pub struct AuthCode {
    pub application_id: u64,
    pub user_id: u64,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    /// PKCE challenge (base64url of SHA-256 of the verifier) when the client sent one.
    pub code_challenge: Option<String>,
    pub expires: Instant,
}

/// What an access or refresh token grants.
#[derive(Debug, Clone)]
pub struct Grant {
    pub application_id: u64,
    pub user_id: u64,
    pub scopes: Vec<String>,
    pub expires: Instant,
}
