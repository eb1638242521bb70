//! Tags: /managetags add, delete and list, /tag with suggestions and placeholders, refusals for
//! members, and that one server's tags are not another's.

use crate::helpers::*;
use serde_json::{Value, json};
use tickets_model::embed::{EmbedDraft, EmbedField};
use tickets_testkit::{Act, Env, e2e_test};

async fn manage(env: &Env, user: &str, sub: &str, options: Value) -> Act {
    env.sim
        .command(
            &env.ids.guild,
            &env.ids.general,
            user,
            "managetags",
            json!([{"name": sub, "options": options}]),
        )
        .await
}

async fn tag(env: &Env, channel: &str, user: &str, id: &str) -> Act {
    env.sim
        .command(
            &env.ids.guild,
            channel,
            user,
            "tag",
            json!([{"name": "tag_id", "value": id}]),
        )
        .await
}

async fn typed(env: &Env, user: &str, text: &str) -> Act {
    env.sim
        .autocomplete(
            &env.ids.guild,
            &env.ids.general,
            user,
            "tag",
            json!([{"name": "tag_id", "value": text}]),
            "tag_id",
        )
        .await
}

e2e_test! {
    async fn admins_manage_tags_and_staff_send_them_with_placeholders(env) {
        let add = json!([{"name": "id", "value": "Welcome"}, {"name": "content", "value": "Hello %user%, this is ticket %ticket_id%."}]);
        let refused = manage(env, &env.ids.alice, "add", add.clone()).await;
        assert!(refused.content().starts_with("Only the bot admins"), "{}", refused.content());
        assert!(env.db().tags().list(env.guild_id()).await.unwrap().is_empty());

        let added = manage(env, &env.ids.owner, "add", add.clone()).await;
        assert_eq!(added.content(), "The tag `welcome` was added. Send it with /tag welcome.");
        let twice = manage(env, &env.ids.owner, "add", add).await;
        assert_eq!(twice.content(), "The tag's id is already used in this server. Please choose another.");
        let bad = manage(env, &env.ids.owner, "add", json!([{"name": "id", "value": "two words"}, {"name": "content", "value": "x"}])).await;
        assert!(bad.content().starts_with("The tag's id"), "{}", bad.content());

        let ticket = open_ok(env, &env.ids.alice, None).await;
        let member = tag(env, &ticket, &env.ids.alice, "welcome").await;
        assert!(member.content().starts_with("Only the support staff"), "{}", member.content());
        let sent = tag(env, &ticket, &env.ids.owner, "welcome").await;
        assert!(!sent.is_ephemeral());
        assert_eq!(sent.content(), format!("Hello <@{}>, this is ticket 1.", env.ids.alice));
        let unknown = tag(env, &ticket, &env.ids.owner, "nope").await;
        assert_eq!(unknown.content(), "This server has no tag `nope`. /managetags list shows the tags there are.");

        let listed = manage(env, &env.ids.owner, "list", json!([])).await;
        assert_eq!(listed.content(), "Tags: `welcome`");
        let deleted = manage(env, &env.ids.owner, "delete", json!([{"name": "id", "value": "welcome"}])).await;
        assert_eq!(deleted.content(), "The tag `welcome` was deleted.");
        let listed = manage(env, &env.ids.owner, "list", json!([])).await;
        assert!(listed.content().starts_with("This server has no tags yet."), "{}", listed.content());
    }
}

e2e_test! {
    async fn tag_ids_are_suggested_to_staff_and_embeds_are_sent(env) {
        let embed = EmbedDraft {
            title: Some("Refunds for %user%".into()),
            fields: vec![EmbedField { name: "Delay".into(), value: "14 days".into(), inline: true }],
            ..EmbedDraft::default()
        };
        env.core().save_tag(&env.owner(), "refunds", "", Some(embed), false).await.unwrap();
        env.core().save_tag(&env.owner(), "rules", "Be kind.", None, false).await.unwrap();
        env.core().save_tag(&env.owner(), "faq-refund", "See /tag refunds", None, false).await.unwrap();

        let choices = |act: &Act| -> Vec<String> {
            act.response.as_ref().unwrap()["data"]["choices"].as_array().unwrap().iter().map(|c| c["value"].as_str().unwrap().to_owned()).collect()
        };
        let suggested = typed(env, &env.ids.owner, "ref").await;
        assert_eq!(suggested.response.as_ref().unwrap()["type"], 8);
        assert_eq!(choices(&suggested), ["refunds", "faq-refund"], "starting with the text first");
        assert!(choices(&typed(env, &env.ids.alice, "r").await).is_empty(), "members see no tags");

        let ticket = open_ok(env, &env.ids.alice, None).await;
        let sent = tag(env, &ticket, &env.ids.owner, "refunds").await;
        let embed = &sent.response.as_ref().unwrap()["data"]["embeds"][0];
        assert_eq!(embed["title"], format!("Refunds for <@{}>", env.ids.alice));
        assert_eq!(embed["fields"][0]["name"], "Delay");
        assert_eq!(embed["fields"][0]["inline"], true);
    }
}

e2e_test! {
    async fn another_servers_tags_are_out_of_reach(env) {
        let (b, b_channel, _) = second_server(env).await;
        let b_id: tickets_model::GuildId = tickets_testkit::parse(&b);
        env.core().save_tag(&env.owner_of(b_id).await, "secret", "B only", None, false).await.unwrap();
        // The owner of A is an admin in A only; in A, B's tag does not exist.
        let in_a = tag(env, &env.ids.general, &env.ids.owner, "secret").await;
        assert!(in_a.content().starts_with("This server has no tag `secret`"), "{}", in_a.content());
        env.sim.set_member(&b, &env.ids.owner, &[]).await;
        let in_b = env.sim.command(&b, &b_channel, &env.ids.owner, "managetags", json!([{"name": "delete", "options": [{"name": "id", "value": "secret"}]}])).await;
        assert!(in_b.content().starts_with("Only the bot admins"), "{}", in_b.content());
        assert_eq!(env.db().tags().list(b_id).await.unwrap().len(), 1);
    }
}
