//! Prometheus metrics: what an operator watches to know the bot is healthy.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::time::Duration;

/// Labels of an interaction: what kind and how it ended.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct InteractionLabels {
    /// `command`, `component`, `modal`, `autocomplete` or `ping`.
    pub kind: &'static str,
    /// `ok`, `refused` (a clear error shown to the user) or `error`.
    pub outcome: &'static str,
}

/// Labels of a Discord REST call.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct DiscordCallLabels {
    /// Our name of the route, e.g. `create_guild_channel`.
    pub route: &'static str,
    /// HTTP status, or 0 when no response arrived.
    pub status: u16,
}

/// Every metric the application exports.
pub struct Metrics {
    registry: Registry,
    interactions: Family<InteractionLabels, Counter>,
    ack_latency: Histogram,
    discord_calls: Family<DiscordCallLabels, Counter>,
    tickets_opened: Counter,
    tickets_closed: Counter,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Creates and registers every metric.
    #[must_use]
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("tickets");
        let interactions = Family::<InteractionLabels, Counter>::default();
        // 5 ms to ~5 s: Discord's deadline for the first answer is 3 s.
        let ack_latency = Histogram::new(
            prometheus_client::metrics::histogram::exponential_buckets(0.005, 2.0, 11),
        );
        let discord_calls = Family::<DiscordCallLabels, Counter>::default();
        let tickets_opened = Counter::default();
        let tickets_closed = Counter::default();
        registry.register(
            "interactions",
            "Interactions handled, by kind and outcome",
            interactions.clone(),
        );
        registry.register(
            "interaction_ack_seconds",
            "Time from receiving an interaction to sending its first response",
            ack_latency.clone(),
        );
        registry.register(
            "discord_requests",
            "Discord REST calls made, by route and HTTP status",
            discord_calls.clone(),
        );
        registry.register("tickets_opened", "Tickets opened", tickets_opened.clone());
        registry.register("tickets_closed", "Tickets closed", tickets_closed.clone());
        Self {
            registry,
            interactions,
            ack_latency,
            discord_calls,
            tickets_opened,
            tickets_closed,
        }
    }

    /// Counts one handled interaction.
    pub fn interaction(&self, kind: &'static str, outcome: &'static str) {
        self.interactions
            .get_or_create(&InteractionLabels { kind, outcome })
            .inc();
    }

    /// Records how long the first response to an interaction took.
    pub fn acknowledged_after(&self, elapsed: Duration) {
        self.ack_latency.observe(elapsed.as_secs_f64());
    }

    /// Counts one Discord REST call.
    pub fn discord_call(&self, route: &'static str, status: u16) {
        self.discord_calls
            .get_or_create(&DiscordCallLabels { route, status })
            .inc();
    }

    /// Counts an opened ticket.
    pub fn ticket_opened(&self) {
        self.tickets_opened.inc();
    }

    /// Counts a closed ticket.
    pub fn ticket_closed(&self) {
        self.tickets_closed.inc();
    }

    /// The metrics in Prometheus' text format.
    #[must_use]
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_show_up_in_the_text_format() {
        let metrics = Metrics::new();
        metrics.interaction("command", "ok");
        metrics.discord_call("create_guild_channel", 201);
        metrics.ticket_opened();
        metrics.acknowledged_after(Duration::from_millis(20));
        let text = metrics.encode();
        assert!(
            text.contains(r#"tickets_interactions_total{kind="command",outcome="ok"} 1"#),
            "{text}"
        );
        assert!(text.contains(
            r#"tickets_discord_requests_total{route="create_guild_channel",status="201"} 1"#
        ));
        assert!(text.contains("tickets_tickets_opened_total 1"));
        assert!(text.contains("tickets_interaction_ack_seconds_count 1"));
    }
}
