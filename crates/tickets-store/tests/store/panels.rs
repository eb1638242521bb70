//! Panels: their fields, their message, and that one server never reaches another's.

use crate::*;
use tickets_model::{MessageId, PanelId};
use tickets_store::panels::PanelFields;

pub(crate) fn fields(title: &str) -> PanelFields {
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
        thread_mode: None,
        awaiting_category_id: None,
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
        changed.thread_mode = Some(true);
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
            .begin_open(guild(1), user(1), None, Some(panel.panel_id), Some(5), None)
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
            .begin_open(guild(1), user(1), None, Some(help), Some(5), None)
            .await
            .unwrap()
        else {
            panic!("first click");
        };
        let twin = tickets
            .begin_open(guild(1), user(1), None, Some(help), Some(5), None)
            .await
            .unwrap();
        assert_eq!(twin, BeginOpen::Duplicate(first.clone()));
        // Another panel, another member, or /open are separate tickets.
        for (member, panel) in [(user(1), Some(other)), (user(2), Some(help)), (user(1), None)] {
            let outcome = tickets
                .begin_open(guild(1), member, None, panel, Some(5), None)
                .await
                .unwrap();
            assert!(matches!(outcome, BeginOpen::Reserved(_)), "{outcome:?}");
        }
        // A failed opening does not block the retry.
        tickets.mark_failed(guild(1), first.number).await.unwrap();
        let retry = tickets
            .begin_open(guild(1), user(1), None, Some(help), Some(5), None)
            .await
            .unwrap();
        assert!(matches!(retry, BeginOpen::Reserved(_)), "{retry:?}");
    }
);

db_test!(
    async fn panels_are_found_by_message_and_counted_per_server(db) {
        let panels = db.panels();
        assert_eq!(panels.count(guild(1)).await.unwrap(), 0);
        let first = panels.create(guild(1), &fields("One")).await.unwrap().panel_id;
        panels.create(guild(1), &fields("Two")).await.unwrap();
        panels.create(guild(2), &fields("Elsewhere")).await.unwrap();
        assert_eq!(panels.count(guild(1)).await.unwrap(), 2);
        assert_eq!(panels.count(guild(2)).await.unwrap(), 1);

        let message = MessageId::new(500);
        assert_eq!(panels.find_by_message(guild(1), message).await.unwrap(), None);
        panels.set_message(guild(1), first, Some(message)).await.unwrap();
        let found = panels.find_by_message(guild(1), message).await.unwrap().unwrap();
        assert_eq!((found.panel_id, found.fields.title.as_str()), (first, "One"));
        assert_eq!(panels.find_by_message(guild(2), message).await.unwrap(), None);
        panels.set_message(guild(1), first, None).await.unwrap();
        assert_eq!(panels.find_by_message(guild(1), message).await.unwrap(), None);
    }
);

db_test!(
    async fn a_deleted_message_is_forgotten_by_panels_and_multi_panels_alike(db) {
        use tickets_store::multi_panels::MultiPanelFields;
        let panel = db.panels().create(guild(1), &fields("Help")).await.unwrap().panel_id;
        let multi = db
            .multi_panels()
            .create(
                guild(1),
                &MultiPanelFields {
                    title: "Pick".to_owned(),
                    content: String::new(),
                    colour: 0,
                    channel_id: channel(1),
                    use_select_menu: false,
                    select_placeholder: None,
                    large_image_url: None,
                    small_image_url: None,
                    panels: vec![panel],
                },
            )
            .await
            .unwrap()
            .multi_panel_id;
        // Message ids are unique in Discord; the same id in both tables only makes the test
        // check both at once.
        let message = MessageId::new(600);
        db.panels().set_message(guild(1), panel, Some(message)).await.unwrap();
        db.multi_panels().set_message(guild(1), multi, Some(message)).await.unwrap();

        assert_eq!(db.panels().clear_message_everywhere(guild(2), message).await.unwrap(), 0);
        assert_eq!(db.panels().clear_message_everywhere(guild(1), message).await.unwrap(), 2);
        let panel_row = db.panels().get(guild(1), panel).await.unwrap().unwrap();
        let multi_row = db.multi_panels().get(guild(1), multi).await.unwrap().unwrap();
        assert_eq!((panel_row.message_id, multi_row.message_id), (None, None));
        assert_eq!(multi_row.fields.panels, [panel], "only the message is forgotten");
        assert_eq!(db.panels().clear_message_everywhere(guild(1), message).await.unwrap(), 0);
    }
);
