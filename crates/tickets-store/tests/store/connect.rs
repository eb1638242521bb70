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
            "0005_forms"
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
