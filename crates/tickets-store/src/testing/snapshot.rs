//! Everything the store holds about one server, as text, for tests that must show that an
//! action changed nothing: compare a snapshot taken before with one taken after.
//!
//! The tables are read from the database's own catalog rather than listed here, so a table a
//! later migration adds is compared too without anyone remembering to add it.

use crate::{Backend, Database, StoreError, db_id};
use tickets_model::GuildId;

/// Tables that hold no server's data: the migration runner's own bookkeeping.
// Receipts record that an interaction arrived (every one does, refused or not); leases say which
// processes are alive. Neither is anything a refused request could have changed for a server.
const NOT_SERVER_DATA: &[&str] = &[
    "schema_migrations",
    "interaction_receipts",
    "process_leases",
];

/// Every row the store holds about `guild`, one line per row (`table: column=value|...`),
/// sorted. Tables with a `guild_id` column contribute that server's rows; tables without one
/// (login sessions, login states) contribute all their rows, since any change there during a
/// refused request would be a change too.
///
/// # Errors
///
/// Whatever the database answers.
pub async fn guild_rows(db: &Database, guild: GuildId) -> Result<Vec<String>, StoreError> {
    let mut lines = Vec::new();
    for (table, columns) in tables(db).await? {
        if NOT_SERVER_DATA.contains(&table.as_str()) {
            continue;
        }
        // Every value cast to text in SQL, so one query shape reads any column on both engines.
        let row = columns
            .iter()
            .map(|c| format!("'{c}=' || COALESCE(CAST(\"{c}\" AS TEXT), 'NULL')"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let scope = if columns.iter().any(|c| c == "guild_id") {
            format!(" WHERE guild_id = {}", db_id(guild))
        } else {
            String::new()
        };
        let sql = format!("SELECT {row} FROM \"{table}\"{scope}");
        let rows: Vec<String> = sqlx::query_scalar(&sql).fetch_all(&db.pool).await?;
        lines.extend(rows.into_iter().map(|r| format!("{table}: {r}")));
    }
    lines.sort();
    Ok(lines)
}

/// Every table of the schema with its columns in order.
async fn tables(db: &Database) -> Result<Vec<(String, Vec<String>)>, StoreError> {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             ORDER BY table_name, ordinal_position"
        }
    };
    let pairs: Vec<(String, String)> = sqlx::query_as(sql).fetch_all(&db.pool).await?;
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    for (table, column) in pairs {
        match tables.last_mut() {
            Some((name, columns)) if *name == table => columns.push(column),
            _ => tables.push((table, vec![column])),
        }
    }
    Ok(tables)
}
