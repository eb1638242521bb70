//! Connecting: URLs, SQLite files, migrations. Tests of `Database::connect` and
//! `Database::migrate` go here.

use crate::*;
use tickets_store::testing::TestDatabase;

#[tokio::test]
async fn sqlite_path_in_a_missing_directory_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir");
    let url = format!("sqlite://{}", missing.join("tickets.db").display());
    let err = Database::connect(&url).await.unwrap_err();
    assert!(matches!(err, StoreError::Config(_)), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains(&missing.display().to_string()),
        "{message}"
    );
    assert!(message.contains("DATABASE_URL"), "{message}");
    assert!(!missing.exists(), "the directory must not be created");
}

#[tokio::test]
async fn sqlite_file_is_created_in_an_existing_directory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tickets.db");
    let db = Database::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    assert_eq!(db.backend(), Backend::Sqlite);
    db.migrate().await.unwrap();
    db.ping().await.unwrap();
    assert!(path.exists());
    assert!(
        dir.path().join("tickets.db-wal").exists(),
        "WAL journal in use"
    );
    db.close().await;
}

#[tokio::test]
async fn in_memory_sqlite_keeps_its_data_across_queries() {
    let db = Database::connect("sqlite::memory:").await.unwrap();
    db.migrate().await.unwrap();
    db.settings()
        .set_ticket_limit(guild(1), TicketLimit::new(3).unwrap())
        .await
        .unwrap();
    for _ in 0..3 {
        let settings = db.settings().get(guild(1)).await.unwrap();
        assert_eq!(settings.ticket_limit, 3);
    }
}

#[tokio::test]
async fn unknown_scheme_is_an_error_naming_database_url() {
    for url in ["mysql://root:secret@localhost/db", "tickets.db", ""] {
        let err = Database::connect(url).await.unwrap_err();
        assert!(matches!(err, StoreError::Config(_)), "{url}: {err:?}");
        let message = err.to_string();
        assert!(message.contains("DATABASE_URL"), "{message}");
        assert!(message.contains("sqlite://") && message.contains("postgres://"));
        assert!(!message.contains("secret"), "{message}");
    }
}

db_test!(
    async fn migrations_apply_once_and_then_are_a_no_op(db) {
        // The harness migrated already; running again (even concurrently) changes nothing.
        let runs = (0..3).map(|_| {
            let db = db.clone();
            tokio::spawn(async move { db.migrate().await })
        });
        for run in runs {
            assert!(run.await.unwrap().unwrap().applied.is_empty());
        }
        assert!(db.migrate().await.unwrap().applied.is_empty());
    }
);

#[tokio::test]
async fn a_fresh_database_applies_every_migration() {
    let db = Database::connect("sqlite::memory:").await.unwrap();
    let report = db.migrate().await.unwrap();
    assert_eq!(
        report.applied,
        [
            "0001_init",
            "0002_open_tickets_index",
            "0003_panels_and_settings",
            "0004_claims",
            "0005_forms",
            "0006_multi_panels",
            "0007_form_select_inputs",
            "0008_blacklist",
            "0009_live_channel_unique",
            "0010_close_requests",
            "0011_tags",
            "0012_staff",
            "0013_start_ticket",
            "0014_thread_mode",
            "0015_exactly_once",
            "0016_transcripts",
            "0017_job_holders",
            "0018_thread_tickets",
            "0019_message_activity",
            "0020_feedback",
            "0021_autoclose",
            "0022_awaiting_response",
        ]
    );
    assert!(db.migrate().await.unwrap().applied.is_empty());
}

#[tokio::test]
async fn a_second_handle_sees_the_same_sqlite_database() {
    let test_db = TestDatabase::sqlite().await;
    let other = Database::connect(test_db.url()).await.unwrap();
    reserve(test_db.db(), guild(1), user(1)).await;
    assert_eq!(other.tickets().count_total(guild(1)).await.unwrap(), 1);
    other.close().await;
    test_db.cleanup().await;
}

db_test!(
    migrated_to 2,
    async fn a_database_at_0002_upgrades_and_keeps_its_rows(db) {
        db.settings()
            .set_ticket_limit(guild(1), TicketLimit::new(3).unwrap())
            .await
            .unwrap();
        db.settings().set_language(guild(1), Some("de")).await.unwrap();
        tickets_store::testing::seed_closed_tickets(&db, guild(1), 2)
            .await
            .unwrap();

        let report = db.migrate().await.unwrap();
        assert_eq!(report.applied[0], "0003_panels_and_settings");
        assert!(db.migrate().await.unwrap().applied.is_empty());

        // Every setting added since reads as its default; the old ones are kept.
        let mut expected = GuildSettings::defaults(guild(1));
        expected.ticket_limit = 3;
        expected.language = Some("de".to_owned());
        assert_eq!(db.settings().get(guild(1)).await.unwrap(), expected);
        let old = db.tickets().get(guild(1), 1).await.unwrap().unwrap();
        assert_eq!(
            (old.status, old.panel_id, old.claimed_by),
            (TicketStatus::Closed, None, None)
        );
        assert_eq!(reserve(&db, guild(1), user(1)).await.number, 3);
        assert_eq!(db.panels().count(guild(1)).await.unwrap(), 0);
        assert_eq!(db.multi_panels().count(guild(1)).await.unwrap(), 0);
        assert!(db.forms().list(guild(1)).await.unwrap().is_empty());
    }
);

db_test!(
    migrated_to 5,
    async fn form_questions_survive_the_change_that_adds_select_inputs(db) {
        use tickets_store::forms::NewFormInput;
        let form = db.forms().create(guild(1), "Old").await.unwrap().form_id;
        let insert = format!(
            "INSERT INTO form_inputs (form_id, guild_id, position, label, placeholder, style, \
             required, min_length, max_length) VALUES \
             ({f}, {g}, 0, 'Order', 'hint', 'short', 1, 2, 20), \
             ({f}, {g}, 1, 'Why?', NULL, 'paragraph', 0, NULL, NULL)",
            f = form.get(),
            g = tickets_model::ids::to_db(guild(1)),
        );
        tickets_store::testing::execute_sql(&db, &insert).await.unwrap();

        db.migrate().await.unwrap();
        let kept = db.forms().inputs(guild(1), form).await.unwrap();
        let read: Vec<NewFormInput> = kept.iter().map(|row| row.input.clone()).collect();
        assert_eq!(
            read,
            [
                NewFormInput {
                    label: "Order".to_owned(),
                    placeholder: Some("hint".to_owned()),
                    style: "short".to_owned(),
                    required: true,
                    min_length: Some(2),
                    max_length: Some(20),
                    options: None,
                },
                NewFormInput {
                    label: "Why?".to_owned(),
                    placeholder: None,
                    style: "paragraph".to_owned(),
                    required: false,
                    min_length: None,
                    max_length: None,
                    options: None,
                },
            ]
        );

        // New questions get new ids, never one of the copied rows'.
        let newest = kept.iter().map(|row| row.input_id.get()).max().unwrap();
        let select = NewFormInput {
            style: "select".to_owned(),
            options: Some("[]".to_owned()),
            ..read[1].clone()
        };
        assert!(db.forms().replace_inputs(guild(1), form, &[select]).await.unwrap());
        let replaced = db.forms().inputs(guild(1), form).await.unwrap();
        assert!(replaced[0].input_id.get() > newest);
        assert!(db.forms().delete(guild(1), form).await.unwrap());
        assert!(db.forms().inputs(guild(1), form).await.unwrap().is_empty());
    }
);
