//! `tickets transcript render`: the real binary turns an export into a page, and says clearly
//! what is wrong with an input it cannot read.

use std::process::{Command, Output};

/// A DiscordChatExporter JSON export as that tool writes it (fields we do not read included).
const EXPORT: &str = r##"{
  "guild": {"id": "100", "name": "Acme Support", "iconUrl": "https://cdn.discordapp.com/icons/100/a.png"},
  "channel": {"id": "200", "type": "GuildTextChat", "categoryId": "300", "category": "Tickets",
              "name": "ticket-0007", "topic": null},
  "dateRange": {"after": null, "before": null},
  "exportedAt": "2026-02-01T12:00:00.0000000+01:00",
  "messages": [
    {"id": "1001", "type": "Default", "timestamp": "2026-02-01T10:00:00.123+00:00",
     "timestampEdited": null, "callEndedTimestamp": null, "isPinned": false,
     "content": "Hello <@2002>, my **order** <script>alert(1)</script> is late",
     "author": {"id": "2001", "name": "alice", "discriminator": "0000", "nickname": "Alice",
                "color": "#E91E63", "isBot": false, "roles": [],
                "avatarUrl": "https://cdn.discordapp.com/avatars/2001/x.png"},
     "attachments": [{"id": "5001", "url": "https://cdn.discordapp.com/attachments/200/5001/receipt.pdf",
                      "fileName": "receipt.pdf", "fileSizeBytes": 20480}],
     "embeds": [], "stickers": [], "reactions": [],
     "mentions": [{"id": "2002", "name": "sam", "discriminator": "0000", "nickname": "Sam from Support",
                   "color": null, "isBot": false, "roles": [], "avatarUrl": "https://cdn.discordapp.com/avatars/2002/y.png"}],
     "inlineEmojis": []},
    {"id": "1002", "type": "Reply", "timestamp": "2026-02-01T10:02:00+00:00",
     "timestampEdited": "2026-02-01T10:03:00+00:00", "isPinned": false,
     "content": "Looking into it ||now||",
     "author": {"id": "2002", "name": "sam", "discriminator": "0000", "nickname": "Sam from Support",
                "color": "#3498DB", "isBot": false, "roles": [], "avatarUrl": "https://cdn.discordapp.com/avatars/2002/y.png"},
     "attachments": [], "embeds": [], "stickers": [],
     "reactions": [{"emoji": {"id": "", "name": "👍", "code": "thumbsup", "isAnimated": false,
                              "imageUrl": "https://cdn.jsdelivr.net/gh/twitter/twemoji@latest/assets/svg/1f44d.svg"},
                    "count": 2, "users": []}],
     "mentions": [], "reference": {"messageId": "1001", "channelId": "200", "guildId": "100"}}
  ],
  "messageCount": 2
}"##;

fn render(input: &std::path::Path, output: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tickets"))
        .args(["transcript", "render", "--input"])
        .arg(input)
        .arg("--output")
        .arg(output)
        .output()
        .unwrap()
}

#[test]
fn an_export_of_discord_chat_exporter_renders_as_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.json");
    let output = dir.path().join("page.html");
    std::fs::write(&input, EXPORT).unwrap();
    let run = render(&input, &output);
    assert!(run.status.success(), "{run:?}");
    assert!(
        String::from_utf8_lossy(&run.stdout).contains("(2 messages)"),
        "{run:?}"
    );
    let html = std::fs::read_to_string(&output).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for shown in [
        ".k0{color:#e91e63}",
        "<h3 class=k0>Alice <time datetime=2026-02-01T10:00Z>10:00</time></h3>",
        "Hello <mark>@Sam from Support</mark>, my <strong>order</strong> &lt;script&gt;alert(1)&lt;/script&gt; is late",
        "<span class=sp tabindex=0>now</span>",
        "<span class=ed>(edited)</span>",
        "<a href=#m1001>Hello <mark>@Sam from Support</mark>",
        "<b>receipt.pdf</b> <span>20.0 KB</span> <i>File not kept</i>",
        "<span class=re>👍 2</span>",
        "<li class=dd><time datetime=2026-02-01 data-s=D>2026-02-01</time>",
        "<dd>Acme Support</dd>",
    ] {
        assert!(html.contains(shown), "{shown} missing from {html}");
    }
    // Discord's links expire and would tell Discord who reads: none is on the page.
    assert!(!html.contains("discordapp"), "{html}");
    assert!(!html.contains("<script>alert"), "{html}");
}

#[test]
fn a_compressed_document_of_ours_renders_too() {
    use tickets_transcripts::format::{self, Author, Capture, Header, Message, TicketFacts};
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("transcript.json.zst");
    let output = dir.path().join("page.html");
    let member = Author {
        id: "2001".to_owned(),
        name: "alice".to_owned(),
        ..Author::default()
    };
    let mut writer = format::compressed_writer(&Header::default()).unwrap();
    writer
        .push(&Message {
            id: "1".to_owned(),
            kind: "Default".to_owned(),
            timestamp: "2026-02-01T10:00:00Z".to_owned(),
            author: member.clone(),
            ..Message::default()
        })
        .unwrap();
    let ticket = TicketFacts {
        number: 7,
        opener: member,
        opened_at: "2026-02-01T09:59:00Z".to_owned(),
        ..TicketFacts::default()
    };
    let capture = Capture {
        content_intent: false,
        attachments_not_stored: 0,
    };
    std::fs::write(
        &input,
        format::finish_compressed(writer, &ticket, &capture).unwrap(),
    )
    .unwrap();
    let run = render(&input, &output);
    assert!(run.status.success(), "{run:?}");
    let html = std::fs::read_to_string(&output).unwrap();
    assert!(html.contains("<h1>Ticket #7</h1>"), "{html}");
    assert!(
        html.contains("Discord withheld the content of these messages"),
        "{html}"
    );
}

#[test]
fn a_missing_file_or_bad_json_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("page.html");
    let missing = dir.path().join("nowhere.json");
    let run = render(&missing, &output);
    assert!(!run.status.success());
    let error = String::from_utf8_lossy(&run.stderr);
    assert!(
        error.contains("cannot read the transcript") && error.contains("nowhere.json"),
        "{error}"
    );
    assert!(error.contains("No such file"), "{error}");

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"guild\": {\"id\": \"1\"").unwrap();
    let run = render(&bad, &output);
    assert!(!run.status.success());
    let error = String::from_utf8_lossy(&run.stderr);
    assert!(error.contains("bad.json is not a transcript"), "{error}");
    assert!(error.contains("line 1"), "{error}");
    assert!(!output.exists(), "no page is written for a bad input");
}
