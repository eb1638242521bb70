//! What a reader sees of each markdown construct of a message.

use super::*;
use crate::format::{Author, NamedChannel, NamedRole};

fn html_with(text: &str, ctx: &Context<'_>) -> String {
    let mut out = String::new();
    render(&mut out, text, ctx);
    out
}

fn html(text: &str) -> String {
    html_with(
        text,
        &Context {
            mentions: &[],
            roles: &[],
            channels: &[],
        },
    )
}

#[test]
fn emphasis_of_each_kind() {
    assert_eq!(html("**bold**"), "<strong>bold</strong>");
    assert_eq!(html("*it* and _it_"), "<em>it</em> and <em>it</em>");
    assert_eq!(html("__under__"), "<u>under</u>");
    assert_eq!(html("~~gone~~"), "<s>gone</s>");
    assert_eq!(
        html("||secret||"),
        "<span class=sp tabindex=0>secret</span>"
    );
    assert_eq!(html("***both***"), "<strong><em>both</em></strong>");
    assert_eq!(
        html("__**~~all~~**__"),
        "<u><strong><s>all</s></strong></u>"
    );
}

#[test]
fn lone_delimiters_and_escapes_stay_text() {
    assert_eq!(html("2 * 3 * 4"), "2 * 3 * 4");
    assert_eq!(html("snake_case_name"), "snake_case_name");
    assert_eq!(html("**open"), "**open");
    assert_eq!(html("\\*not italic\\*"), "*not italic*");
    assert_eq!(html("a || b"), "a || b");
}

#[test]
fn code_is_never_parsed_inside() {
    assert_eq!(html("`**x** <b>`"), "<code>**x** &lt;b&gt;</code>");
    assert_eq!(html("``a ` b``"), "<code>a ` b</code>");
    assert_eq!(
        html("```rust\nfn main() { **x** }\n# not a header\n```"),
        "<pre data-lang=rust>fn main() { **x** }\n# not a header</pre>"
    );
    assert_eq!(
        html("before\n```\n> not a quote\n- nor a list\n```\nafter"),
        "before\n<pre>&gt; not a quote\n- nor a list</pre>after"
    );
    assert_eq!(html("```one line```"), "<pre>one line</pre>");
}

#[test]
fn quotes_headers_subtext_and_lists() {
    assert_eq!(
        html("> quoted\n> **still**\nafter"),
        "<blockquote>quoted\n<strong>still</strong></blockquote>after"
    );
    assert_eq!(
        html("intro\n>>> all\nof this\n> too"),
        "intro<blockquote>all\nof this\n&gt; too</blockquote>"
    );
    assert_eq!(
        html("# Big\n## Mid\n### Small"),
        "<h4>Big</h4><h5>Mid</h5><h6>Small</h6>"
    );
    assert_eq!(html("#not a header"), "#not a header");
    assert_eq!(html("-# fine print"), "<small>fine print</small>");
    assert_eq!(
        html("- one\n- two\n  - nested\n- three"),
        "<ul><li>one</li><li>two<ul><li>nested</li></ul></li><li>three</li></ul>"
    );
    assert_eq!(
        html("3. three\n4. four"),
        "<ol start=3><li>three</li><li>four</li></ol>"
    );
}

#[test]
fn links_are_web_only() {
    assert_eq!(
        html("[docs](https://example.com/a?b=1&c=2)"),
        "<a href=\"https://example.com/a?b=1&amp;c=2\">docs</a>"
    );
    assert_eq!(
        html("[click](javascript:alert(1))"),
        "[click](javascript:alert(1))"
    );
    assert_eq!(
        html("see https://example.com/x."),
        "see <a href=\"https://example.com/x\">https://example.com/x</a>."
    );
    assert_eq!(
        html("<https://example.com>"),
        "<a href=\"https://example.com\">https://example.com</a>"
    );
    assert_eq!(
        html("[**bold** https://inner.example](https://example.com)"),
        "<a href=\"https://example.com\"><strong>bold</strong> https://inner.example</a>"
    );
}

#[test]
fn markup_in_messages_shows_as_text() {
    let shown = html("<script>alert(1)</script><img src=x onerror=alert(1)> & \"q\"");
    assert_eq!(
        shown,
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; \"q\""
    );
    let in_link = html("[<b>x</b>](https://example.com/\"onmouseover=\"alert(1))");
    assert!(!in_link.contains("\"onmouseover"), "{in_link}");
    assert!(!in_link.contains("<b>"), "{in_link}");
}

#[test]
fn mentions_resolve_through_the_message_and_unknown_ids_show_as_ids() {
    let mentions = [Author {
        id: "11".to_owned(),
        name: "alice".to_owned(),
        nickname: Some("Alice <3".to_owned()),
        ..Author::default()
    }];
    let roles = [NamedRole {
        id: "22".to_owned(),
        name: "Support".to_owned(),
        color: Some("#1ABC9C".to_owned()),
    }];
    let channels = [NamedChannel {
        id: "33".to_owned(),
        name: "general".to_owned(),
    }];
    let ctx = Context {
        mentions: &mentions,
        roles: &roles,
        channels: &channels,
    };
    assert_eq!(
        html_with("<@11> <@!11> <@&22> <#33>", &ctx),
        "<mark>@Alice &lt;3</mark> <mark>@Alice &lt;3</mark> \
         <mark style=color:#1abc9c>@Support</mark> <mark>#general</mark>"
    );
    assert_eq!(
        html_with("<@99> <@&98> <#97>", &ctx),
        "<mark>@99</mark> <mark>@98</mark> <mark>#97</mark>"
    );
    assert_eq!(
        html("@everyone and @here"),
        "<mark>@everyone</mark> and <mark>@here</mark>"
    );
    assert_eq!(html("<@not-an-id>"), "&lt;@not-an-id&gt;");
}

#[test]
fn timestamps_emoji_and_commands() {
    assert_eq!(
        html("<t:1618935630>"),
        "<time class=ts datetime=2021-04-20T16:20:30Z>2021-04-20 16:20</time>"
    );
    assert_eq!(
        html("<t:1618935630:R>"),
        "<time class=ts datetime=2021-04-20T16:20:30Z data-s=R>2021-04-20 16:20 UTC</time>"
    );
    for letter in ["t", "T", "d", "D", "f", "F", "R"] {
        assert!(
            html(&format!("<t:0:{letter}>")).starts_with("<time"),
            "{letter}"
        );
    }
    assert_eq!(html("<t:0:x>"), "&lt;t:0:x&gt;");
    assert_eq!(
        html("<:blobwave:123> <a:party:456>"),
        "<span class=em>:blobwave:</span> <span class=em>:party:</span>"
    );
    assert_eq!(html("</ticket open:789>"), "<mark>/ticket open</mark>");
}

#[test]
fn nesting_is_bounded() {
    let deep = "**".repeat(5_000);
    let shown = html(&format!("{deep}x{deep}"));
    assert!(shown.contains('x'));
    let stars = "*a ".repeat(3_000);
    assert!(html(&stars).contains("*a"));
}
