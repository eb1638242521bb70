//! At most once per interaction: every interaction id is recorded before it runs, so a
//! redelivery over the gateway or a replayed signed request is recognised and not run again.

use crate::{Core, UseCaseError, now_ms};
use std::time::Duration;
use tickets_store::interactions::Receipt;
use twilight_model::id::Id;
use twilight_model::id::marker::InteractionMarker;

/// How long an interaction id is remembered: Discord's signature window is 300 seconds either
/// way, so a captured request can be replayed until 300 s after it was signed; twice that leaves
/// room for clocks that disagree.
pub const RECEIPTS_KEPT: Duration = Duration::from_secs(600);

/// Whether an interaction arrives for the first time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    /// First time: run it.
    First,
    /// Seen before: do not run it again. `answer` is its first answer (JSON), when it went back
    /// in an HTTP response body and was recorded.
    Repeated {
        /// The recorded first answer.
        answer: Option<String>,
    },
}

impl Core {
    /// Records that an interaction arrived; says whether it is the first time.
    ///
    /// # Errors
    ///
    /// Storage failures: the interaction must then not run, since whether it ran is unknown.
    pub async fn interaction_arrived(
        &self,
        id: Id<InteractionMarker>,
    ) -> Result<Arrival, UseCaseError> {
        Ok(
            match self
                .db()
                .interaction_receipts()
                .receive(id, now_ms())
                .await?
            {
                Receipt::First => Arrival::First,
                Receipt::Again { answer } => Arrival::Repeated { answer },
            },
        )
    }

    /// Keeps an interaction's first answer (JSON), so that a replay is answered the same way.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn interaction_answered(
        &self,
        id: Id<InteractionMarker>,
        answer: &str,
    ) -> Result<(), UseCaseError> {
        self.db()
            .interaction_receipts()
            .record_answer(id, answer)
            .await?;
        Ok(())
    }

    /// Forgets every interaction received so far: for a Discord that starts over and issues
    /// the same ids again (the demo's simulator, whose ids are stable across restarts so that
    /// its server matches the kept database). Real Discord never reuses an id.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn forget_all_interactions(&self) -> Result<u64, UseCaseError> {
        Ok(self.db().interaction_receipts().purge(i64::MAX).await?)
    }

    /// Forgets interactions older than [`RECEIPTS_KEPT`]; returns how many.
    pub(crate) async fn forget_old_interactions(&self) -> Result<u64, UseCaseError> {
        let kept = i64::try_from(RECEIPTS_KEPT.as_millis()).unwrap_or(i64::MAX);
        Ok(self
            .db()
            .interaction_receipts()
            .purge(now_ms() - kept)
            .await?)
    }
}
