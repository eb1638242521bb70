//! Forms: the questions a panel asks in a modal before its ticket opens, within Discord's modal
//! limits (5 inputs, labels of 45 characters, placeholders of 100, answers of up to 4000).

use crate::values::{Problem, ValueError, bounded_text};

/// Most inputs in one modal.
pub const MAX_INPUTS: usize = 5;
/// Longest answer Discord accepts in a text input.
pub const MAX_ANSWER: u16 = 4000;

/// A form's name (also the modal's title, hence Discord's 45 characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormName(String);

impl FormName {
    /// Longest name.
    pub const MAX: usize = 45;

    /// Parses a name.
    ///
    /// # Errors
    ///
    /// [`ValueError::Empty`] or [`ValueError::TooLong`].
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        let name = bounded_text("form-name", Self::MAX, raw)?;
        if name.is_empty() {
            return Err(ValueError::Empty { field: "form-name" });
        }
        Ok(Self(name))
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether an answer is one line or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputStyle {
    /// One line.
    #[default]
    Short,
    /// Several lines.
    Paragraph,
    /// One of a list of options (a select menu in the modal).
    Select,
}

impl InputStyle {
    /// The stored spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Short => "short",
            Self::Paragraph => "paragraph",
            Self::Select => "select",
        }
    }

    /// Parses a stored or submitted spelling.
    ///
    /// # Errors
    ///
    /// [`ValueError::Invalid`] for anything else.
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        match raw.trim() {
            "short" => Ok(Self::Short),
            "paragraph" => Ok(Self::Paragraph),
            "select" => Ok(Self::Select),
            _ => Err(ValueError::Invalid {
                field: "input-style",
                problem: Problem::Choice,
            }),
        }
    }
}

/// One question of a form, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormInput {
    /// The question.
    pub label: String,
    /// A hint shown in the empty input.
    pub placeholder: Option<String>,
    /// One line or several.
    pub style: InputStyle,
    /// Whether an answer is needed.
    pub required: bool,
    /// Shortest answer accepted.
    pub min_length: Option<u16>,
    /// Longest answer accepted.
    pub max_length: Option<u16>,
    /// The choices of a select question (each is both what is shown and what is answered).
    pub options: Vec<String>,
}

impl FormInput {
    /// Longest label.
    pub const LABEL_MAX: usize = 45;
    /// Longest placeholder.
    pub const PLACEHOLDER_MAX: usize = 100;
    /// Most options of a select question (Discord's select menu limit).
    pub const OPTIONS_MAX: usize = 25;
    /// Longest option (Discord's option label and value limit).
    pub const OPTION_MAX: usize = 100;

    /// Validates a select question's options, one per line; blank lines are ignored.
    ///
    /// # Errors
    ///
    /// [`ValueError::Empty`] without options, [`ValueError::TooMany`] above 25,
    /// [`ValueError::TooLong`] for an option over 100 characters, [`ValueError::Invalid`] for a
    /// repeated option.
    pub fn parse_options(text: &str) -> Result<Vec<String>, ValueError> {
        let mut options: Vec<String> = Vec::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let option = bounded_text("input-options", Self::OPTION_MAX, line)?;
            if options.contains(&option) {
                return Err(ValueError::Invalid {
                    field: "input-options",
                    problem: Problem::Duplicate,
                });
            }
            options.push(option);
        }
        if options.is_empty() {
            return Err(ValueError::Empty {
                field: "input-options",
            });
        }
        if options.len() > Self::OPTIONS_MAX {
            return Err(ValueError::TooMany {
                field: "input-options",
                max: Self::OPTIONS_MAX,
            });
        }
        Ok(options)
    }

    /// Validates a question as typed into a form; every refused value is returned, so that each
    /// can be shown next to its field. `options` (one per line) only matter for select questions.
    ///
    /// # Errors
    ///
    /// The list of refused values.
    pub fn parse(
        label: &str,
        placeholder: &str,
        style: &str,
        required: bool,
        min_length: &str,
        max_length: &str,
        options: &str,
    ) -> Result<Self, Vec<ValueError>> {
        let mut errors = Vec::new();
        let label = match bounded_text("input-label", Self::LABEL_MAX, label) {
            Ok(label) if label.is_empty() => {
                errors.push(ValueError::Empty {
                    field: "input-label",
                });
                String::new()
            }
            Ok(label) => label,
            Err(error) => {
                errors.push(error);
                String::new()
            }
        };
        let placeholder = bounded_text("input-placeholder", Self::PLACEHOLDER_MAX, placeholder)
            .map_err(|e| errors.push(e))
            .ok()
            .filter(|p| !p.is_empty());
        let style = InputStyle::parse(style)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        let length =
            |field: &'static str, raw: &str, min: i64| -> Result<Option<u16>, ValueError> {
                let raw = raw.trim();
                if raw.is_empty() {
                    return Ok(None);
                }
                raw.parse::<u16>()
                    .ok()
                    .filter(|n| i64::from(*n) >= min && *n <= MAX_ANSWER)
                    .map(Some)
                    .ok_or(ValueError::OutOfRange {
                        field,
                        min,
                        max: i64::from(MAX_ANSWER),
                    })
            };
        let min_length = length("input-min-length", min_length, 0)
            .map_err(|e| errors.push(e))
            .unwrap_or(None);
        let max_length = length("input-max-length", max_length, 1)
            .map_err(|e| errors.push(e))
            .unwrap_or(None);
        if let (Some(min), Some(max)) = (min_length, max_length)
            && min > max
        {
            errors.push(ValueError::Invalid {
                field: "input-min-length",
                problem: Problem::MinAboveMax,
            });
        }
        let options = if style == InputStyle::Select {
            Self::parse_options(options)
                .map_err(|e| errors.push(e))
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        if errors.is_empty() {
            Ok(Self {
                label,
                placeholder,
                style,
                required,
                min_length,
                max_length,
                options,
            })
        } else {
            Err(errors)
        }
    }
}

/// Refuses a sixth input.
///
/// # Errors
///
/// [`ValueError::TooMany`] above [`MAX_INPUTS`].
pub fn check_count(inputs: usize) -> Result<(), ValueError> {
    if inputs > MAX_INPUTS {
        Err(ValueError::TooMany {
            field: "form-inputs",
            max: MAX_INPUTS,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_questions_and_options_that_show_nothing_are_refused() {
        let text = "\u{200B}\u{200C}\u{FEFF}";
        let invisible = |field| ValueError::Invalid {
            field,
            problem: Problem::Invisible,
        };
        assert_eq!(FormName::parse(text), Err(invisible("form-name")));
        assert_eq!(
            FormInput::parse(text, "", "short", true, "", "", "").map(drop),
            Err(vec![invisible("input-label")])
        );
        assert_eq!(
            FormInput::parse_options(&format!("Yes\n{text}")),
            Err(invisible("input-options"))
        );
    }

    #[test]
    fn names_and_labels_follow_discords_modal_limits() {
        assert!(FormName::parse(&"n".repeat(45)).is_ok());
        assert!(FormName::parse(&"n".repeat(46)).is_err());
        assert!(FormName::parse("  ").is_err());
        let ok =
            FormInput::parse("Order number", "e.g. 1234", "short", true, "", "20", "").unwrap();
        assert_eq!(ok.max_length, Some(20));
        assert_eq!(ok.placeholder.as_deref(), Some("e.g. 1234"));
        let errors = FormInput::parse(
            &"l".repeat(46),
            &"p".repeat(101),
            "radio",
            true,
            "9",
            "3",
            "",
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(ValueError::field).collect();
        assert_eq!(
            fields,
            [
                "input-label",
                "input-placeholder",
                "input-style",
                "input-min-length"
            ]
        );
        assert!(FormInput::parse("", "", "short", false, "", "", "").is_err());
        assert!(FormInput::parse("Q", "", "paragraph", false, "", "4001", "").is_err());
        assert!(FormInput::parse("Q", "", "paragraph", false, "", "0", "").is_err());
    }

    #[test]
    fn select_questions_need_distinct_options_within_discords_limits() {
        let topic =
            FormInput::parse("Topic", "", "select", true, "", "", "Refund\n\nExchange\n").unwrap();
        assert_eq!(topic.options, ["Refund", "Exchange"]);
        let none = FormInput::parse("Topic", "", "select", true, "", "", " ").unwrap_err();
        assert_eq!(none[0].field(), "input-options");
        assert!(FormInput::parse_options("a\na").is_err());
        assert!(FormInput::parse_options(&"o".repeat(101)).is_err());
        let many: Vec<String> = (0..26).map(|n| n.to_string()).collect();
        assert!(FormInput::parse_options(&many.join("\n")).is_err());
        // Options typed for a text question are ignored.
        let text = FormInput::parse("Q", "", "short", true, "", "", "x").unwrap();
        assert!(text.options.is_empty());
    }

    #[test]
    fn five_inputs_at_most() {
        assert!(check_count(5).is_ok());
        assert_eq!(
            check_count(6),
            Err(ValueError::TooMany {
                field: "form-inputs",
                max: 5
            })
        );
    }
}
