//! Corrections to the spec where it contradicts what Discord actually sends or accepts.
//!
//! Each patch says what Discord does and why the spec's version would make the simulator wrong.
//! They run on the parsed document before compilation, so the committed spec stays pristine.

use serde_json::{Value, json};

/// Applies every correction in place.
pub(crate) fn apply(root: &mut Value) {
    // Field errors inside `_errors` carry string codes (`"BASE_TYPE_REQUIRED"`), as Discord's
    // documentation shows, while the spec reuses the top-level `Error` whose `code` is an integer.
    // Unpatched, every 50035 body the simulator sends would fail response validation.
    if let Some(items) =
        root.pointer_mut("/components/schemas/InnerErrors/properties/_errors/items")
    {
        *items = json!({
            "type": "object",
            "properties": {
                "code": { "type": "string" },
                "message": { "type": "string" }
            },
            "required": ["code", "message"]
        });
    }
}
