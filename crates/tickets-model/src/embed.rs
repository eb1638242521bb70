//! An embed as an admin builds it on the dashboard (tags use them): every part checked against
//! Discord's limits, each error naming its part so a form can show it next to that input.

use crate::panel::{Colour, ImageUrl};
use crate::values::{Problem, ValueError};
use serde::{Deserialize, Serialize};

/// Discord's limits on embeds.
pub mod limits {
    /// Title.
    pub const TITLE: usize = 256;
    /// Description.
    pub const DESCRIPTION: usize = 4096;
    /// Number of fields.
    pub const FIELDS: usize = 25;
    /// A field's name.
    pub const FIELD_NAME: usize = 256;
    /// A field's value.
    pub const FIELD_VALUE: usize = 1024;
    /// Footer text.
    pub const FOOTER: usize = 2048;
    /// Author name.
    pub const AUTHOR: usize = 256;
    /// Every text of one embed together.
    pub const TOTAL: usize = 6000;
    /// A web address.
    pub const URL: usize = 2048;
}

/// One field of an embed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedField {
    /// Its bold name.
    pub name: String,
    /// Its text.
    pub value: String,
    /// Whether it sits beside its neighbours.
    pub inline: bool,
}

/// A checked embed. Every text is trimmed; empty parts are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EmbedDraft {
    /// The colour bar, as `0xRRGGBB`.
    pub colour: Option<u32>,
    /// The bold title.
    pub title: Option<String>,
    /// Where the title links to.
    pub title_url: Option<String>,
    /// The text.
    pub description: Option<String>,
    /// The author line.
    pub author_name: Option<String>,
    /// The author's icon.
    pub author_icon_url: Option<String>,
    /// Where the author line links to.
    pub author_url: Option<String>,
    /// The large image under the text.
    pub image_url: Option<String>,
    /// The small image at the top right.
    pub thumbnail_url: Option<String>,
    /// The footer text.
    pub footer_text: Option<String>,
    /// The footer's icon.
    pub footer_icon_url: Option<String>,
    /// The footer's time (Unix seconds).
    pub timestamp: Option<i64>,
    /// The fields.
    pub fields: Vec<EmbedField>,
}

/// An embed as typed in a form, before checking.
#[derive(Debug, Clone, Default)]
pub struct EmbedInput<'a> {
    /// `#RRGGBB` or blank.
    pub colour: &'a str,
    /// Title.
    pub title: &'a str,
    /// Title link.
    pub title_url: &'a str,
    /// Description.
    pub description: &'a str,
    /// Author name.
    pub author_name: &'a str,
    /// Author icon.
    pub author_icon_url: &'a str,
    /// Author link.
    pub author_url: &'a str,
    /// Large image.
    pub image_url: &'a str,
    /// Small image.
    pub thumbnail_url: &'a str,
    /// Footer text.
    pub footer_text: &'a str,
    /// Footer icon.
    pub footer_icon_url: &'a str,
    /// `YYYY-MM-DDTHH:MM` (a browser's local date-time input, read as UTC) or blank.
    pub timestamp: &'a str,
    /// Fields as (name, value, inline); rows with neither name nor value are skipped.
    pub fields: Vec<(&'a str, &'a str, bool)>,
}

fn optional(field: &'static str, max: usize, raw: &str) -> Result<Option<String>, ValueError> {
    let trimmed = raw.trim();
    let actual = trimmed.chars().count();
    if actual > max {
        return Err(ValueError::TooLong { field, max, actual });
    }
    Ok((!trimmed.is_empty()).then(|| trimmed.to_owned()))
}

/// An http(s) address; blank gives `None`.
///
/// # Errors
///
/// [`ValueError::TooLong`], or [`Problem::WebUrl`].
pub fn web_url(field: &'static str, raw: &str) -> Result<Option<String>, ValueError> {
    let Some(url) = optional(field, limits::URL, raw)? else {
        return Ok(None);
    };
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(host) if !host.is_empty() && !url.chars().any(char::is_whitespace) => Ok(Some(url)),
        _ => Err(ValueError::Invalid {
            field,
            problem: Problem::WebUrl,
        }),
    }
}

fn image(field: &'static str, raw: &str) -> Result<Option<String>, ValueError> {
    Ok(ImageUrl::parse(field, raw)?.map(|url| url.as_str().to_owned()))
}

/// `YYYY-MM-DDTHH:MM[:SS]` as Unix seconds (UTC).
fn timestamp(raw: &str) -> Result<Option<i64>, ValueError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let invalid = || ValueError::Invalid {
        field: "embed-timestamp",
        problem: Problem::DateTime,
    };
    let (date, time) = raw.split_once(['T', ' ']).ok_or_else(invalid)?;
    let numbers = |text: &str, sep: char| -> Option<Vec<i64>> {
        text.split(sep).map(|part| part.parse().ok()).collect()
    };
    let date = numbers(date, '-')
        .filter(|d| d.len() == 3)
        .ok_or_else(invalid)?;
    let time = numbers(time, ':')
        .filter(|t| (2..=3).contains(&t.len()))
        .ok_or_else(invalid)?;
    let (year, month, day) = (date[0], date[1], date[2]);
    let (hour, minute, second) = (time[0], time[1], time.get(2).copied().unwrap_or(0));
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return Err(invalid()),
    };
    if !(1970..=9999).contains(&year)
        || !(1..=days_in_month).contains(&day)
        || !(0..24).contains(&hour)
        || !(0..60).contains(&minute)
        || !(0..60).contains(&second)
    {
        return Err(invalid());
    }
    Ok(Some(
        crate::calendar::days_from_civil(year, month, day) * 86_400
            + hour * 3600
            + minute * 60
            + second,
    ))
}

impl EmbedDraft {
    /// Checks every part of a typed embed; returns every error, each naming its part.
    ///
    /// # Errors
    ///
    /// The list of refused parts.
    pub fn parse(input: &EmbedInput<'_>) -> Result<Self, Vec<ValueError>> {
        let mut errors = Vec::new();
        let mut keep = |result: Result<Option<String>, ValueError>| match result {
            Ok(value) => value,
            Err(error) => {
                errors.push(error);
                None
            }
        };
        let mut draft = Self {
            colour: None,
            title: keep(optional("embed-title", limits::TITLE, input.title)),
            title_url: keep(web_url("embed-title-url", input.title_url)),
            description: keep(optional(
                "embed-description",
                limits::DESCRIPTION,
                input.description,
            )),
            author_name: keep(optional(
                "embed-author-name",
                limits::AUTHOR,
                input.author_name,
            )),
            author_icon_url: keep(image("embed-author-icon-url", input.author_icon_url)),
            author_url: keep(web_url("embed-author-url", input.author_url)),
            image_url: keep(image("embed-image-url", input.image_url)),
            thumbnail_url: keep(image("embed-thumbnail-url", input.thumbnail_url)),
            footer_text: keep(optional(
                "embed-footer-text",
                limits::FOOTER,
                input.footer_text,
            )),
            footer_icon_url: keep(image("embed-footer-icon-url", input.footer_icon_url)),
            timestamp: None,
            fields: Vec::new(),
        };
        if !input.colour.trim().is_empty() {
            match Colour::parse(input.colour) {
                Ok(colour) => draft.colour = Some(colour.get()),
                Err(_) => errors.push(ValueError::Invalid {
                    field: "embed-colour",
                    problem: Problem::Colour,
                }),
            }
        }
        match timestamp(input.timestamp) {
            Ok(at) => draft.timestamp = at,
            Err(error) => errors.push(error),
        }
        let rows: Vec<_> = input
            .fields
            .iter()
            .filter(|(name, value, _)| !name.trim().is_empty() || !value.trim().is_empty())
            .collect();
        if rows.len() > limits::FIELDS {
            errors.push(ValueError::TooMany {
                field: "embed-fields",
                max: limits::FIELDS,
            });
        }
        for (name, value, inline) in rows.into_iter().take(limits::FIELDS) {
            let name = optional("embed-field-name", limits::FIELD_NAME, name);
            let value = optional("embed-field-value", limits::FIELD_VALUE, value);
            match (name, value) {
                (Ok(Some(name)), Ok(Some(value))) => draft.fields.push(EmbedField {
                    name,
                    value,
                    inline: *inline,
                }),
                (Ok(None), _) => errors.push(ValueError::Empty {
                    field: "embed-field-name",
                }),
                (_, Ok(None)) => errors.push(ValueError::Empty {
                    field: "embed-field-value",
                }),
                (Err(error), _) | (_, Err(error)) => errors.push(error),
            }
        }
        if errors.is_empty() && draft.is_empty() {
            errors.push(ValueError::Empty { field: "embed" });
        }
        let total = draft.text_length();
        if errors.is_empty() && total > limits::TOTAL {
            errors.push(ValueError::TooLong {
                field: "embed",
                max: limits::TOTAL,
                actual: total,
            });
        }
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }

    /// Whether nothing would show.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.description.is_none()
            && self.author_name.is_none()
            && self.image_url.is_none()
            && self.thumbnail_url.is_none()
            && self.footer_text.is_none()
            && self.fields.is_empty()
    }

    /// The characters Discord counts against its 6000 per embed.
    #[must_use]
    pub fn text_length(&self) -> usize {
        let count = |text: &Option<String>| text.as_deref().map_or(0, |t| t.chars().count());
        count(&self.title)
            + count(&self.description)
            + count(&self.author_name)
            + count(&self.footer_text)
            + self
                .fields
                .iter()
                .map(|f| f.name.chars().count() + f.value.chars().count())
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>() -> EmbedInput<'a> {
        EmbedInput {
            title: "Our rules",
            ..EmbedInput::default()
        }
    }

    #[test]
    fn discord_limits_are_checked_part_by_part() {
        let long_title = "t".repeat(257);
        let errors = EmbedDraft::parse(&EmbedInput {
            title: &long_title,
            title_url: "ftp://x",
            colour: "blue",
            fields: vec![("", "a value", false)],
            ..EmbedInput::default()
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(ValueError::field).collect();
        assert_eq!(
            fields,
            [
                "embed-title",
                "embed-title-url",
                "embed-colour",
                "embed-field-name"
            ]
        );
        assert!(matches!(
            errors[0],
            ValueError::TooLong {
                max: 256,
                actual: 257,
                ..
            }
        ));
        assert!(
            EmbedDraft::parse(&EmbedInput {
                title: &"t".repeat(256),
                ..EmbedInput::default()
            })
            .is_ok()
        );
    }

    #[test]
    fn fields_are_counted_and_the_total_is_bounded() {
        let rows = vec![("Name", "Value", true); 26];
        let errors = EmbedDraft::parse(&EmbedInput {
            fields: rows,
            ..input()
        })
        .unwrap_err();
        assert!(matches!(errors[0], ValueError::TooMany { max: 25, .. }));
        let value = "v".repeat(1024);
        let rows = vec![("Name", value.as_str(), false); 6];
        let errors = EmbedDraft::parse(&EmbedInput {
            fields: rows,
            ..input()
        })
        .unwrap_err();
        assert!(
            matches!(errors[0], ValueError::TooLong { max: 6000, .. }),
            "{errors:?}"
        );
        let ok = EmbedDraft::parse(&EmbedInput {
            fields: vec![("A", "b", true), ("", "  ", false)],
            ..input()
        })
        .unwrap();
        assert_eq!(
            ok.fields,
            [EmbedField {
                name: "A".into(),
                value: "b".into(),
                inline: true
            }]
        );
    }

    #[test]
    fn timestamps_are_read_as_utc() {
        let at = EmbedDraft::parse(&EmbedInput {
            timestamp: "2026-11-23T10:30",
            ..input()
        })
        .unwrap();
        assert_eq!(at.timestamp, Some(1_795_429_800));
        for bad in ["2026-02-30T10:00", "tomorrow", "2026-11-23T25:00"] {
            assert!(
                EmbedDraft::parse(&EmbedInput {
                    timestamp: bad,
                    ..input()
                })
                .is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_empty_embed_is_refused() {
        assert!(
            EmbedDraft::parse(&EmbedInput {
                colour: "#ff0000",
                ..EmbedInput::default()
            })
            .is_err()
        );
    }
}
