//! Compilation of the spec's JSON Schemas into the [`Schemas`] arena.

use std::collections::HashMap;

use serde_json::Value;

use super::SpecError;
use super::schema::{Additional, Format, Number, Pattern, Schema, SchemaId, Schemas, Types, Union};
use super::unions;

const SNOWFLAKE_PATTERN: &str = "^(0|[1-9][0-9]*)$";
const HEX_COLOR_PATTERN: &str = "^#(([0-9a-fA-F]{2}){3}|([0-9a-fA-F]){3})$";

/// Compiles the spec's schemas: named ones first (so `$ref`s can point forward), then inline ones.
pub(crate) struct Compiler<'a> {
    root: &'a Value,
    nodes: Vec<Schema>,
    named: HashMap<&'a str, SchemaId>,
}

impl<'a> Compiler<'a> {
    /// Reserves one node per `components.schemas` entry and compiles them all.
    ///
    /// # Errors
    ///
    /// Returns an error when a schema uses a keyword in a way the validator cannot honour.
    pub(crate) fn new(root: &'a Value) -> Result<Self, SpecError> {
        let components = root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .ok_or_else(|| SpecError::invalid("/components/schemas", "missing"))?;
        let mut compiler = Self {
            root,
            nodes: Vec::with_capacity(components.len() * 4),
            named: HashMap::with_capacity(components.len()),
        };
        for name in components.keys() {
            compiler.named.insert(name, compiler.nodes.len());
            compiler.nodes.push(Schema::default());
        }
        for (name, value) in components {
            let pointer = format!("/components/schemas/{name}");
            let schema = compiler.build(value, &pointer)?;
            let id = compiler.named[name.as_str()];
            compiler.nodes[id] = schema;
        }
        Ok(compiler)
    }

    /// The spec document being compiled.
    pub(crate) fn root(&self) -> &'a Value {
        self.root
    }

    /// Compiles one schema and returns its id.
    ///
    /// # Errors
    ///
    /// Returns an error for an unresolvable `$ref` or a malformed keyword.
    pub(crate) fn compile(
        &mut self,
        value: &'a Value,
        pointer: &str,
    ) -> Result<SchemaId, SpecError> {
        let schema = self.build(value, pointer)?;
        if schema.is_plain_ref()
            && let Some(target) = schema.reference
        {
            return Ok(target);
        }
        self.nodes.push(schema);
        Ok(self.nodes.len() - 1)
    }

    /// Finds discriminators once every node exists, and hands over the arena.
    pub(crate) fn finish(self) -> Schemas {
        let mut schemas = Schemas { nodes: self.nodes };
        for id in 0..schemas.nodes.len() {
            for u in 0..schemas.nodes[id].unions.len() {
                let found =
                    unions::find_discriminator(&schemas, &schemas.nodes[id].unions[u].branches);
                schemas.nodes[id].unions[u].discriminator = found;
            }
        }
        schemas
    }

    fn reference(&self, target: &str, pointer: &str) -> Result<SchemaId, SpecError> {
        target
            .strip_prefix("#/components/schemas/")
            .map(|name| name.replace("~1", "/").replace("~0", "~"))
            .and_then(|name| self.named.get(name.as_str()).copied())
            .ok_or_else(|| SpecError::invalid(pointer, format!("unresolvable $ref {target}")))
    }

    fn build(&mut self, value: &'a Value, pointer: &str) -> Result<Schema, SpecError> {
        let Some(object) = value.as_object() else {
            // `true`/`{}` accept anything; the spec has no `false` schema.
            return Ok(Schema::default());
        };
        let mut schema = Schema::default();
        if let Some(target) = object.get("$ref").and_then(Value::as_str) {
            schema.reference = Some(self.reference(target, pointer)?);
        }
        schema.types = match object.get("type") {
            None => None,
            Some(Value::String(name)) => Some(parse_type(name, pointer)?),
            Some(Value::Array(names)) => {
                let mut types = Types::default();
                for name in names {
                    let name = name.as_str().unwrap_or_default();
                    types = types.with(parse_type(name, pointer)?);
                }
                Some(types)
            }
            Some(_) => {
                return Err(SpecError::invalid(
                    pointer,
                    "`type` is neither string nor array",
                ));
            }
        };
        // An empty `enum` is a generator artefact (a filtered enum with nothing left); reading it
        // literally would reject every value, so it is treated as absent.
        if let Some(Value::Array(values)) = object.get("enum") {
            schema.choices.clone_from(values);
        }
        if let Some(constant) = object.get("const") {
            schema.choices = vec![constant.clone()];
        }
        schema.format = object
            .get("format")
            .and_then(Value::as_str)
            .and_then(|f| match f {
                "int32" => Some(Format::Int32),
                "int64" => Some(Format::Int64),
                "snowflake" => Some(Format::Snowflake),
                "uri" => Some(Format::Uri),
                "date-time" => Some(Format::DateTime),
                _ => None,
            });
        if let Some(pattern) = object.get("pattern").and_then(Value::as_str) {
            schema.pattern = Some(match pattern {
                SNOWFLAKE_PATTERN => Pattern::Snowflake,
                HEX_COLOR_PATTERN => Pattern::HexColor,
                other => {
                    return Err(SpecError::invalid(
                        pointer,
                        format!("unsupported pattern {other}"),
                    ));
                }
            });
        }
        schema.min_length = unsigned(object.get("minLength"), pointer)?;
        schema.max_length = unsigned(object.get("maxLength"), pointer)?;
        schema.min_items = unsigned(object.get("minItems"), pointer)?;
        schema.max_items = unsigned(object.get("maxItems"), pointer)?;
        schema.min_properties = unsigned(object.get("minProperties"), pointer)?;
        schema.max_properties = unsigned(object.get("maxProperties"), pointer)?;
        schema.minimum = number(object.get("minimum"), pointer)?;
        schema.maximum = number(object.get("maximum"), pointer)?;
        schema.unique_items = object.get("uniqueItems") == Some(&Value::Bool(true));
        if let Some(Value::Object(properties)) = object.get("properties") {
            for (name, sub) in properties {
                let id = self.compile(sub, &format!("{pointer}/properties/{name}"))?;
                schema.properties.push((name.as_str().into(), id));
            }
        }
        if let Some(Value::Array(required)) = object.get("required") {
            schema.required = required
                .iter()
                .filter_map(Value::as_str)
                .map(Into::into)
                .collect();
        }
        schema.additional = match object.get("additionalProperties") {
            None | Some(Value::Bool(true)) => Additional::Allowed,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(sub) => {
                Additional::Schema(self.compile(sub, &format!("{pointer}/additionalProperties"))?)
            }
        };
        if let Some(items) = object.get("items") {
            schema.items = Some(self.compile(items, &format!("{pointer}/items"))?);
        }
        for keyword in ["oneOf", "anyOf"] {
            let Some(Value::Array(branches)) = object.get(keyword) else {
                continue;
            };
            if let Some(consts) = const_choices(branches) {
                schema.choices = consts;
                continue;
            }
            let mut union = Union::default();
            for (i, branch) in branches.iter().enumerate() {
                union
                    .branches
                    .push(self.compile(branch, &format!("{pointer}/{keyword}/{i}"))?);
            }
            schema.unions.push(union);
        }
        if let Some(Value::Array(parts)) = object.get("allOf") {
            for (i, part) in parts.iter().enumerate() {
                schema
                    .all_of
                    .push(self.compile(part, &format!("{pointer}/allOf/{i}"))?);
            }
        }
        Ok(schema)
    }
}

fn parse_type(name: &str, pointer: &str) -> Result<Types, SpecError> {
    Types::parse(name).ok_or_else(|| SpecError::invalid(pointer, format!("unknown type {name}")))
}

fn unsigned(value: Option<&Value>, pointer: &str) -> Result<Option<u64>, SpecError> {
    value
        .map(|v| {
            v.as_u64()
                .ok_or_else(|| SpecError::invalid(pointer, "length bound is not a natural number"))
        })
        .transpose()
}

fn number(value: Option<&Value>, pointer: &str) -> Result<Option<Number>, SpecError> {
    value
        .map(|v| match v {
            Value::Number(n) => Number::from_json(n)
                .ok_or_else(|| SpecError::invalid(pointer, "numeric bound out of range")),
            _ => Err(SpecError::invalid(pointer, "numeric bound is not a number")),
        })
        .transpose()
}

/// The values of a `oneOf` whose branches are all `const` (how the spec writes enumerations).
fn const_choices(branches: &[Value]) -> Option<Vec<Value>> {
    let annotations = ["const", "title", "description", "type", "format"];
    branches
        .iter()
        .map(|branch| {
            let object = branch.as_object()?;
            if !object.keys().all(|key| annotations.contains(&key.as_str())) {
                return None;
            }
            object.get("const").cloned()
        })
        .collect::<Option<Vec<_>>>()
        .filter(|consts| !consts.is_empty())
}
