//! The commands as Discord holds them after the bot registered them: every command of the user
//! documentation's command list, under its name, with its subcommands and options named as the
//! documentation names them. The list is written out here as data, so a renamed command,
//! subcommand or option fails the test. The commands that answer before their feature exists say
//! so, in the member's language.

use serde_json::{Value, json};
use std::collections::BTreeMap;
use tickets_testkit::{Env, e2e_test};

/// An option as the list gives it: its name and whether it is required.
type Opt = (&'static str, bool);

/// One command of the list: its name, its options, and its subcommands with theirs.
struct Listed {
    name: &'static str,
    options: &'static [Opt],
    subcommands: &'static [(&'static str, &'static [Opt])],
}

const fn plain(name: &'static str, options: &'static [Opt]) -> Listed {
    Listed {
        name,
        options,
        subcommands: &[],
    }
}

const fn with_subs(
    name: &'static str,
    subcommands: &'static [(&'static str, &'static [Opt])],
) -> Listed {
    Listed {
        name,
        options: &[],
        subcommands,
    }
}

/// The documentation's command list, in its order. Where it shows no options but the command
/// needs a value (`/setup limit`, `/setup transcripts`, `/managetags add|delete`, `/stats user`),
/// the option is ours; everywhere else the names are the documentation's (`/reopen (ticket ID)`
/// is the option `ticket_id`).
const REFERENCE: &[Listed] = &[
    // General commands.
    plain("about", &[]),
    plain("help", &[]),
    plain("invite", &[]),
    plain("vote", &[]),
    // Ticket commands.
    plain("add", &[("user", true)]),
    plain("claim", &[]),
    plain("close", &[("reason", false)]),
    plain("closerequest", &[("close_delay", false), ("reason", false)]),
    plain("jumptotop", &[]),
    plain("on-call", &[]),
    plain("open", &[("subject", false)]),
    plain("remove", &[("user", true)]),
    plain("rename", &[("new_ticket_name", true)]),
    plain("reopen", &[("ticket_id", true)]),
    plain("switchpanel", &[("to_panel", true)]),
    plain("transfer", &[("user", true)]),
    plain("unclaim", &[]),
    plain("notes", &[]),
    // Setting commands.
    plain("addadmin", &[("user_or_role", true)]),
    plain("addsupport", &[("user_or_role", true)]),
    with_subs(
        "autoclose",
        &[
            (
                "configure",
                &[
                    ("enabled", false),
                    ("since_open_with_no_response", false),
                    ("since_last_message", false),
                    ("on_user_leave", false),
                ],
            ),
            ("exclude", &[]),
        ],
    ),
    plain("blacklist", &[("user_or_role", true)]),
    plain("language", &[("language", false)]),
    plain("panel", &[]),
    plain("premium", &[]),
    plain("removeadmin", &[("user_or_role", true)]),
    plain("removesupport", &[("user_or_role", true)]),
    with_subs(
        "setup",
        &[
            ("auto", &[]),
            ("limit", &[("limit", true)]),
            ("transcripts", &[("channel", true)]),
            (
                "use-threads",
                &[
                    ("use_threads", true),
                    ("ticket_notification_channel", false),
                ],
            ),
        ],
    ),
    plain("viewstaff", &[]),
    // Tag commands.
    with_subs(
        "managetags",
        &[
            ("add", &[("id", true), ("content", true)]),
            ("delete", &[("id", true)]),
            ("list", &[]),
        ],
    ),
    plain("tag", &[("tag_id", true)]),
    // Statistics commands.
    with_subs("stats", &[("user", &[("user", true)]), ("server", &[])]),
];

/// Option type of a subcommand in Discord's command objects.
const SUB_COMMAND: u64 = 1;

/// The application's commands in the demo server, read back from Discord with the bot's token.
async fn registered(env: &Env) -> Vec<Value> {
    let url = format!(
        "{}/api/v10/applications/{}/guilds/{}/commands",
        env.sim.base(),
        env.ids.application,
        env.ids.guild
    );
    let token = env.app_credentials["token"].as_str().unwrap();
    let response = reqwest::Client::new()
        .get(url)
        .header("Authorization", format!("Bot {token}"))
        .timeout(std::time::Duration::from_secs(10))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

/// The options of a command or subcommand as `name (required)` lines, in their order.
fn options_of(options: &[Value]) -> Vec<String> {
    options
        .iter()
        .filter(|o| o["type"].as_u64() != Some(SUB_COMMAND))
        .map(|o| {
            format!(
                "{} ({})",
                o["name"].as_str().unwrap(),
                o["required"].as_bool().unwrap_or(false)
            )
        })
        .collect()
}

/// What the comparison looks at: `/name` and `/name sub`, each with its options.
fn shape(registered: &[Value]) -> BTreeMap<String, Vec<String>> {
    let mut shape = BTreeMap::new();
    for command in registered
        .iter()
        .filter(|c| c["type"].as_u64().unwrap_or(1) == 1)
    {
        let name = command["name"].as_str().unwrap();
        let options = command["options"].as_array().cloned().unwrap_or_default();
        let subs: Vec<&Value> = options
            .iter()
            .filter(|o| o["type"].as_u64() == Some(SUB_COMMAND))
            .collect();
        if subs.is_empty() {
            shape.insert(format!("/{name}"), options_of(&options));
        }
        for sub in subs {
            let sub_options = sub["options"].as_array().cloned().unwrap_or_default();
            shape.insert(
                format!("/{name} {}", sub["name"].as_str().unwrap()),
                options_of(&sub_options),
            );
        }
    }
    shape
}

fn reference_shape() -> BTreeMap<String, Vec<String>> {
    let lines = |options: &[Opt]| {
        options
            .iter()
            .map(|(name, required)| format!("{name} ({required})"))
            .collect()
    };
    let mut shape = BTreeMap::new();
    for listed in REFERENCE {
        if listed.subcommands.is_empty() {
            shape.insert(format!("/{}", listed.name), lines(listed.options));
        }
        for (sub, options) in listed.subcommands {
            shape.insert(format!("/{} {sub}", listed.name), lines(options));
        }
    }
    shape
}

e2e_test! {
    async fn the_registered_commands_are_the_reference_list_name_by_name(env) {
        let registered = registered(env).await;
        let ours = shape(&registered);
        let reference = reference_shape();
        let missing: Vec<&String> = reference.keys().filter(|k| !ours.contains_key(*k)).collect();
        let extra: Vec<&String> = ours.keys().filter(|k| !reference.contains_key(*k)).collect();
        assert!(missing.is_empty() && extra.is_empty(), "missing: {missing:?}; not in the list: {extra:?}");
        for (door, options) in &reference {
            assert_eq!(&ours[door], options, "{door}: the options differ");
        }
        // Besides the slash commands, only the message command "Start Ticket".
        let others: Vec<(&str, u64)> = registered.iter()
            .filter(|c| c["type"].as_u64().unwrap_or(1) != 1)
            .map(|c| (c["name"].as_str().unwrap(), c["type"].as_u64().unwrap()))
            .collect();
        assert_eq!(others, [(tickets_bot::commands::START_TICKET, 3)]);
        // `/language` offers the catalog's languages, and each member's own.
        let language = registered.iter().find(|c| c["name"] == "language").unwrap();
        let values: Vec<&str> = language["options"][0]["choices"].as_array().unwrap().iter().map(|c| c["value"].as_str().unwrap()).collect();
        assert_eq!(values, ["auto", "en"]);
        // `/help` lists the new commands too, for those who may use them.
        let help = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.owner, "help", json!([])).await;
        for command in ["/notes", "/on-call", "/reopen", "/stats", "/vote", "/premium"] {
            assert!(help.content().contains(&format!("`{command}`")), "{command} not in /help: {}", help.content());
        }
    }
}

async fn run(env: &Env, user: &str, name: &str, options: Value) -> tickets_testkit::Act {
    env.sim
        .command(&env.ids.guild, &env.ids.general, user, name, options)
        .await
}

e2e_test! {
    async fn vote_premium_statistics_and_autoclose_settings_say_what_this_bot_has(env) {
        let sub = |name: &str, options: Value| json!([{"name": name, "options": options}]);

        let vote = run(env, &env.ids.alice, "vote", json!([])).await;
        assert!(vote.is_ephemeral());
        assert!(vote.content().starts_with("There is nothing to vote for"), "{}", vote.content());
        let premium = run(env, &env.ids.alice, "premium", json!([])).await;
        assert!(premium.content().contains("every feature is unlocked"), "{}", premium.content());

        let role = crate::helpers::staff_role(env).await;
        crate::helpers::grant(env, &env.ids.owner, "addsupport", &role).await;
        let coming = "Ticket statistics are not collected yet: they come with a later version of the bot.";
        let by_staff = run(env, &env.ids.staff, "stats", sub("server", json!([]))).await;
        assert_eq!(by_staff.content(), coming);
        let about_bob = run(env, &env.ids.owner, "stats", sub("user", json!([{"name": "user", "value": env.ids.bob}]))).await;
        assert_eq!(about_bob.content(), coming);
        let by_member = run(env, &env.ids.alice, "stats", sub("server", json!([]))).await;
        assert!(by_member.content().starts_with("Only the support staff"), "{}", by_member.content());

        // Configuring is an admin's; support staff may only exclude a ticket.
        let by_support = run(env, &env.ids.staff, "autoclose", sub("configure", json!([]))).await;
        assert!(by_support.content().starts_with("Only the bot admins"), "{}", by_support.content());
        let by_admin = run(env, &env.ids.owner, "autoclose", sub("configure", json!([]))).await;
        assert!(by_admin.is_ephemeral());
        assert!(by_admin.content().starts_with("Auto Close settings:\nEnabled: off"), "{}", by_admin.content());
    }
}
