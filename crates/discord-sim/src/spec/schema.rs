//! The compiled form of the spec's JSON Schemas: an arena of nodes with resolved references.
//!
//! Validation walks these plain structs instead of re-reading JSON keywords and re-resolving
//! `$ref` strings on every request; `compile.rs` builds them.

use std::cmp::Ordering;
use std::fmt;

use serde_json::Value;

use super::unions;

/// Index of a compiled schema in [`Schemas`].
pub(crate) type SchemaId = usize;

/// The set of JSON types a schema's `type` keyword allows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Types(u8);

impl Types {
    pub(crate) const NULL: Self = Self(1);
    pub(crate) const BOOLEAN: Self = Self(1 << 1);
    pub(crate) const INTEGER: Self = Self(1 << 2);
    pub(crate) const NUMBER: Self = Self(1 << 3);
    pub(crate) const STRING: Self = Self(1 << 4);
    pub(crate) const ARRAY: Self = Self(1 << 5);
    pub(crate) const OBJECT: Self = Self(1 << 6);

    pub(crate) fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    pub(crate) fn with(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    pub(crate) fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "null" => Self::NULL,
            "boolean" => Self::BOOLEAN,
            "integer" => Self::INTEGER,
            "number" => Self::NUMBER,
            "string" => Self::STRING,
            "array" => Self::ARRAY,
            "object" => Self::OBJECT,
            _ => return None,
        })
    }
}

/// The `format` values the validator checks; others are annotations only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Int32,
    Int64,
    Snowflake,
    Uri,
    DateTime,
}

/// The `pattern` values the validator knows; the spec only uses a handful.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// `^(0|[1-9][0-9]*)$`: decimal digits without a leading zero.
    Snowflake,
    /// `^#(([0-9a-fA-F]{2}){3}|([0-9a-fA-F]){3})$`: a CSS hex colour.
    HexColor,
}

/// What `additionalProperties` says about fields not listed in `properties`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Additional {
    /// Absent: unknown fields are accepted and ignored, as Discord does.
    #[default]
    Allowed,
    /// `false`.
    Forbidden,
    /// A schema every other field's value must satisfy (maps such as `name_localizations`).
    Schema(SchemaId),
}

/// A JSON number kept exact for integers (the spec's bounds reach `i64::MIN` and `u64` values).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    pub(crate) fn from_json(number: &serde_json::Number) -> Option<Self> {
        if let Some(i) = number.as_i64() {
            Some(Self::Int(i128::from(i)))
        } else if let Some(u) = number.as_u64() {
            Some(Self::Int(i128::from(u)))
        } else {
            number.as_f64().map(Self::Float)
        }
    }

    pub(crate) fn is_integral(self) -> bool {
        match self {
            Self::Int(_) => true,
            Self::Float(f) => f.is_finite() && f.fract() == 0.0,
        }
    }

    #[expect(
        clippy::cast_precision_loss,
        reason = "only used to compare an integer with a float, where f64 precision is what JSON has"
    )]
    fn as_f64(self) -> f64 {
        match self {
            Self::Int(i) => i as f64,
            Self::Float(f) => f,
        }
    }

    pub(crate) fn compare(self, other: Self) -> Option<Ordering> {
        match (self, other) {
            (Self::Int(a), Self::Int(b)) => Some(a.cmp(&b)),
            _ => self.as_f64().partial_cmp(&other.as_f64()),
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(i) => write!(f, "{i}"),
            Self::Float(x) if x.fract() == 0.0 => write!(f, "{x:.1}"),
            Self::Float(x) => write!(f, "{x}"),
        }
    }
}

/// A `oneOf` or `anyOf` of schemas, with the field that tells its branches apart when there is one.
#[derive(Debug, Clone, Default)]
pub(crate) struct Union {
    pub(crate) branches: Vec<SchemaId>,
    pub(crate) discriminator: Option<unions::Discriminator>,
}

/// One compiled schema: every keyword the validator supports, already parsed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Schema {
    pub(crate) reference: Option<SchemaId>,
    /// `None` when the schema has no `type` keyword.
    pub(crate) types: Option<Types>,
    /// From `enum`, `const`, or a `oneOf` of `const`s; empty means unconstrained.
    pub(crate) choices: Vec<Value>,
    pub(crate) format: Option<Format>,
    pub(crate) pattern: Option<Pattern>,
    pub(crate) min_length: Option<u64>,
    pub(crate) max_length: Option<u64>,
    pub(crate) minimum: Option<Number>,
    pub(crate) maximum: Option<Number>,
    pub(crate) properties: Vec<(Box<str>, SchemaId)>,
    pub(crate) required: Vec<Box<str>>,
    pub(crate) additional: Additional,
    pub(crate) min_properties: Option<u64>,
    pub(crate) max_properties: Option<u64>,
    pub(crate) items: Option<SchemaId>,
    pub(crate) min_items: Option<u64>,
    pub(crate) max_items: Option<u64>,
    pub(crate) unique_items: bool,
    pub(crate) unions: Vec<Union>,
    pub(crate) all_of: Vec<SchemaId>,
}

impl Schema {
    pub(crate) fn property(&self, name: &str) -> Option<SchemaId> {
        self.properties
            .iter()
            .find(|(key, _)| &**key == name)
            .map(|&(_, id)| id)
    }

    /// Whether the schema admits nothing but `null` (the null branch of a nullable union).
    pub(crate) fn is_null_only(&self) -> bool {
        self.types == Some(Types::NULL)
    }

    /// Whether the schema is a bare `$ref` that can be replaced by its target.
    pub(crate) fn is_plain_ref(&self) -> bool {
        self.reference.is_some()
            && self.types.is_none()
            && self.choices.is_empty()
            && self.format.is_none()
            && self.pattern.is_none()
            && self.properties.is_empty()
            && self.items.is_none()
            && self.unions.is_empty()
            && self.all_of.is_empty()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.required.is_empty()
            && self.additional == Additional::Allowed
            && self.min_properties.is_none()
            && self.max_properties.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && !self.unique_items
    }
}

/// The arena of compiled schemas.
#[derive(Debug, Default)]
pub(crate) struct Schemas {
    pub(crate) nodes: Vec<Schema>,
}

impl Schemas {
    pub(crate) fn get(&self, id: SchemaId) -> &Schema {
        &self.nodes[id]
    }

    /// Follows bare `$ref` nodes to the schema that carries the keywords.
    pub(crate) fn resolve(&self, mut id: SchemaId) -> SchemaId {
        // Bounded so that a reference cycle in a hand-edited spec cannot hang the simulator.
        for _ in 0..32 {
            match self.nodes[id].reference {
                Some(target) if self.nodes[id].is_plain_ref() => id = target,
                _ => break,
            }
        }
        id
    }

    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }
}
