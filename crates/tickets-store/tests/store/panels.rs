//! Panels: their fields, their message, and that one server never reaches another's.

use crate::*;
use tickets_model::{MessageId, PanelId};
use tickets_store::panels::PanelFields;

fn fields(title: &str) -> PanelFields {
    PanelFields {
        title: title.to_owned(),
        content: "We answer within a day.".to_owned(),
        colour: 0x00FF_0000,
        channel_id: channel(1),
        category_id: Some(channel(2)),
        button_style: "success".to_owned(),
        button_label: Some("Get help".to_owned()),
        emoji: Some("📩".to_owned()),
        welcome_message: Some("Hi %user%".to_owned()),
        naming_scheme: Some("custom:help-%id%".to_owned()),
        mention_on_open: "here role:5".to_owned(),
        large_image_url: Some("https://example.org/a.png".to_owned()),
        small_image_url: None,
        disabled: false,
    }
}

db_test!(
    async fn panels_are_created_listed_updated_and_deleted(db) {
        let panels = db.panels();
        let first = panels.create(guild(1), &fields("Billing")).await.unwrap();
        let second = panels.create(guild(1), &fields("Bugs")).await.unwrap();
        assert_eq!(first.fields, fields("Billing"));
        assert_eq!(first.message_id, None);
        assert!(second.panel_id > first.panel_id);
        let titles: Vec<String> = panels
            .list(guild(1))
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.fields.title)
            .collect();
        assert_eq!(titles, ["Billing", "Bugs"]);

        let mut changed = fields("Billing and refunds");
        changed.category_id = None;
        changed.disabled = true;
        changed.button_label = None;
        let updated = panels
            .update(guild(1), first.panel_id, &changed)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(updated.fields, changed);
        assert_eq!(
            panels.get(guild(1), first.panel_id).await.unwrap(),
            Some(updated)
        );

        assert!(panels.delete(guild(1), first.panel_id).await.unwrap());
        assert!(!panels.delete(guild(1), first.panel_id).await.unwrap());
        assert_eq!(panels.get(guild(1), first.panel_id).await.unwrap(), None);
        assert_eq!(panels.list(guild(1)).await.unwrap().len(), 1);
    }
);

db_test!(
    async fn a_panel_forgets_its_deleted_message_and_keeps_the_rest(db) {
        let panels = db.panels();
        let panel = panels.create(guild(1), &fields("Help")).await.unwrap();
        let message = MessageId::new(77);
        assert!(
            panels
                .set_message(guild(1), panel.panel_id, Some(message))
                .await
                .unwrap()
        );
        let posted = panels.get(guild(1), panel.panel_id).await.unwrap().unwrap();
        assert_eq!(posted.message_id, Some(message));

        // Another server's deletion of a message with the same id changes nothing here.
        assert_eq!(panels.forget_message(guild(2), message).await.unwrap(), 0);
        assert_eq!(panels.forget_message(guild(1), message).await.unwrap(), 1);
        let forgotten = panels.get(guild(1), panel.panel_id).await.unwrap().unwrap();
        assert_eq!(forgotten.message_id, None);
        assert_eq!(forgotten.fields, posted.fields);
    }
);

db_test!(
    async fn one_server_cannot_reach_another_servers_panels(db) {
        let panels = db.panels();
        let mine = panels.create(guild(1), &fields("Mine")).await.unwrap();
        let theirs = guild(2);
        assert_eq!(panels.get(theirs, mine.panel_id).await.unwrap(), None);
        assert!(panels.list(theirs).await.unwrap().is_empty());
        assert_eq!(
            panels
                .update(theirs, mine.panel_id, &fields("Stolen"))
                .await
                .unwrap(),
            None
        );
        assert!(
            !panels
                .set_message(theirs, mine.panel_id, Some(MessageId::new(5)))
                .await
                .unwrap()
        );
        assert!(!panels.delete(theirs, mine.panel_id).await.unwrap());
        let still = panels.get(guild(1), mine.panel_id).await.unwrap().unwrap();
        assert_eq!((still.fields.title.as_str(), still.message_id), ("Mine", None));
        assert_eq!(
            panels.get(guild(1), PanelId::new(999_999).unwrap()).await.unwrap(),
            None
        );
    }
);

db_test!(
    async fn tickets_remember_their_panel(db) {
        let panel = db.panels().create(guild(1), &fields("Help")).await.unwrap();
        let BeginOpen::Reserved(ticket) = db
            .tickets()
            .begin_open(guild(1), user(1), None, Some(panel.panel_id), Some(5))
            .await
            .unwrap()
        else {
            panic!("limit");
        };
        assert_eq!(ticket.panel_id, Some(panel.panel_id));
        // Deleting the panel keeps the ticket's history.
        db.panels().delete(guild(1), panel.panel_id).await.unwrap();
        let kept = db.tickets().get(guild(1), ticket.number).await.unwrap().unwrap();
        assert_eq!(kept.panel_id, Some(panel.panel_id));
    }
);

db_test!(
    async fn a_second_opening_from_the_same_panel_at_once_is_a_double_click(db) {
        let panels = db.panels();
        let help = panels.create(guild(1), &fields("Help")).await.unwrap().panel_id;
        let other = panels.create(guild(1), &fields("Other")).await.unwrap().panel_id;
        let tickets = db.tickets();
        let BeginOpen::Reserved(first) = tickets
            .begin_open(guild(1), user(1), None, Some(help), Some(5))
            .await
            .unwrap()
        else {
            panic!("first click");
        };
        let twin = tickets
            .begin_open(guild(1), user(1), None, Some(help), Some(5))
            .await
            .unwrap();
        assert_eq!(twin, BeginOpen::Duplicate(first.clone()));
        // Another panel, another member, or /open are separate tickets.
        for (member, panel) in [(user(1), Some(other)), (user(2), Some(help)), (user(1), None)] {
            let outcome = tickets
                .begin_open(guild(1), member, None, panel, Some(5))
                .await
                .unwrap();
            assert!(matches!(outcome, BeginOpen::Reserved(_)), "{outcome:?}");
        }
        // A failed opening does not block the retry.
        tickets.mark_failed(guild(1), first.number).await.unwrap();
        let retry = tickets
            .begin_open(guild(1), user(1), None, Some(help), Some(5))
            .await
            .unwrap();
        assert!(matches!(retry, BeginOpen::Reserved(_)), "{retry:?}");
    }
);
