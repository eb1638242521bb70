//! `tickets demo` (the bot against the built-in simulator, offline) and `tickets sim`.

use crate::app::{AppOptions, RunningApp};
use crate::cli::wait_for_signal;
use crate::config::{Config, RawConfig};
use anyhow::Context as _;
use discord_sim::{RateLimitConfig, Scenario, SimConfig, Simulator};
use serde_json::Value;
use std::net::SocketAddr;
use std::path::PathBuf;
use tickets_bot::commands::CommandScope;

/// Seed of the simulator's ids in the demo.
const DEMO_ID_SEED: u64 = 2026;

/// The demo scenario, with the bot joined with exactly the permissions of its invite link.
fn demo_scenario() -> Scenario {
    Scenario::demo(tickets_bot::invite::required_permissions().bits())
}

/// Runs the simulator alone until Ctrl-C.
///
/// # Errors
///
/// An unreadable scenario or a taken address.
pub async fn run_sim(listen: SocketAddr, scenario: Option<PathBuf>) -> anyhow::Result<()> {
    let scenario = match scenario {
        Some(path) => {
            Scenario::from_file(&path).with_context(|| format!("scenario {}", path.display()))?
        }
        None => demo_scenario(),
    };
    let sim = Simulator::start(SimConfig {
        listen,
        scenario,
        // Discord's rate limits, so that a client tried here keeps them on Discord too.
        rate_limits: RateLimitConfig::discord(),
        ..SimConfig::default()
    })
    .await
    .with_context(|| format!("cannot start the simulator on {listen}"))?;
    println!("Discord simulator listening on {}", sim.base_url());
    println!(
        "Control API: {}/_sim/state (see docs/simulator.md)",
        sim.base_url()
    );
    wait_for_signal().await;
    sim.shutdown().await;
    Ok(())
}

/// Most passes over the due jobs after one move of the clock; each takes up to a batch.
const JOB_PASSES_PER_ADVANCE: usize = 20;

/// Moves the bot's clock with the simulator's (`POST /_sim/clock/advance`) and then runs the
/// jobs that became due, so that hours of timers pass at once in the demo.
fn follow_simulator_clock(
    sim: &discord_sim::SimHandle,
    clock: tickets_core::Clock,
    core: &tickets_core::Core,
) {
    let core = core.clone();
    sim.on_clock_advance(move |by| {
        clock.advance(by);
        let core = core.clone();
        tokio::spawn(async move {
            for _ in 0..JOB_PASSES_PER_ADVANCE {
                match core.run_due_jobs().await {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(%error, "could not run the jobs due after the clock moved");
                        break;
                    }
                }
            }
        });
    });
}

fn find<'a>(list: &'a Value, key: &str, wanted: &str) -> Option<&'a Value> {
    list.as_array()?
        .iter()
        .find(|item| item[key].as_str() == Some(wanted))
}

fn text(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().to_owned()
}

/// Runs the bot against the simulator with the demo server, on the database `DATABASE_URL`
/// names when it is set (`database` is then `Some`), else on SQLite under `<data dir>/demo`.
///
/// # Errors
///
/// Taken addresses, a demo database that cannot be opened, or `--fresh` on a database that
/// holds data of other servers.
pub async fn run(
    config: Config,
    database: Option<String>,
    fresh: bool,
    listen: SocketAddr,
    sim_listen: SocketAddr,
) -> anyhow::Result<()> {
    let data_dir = config.data_dir.join("demo");
    // The demo's own directory holds nothing but the demo, so starting over removes it; a
    // database named by DATABASE_URL may hold more, and is checked first (see `empty_for_demo`).
    if fresh && database.is_none() && data_dir.exists() {
        std::fs::remove_dir_all(&data_dir)
            .with_context(|| format!("cannot remove {}", data_dir.display()))?;
    }
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("cannot create {}", data_dir.display()))?;

    let sim = Simulator::start(SimConfig {
        listen: sim_listen,
        scenario: demo_scenario(),
        // Stable ids, so the demo database still matches the simulated server after a restart.
        id_seed: Some(DEMO_ID_SEED),
        // Discord's rate limits: the demo behaves as the bot would on Discord.
        rate_limits: RateLimitConfig::discord(),
        ..SimConfig::default()
    })
    .await
    .with_context(|| format!("cannot start the simulator on {sim_listen} (use --sim-listen)"))?;
    let sim_url = sim.base_url();
    let state: Value = reqwest::get(format!("{sim_url}/_sim/state"))
        .await?
        .json()
        .await?;
    let app = &state["applications"][0];
    let guild = find(&state["guilds"], "name", "Demo Server")
        .context("the demo scenario has no Demo Server")?;

    let guild_id = text(guild, "id");
    let database_url = match database {
        Some(url) => {
            if fresh {
                empty_for_demo(&url, guild_id.parse()?).await?;
            }
            url
        }
        None => format!("sqlite://{}", data_dir.join("tickets.db").display()),
    };
    let mut raw = RawConfig::default();
    raw.set("data_dir", data_dir.display().to_string());
    raw.set("database.url", database_url);
    raw.set(
        "shutdown_timeout",
        config.shutdown_timeout.as_secs().to_string(),
    );
    raw.set("discord.token", text(app, "token"));
    raw.set("discord.application_id", text(app, "id"));
    raw.set("discord.public_key", text(app, "public_key"));
    raw.set("discord.client_secret", text(app, "client_secret"));
    raw.set("discord.api_url", sim_url.clone());
    raw.set("web.listen", listen.to_string());
    raw.set("log", config.log.clone());
    let demo_config = Config::from_raw(&raw)?;
    let clock = tickets_core::Clock::system();
    let running = RunningApp::start(
        &demo_config,
        AppOptions {
            command_scope: CommandScope::PerGuild,
            clock: clock.clone(),
            ..AppOptions::default()
        },
    )
    .await
    .with_context(|| format!("cannot start the bot (is {listen} free? use --listen)"))?;
    follow_simulator_clock(&sim, clock, running.core());

    // The simulator starts over with the same ids each time, interaction ids included: the ones
    // a previous run received say nothing about this one's.
    running.core().forget_all_interactions().await?;

    // The demo sets the server up as its owner would on the dashboard, through the same doors.
    let guild_id = text(guild, "id");
    let owner = tickets_core::access::Caller {
        guild_id: guild_id.parse()?,
        user_id: running.core().guild_owner(guild_id.parse()?).await?,
        roles: Vec::new(),
    };
    // Tickets open in the "Support" category.
    if let Some(category) = find(&guild["channels"], "name", "Support") {
        let core = running.core();
        let mut input = tickets_core::settings::SettingsInput::of(&core.settings(&owner).await?);
        input.ticket_category = text(category, "id");
        core.save_settings(&owner, &input).await?;
    }

    let panel = demo_panel(running.core(), &owner, guild).await?;

    let user = |name: &str| {
        find(&state["users"], "username", name)
            .map(|u| text(u, "id"))
            .unwrap_or_default()
    };
    let general = find(&guild["channels"], "name", "general")
        .map(|c| text(c, "id"))
        .unwrap_or_default();
    println!();
    println!("tickets demo is running (Ctrl-C to stop).");
    println!(
        "  Dashboard: http://{}  (log in as owner to see Demo Server)",
        running.web_addr()
    );
    println!(
        "  Discord simulator: {sim_url}  (control API: {sim_url}/_sim/state, see docs/simulator.md)"
    );
    println!(
        "  Demo users: owner {}, staff {}, alice {}, bob {}",
        user("owner"),
        user("staff"),
        user("alice"),
        user("bob")
    );
    println!("  Open a ticket as alice:");
    println!(
        "    curl -s {sim_url}/_sim/act/command -H 'content-type: application/json' \\\n      -d '{{\"guild_id\":\"{guild_id}\",\"channel_id\":\"{general}\",\"user_id\":\"{}\",\"name\":\"open\",\"options\":[{{\"name\":\"subject\",\"type\":3,\"value\":\"Hello\"}}]}}'",
        user("alice")
    );
    if let Some((channel, message, custom_id)) = panel {
        println!("  Or click the panel in #open-a-ticket as bob:");
        println!(
            "    curl -s {sim_url}/_sim/act/component -H 'content-type: application/json' \\\n      -d '{{\"channel_id\":\"{channel}\",\"message_id\":\"{message}\",\"user_id\":\"{}\",\"custom_id\":\"{custom_id}\"}}'",
            user("bob")
        );
    }
    println!("  See the server's channels: curl -s {sim_url}/_sim/guilds/{guild_id}/channels");
    println!("  Make two hours pass (timers fire at once):");
    println!(
        "    curl -s {sim_url}/_sim/clock/advance -H 'content-type: application/json' -d '{{\"seconds\":7200}}'"
    );
    wait_for_signal().await;
    running.shutdown().await;
    if tokio::time::timeout(std::time::Duration::from_secs(2), sim.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("the simulator did not stop in time; leaving it");
    }
    Ok(())
}

/// Empties the database at `url` for `demo --fresh`, but only when it holds nothing but the demo
/// server's data: any other server's data means it is someone's real database.
async fn empty_for_demo(url: &str, demo_guild: tickets_model::GuildId) -> anyhow::Result<()> {
    let db = tickets_store::Database::connect(url).await?;
    db.migrate().await?;
    let others = db
        .guilds_with_data()
        .await?
        .into_iter()
        .filter(|guild| *guild != demo_guild)
        .count();
    if others > 0 {
        db.close().await;
        anyhow::bail!(
            "demo --fresh refuses to empty the database in DATABASE_URL: it holds data of {others} server(s) besides the demo server; point DATABASE_URL at a database of its own for the demo, or leave out --fresh"
        );
    }
    db.empty_all_tables().await?;
    db.close().await;
    Ok(())
}

/// Gives the demo server a panel in #open-a-ticket, as an owner's first hour on the dashboard
/// would. The simulator starts empty each time while the demo database is kept, so existing
/// panels are posted again. Returns the channel, message and button of the first panel.
async fn demo_panel(
    core: &tickets_core::Core,
    owner: &tickets_core::access::Caller,
    guild: &Value,
) -> anyhow::Result<Option<(String, String, String)>> {
    use tickets_core::panels::PanelDraft;
    use tickets_model::panel::{PanelContent, PanelTitle};
    let Some(channel) = find(&guild["channels"], "name", "open-a-ticket").map(|c| text(c, "id"))
    else {
        return Ok(None);
    };
    let existing = core.panels(owner).await?;
    let first = if existing.is_empty() {
        let draft = PanelDraft {
            content: PanelContent::parse(
                "Press the button below and the staff will help you in a private channel.",
            )?,
            emoji: tickets_model::emoji::PanelEmoji::parse("📩")?,
            ..PanelDraft::new(PanelTitle::parse("")?, channel.parse()?)
        };
        core.create_panel(owner, &draft).await?
    } else {
        let mut first = None;
        for panel in existing {
            let sent = core.resend_panel(owner, panel.panel_id).await?;
            first.get_or_insert(sent);
        }
        first.context("no panel")?
    };
    let message = first.message_id.map(|m| m.to_string()).unwrap_or_default();
    let button = tickets_model::custom_id::CustomId::OpenPanel(first.panel_id).encode();
    Ok(Some((first.fields.channel_id.to_string(), message, button)))
}
