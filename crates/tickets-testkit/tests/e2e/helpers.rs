//! Small steps the tests share.

use serde_json::{Value, json};
use tickets_store::tickets::TicketRow;
use tickets_testkit::{Act, Env};

/// `/open` as `user` in #general, with an optional subject.
pub async fn open(env: &Env, user: &str, subject: Option<&str>) -> Act {
    let options = match subject {
        Some(subject) => json!([{"name": "subject", "type": 3, "value": subject}]),
        None => json!([]),
    };
    env.sim
        .command(&env.ids.guild, &env.ids.general, user, "open", options)
        .await
}

/// `/open` that must succeed; returns the new channel's id.
pub async fn open_ok(env: &Env, user: &str, subject: Option<&str>) -> String {
    let act = open(env, user, subject).await;
    assert!(act.error.is_none(), "open failed: {:?}", act.error);
    act.mentioned_channel()
        .unwrap_or_else(|| panic!("no channel in the answer: {:?}", act.response))
}

/// `/close` as `user` in `channel`.
pub async fn close(env: &Env, user: &str, channel: &str, reason: Option<&str>) -> Act {
    let options = match reason {
        Some(reason) => json!([{"name": "reason", "type": 3, "value": reason}]),
        None => json!([]),
    };
    env.sim
        .command(&env.ids.guild, channel, user, "close", options)
        .await
}

/// The id of the demo guild's channel named `name`, which must exist.
pub async fn channel_id_named(env: &Env, name: &str) -> String {
    env.sim
        .channels(&env.ids.guild)
        .await
        .into_iter()
        .find(|c| c["name"] == name)
        .and_then(|c| c["id"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no channel {name}"))
}

/// The channel of that id in the demo guild, if it exists.
pub async fn channel(env: &Env, id: &str) -> Option<Value> {
    env.sim
        .channels(&env.ids.guild)
        .await
        .into_iter()
        .find(|c| c["id"].as_str() == Some(id))
}

/// Waits (bounded) until the channel is gone: closing answers first, then deletes.
pub async fn wait_until_gone(env: &Env, id: &str) -> bool {
    for _ in 0..250 {
        if channel(env, id).await.is_none() {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    false
}

/// The number of open tickets the database counts for a user.
pub async fn open_count(env: &Env, user: &str) -> u64 {
    env.db()
        .tickets()
        .count_open_by_user(env.guild_id(), tickets_testkit::parse(user))
        .await
        .unwrap()
}

/// The channel of that id in the demo guild, which must exist.
pub async fn channel_of(env: &Env, id: &str) -> Value {
    channel(env, id)
        .await
        .unwrap_or_else(|| panic!("no channel {id}"))
}

/// Server B: owned by the staff member (not by A's owner), with the bot in it, a channel and a
/// panel of its own. Returns its id, the channel's id and the panel.
pub async fn second_server(env: &Env) -> (String, String, tickets_store::panels::PanelRow) {
    let b = env.sim.create_guild("Other Server", &env.ids.staff).await;
    let bot = tickets_bot::invite::required_permissions().bits();
    env.sim.install(&b, &env.ids.application, bot).await;
    let channel = env.sim.create_channel(&b, "panels", 0, None).await;
    let id: tickets_model::GuildId = tickets_testkit::parse(&b);
    let mut known = false;
    for _ in 0..100 {
        if env.db().guilds().get(id).await.unwrap().is_some() {
            known = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(known, "the bot saw server B");
    let fields = tickets_store::panels::PanelFields {
        title: "B's panel".into(),
        content: String::new(),
        colour: 0,
        channel_id: tickets_testkit::parse(&channel),
        category_id: None,
        button_style: "primary".into(),
        button_label: None,
        emoji: None,
        welcome_message: None,
        naming_scheme: None,
        mention_on_open: String::new(),
        large_image_url: None,
        small_image_url: None,
        disabled: false,
        thread_mode: None,
        awaiting_category_id: None,
    };
    let panel = env.db().panels().create(id, &fields).await.unwrap();
    (b, channel, panel)
}

/// The id of the demo server's "Staff" role.
pub async fn staff_role(env: &Env) -> String {
    let state = env.sim.state().await;
    state["guilds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == env.ids.guild.as_str())
        .and_then(|g| {
            g["roles"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == "Staff")
        })
        .and_then(|r| r["id"].as_str())
        .unwrap()
        .to_owned()
}

/// The member-or-role option of a command, as the reference names it: `user` for `/add` and
/// `/remove`, `user_or_role` for the staff commands and `/blacklist`.
pub fn member_or_role_option(command: &str) -> &'static str {
    if matches!(command, "add" | "remove") {
        "user"
    } else {
        "user_or_role"
    }
}

/// A command with its member-or-role option (see [`member_or_role_option`]).
pub async fn command_on(env: &Env, channel: &str, user: &str, name: &str, target: &str) -> Act {
    env.sim
        .command(
            &env.ids.guild,
            channel,
            user,
            name,
            json!([{"name": member_or_role_option(name), "value": target}]),
        )
        .await
}

/// `/addadmin` or `/addsupport` as `by`, confirmed with its button; returns the confirmation.
pub async fn grant(env: &Env, by: &str, command: &str, target: &str) -> Act {
    let asked = command_on(env, &env.ids.general, by, command, target).await;
    assert!(asked.is_ephemeral(), "{:?}", asked.response);
    let shown = env.sim.interaction(&asked.interaction_id).await;
    let message = shown["original"]["id"].as_str().unwrap().to_owned();
    let custom_id =
        asked.response.as_ref().unwrap()["data"]["components"][0]["components"][0]["custom_id"]
            .as_str()
            .unwrap()
            .to_owned();
    env.sim
        .click(&env.ids.general, &message, by, &custom_id)
        .await
}

/// Whether `user` can see and type in `channel`, by Discord's permission algorithm.
pub async fn access(env: &Env, channel: &str, user: &str) -> (bool, bool) {
    let permissions = env.sim.permissions(channel, user).await;
    (
        permissions["view_channel"].as_bool().unwrap(),
        permissions["send_messages"].as_bool().unwrap(),
    )
}

/// A REST call as the bot, to arrange what Discord holds (a thread archived or gone).
pub async fn as_bot(env: &Env, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
    let token = env.app_credentials["token"].as_str().unwrap();
    let mut request = reqwest::Client::new()
        .request(method, format!("{}/api/v10{path}", env.sim.base()))
        .header("Authorization", format!("Bot {token}"))
        .timeout(std::time::Duration::from_secs(10));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap_or(Value::Null)
}

/// `user` writes `content` in the ticket `channel`; returns the ticket once the bot recorded the
/// message (its event is handled off the gateway's loop) and had a moment for what the record
/// plans next in the same task (timers, a move back from the awaiting category).
pub async fn writes(env: &Env, channel: &str, user: &str, content: &str) -> TicketRow {
    let stored = || async {
        env.db()
            .tickets()
            .get_by_channel(env.guild_id(), tickets_testkit::parse(channel))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{channel} is no ticket"))
    };
    let before = stored().await.activity.last_message_at;
    env.sim.act_message(channel, user, content).await;
    for _ in 0..250 {
        if stored().await.activity.last_message_at != before {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            return stored().await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the message in {channel} was never recorded");
}
