//! Renders a generated ticket of 10,000 messages (text with mentions and markdown, embeds,
//! files, replies, reactions) as the command line does, from its JSON to a page on disk, and
//! prints the time, the page's size and the process's peak memory.
//!
//! It also writes the same messages in Discord's API shape for the peer benchmark
//! (`benches/peer/run.sh`), which renders them with discord-html-transcripts.
//!
//! `cargo bench -p tickets-transcripts --bench render`; `TICKETS_BENCH_MESSAGES` changes the
//! number of messages.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark")]

use serde_json::{Value, json};
use std::io::BufWriter;
use std::path::Path;
use std::time::{Duration, Instant};
use tickets_transcripts::format::{
    self, Attachment, Author, Capture, Channel, Embed, EmbedAuthor, EmbedField, EmbedFooter, Emoji,
    FormAnswer, Guild, Header, Message, NamedChannel, NamedRole, Reaction, Reference, TicketFacts,
};
use tickets_transcripts::render::{self, DocumentAssets, Labels, RenderOptions};

const RUNS: usize = 5;

fn main() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("render-bench");
    if std::env::args().any(|arg| arg == "--measure") {
        measure(&dir);
        return;
    }
    let count: usize = std::env::var("TICKETS_BENCH_MESSAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    std::fs::create_dir_all(&dir).unwrap();
    let corpus = Corpus::new(count);
    write_document(&corpus, &dir.join("transcript.json"));
    let api = corpus.api_messages();
    std::fs::write(
        dir.join("discord-messages.json"),
        serde_json::to_vec(&api).unwrap(),
    )
    .unwrap();
    println!("messages: {count}");
    println!(
        "messages for the peer at {}",
        dir.join("discord-messages.json").display()
    );
    // Measured in a process of its own, so that its peak memory is the renderer's and not
    // the generator's.
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--measure")
        .status()
        .unwrap();
    assert!(status.success());
}

/// Reads the document as the command line does and renders it to a file, `RUNS` times.
fn measure(dir: &Path) {
    let document_path = dir.join("transcript.json");
    let page_path = dir.join("transcript.html");
    let labels = Labels::english();
    let options = RenderOptions {
        assets: &DocumentAssets,
        labels: &labels,
    };
    let mut reads = Vec::new();
    let mut renders = Vec::new();
    let mut count = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let bytes = std::fs::read(&document_path).unwrap();
        let document = format::read_document(&bytes).unwrap();
        drop(bytes);
        reads.push(started.elapsed());
        count = document.messages.len();
        let started = Instant::now();
        let mut out = BufWriter::new(std::fs::File::create(&page_path).unwrap());
        render::render(&document, &options, &mut out).unwrap();
        drop(out);
        renders.push(started.elapsed());
    }
    let size = std::fs::metadata(&page_path).unwrap().len();
    let read = median(&mut reads);
    let rendered = median(&mut renders);
    println!(
        "document (JSON): {} bytes",
        std::fs::metadata(&document_path).unwrap().len()
    );
    println!("read and parse the document: median {:.1} ms", ms(read));
    println!(
        "render to a file: median {:.1} ms, best {:.1} ms ({RUNS} runs)",
        ms(rendered),
        ms(renders[0])
    );
    println!(
        "read, parse and render (the CLI's work): median {:.1} ms",
        ms(read + rendered)
    );
    println!(
        "page: {size} bytes ({:.2} MB, {:.0} bytes per message)",
        size as f64 / 1e6,
        size as f64 / count.max(1) as f64
    );
    println!(
        "peak memory (VmHWM) of the process reading and rendering: {:.1} MB",
        memory("VmHWM:") as f64 / 1024.0
    );
    println!("page at {}", page_path.display());
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// A line of /proc/self/status, in KiB.
fn memory(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn write_document(corpus: &Corpus, path: &Path) {
    let header = Header {
        guild: Guild {
            id: GUILD.to_owned(),
            name: "Acme Support".to_owned(),
            icon_url: None,
        },
        channel: Channel {
            id: CHANNEL.to_owned(),
            kind: "GuildTextChat".to_owned(),
            name: "ticket-0042".to_owned(),
            ..Channel::default()
        },
        exported_at: Some("2026-03-02T12:00:00Z".to_owned()),
        ..Header::default()
    };
    let file = BufWriter::new(std::fs::File::create(path).unwrap());
    let mut writer = format::DocumentWriter::new(file, &header).unwrap();
    for message in &corpus.messages {
        writer.push(message).unwrap();
    }
    let ticket = TicketFacts {
        number: 42,
        panel: Some("Billing".to_owned()),
        opener: corpus.people[0].clone(),
        claimed_by: Some(corpus.people[1].clone()),
        closed_by: Some(corpus.people[1].clone()),
        close_reason: Some("Solved".to_owned()),
        opened_at: "2026-03-01T08:00:00Z".to_owned(),
        closed_at: Some("2026-03-02T12:00:00Z".to_owned()),
        form_answers: vec![FormAnswer {
            question: "Order number".to_owned(),
            answer: "A-1234".to_owned(),
        }],
    };
    let capture = Capture {
        content_intent: true,
        attachments_not_stored: 0,
    };
    writer.finish(&ticket, &capture).unwrap();
}

const GUILD: &str = "1100000000000000001";
const CHANNEL: &str = "1100000000000000002";
const ROLE: &str = "1100000000000000003";
const OTHER_CHANNEL: &str = "1100000000000000004";

/// The generated ticket: a few people talking, with every kind of part Discord messages have.
struct Corpus {
    people: Vec<Author>,
    messages: Vec<Message>,
}

const TEXTS: [&str; 8] = [
    "Hey {user}, **thanks** for the report: can you check `settings.toml` and https://example.com/docs/faq?",
    "I tried that _twice_ and it still fails with ~~an error~~ a timeout, see [the log](https://example.com/log/7).",
    "> the bot stops answering after a restart\nSame here, {role} please have a look ||it is urgent||",
    "Steps:\n- open the panel\n- pick **Billing**\n- wait for the welcome message in {channel}",
    "```toml\n[bot]\ntoken = \"redacted\"\nlisten = \"127.0.0.1:8080\"\n```\nThis is what I run.",
    "# Update\nDeployed the fix at <t:1772358000:f>, it should work <t:1772358000:R>.",
    "ok 👍",
    "Could you share a screenshot? -# only the part with the error, please",
];

impl Corpus {
    fn new(count: usize) -> Self {
        let people: Vec<Author> = (0..8)
            .map(|n| Author {
                id: format!("12000000000000000{n:02}"),
                name: format!("member{n}"),
                discriminator: "0000".to_owned(),
                nickname: Some(
                    [
                        "Alice",
                        "Sam (Support)",
                        "Bob",
                        "Carol",
                        "Dan",
                        "Eve",
                        "Frank",
                        "Tickets",
                    ][n]
                        .to_owned(),
                ),
                color: (n % 3 == 1).then(|| "#3498db".to_owned()),
                is_bot: n == 7,
                avatar_url: None,
            })
            .collect();
        let base: i64 = 1_772_352_000; // 2026-03-01T08:00:00Z
        let mut seed: u64 = 42;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            seed >> 33
        };
        let mut messages: Vec<Message> = Vec::with_capacity(count);
        let mut at = base;
        for index in 0..count {
            at += (next() % 300) as i64 + 5;
            // One message in fifty is the bot's; the rest are the members'.
            let author = &people[if index % 50 == 0 {
                7
            } else {
                (next() % 7) as usize
            }];
            let mentioned = &people[(next() % 7) as usize];
            let text = TEXTS[(next() % TEXTS.len() as u64) as usize]
                .replace("{user}", &format!("<@{}>", mentioned.id))
                .replace("{role}", &format!("<@&{ROLE}>"))
                .replace("{channel}", &format!("<#{OTHER_CHANNEL}>"));
            let mut message = Message {
                id: (1_300_000_000_000_000_000u64 + index as u64).to_string(),
                kind: "Default".to_owned(),
                timestamp: stamp(at),
                content: text,
                author: author.clone(),
                mentions: vec![mentioned.clone()],
                mentioned_roles: vec![NamedRole {
                    id: ROLE.to_owned(),
                    name: "Support".to_owned(),
                    color: Some("#e67e22".to_owned()),
                }],
                mentioned_channels: vec![NamedChannel {
                    id: OTHER_CHANNEL.to_owned(),
                    name: "announcements".to_owned(),
                }],
                ..Message::default()
            };
            if index % 9 == 3 {
                message.timestamp_edited = Some(stamp(at + 30));
            }
            if index % 7 == 5 && index > 0 {
                message.kind = "Reply".to_owned();
                message.reference = Some(Reference {
                    message_id: Some(
                        messages[index - 1 - (next() % index.min(20) as u64) as usize]
                            .id
                            .clone(),
                    ),
                    channel_id: Some(CHANNEL.to_owned()),
                    guild_id: Some(GUILD.to_owned()),
                });
            }
            if index % 20 == 10 {
                message.embeds.push(Embed {
                    title: Some(format!("Ticket #{index}")),
                    url: Some("https://example.com/tickets".to_owned()),
                    description: Some(
                        "A member opened a ticket from the **Billing** panel.".to_owned(),
                    ),
                    color: Some("#57f287".to_owned()),
                    timestamp: Some(stamp(at)),
                    author: Some(EmbedAuthor {
                        name: "Tickets".to_owned(),
                        url: None,
                        icon_url: None,
                    }),
                    footer: Some(EmbedFooter {
                        text: "Acme Support".to_owned(),
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
                            value: "High".to_owned(),
                            is_inline: true,
                        },
                    ],
                    ..Embed::default()
                });
            }
            if index % 25 == 12 {
                let image = index % 50 == 12;
                let name = if image {
                    "screenshot.png"
                } else {
                    "server.log"
                };
                message.attachments.push(Attachment {
                    id: (1_400_000_000_000_000_000u64 + index as u64).to_string(),
                    url: format!("files/{index}/{name}"),
                    file_name: name.to_owned(),
                    file_size_bytes: 40_000 + next() % 2_000_000,
                    content_type: Some(if image { "image/png" } else { "text/plain" }.to_owned()),
                    width: image.then_some(1280),
                    height: image.then_some(720),
                    stored: true,
                    not_stored: None,
                });
            }
            if index % 10 == 4 {
                message.reactions.push(Reaction {
                    emoji: Emoji {
                        name: "👍".to_owned(),
                        code: Some("thumbsup".to_owned()),
                        ..Emoji::default()
                    },
                    count: 1 + next() % 4,
                    users: Vec::new(),
                });
            }
            messages.push(message);
        }
        Self { people, messages }
    }

    /// The messages as Discord's API sends them, for discord.js to build its objects from.
    fn api_messages(&self) -> Value {
        let user = |author: &Author| {
            json!({"id": author.id, "username": author.name, "global_name": author.nickname,
                   "discriminator": "0", "bot": author.is_bot, "avatar": null})
        };
        let by_id: std::collections::HashMap<&str, &Message> =
            self.messages.iter().map(|m| (m.id.as_str(), m)).collect();
        let messages: Vec<Value> = self
            .messages
            .iter()
            .map(|message| {
                let mut value = json!({
                    "id": message.id,
                    "channel_id": CHANNEL,
                    "guild_id": GUILD,
                    "type": if message.kind == "Reply" { 19 } else { 0 },
                    "content": message.content,
                    "author": user(&message.author),
                    "timestamp": message.timestamp,
                    "edited_timestamp": message.timestamp_edited,
                    "tts": false,
                    "mention_everyone": false,
                    "pinned": false,
                    "mentions": message.mentions.iter().map(user).collect::<Vec<_>>(),
                    "mention_roles": message.mentioned_roles.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
                    "attachments": message.attachments.iter().map(|a| json!({
                        "id": a.id, "filename": a.file_name, "size": a.file_size_bytes,
                        "url": a.url, "proxy_url": a.url, "content_type": a.content_type,
                        "width": a.width, "height": a.height})).collect::<Vec<_>>(),
                    "embeds": message.embeds.iter().map(|e| json!({
                        "type": "rich", "title": e.title, "url": e.url, "description": e.description,
                        "timestamp": e.timestamp,
                        "color": e.color.as_deref().and_then(|c| u32::from_str_radix(&c[1..], 16).ok()),
                        "author": e.author.as_ref().map(|a| json!({"name": a.name})),
                        "footer": e.footer.as_ref().map(|f| json!({"text": f.text})),
                        "fields": e.fields.iter().map(|f| json!({"name": f.name, "value": f.value, "inline": f.is_inline})).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                    "reactions": message.reactions.iter().map(|r| json!({
                        "emoji": {"id": null, "name": r.emoji.name}, "count": r.count, "me": false,
                        "count_details": {"burst": 0, "normal": r.count}, "burst_colors": []})).collect::<Vec<_>>(),
                });
                if let Some(reference) = &message.reference {
                    value["message_reference"] = json!({
                        "message_id": reference.message_id, "channel_id": CHANNEL, "guild_id": GUILD});
                    if let Some(answered) = reference.message_id.as_deref().and_then(|id| by_id.get(id)) {
                        value["referenced_message"] = json!({
                            "id": answered.id, "channel_id": CHANNEL, "type": 0, "content": answered.content,
                            "author": user(&answered.author), "timestamp": answered.timestamp,
                            "edited_timestamp": null, "tts": false, "mention_everyone": false, "pinned": false,
                            "mentions": [], "mention_roles": [], "attachments": [], "embeds": []});
                    }
                }
                value
            })
            .collect();
        json!({
            "guild": {"id": GUILD, "name": "Acme Support"},
            "channel": {"id": CHANNEL, "name": "ticket-0042", "type": 0, "guild_id": GUILD},
            "roles": [{"id": ROLE, "name": "Support", "color": 0xe6_7e22}],
            "channels": [{"id": OTHER_CHANNEL, "name": "announcements", "type": 0, "guild_id": GUILD}],
            "users": self.people.iter().map(user).collect::<Vec<_>>(),
            "messages": messages,
        })
    }
}

/// Unix seconds as RFC 3339, UTC.
fn stamp(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    // Civil date of a day count (H. Hinnant's method), as in the renderer's own time module.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}
