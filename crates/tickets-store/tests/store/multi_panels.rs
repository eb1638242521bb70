//! Multi-panels: their panels in order, only panels of their own server, and deletions.

use crate::*;
use tickets_model::MessageId;
use tickets_store::multi_panels::MultiPanelFields;
use tickets_store::panels::PanelFields;

pub(crate) fn panel(title: &str) -> PanelFields {
    PanelFields {
        title: title.into(),
        content: String::new(),
        colour: 0,
        channel_id: channel(1),
        category_id: None,
        button_style: "primary".into(),
        button_label: None,
        emoji: None,
        welcome_message: None,
        naming_scheme: None,
        mention_on_open: String::new(),
        large_image_url: None,
        small_image_url: None,
        disabled: false,
        thread_mode: None,
        awaiting_category_id: None,
    }
}

pub(crate) fn fields(panels: Vec<tickets_model::PanelId>) -> MultiPanelFields {
    MultiPanelFields {
        title: "How can we help?".into(),
        content: "Pick one".into(),
        colour: 0x0058_65F2,
        channel_id: channel(1),
        use_select_menu: true,
        select_placeholder: Some("Choose a topic".into()),
        large_image_url: None,
        small_image_url: None,
        panels,
    }
}

db_test!(
    async fn multi_panels_keep_their_panels_in_order_and_lose_deleted_ones(db) {
        let a = db.panels().create(guild(1), &panel("A")).await.unwrap().panel_id;
        let b = db.panels().create(guild(1), &panel("B")).await.unwrap().panel_id;
        let c = db.panels().create(guild(1), &panel("C")).await.unwrap().panel_id;
        let multi = db.multi_panels().create(guild(1), &fields(vec![c, a, b])).await.unwrap();
        let id = multi.multi_panel_id;
        assert_eq!(db.multi_panels().get(guild(1), id).await.unwrap().unwrap().fields.panels, [c, a, b]);

        let updated = db.multi_panels().update(guild(1), id, &fields(vec![b, c])).await.unwrap().unwrap();
        assert_eq!(updated.fields.panels, [b, c]);
        db.panels().delete(guild(1), c).await.unwrap();
        assert_eq!(db.multi_panels().get(guild(1), id).await.unwrap().unwrap().fields.panels, [b]);

        let message = MessageId::new(99);
        assert!(db.multi_panels().set_message(guild(1), id, Some(message)).await.unwrap());
        assert_eq!(db.multi_panels().forget_message(guild(2), message).await.unwrap(), 0);
        assert_eq!(db.multi_panels().forget_message(guild(1), message).await.unwrap(), 1);
        assert_eq!(db.multi_panels().list(guild(1)).await.unwrap()[0].message_id, None);
        assert!(db.multi_panels().delete(guild(1), id).await.unwrap());
        assert!(db.panels().get(guild(1), b).await.unwrap().is_some(), "panels stay");
    }
);

db_test!(
    async fn a_multi_panel_cannot_list_or_reach_another_servers_panels(db) {
        let mine = db.panels().create(guild(1), &panel("Mine")).await.unwrap().panel_id;
        let theirs = db.panels().create(guild(2), &panel("Theirs")).await.unwrap().panel_id;
        assert!(db.multi_panels().create(guild(1), &fields(vec![mine, theirs])).await.is_err());
        assert!(db.multi_panels().list(guild(1)).await.unwrap().is_empty(), "nothing half made");
        let multi = db.multi_panels().create(guild(1), &fields(vec![mine])).await.unwrap().multi_panel_id;
        assert_eq!(db.multi_panels().get(guild(2), multi).await.unwrap(), None);
        assert_eq!(db.multi_panels().update(guild(2), multi, &fields(vec![theirs])).await.unwrap(), None);
        assert!(!db.multi_panels().delete(guild(2), multi).await.unwrap());
    }
);

db_test!(
    async fn multi_panels_list_their_panels_and_are_found_by_message(db) {
        let a = db.panels().create(guild(1), &panel("A")).await.unwrap().panel_id;
        let b = db.panels().create(guild(1), &panel("B")).await.unwrap().panel_id;
        let first = db.multi_panels().create(guild(1), &fields(vec![b, a])).await.unwrap();
        let second = db.multi_panels().create(guild(1), &fields(vec![a])).await.unwrap();
        assert_eq!(first.fields, fields(vec![b, a]));
        assert_eq!(first.message_id, None);

        let listed = db.multi_panels().list(guild(1)).await.unwrap();
        assert_eq!(listed, [first.clone(), second.clone()]);
        assert_eq!(db.multi_panels().count(guild(1)).await.unwrap(), 2);
        assert_eq!(db.multi_panels().count(guild(2)).await.unwrap(), 0);

        let titles: Vec<String> = db
            .multi_panels()
            .panels_of(guild(1), first.multi_panel_id)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.fields.title)
            .collect();
        assert_eq!(titles, ["B", "A"]);
        assert_eq!(
            db.multi_panels().containing(guild(1), a).await.unwrap(),
            [first.multi_panel_id, second.multi_panel_id]
        );
        assert_eq!(
            db.multi_panels().containing(guild(1), b).await.unwrap(),
            [first.multi_panel_id]
        );

        let message = MessageId::new(321);
        db.multi_panels()
            .set_message(guild(1), second.multi_panel_id, Some(message))
            .await
            .unwrap();
        let found = db.multi_panels().find_by_message(guild(1), message).await.unwrap();
        assert_eq!(found.map(|m| m.multi_panel_id), Some(second.multi_panel_id));
        assert_eq!(db.multi_panels().find_by_message(guild(2), message).await.unwrap(), None);

        // Deleting a multi-panel leaves its panels and no links behind.
        assert!(db.multi_panels().delete(guild(1), first.multi_panel_id).await.unwrap());
        assert_eq!(db.multi_panels().containing(guild(1), b).await.unwrap(), []);
        assert_eq!(db.panels().count(guild(1)).await.unwrap(), 2);
        assert!(
            db.multi_panels()
                .panels_of(guild(1), first.multi_panel_id)
                .await
                .unwrap()
                .is_empty()
        );
    }
);

db_test!(
    async fn a_refused_list_changes_nothing(db) {
        let a = db.panels().create(guild(1), &panel("A")).await.unwrap().panel_id;
        let b = db.panels().create(guild(1), &panel("B")).await.unwrap().panel_id;
        let theirs = db.panels().create(guild(2), &panel("Theirs")).await.unwrap().panel_id;
        let multi = db.multi_panels().create(guild(1), &fields(vec![a, b])).await.unwrap();
        let id = multi.multi_panel_id;

        let foreign = db.multi_panels().update(guild(1), id, &fields(vec![b, theirs])).await;
        assert!(
            matches!(foreign, Err(StoreError::NotFound { what: "panel" })),
            "{foreign:?}"
        );
        let twice = db.multi_panels().update(guild(1), id, &fields(vec![a, a])).await;
        assert!(
            matches!(&twice, Err(StoreError::Conflict { field }) if field == "panel_id"),
            "{twice:?}"
        );
        let mut renamed = fields(vec![a]);
        renamed.title = "Renamed".to_owned();
        let missing = tickets_model::PanelId::new(999_999).unwrap();
        renamed.panels.push(missing);
        assert!(db.multi_panels().update(guild(1), id, &renamed).await.is_err());
        assert_eq!(db.multi_panels().get(guild(1), id).await.unwrap(), Some(multi));

        // Another server's view of the same ids: nothing.
        assert!(db.multi_panels().panels_of(guild(2), id).await.unwrap().is_empty());
        assert!(db.multi_panels().containing(guild(2), a).await.unwrap().is_empty());
        assert!(!db.multi_panels().set_message(guild(2), id, Some(MessageId::new(1))).await.unwrap());
        assert_eq!(db.multi_panels().get(guild(1), id).await.unwrap().unwrap().message_id, None);
    }
);
