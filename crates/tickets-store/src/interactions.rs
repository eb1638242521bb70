//! Interactions already received: each id is recorded before it runs, so that it runs at most
//! once however often it arrives (a redelivery after a reconnect, a replayed signed request).
//!
//! Interaction ids are Discord snowflakes, unique across every server, so this table is keyed by
//! the id alone; it holds no server data beyond the first answer given to the interaction's own
//! user.

use crate::{Database, StoreError};
use twilight_model::id::Id;
use twilight_model::id::marker::InteractionMarker;

/// What [`InteractionReceipts::receive`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Receipt {
    /// The first delivery: run it.
    First,
    /// Received before; `answer` is the first answer (JSON) when one was recorded.
    Again {
        /// The recorded first answer.
        answer: Option<String>,
    },
}

/// The receipt repository; see [`Database::interaction_receipts`].
#[derive(Debug, Clone, Copy)]
pub struct InteractionReceipts<'a> {
    pub(crate) db: &'a Database,
}

impl InteractionReceipts<'_> {
    /// Records that `id` arrived at `now` (Unix milliseconds), unless it arrived before.
    ///
    /// The insert and the check are one statement, so of two deliveries racing in two processes
    /// exactly one sees [`Receipt::First`].
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn receive(self, id: Id<InteractionMarker>, now: i64) -> Result<Receipt, StoreError> {
        let key = crate::db_id(id);
        let inserted = sqlx::query(
            "INSERT INTO interaction_receipts (interaction_id, received_at) VALUES ($1, $2) \
             ON CONFLICT (interaction_id) DO NOTHING",
        )
        .bind(key)
        .bind(now)
        .execute(&self.db.pool)
        .await?
        .rows_affected()
            == 1;
        if inserted {
            return Ok(Receipt::First);
        }
        let answer: Option<Option<String>> =
            sqlx::query_scalar("SELECT answer FROM interaction_receipts WHERE interaction_id = $1")
                .bind(key)
                .fetch_optional(&self.db.pool)
                .await?;
        Ok(Receipt::Again {
            answer: answer.flatten(),
        })
    }

    /// Keeps the first answer of `id` (JSON), for replays of it.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn record_answer(
        self,
        id: Id<InteractionMarker>,
        answer: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE interaction_receipts SET answer = $2 \
             WHERE interaction_id = $1 AND answer IS NULL",
        )
        .bind(crate::db_id(id))
        .bind(answer)
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Maintenance query, across all servers: forgets interactions received before
    /// `received_before` (Unix milliseconds); returns how many.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn purge(self, received_before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM interaction_receipts WHERE received_at < $1")
            .bind(received_before)
            .execute(&self.db.pool)
            .await?;
        Ok(done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::Receipt;
    use crate::db_test;
    use twilight_model::id::Id;

    db_test!(
        async fn an_interaction_is_first_once_and_its_answer_is_kept(db) {
            let receipts = db.interaction_receipts();
            let id = Id::new(1_234_567_890_123);
            assert_eq!(receipts.receive(id, 1_000).await.unwrap(), Receipt::First);
            assert_eq!(
                receipts.receive(id, 1_001).await.unwrap(),
                Receipt::Again { answer: None }
            );
            receipts.record_answer(id, r#"{"type":4}"#).await.unwrap();
            // Only the first answer counts.
            receipts.record_answer(id, r#"{"type":5}"#).await.unwrap();
            assert_eq!(
                receipts.receive(id, 1_002).await.unwrap(),
                Receipt::Again {
                    answer: Some(r#"{"type":4}"#.to_owned())
                }
            );
            let other = Id::new(99);
            assert_eq!(receipts.receive(other, 5_000).await.unwrap(), Receipt::First);
            assert_eq!(receipts.purge(2_000).await.unwrap(), 1);
            assert_eq!(receipts.receive(id, 6_000).await.unwrap(), Receipt::First);
            assert_eq!(
                receipts.receive(other, 6_000).await.unwrap(),
                Receipt::Again { answer: None }
            );
        }
    );
}
