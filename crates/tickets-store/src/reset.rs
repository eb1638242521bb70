//! Emptying a database, for `tickets demo --fresh`: which servers a database holds data of, and
//! removing every row (the schema stays).
//!
//! Both look the tables up in the database's own catalog rather than in a list kept here, so a
//! table added by a later migration is covered without anyone remembering this file.

use crate::{Backend, Database, StoreError};
use sqlx::Executor as _;
use std::collections::BTreeSet;
use tickets_model::GuildId;

impl Database {
    /// Maintenance query, across all servers: every server id found in any table.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn guilds_with_data(&self) -> Result<BTreeSet<GuildId>, StoreError> {
        let tables_sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT m.name AS t FROM sqlite_master m JOIN pragma_table_info(m.name) c \
                 WHERE m.type = 'table' AND c.name = 'guild_id' ORDER BY m.name"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) AS t FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND column_name = 'guild_id' \
                 ORDER BY table_name"
            }
        };
        let tables: Vec<String> = sqlx::query_scalar(tables_sql).fetch_all(&self.pool).await?;
        let mut guilds = BTreeSet::new();
        for table in tables {
            let sql = format!(
                "SELECT DISTINCT guild_id FROM \"{}\" WHERE guild_id IS NOT NULL",
                table.replace('"', "")
            );
            let ids: Vec<i64> = sqlx::query_scalar(&sql).fetch_all(&self.pool).await?;
            guilds.extend(ids.into_iter().filter_map(tickets_model::ids::from_db));
        }
        Ok(guilds)
    }

    /// Removes every row of every table but the migration record, in one transaction.
    ///
    /// # Errors
    ///
    /// Storage failures; nothing is removed then.
    pub async fn empty_all_tables(&self) -> Result<(), StoreError> {
        let tables_sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                 AND table_name <> 'schema_migrations' ORDER BY table_name"
            }
        };
        let tables: Vec<String> = sqlx::query_scalar(tables_sql).fetch_all(&self.pool).await?;
        let quoted: Vec<String> = tables
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "")))
            .collect();
        let mut tx = self.begin_write().await?;
        match self.backend() {
            Backend::Postgres => {
                if !quoted.is_empty() {
                    let sql = format!("TRUNCATE {} RESTART IDENTITY", quoted.join(", "));
                    tx.execute(sql.as_str()).await?;
                }
            }
            Backend::Sqlite => {
                // References between the tables are checked at commit, when all are empty.
                tx.execute("PRAGMA defer_foreign_keys = ON").await?;
                for table in &quoted {
                    tx.execute(format!("DELETE FROM {table}").as_str()).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::db_test;
    use tickets_model::GuildId;

    db_test!(
        async fn every_server_is_found_and_emptying_removes_all_rows(db) {
            let (a, b): (GuildId, GuildId) = (GuildId::new(11), GuildId::new(22));
            assert!(db.guilds_with_data().await.unwrap().is_empty());
            db.guilds().upsert(a, "A", twilight_model::id::Id::new(1)).await.unwrap();
            db.tickets()
                .begin_open(b, twilight_model::id::Id::new(2), None, None, None, None)
                .await
                .unwrap();
            let found: Vec<GuildId> = db.guilds_with_data().await.unwrap().into_iter().collect();
            assert_eq!(found, vec![a, b]);
            db.empty_all_tables().await.unwrap();
            assert!(db.guilds_with_data().await.unwrap().is_empty());
            assert_eq!(db.tickets().count_total(b).await.unwrap(), 0);
            // The schema and its migration record stay: migrating again has nothing to do.
            assert!(db.migrate().await.unwrap().applied.is_empty());
        }
    );
}
