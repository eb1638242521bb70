//! Tags: saved with their embed, unique per server, never visible to another server.

use crate::*;
use tickets_model::embed::{EmbedDraft, EmbedField};
use tickets_model::tag::TagId;
use tickets_store::tags::TagRow;

db_test!(
    async fn tags_keep_their_embed_and_stay_in_their_server(db) {
        let tags = db.tags();
        let rules = TagRow {
            id: TagId::parse("rules").unwrap(),
            content: Some("Read the rules".into()),
            embed: Some(EmbedDraft {
                title: Some("Rules".into()),
                fields: vec![EmbedField { name: "One".into(), value: "Be kind".into(), inline: true }],
                ..EmbedDraft::default()
            }),
        };
        tags.save(guild(1), &rules, false).await.unwrap();
        assert!(matches!(tags.save(guild(1), &rules, false).await, Err(tickets_store::StoreError::Conflict { .. })));
        assert_eq!(tags.get(guild(1), &rules.id).await.unwrap(), Some(rules.clone()));
        assert!(tags.get(guild(2), &rules.id).await.unwrap().is_none());
        let changed = TagRow { content: None, ..rules.clone() };
        tags.save(guild(1), &changed, true).await.unwrap();
        assert_eq!(tags.list(guild(1)).await.unwrap(), [changed]);
        assert!(!tags.delete(guild(2), &rules.id).await.unwrap());
        assert!(tags.delete(guild(1), &rules.id).await.unwrap());
        assert!(tags.list(guild(1)).await.unwrap().is_empty());
    }
);
