//! Dashboard logins: sessions and OAuth2 states.

use crate::*;
use tickets_store::sessions::{NewSession, OAUTH_STATE_LIFETIME_MS};

pub(crate) fn session(id_hash: &str, expires_at: i64) -> NewSession {
    NewSession {
        id_hash: id_hash.to_owned(),
        user_id: user(1),
        username: "owner".to_owned(),
        avatar: None,
        access_token: Some("token".to_owned()),
        owned_guilds: vec![guild(1)],
        member_guilds: vec![guild(1), guild(2), guild(2)],
        created_at: 1_000,
        expires_at,
    }
}

db_test!(
    async fn sessions_are_valid_until_they_expire(db) {
        let sessions = db.sessions();
        sessions.create(&session("a", 5_000)).await.unwrap();
        let found = sessions.get("a", 4_999).await.unwrap().unwrap();
        assert_eq!(found.user_id, user(1));
        assert_eq!(found.owned_guilds, [guild(1)]);
        assert_eq!(found.member_guilds, [guild(1), guild(2)]);
        assert_eq!(found.access_token.as_deref(), Some("token"));
        assert_eq!(sessions.get("a", 5_000).await.unwrap(), None, "expired");
        assert_eq!(sessions.get("b", 0).await.unwrap(), None);

        let err = sessions.create(&session("a", 9_000)).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict { ref field } if field == "id_hash"), "{err:?}");

        sessions.create(&session("b", 9_000)).await.unwrap();
        assert_eq!(sessions.purge_expired(6_000).await.unwrap(), 1);
        // The purged session's server list went with it (foreign keys are on in SQLite too).
        let mut reborn = session("a", 9_000);
        reborn.owned_guilds = vec![];
        reborn.member_guilds = vec![guild(3)];
        sessions.create(&reborn).await.unwrap();
        let found = sessions.get("a", 0).await.unwrap().unwrap();
        assert_eq!((found.owned_guilds, found.member_guilds), (vec![], vec![guild(3)]));
        assert!(sessions.delete("b").await.unwrap());
        assert!(!sessions.delete("b").await.unwrap());
        assert_eq!(sessions.get("b", 0).await.unwrap(), None);
    }
);

db_test!(
    async fn oauth_states_are_single_use_and_expire(db) {
        let states = db.oauth_states();
        let now = 100 * OAUTH_STATE_LIFETIME_MS;
        let not_before = now - OAUTH_STATE_LIFETIME_MS;
        states.put("fresh", "verifier", Some("/g/1"), now - 1_000).await.unwrap();
        states.put("old", "v2", None, not_before - 1).await.unwrap();

        let taken = states.take("fresh", not_before).await.unwrap().unwrap();
        assert_eq!(taken.pkce_verifier, "verifier");
        assert_eq!(taken.redirect_to.as_deref(), Some("/g/1"));
        assert_eq!(states.take("fresh", not_before).await.unwrap(), None, "used once");

        assert_eq!(states.take("old", not_before).await.unwrap(), None, "too old");
        assert_eq!(states.take("old", 0).await.unwrap(), None, "and gone");
        assert_eq!(states.take("never", 0).await.unwrap(), None);

        states.put("abandoned", "v3", None, 1).await.unwrap();
        assert_eq!(states.purge_older_than(2).await.unwrap(), 1);
    }
);
