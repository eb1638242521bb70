//! Escaping of text and attributes, and the checks every address passes before it reaches an
//! `href` or a `src`: whatever a message holds, the page shows it as text and links nowhere
//! but to the web.

/// Appends `text` escaped for an element's content.
pub(crate) fn text(out: &mut String, text: &str) {
    let mut start = 0;
    for (index, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&text[start..index]);
        out.push_str(replacement);
        start = index + 1;
    }
    out.push_str(&text[start..]);
}

/// Appends `value` as a double-quoted attribute value, quotes included.
pub(crate) fn attr(out: &mut String, value: &str) {
    out.push('"');
    let mut start = 0;
    for (index, byte) in value.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&value[start..index]);
        out.push_str(replacement);
        start = index + 1;
    }
    out.push_str(&value[start..]);
    out.push('"');
}

/// The address when it is an absolute `http` or `https` one, the only kind a link may have.
pub(crate) fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let rest = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"))?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let well_formed = host_end > 0
        && !url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    well_formed.then_some(url)
}

/// The address when it is a path relative to the page (how the web viewer and exports made
/// with their media name files): no scheme, no other host.
pub(crate) fn relative_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme_end = url.find(':');
    let path_end = url.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, path_end) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        _ => false,
    };
    let safe = !url.is_empty()
        && !has_scheme
        && !url.starts_with("//")
        && !url.contains('\\')
        && !url.chars().any(char::is_control);
    safe.then_some(url)
}

/// The address when an image may be loaded from it: ours (relative) or the web's, but never
/// Discord's, whose media links expire and would tell Discord who reads the transcript.
pub(crate) fn image_url(url: &str) -> Option<&str> {
    relative_url(url).or_else(|| web_url(url).filter(|url| !is_discord_host(url)))
}

/// The address when a file may be linked: as for images.
pub(crate) fn file_url(url: &str) -> Option<&str> {
    image_url(url)
}

/// Whether an absolute address is on one of Discord's hosts.
pub(crate) fn is_discord_host(url: &str) -> bool {
    let rest = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"))
        .unwrap_or(url);
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    [
        "discordapp.com",
        "discordapp.net",
        "discord.com",
        "discord.gg",
        "discord.media",
    ]
    .iter()
    .any(|domain| host == *domain || host.ends_with(&format!(".{domain}")))
}

/// The colour when it is `#rgb` or `#rrggbb`, lower-cased, so that it can sit in a style.
pub(crate) fn color(value: &str) -> Option<String> {
    let hex = value.strip_prefix('#')?;
    let ok = (hex.len() == 6 || hex.len() == 3) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then(|| format!("#{}", hex.to_ascii_lowercase()))
}

/// The id when it is all digits, so that it can sit unquoted in an attribute.
pub(crate) fn snowflake(id: &str) -> Option<&str> {
    (!id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit())).then_some(id)
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_entities() {
        let mut out = String::new();
        text(&mut out, "<script>alert('x') & co</script>");
        assert_eq!(out, "&lt;script&gt;alert('x') &amp; co&lt;/script&gt;");
        let mut out = String::new();
        attr(&mut out, "a\" onclick=\"x");
        assert_eq!(out, "\"a&quot; onclick=&quot;x\"");
    }

    #[test]
    fn only_web_addresses_are_links() {
        assert_eq!(
            web_url("https://example.com/a"),
            Some("https://example.com/a")
        );
        assert_eq!(web_url("HTTP://example.com"), Some("HTTP://example.com"));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "vbscript:x",
            "ftp://example.com",
        ] {
            assert_eq!(web_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn relative_paths_stay_on_the_page_s_host() {
        assert!(relative_url("media/a.png").is_some());
        assert!(relative_url("/t/1/files/2").is_some());
        assert!(relative_url("a/b:c.png").is_some());
        for bad in [
            "//evil.example/x",
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "/\\evil",
            "",
        ] {
            assert_eq!(relative_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn images_never_come_from_discord() {
        assert_eq!(
            image_url("https://cdn.discordapp.com/avatars/1/a.png"),
            None
        );
        assert_eq!(image_url("https://media.discordapp.net/x.png"), None);
        assert_eq!(image_url("https://CDN.DISCORDAPP.COM./x.png"), None);
        assert!(image_url("https://example.com/x.png").is_some());
        assert!(image_url("media/x.png").is_some());
    }

    #[test]
    fn colours_are_hex_only() {
        assert_eq!(color("#E91E63").as_deref(), Some("#e91e63"));
        assert_eq!(color("red;background:url(x)"), None);
        assert_eq!(color("#12345g"), None);
    }
}
