//! Role colours as classes: a ticket's names come in a handful of colours, so each one is
//! written once in the style sheet and each name carries a short class instead of a style.

use crate::format::Message;
use crate::render::escape;
use std::collections::HashMap;

/// How many colours get a class; a page with more (rare) writes the rest as styles.
const MAX_CLASSES: usize = 64;

/// The colours of a document's names, each with its class number.
#[derive(Debug, Default)]
pub(crate) struct Palette {
    colors: Vec<String>,
    index: HashMap<String, usize>,
}

impl Palette {
    /// The colours of the authors of `messages` (and of whoever used their commands).
    pub(crate) fn of(messages: &[Message]) -> Self {
        let mut palette = Self::default();
        let authors = messages.iter().flat_map(|message| {
            std::iter::once(&message.author).chain(
                message
                    .interaction
                    .as_ref()
                    .map(|interaction| &interaction.user),
            )
        });
        for color in authors.filter_map(|author| author.color.as_deref().and_then(escape::color)) {
            if palette.colors.len() < MAX_CLASSES && !palette.index.contains_key(&color) {
                palette.index.insert(color.clone(), palette.colors.len());
                palette.colors.push(color);
            }
        }
        palette
    }

    /// Appends the style sheet's rules for the classes.
    pub(crate) fn write_css(&self, out: &mut String) {
        for (number, color) in self.colors.iter().enumerate() {
            out.push_str(".k");
            out.push_str(&number.to_string());
            out.push_str("{color:");
            out.push_str(color);
            out.push('}');
        }
    }

    /// Appends the attribute that gives an element the colour (` class=k0` or a style), or
    /// nothing for no colour or one that is not a colour.
    pub(crate) fn write_attribute(&self, out: &mut String, color: Option<&str>) {
        let Some(color) = color.and_then(escape::color) else {
            return;
        };
        match self.index.get(&color) {
            Some(number) => {
                out.push_str(" class=k");
                out.push_str(&number.to_string());
            }
            None => {
                out.push_str(" style=color:");
                out.push_str(&color);
            }
        }
    }
}
