//! Whole pages, checked for what a reader of them would see.

use super::*;
use crate::format::{
    Capture, Channel, Embed, EmbedAuthor, EmbedField, EmbedFooter, EmbedImage, Emoji, FormAnswer,
    Guild, Interaction, NamedRole, Reaction, Reference, Sticker, TicketFacts,
};

fn person(id: &str, name: &str) -> Author {
    Author {
        id: id.to_owned(),
        name: name.to_owned(),
        discriminator: "0000".to_owned(),
        ..Author::default()
    }
}

fn message(id: &str, author: &Author, at: &str, content: &str) -> Message {
    Message {
        id: id.to_owned(),
        kind: "Default".to_owned(),
        timestamp: format!("2026-03-01T{at}:00+00:00"),
        content: content.to_owned(),
        author: author.clone(),
        ..Message::default()
    }
}

fn document(messages: Vec<Message>) -> Document {
    Document {
        version: 1,
        guild: Guild {
            id: "1".to_owned(),
            name: "Support Server".to_owned(),
            icon_url: None,
        },
        channel: Channel {
            id: "2".to_owned(),
            kind: "GuildTextChat".to_owned(),
            name: "ticket-0042".to_owned(),
            ..Channel::default()
        },
        message_count: messages.len() as u64,
        messages,
        capture: Some(Capture {
            content_intent: true,
            attachments_not_stored: 0,
        }),
        ..Document::default()
    }
}

struct WebAssets;

impl Assets for WebAssets {
    fn attachment_url(&self, message: &Message, attachment: &Attachment) -> Option<String> {
        attachment
            .stored
            .then(|| format!("/transcripts/7/files/{}/{}", message.id, attachment.id))
    }

    fn avatar_url(&self, author: &Author) -> Option<String> {
        (author.id == "500").then(|| "/avatars/500.png".to_owned())
    }
}

fn page_with(document: &Document, assets: &dyn Assets) -> String {
    let labels = Labels::english();
    render_to_string(
        document,
        &RenderOptions {
            assets,
            labels: &labels,
        },
    )
}

fn page(document: &Document) -> String {
    page_with(document, &DocumentAssets)
}

/// The page's tags, attributes included: what a browser would act on.
fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.split('<')
        .skip(1)
        .map(|piece| piece.split('>').next().unwrap_or_default())
}

/// The page's text as a reader sees it: tags dropped, entities read back.
fn visible(html: &str) -> String {
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let body = body.split("<script>").next().unwrap_or(body);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn a_message_with_html_and_script_shows_as_text() {
    let mallory = person("13", "<img src=x onerror=alert(1)>");
    let mut evil = message(
        "100",
        &mallory,
        "10:00",
        "<script>alert('pwned')</script> **hi**",
    );
    evil.embeds.push(Embed {
        title: Some("<iframe src=javascript:alert(1)>".to_owned()),
        url: Some("javascript:alert(1)".to_owned()),
        color: Some("red;background:url(https://evil.example)".to_owned()),
        ..Embed::default()
    });
    let html = page(&document(vec![evil]));
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(!html.contains("<iframe"), "{html}");
    assert!(
        tags(&html).all(|tag| !tag.contains("javascript:")),
        "{html}"
    );
    assert!(!html.contains("evil.example"), "{html}");
    let text = visible(&html);
    assert!(
        text.contains("<script>alert('pwned')</script> hi"),
        "{text}"
    );
    assert!(text.contains("<img src=x onerror=alert(1)>"), "{text}");
    // The only script is the page's own, at its end.
    assert_eq!(html.matches("<script").count(), 1);
}

#[test]
fn nothing_is_loaded_from_discord_or_any_cdn() {
    let mut alice = person("500", "alice");
    alice.avatar_url = Some("https://cdn.discordapp.com/avatars/500/a.png".to_owned());
    let mut bob = person("501", "bob");
    bob.avatar_url = Some("https://cdn.discordapp.com/avatars/501/b.png".to_owned());
    let mut first = message("100", &alice, "10:00", "look");
    first.attachments.push(Attachment {
        id: "9".to_owned(),
        url: "https://cdn.discordapp.com/attachments/2/9/shot.png".to_owned(),
        file_name: "shot.png".to_owned(),
        file_size_bytes: 2048,
        ..Attachment::default()
    });
    let mut second = message("101", &bob, "10:01", "ok");
    second.reactions.push(Reaction {
        emoji: Emoji {
            id: Some("77".to_owned()),
            name: "blob".to_owned(),
            image_url: Some("https://cdn.discordapp.com/emojis/77.png".to_owned()),
            ..Emoji::default()
        },
        count: 2,
        users: Vec::new(),
    });
    second.embeds.push(Embed {
        thumbnail: Some(EmbedImage {
            url: "https://media.discordapp.net/x.png".to_owned(),
            ..EmbedImage::default()
        }),
        ..Embed::default()
    });
    second.stickers.push(Sticker {
        id: "5".to_owned(),
        name: "Wave".to_owned(),
        format: "Png".to_owned(),
        source_url: Some("https://media.discordapp.net/stickers/5.png".to_owned()),
    });
    let doc = document(vec![first, second]);
    for html in [page(&doc), page_with(&doc, &WebAssets)] {
        assert!(!html.contains("discordapp"), "{html}");
        assert!(!html.contains("<link"), "no external style sheet or font");
        assert!(!html.contains("<script src"), "no external script");
        assert!(!html.contains("@import") && !html.contains("@font-face"));
        assert!(!html.contains("url("), "no address in the style");
        for attribute in ["src=\"", "href=\""] {
            for value in html.split(attribute).skip(1) {
                let address = value.split('"').next().unwrap_or_default();
                assert!(
                    address.starts_with('/') || address.starts_with('#'),
                    "external {attribute}{address}"
                );
            }
        }
        let text = visible(&html);
        assert!(text.contains(":blob: 2"), "{text}");
        assert!(text.contains("Wave"), "{text}");
    }
    // With the web's assets, the avatar and the kept file show from its routes.
    let web = page_with(&doc, &WebAssets);
    assert!(
        web.contains("<li class=g><img class=a src=\"/avatars/500.png\""),
        "{web}"
    );
    // Bob has no avatar of ours: his initial in a circle.
    assert!(web.contains("<li class=c0><i>B</i><h3>bob "), "{web}");
}

#[test]
fn mentions_show_names_and_unknown_ids_show_as_ids() {
    let alice = person("500", "alice");
    let mut mention = message(
        "100",
        &alice,
        "10:00",
        "hi <@501>, see <#600> and ask <@&700>; not <@999>",
    );
    let mut bob = person("501", "bob");
    bob.nickname = Some("Bobby".to_owned());
    mention.mentions.push(bob);
    mention.mentioned_roles.push(NamedRole {
        id: "700".to_owned(),
        name: "Staff".to_owned(),
        color: Some("#3498db".to_owned()),
    });
    let text = visible(&page(&document(vec![mention])));
    assert!(
        text.contains("hi @Bobby, see #600 and ask @Staff; not @999"),
        "{text}"
    );
}

#[test]
fn without_the_content_intent_the_page_says_discord_withheld_the_text() {
    let alice = person("500", "alice");
    let mut doc = document(vec![
        message("100", &alice, "10:00", ""),
        message("101", &alice, "10:01", ""),
    ]);
    doc.capture = Some(Capture {
        content_intent: false,
        attachments_not_stored: 0,
    });
    let text = visible(&page(&doc));
    assert!(
        text.contains("Discord withheld the content of these messages"),
        "{text}"
    );
    assert!(text.contains("Message Content intent"), "{text}");
    assert_eq!(
        text.matches("Content withheld by Discord").count(),
        2,
        "{text}"
    );
    // With the intent, an empty message is not called withheld.
    let with_intent = visible(&page(&document(vec![message("100", &alice, "10:00", "")])));
    assert!(!with_intent.contains("withheld"), "{with_intent}");
}

#[test]
fn a_reply_shows_the_answered_message_or_says_it_was_deleted() {
    let alice = person("500", "alice");
    let bob = person("501", "bob");
    let original = message(
        "100",
        &alice,
        "10:00",
        "**my printer** is on fire\nsecond line",
    );
    let mut answer = message("101", &bob, "10:01", "have you tried water?");
    answer.kind = "Reply".to_owned();
    answer.reference = Some(Reference {
        message_id: Some("100".to_owned()),
        ..Reference::default()
    });
    let mut orphan = message("102", &bob, "10:02", "and this one?");
    orphan.kind = "Reply".to_owned();
    orphan.reference = Some(Reference {
        message_id: Some("42".to_owned()),
        ..Reference::default()
    });
    let html = page(&document(vec![original, answer, orphan]));
    assert!(
        html.contains("<a href=#m100><strong>my printer</strong> is on fire</a>"),
        "{html}"
    );
    // The answered message carries the anchor the reply links to; the others need none.
    assert!(html.contains("<li class=c0 id=m100>"), "{html}");
    assert!(
        !html.contains("id=m101") && !html.contains("id=m102"),
        "{html}"
    );
    let text = visible(&html);
    assert!(text.contains("alice my printer is on fire"), "{text}");
    assert!(
        !text.contains("alice my printer is on fire\nsecond line"),
        "{text}"
    );
    assert_eq!(
        text.matches("Original message was deleted").count(),
        1,
        "{text}"
    );
}

#[test]
fn consecutive_messages_of_one_author_within_seven_minutes_form_a_group() {
    let alice = person("500", "alice");
    let bob = person("501", "bob");
    let html = page(&document(vec![
        message("100", &alice, "10:00", "one"),
        message("101", &alice, "10:06", "two"),
        message("102", &alice, "10:14", "three, later"),
        message("103", &bob, "10:15", "four"),
        message("104", &alice, "10:16", "five"),
    ]));
    // A group's first message shows the name, the others only their text.
    assert_eq!(html.matches("<h3>alice <time").count(), 3, "{html}");
    assert_eq!(html.matches("<h3>bob <time").count(), 1, "{html}");
    assert!(
        html.contains("<li><time datetime=2026-03-01T10:06Z>10:06</time>two<li class=c0>"),
        "{html}"
    );
    assert_eq!(html.matches("<li class=c0>").count(), 4, "{html}");
    assert_eq!(html.matches("<li>").count(), 1, "{html}");
    // The day is said once, above the day's first message.
    assert_eq!(
        html.matches("<li class=dd><time datetime=2026-03-01 data-s=D>2026-03-01</time>")
            .count(),
        1,
        "{html}"
    );
}

#[test]
fn a_new_day_starts_a_new_group_under_its_own_divider() {
    let alice = person("500", "alice");
    let late = message("100", &alice, "23:58", "late");
    let mut early = message("101", &alice, "00:00", "early");
    early.timestamp = "2026-03-02T00:01:00+00:00".to_owned();
    let html = page(&document(vec![late, early]));
    assert_eq!(html.matches("<h3>alice <time").count(), 2, "{html}");
    assert!(
        html.contains(
            "<li class=dd><time datetime=2026-03-02 data-s=D>2026-03-02</time><li class=c0>"
        ),
        "{html}"
    );
}

#[test]
fn embeds_show_all_their_parts_in_their_colour() {
    let bot = Author {
        is_bot: true,
        color: Some("#E67E22".to_owned()),
        ..person("900", "Tickets")
    };
    let mut welcome = message("100", &bot, "10:00", "");
    welcome.embeds.push(Embed {
        title: Some("Ticket opened".to_owned()),
        url: Some("https://example.com/t/42".to_owned()),
        description: Some("Staff will be with you **soon**.".to_owned()),
        color: Some("#57F287".to_owned()),
        timestamp: Some("2026-03-01T10:00:00Z".to_owned()),
        author: Some(EmbedAuthor {
            name: "Support team".to_owned(),
            url: None,
            icon_url: None,
        }),
        thumbnail: None,
        image: Some(EmbedImage {
            url: "https://example.com/banner.png".to_owned(),
            ..EmbedImage::default()
        }),
        footer: Some(EmbedFooter {
            text: "Ticket #42".to_owned(),
            icon_url: None,
        }),
        fields: vec![
            EmbedField {
                name: "Topic".to_owned(),
                value: "Billing".to_owned(),
                is_inline: true,
            },
            EmbedField {
                name: "Priority".to_owned(),
                value: "__High__".to_owned(),
                is_inline: false,
            },
        ],
    });
    welcome.embeds.push(Embed {
        description: Some("uncoloured".to_owned()),
        ..Embed::default()
    });
    let html = page(&document(vec![welcome]));
    assert!(
        html.contains("<div class=e style=border-color:#57f287>"),
        "{html}"
    );
    assert!(
        html.contains("<div class=e><div class=c>uncoloured"),
        "{html}"
    );
    // The bot's name in its role's colour, written once in the style sheet.
    assert!(
        html.contains("<h3 class=k0>Tickets<span class=bt>BOT</span>"),
        "{html}"
    );
    assert!(html.contains(".k0{color:#e67e22}</style>"), "{html}");
    assert!(html.contains("<a href=\"https://example.com/t/42\">Ticket opened</a>"));
    assert!(html.contains("<img class=ei src=\"https://example.com/banner.png\""));
    assert!(html.contains("<div class=\"fd i\"><b>Topic</b>"), "{html}");
    assert!(html.contains("<u>High</u>"));
    let text = visible(&html);
    for part in [
        "Support team",
        "Staff will be with you soon.",
        "Ticket #42 • 2026-03-01 10:00",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    assert!(!text.contains("withheld"));
}

#[test]
fn files_show_inline_as_links_or_as_not_kept() {
    let alice = person("500", "alice");
    let mut files = message("100", &alice, "10:00", "");
    let file = |id: &str, name: &str, size: u64, stored: bool, reason: Option<&str>| Attachment {
        id: id.to_owned(),
        url: format!("https://cdn.discordapp.com/attachments/2/{id}/{name}"),
        file_name: name.to_owned(),
        file_size_bytes: size,
        stored,
        not_stored: reason.map(str::to_owned),
        ..Attachment::default()
    };
    files.attachments = vec![
        file("1", "photo.jpg", 300_000, true, None),
        file("2", "log.txt", 1_536, true, None),
        file("3", "video.mp4", 90 * 1024 * 1024, false, Some("too_large")),
    ];
    let html = page_with(&document(vec![files]), &WebAssets);
    assert!(
        html.contains("<img src=\"/transcripts/7/files/100/1\" alt=\"photo.jpg\""),
        "{html}"
    );
    assert!(html.contains("<a href=\"/transcripts/7/files/100/2\" download=\"log.txt\">log.txt</a> <span>1.5 KB</span>"), "{html}");
    let text = visible(&html);
    assert!(
        text.contains("video.mp4 90.0 MB File not kept: too large"),
        "{text}"
    );
}

#[test]
fn the_header_gives_the_ticket_s_facts() {
    let alice = person("500", "alice");
    let mut staff = person("501", "sam");
    staff.nickname = Some("Sam (Support)".to_owned());
    let mut doc = document(vec![message("100", &alice, "10:00", "help")]);
    doc.ticket = Some(TicketFacts {
        number: 42,
        panel: Some("Billing".to_owned()),
        opener: alice.clone(),
        claimed_by: Some(staff.clone()),
        closed_by: Some(staff),
        close_reason: Some("Solved <b>".to_owned()),
        opened_at: "2026-03-01T10:00:00Z".to_owned(),
        closed_at: Some("2026-03-01T11:30:00Z".to_owned()),
        form_answers: vec![FormAnswer {
            question: "Order number?".to_owned(),
            answer: "A-1234".to_owned(),
        }],
    });
    let text = visible(&page(&doc));
    for fact in [
        "Ticket #42",
        "PanelBilling",
        "Opened byalice",
        "Claimed bySam (Support) sam",
        "Closed bySam (Support) sam",
        "ReasonSolved <b>",
        "Opened2026-03-01 10:00 UTC",
        "Closed2026-03-01 11:30 UTC",
        "Messages1",
        "Order number?A-1234",
        "Times are in UTC.",
    ] {
        assert!(text.contains(fact), "{fact}: {text}");
    }
}

#[test]
fn system_messages_commands_components_and_marks() {
    let alice = person("500", "alice");
    let bot = Author {
        is_bot: true,
        ..person("900", "Tickets")
    };
    let mut join = message("100", &alice, "10:00", "");
    join.kind = "GuildMemberJoin".to_owned();
    let mut added = message("101", &bot, "10:01", "");
    added.kind = "RecipientAdd".to_owned();
    added.mentions.push(person("501", "bob"));
    let mut renamed = message("102", &bot, "10:02", "ticket-0042-closed");
    renamed.kind = "ChannelNameChange".to_owned();
    let mut answer = message("103", &bot, "10:03", "Opened!");
    answer.kind = "ChatInputCommand".to_owned();
    answer.interaction = Some(Interaction {
        id: "1".to_owned(),
        name: "open".to_owned(),
        user: alice.clone(),
    });
    answer.timestamp_edited = Some("2026-03-01T10:04:00Z".to_owned());
    answer.is_pinned = true;
    answer.components = vec![serde_json::json!({"type": 1, "components": [
        {"type": 2, "style": 4, "label": "Close", "emoji": {"name": "🔒"}, "custom_id": "close"},
        {"type": 2, "style": 5, "label": "Help", "url": "https://example.com/help"},
        {"type": 2, "style": 5, "label": "Bad", "url": "javascript:alert(1)"},
        {"type": 3, "custom_id": "topic", "placeholder": "Pick a topic", "options": []}
    ]})];
    let html = page(&document(vec![join, added, renamed, answer]));
    let text = visible(&html);
    for shown in [
        "alice joined the server.",
        "Tickets added bob to the thread.",
        "Tickets changed the channel name: ticket-0042-closed",
        "alice used /open",
        "Opened! (edited)",
        "🔒 Close",
        "Help ↗",
        "Pick a topic",
    ] {
        assert!(text.contains(shown), "{shown}: {text}");
    }
    assert!(html.contains("<span class=\"bn b4\">"), "{html}");
    assert!(
        html.contains("<a class=\"bn b5\" href=\"https://example.com/help\""),
        "{html}"
    );
    assert!(
        tags(&html).all(|tag| !tag.contains("javascript:")),
        "{html}"
    );
    assert!(html.contains("class=pn title=\"Pinned\""), "{html}");
    assert_eq!(html.matches("<li class=y>").count(), 3);
}

#[test]
fn a_long_channel_is_written_in_pieces() {
    struct Counting(Vec<usize>);
    impl Write for Counting {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.push(bytes.len());
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let alice = person("500", "alice");
    let messages = (0..2_000)
        .map(|n| {
            message(
                &n.to_string(),
                &alice,
                "10:00",
                "a line of chat that repeats",
            )
        })
        .collect();
    let labels = Labels::english();
    let options = RenderOptions {
        assets: &DocumentAssets,
        labels: &labels,
    };
    let mut out = Counting(Vec::new());
    render(&document(messages), &options, &mut out).unwrap();
    assert!(out.0.len() > 2, "{} writes", out.0.len());
    assert!(
        out.0.iter().all(|len| *len < FLUSH_BYTES * 2),
        "{:?}",
        out.0
    );
}
