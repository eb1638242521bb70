//! Forms: names unique per server, at most five questions, answers kept as asked, and no
//! server reaching another's forms.

use crate::*;
use tickets_store::forms::NewFormInput;

fn question(label: &str) -> NewFormInput {
    NewFormInput {
        label: label.to_owned(),
        placeholder: Some("hint".to_owned()),
        style: "paragraph".to_owned(),
        required: true,
        min_length: Some(2),
        max_length: Some(300),
        options: None,
    }
}

db_test!(
    async fn forms_hold_up_to_five_questions_and_names_are_unique_per_server(db) {
        let forms = db.forms();
        let form = forms.create(guild(1), "Refunds").await.unwrap();
        assert!(matches!(
            forms.create(guild(1), "Refunds").await,
            Err(StoreError::Conflict { field }) if field == "name"
        ));
        // Another server may use the same name.
        forms.create(guild(2), "Refunds").await.unwrap();

        let five: Vec<NewFormInput> = (1..=5).map(|n| question(&format!("Q{n}"))).collect();
        assert!(forms.replace_inputs(guild(1), form.form_id, &five).await.unwrap());
        let six: Vec<NewFormInput> = (1..=6).map(|n| question(&format!("Q{n}"))).collect();
        assert!(forms.replace_inputs(guild(1), form.form_id, &six).await.is_err());
        let stored = forms.inputs(guild(1), form.form_id).await.unwrap();
        assert_eq!(stored.len(), 5, "the refused replacement changed nothing");
        assert_eq!(stored[4].input, question("Q5"));
        assert_eq!(stored[4].position, 4);

        assert!(forms.replace_inputs(guild(1), form.form_id, &five[..2]).await.unwrap());
        assert_eq!(forms.inputs(guild(1), form.form_id).await.unwrap().len(), 2);
        assert!(forms.rename(guild(1), form.form_id, "Refund requests").await.unwrap());
        assert_eq!(forms.list(guild(1)).await.unwrap()[0].name, "Refund requests");
    }
);

db_test!(
    async fn deleting_a_form_leaves_its_panels_asking_nothing(db) {
        let form = db.forms().create(guild(1), "Bugs").await.unwrap().form_id;
        let panel = db.panels().create(guild(1), &crate::multi_panels::panel("Help")).await.unwrap().panel_id;
        assert!(db.forms().attach(guild(1), panel, Some(form)).await.unwrap());
        assert_eq!(db.forms().of_panel(guild(1), panel).await.unwrap(), Some(form));
        assert!(db.forms().delete(guild(1), form).await.unwrap());
        assert_eq!(db.forms().of_panel(guild(1), panel).await.unwrap(), None);
        assert!(db.panels().get(guild(1), panel).await.unwrap().is_some());
    }
);

db_test!(
    async fn one_server_cannot_reach_another_servers_forms(db) {
        let forms = db.forms();
        let mine = forms.create(guild(1), "Mine").await.unwrap().form_id;
        forms.replace_inputs(guild(1), mine, &[question("Q")]).await.unwrap();
        let theirs = guild(2);
        let their_panel = db.panels().create(theirs, &crate::multi_panels::panel("Help")).await.unwrap().panel_id;
        assert_eq!(forms.get(theirs, mine).await.unwrap(), None);
        assert!(forms.inputs(theirs, mine).await.unwrap().is_empty());
        assert!(!forms.rename(theirs, mine, "Stolen").await.unwrap());
        assert!(!forms.replace_inputs(theirs, mine, &[]).await.unwrap());
        assert!(!forms.delete(theirs, mine).await.unwrap());
        // Their panel cannot ask my form.
        assert!(!forms.attach(theirs, their_panel, Some(mine)).await.unwrap());
        assert_eq!(forms.inputs(guild(1), mine).await.unwrap().len(), 1);
    }
);

db_test!(
    async fn answers_are_kept_with_their_questions(db) {
        let answers = vec![
            ("Order number".to_owned(), "1234".to_owned()),
            ("What happened?".to_owned(), "It broke".to_owned()),
        ];
        db.forms().save_answers(guild(1), 7, &answers).await.unwrap();
        assert_eq!(db.forms().answers(guild(1), 7).await.unwrap(), answers);
        assert!(db.forms().answers(guild(2), 7).await.unwrap().is_empty());
    }
);

db_test!(
    async fn select_questions_keep_their_options(db) {
        let forms = db.forms();
        let form = forms.create(guild(1), "Topics").await.unwrap().form_id;
        let select = NewFormInput {
            label: "Which product?".to_owned(),
            placeholder: None,
            style: "select".to_owned(),
            required: false,
            min_length: None,
            max_length: None,
            options: Some(r#"[{"label":"App","value":"app"},{"label":"Web","value":"web"}]"#.to_owned()),
        };
        let inputs = [question("Order number"), select.clone()];
        assert!(forms.replace_inputs(guild(1), form, &inputs).await.unwrap());
        let stored = forms.inputs(guild(1), form).await.unwrap();
        let read: Vec<NewFormInput> = stored.into_iter().map(|row| row.input).collect();
        assert_eq!(read, inputs);
        // The schema still refuses a style it does not know.
        let odd = NewFormInput {
            style: "checkbox".to_owned(),
            ..select
        };
        assert!(forms.replace_inputs(guild(1), form, &[odd]).await.is_err());
        assert_eq!(forms.inputs(guild(1), form).await.unwrap().len(), 2);
    }
);

db_test!(
    async fn a_panel_row_names_its_form_until_the_form_is_deleted(db) {
        let form = db.forms().create(guild(1), "Bugs").await.unwrap().form_id;
        let panel = db.panels().create(guild(1), &crate::multi_panels::panel("Help")).await.unwrap();
        assert_eq!(panel.form_id, None);
        assert!(db.forms().attach(guild(1), panel.panel_id, Some(form)).await.unwrap());
        let attached = db.panels().get(guild(1), panel.panel_id).await.unwrap().unwrap();
        assert_eq!(attached.form_id, Some(form));
        db.forms().delete(guild(1), form).await.unwrap();
        let cleared = db.panels().get(guild(1), panel.panel_id).await.unwrap().unwrap();
        assert_eq!(cleared.form_id, None);
        assert!(db.forms().inputs(guild(1), form).await.unwrap().is_empty());
    }
);
