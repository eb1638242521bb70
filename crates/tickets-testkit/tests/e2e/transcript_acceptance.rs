//! The transcripts' acceptance: a long ticket with everything members and staff do in one (1,000
//! messages: markdown, mentions, files, embeds, replies, reactions, edits) closes into a page that
//! shows all of it in order, with its files served by us, readable by the opener from their DM
//! link and by staff from the transcripts channel's button, and by nobody else; and nothing of its
//! text is readable where it is kept.

use crate::dashboard::login_as;
use crate::helpers::*;
use discord_sim::control::api::ActFile;
use serde_json::json;
use std::path::Path;
use tickets_model::embed::EmbedDraft;
use tickets_testkit::e2e_test;

/// The smallest valid PNG (1×1).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// Every file under `dir`, with its bytes.
fn files_under(dir: &Path, found: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, found);
        } else if let Ok(bytes) = std::fs::read(&path) {
            found.push((path.display().to_string(), bytes));
        }
    }
}

async fn get(url: &str, cookie: &str) -> (u16, Vec<u8>) {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = http
        .get(url)
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.bytes().await.unwrap().to_vec(),
    )
}

fn link_of(message: &serde_json::Value) -> String {
    message["components"][0]["components"][0]["url"]
        .as_str()
        .expect("a View transcript link")
        .to_owned()
}

e2e_test! {
    async fn a_thousand_message_ticket_is_kept_whole_and_shown_only_to_who_may_read_it(env) {
        let logs = env.sim.channels(&env.ids.guild).await.into_iter()
            .find(|c| c["name"] == "transcripts").unwrap()["id"].as_str().unwrap().to_owned();
        env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.owner, "setup",
            json!([{"name": "transcripts", "options": [{"name": "channel", "value": logs}]}])).await;
        let embed = EmbedDraft { title: Some("Refund policy".into()), description: Some("Within **14** days".into()), ..EmbedDraft::default() };
        env.core().save_tag(&env.owner(), "refunds", "", Some(embed), false).await.unwrap();

        let id = open_ok(env, &env.ids.alice, Some("Order 1234")).await;
        let (alice, owner, bob) = (env.ids.alice.clone(), env.ids.owner.clone(), env.ids.bob.clone());
        let mut sent = Vec::new();
        for n in 0..975 {
            let author = if n % 3 == 0 { &owner } else { &alice };
            let text = match n % 4 {
                0 => format!("marker-{n:04} **bold** and _italic_ for <@{bob}>"),
                1 => format!("marker-{n:04} see <#{}> and ||a spoiler||", env.ids.general),
                2 => format!("marker-{n:04} `code` ~~struck~~ <b>not html</b>"),
                _ => format!("marker-{n:04} plain words"),
            };
            let message = if n % 49 == 7 {
                let file = ActFile::new(&format!("photo-{n}.png"), Some("image/png"), PNG);
                env.sim.act_message_with_files(&id, author, &text, &[file]).await
            } else if n % 50 == 20 && !sent.is_empty() {
                let (answered, _): &(String, String) = &sent[sent.len() - 3];
                env.sim.reply(&id, author, answered, &text).await
            } else {
                env.sim.act_message(&id, author, &text).await
            };
            let message_id = message["id"].as_str().unwrap().to_owned();
            if n % 100 == 5 {
                // Someone else in the ticket reacts.
                let reactor = if author == &owner { &alice } else { &owner };
                env.sim.react(&id, &message_id, reactor, "👍").await;
            }
            sent.push((message_id, text));
        }
        // Edits: the transcript keeps the text as last edited.
        for k in [10usize, 500, 900] {
            let (message_id, text) = sent[k].clone();
            let author = if k % 3 == 0 { &owner } else { &alice };
            let edited = format!("{text} (corrected)");
            env.sim.edit_message(&id, &message_id, author, &edited).await;
            sent[k].1 = edited;
        }
        for _ in 0..5 {
            let act = env.sim.command(&env.ids.guild, &id, &owner, "tag", json!([{"name": "tag_id", "value": "refunds"}])).await;
            assert!(act.error.is_none(), "{:?}", act.error);
        }
        let files = sent.iter().enumerate().filter(|(n, _)| n % 49 == 7).count();
        assert!(files >= 20, "{files} files");

        close(env, &owner, &id, Some("Refund sent")).await;
        assert!(wait_until_gone(env, &id).await, "the channel goes once its transcript is kept");

        // The opener follows their DM's link; staff the transcripts channel's button.
        let dm_link = link_of(env.sim.dms(&alice).await.last().unwrap());
        let staff_link = link_of(env.sim.messages(&logs).await.last().unwrap());
        assert_eq!(dm_link, staff_link);
        let (status, page) = get(&dm_link, &login_as(env, &alice).await).await;
        assert_eq!(status, 200);
        let page = String::from_utf8(page).unwrap();
        let mut at = 0;
        for n in 0..sent.len() {
            let marker = format!("marker-{n:04}");
            let found = page[at..].find(&marker).unwrap_or_else(|| panic!("{marker} in order"));
            at += found + marker.len();
        }
        assert!(page.contains("(corrected)"), "edits are kept");
        assert!(page.contains("&lt;b&gt;not html&lt;/b&gt;"), "html shows as text");
        assert!(page.contains("@bob"), "mentions are names");
        assert!(page.contains("#general"), "channel mentions are names");
        assert!(page.contains("Refund policy"), "embeds are shown");
        assert!(page.contains("👍"), "reactions are shown");
        assert!(!page.contains("cdn.discordapp.com") && !page.contains(env.sim.base()), "nothing is fetched from Discord");
        let prefix = format!("/guilds/{}/transcripts/1/files/", env.ids.guild);
        let file_links = page.matches(&prefix).count();
        assert!(file_links >= files, "{file_links} links to our copies of {files} files");
        let start = page.find(&prefix).unwrap();
        let file_path: String = page[start..].chars().take_while(|c| *c != '"').collect();
        let file_url = format!("{}{}", env.web_url(), file_path);
        let (status, bytes) = get(&file_url, &login_as(env, &alice).await).await;
        assert_eq!((status, bytes.as_slice()), (200, PNG), "the file is served by us");
        let (status, _) = get(&staff_link, &login_as(env, &owner).await).await;
        assert_eq!(status, 200, "staff read it from the transcripts channel");

        // Anyone else: the same 404 as for a transcript that does not exist.
        let bobs = login_as(env, &bob).await;
        let (status, _) = get(&dm_link, &bobs).await;
        assert_eq!(status, 404);
        let (status, _) = get(&file_url, &bobs).await;
        assert_eq!(status, 404);
        let (status, _) = get(&dm_link.replace("/transcripts/1", "/transcripts/2"), &login_as(env, &alice).await).await;
        assert_eq!(status, 404);

        // Where it is kept, nothing of what was said can be read.
        let mut kept = Vec::new();
        files_under(env.data_dir(), &mut kept);
        assert!(!kept.is_empty());
        for (path, bytes) in &kept {
            for needle in [b"marker-0".as_slice(), b"plain words", b"Refund policy"] {
                assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{path} holds readable text");
            }
        }
    }
}
