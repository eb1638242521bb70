//! Validation of REST requests and responses against Discord's official OpenAPI 3.1 spec.
//!
//! The spec (`spec/openapi.json`, MIT, see `spec/LICENSE`) is embedded in the binary, parsed
//! once by [`Spec::load`] and compiled: path templates into segment matchers, schemas into an
//! arena of nodes with every `$ref` resolved. The simulator keeps one `Arc<Spec>`.
//!
//! Requests are validated with Discord's leniencies, responses strictly:
//!
//! - int-parseable strings pass where the spec says `integer` (twilight sends permission
//!   bitfields as strings), and non-negative integers pass where it says snowflake;
//! - `null` passes only where the schema allows it (`type: [.., "null"]` or a null branch);
//! - unknown fields pass: the spec sets `additionalProperties` on maps (validated) and once to
//!   `false` (on error bodies, enforced); everywhere else Discord ignores unknown fields;
//! - `oneOf` is read as `anyOf` (see `unions.rs`); unions of models are told apart by their
//!   `type` field, and a wrong `type` is reported as Discord does (`UNION_TYPE_CHOICES`).
//!
//! The spec leaves out several of Discord's limits (message content is 2000 characters, not the
//! spec's 4000; 5 action rows, not 40 components; the 6000-character embed total ...). Other
//! modules check those and report them through the same [`FormErrors`].

mod compile;
mod errors;
pub(crate) mod formats;
mod operation;
mod patches;
mod routes;
mod schema;
mod unions;
mod validate;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

pub use errors::{FieldError, FormErrors, INVALID_FORM_BODY, PathSegment, codes, format_path};
pub use operation::Operation;

use compile::Compiler;
use operation::{METHODS, OperationDef};
use routes::{Router, Template};
use schema::Schemas;

/// The embedded copy of Discord's OpenAPI spec.
const SPEC_JSON: &str = include_str!("../../spec/openapi.json");

/// Why the spec could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    /// The document is not valid JSON.
    #[error("the OpenAPI spec is not valid JSON: {0}")]
    Parse(String),
    /// The document uses a construct the validator does not support.
    #[error("unsupported OpenAPI construct at {pointer}: {reason}")]
    Invalid {
        /// JSON pointer (or path template) of the offending construct.
        pointer: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl SpecError {
    pub(crate) fn invalid(pointer: &str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            pointer: pointer.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Discord's REST API as the spec describes it, compiled for fast matching and validation.
#[derive(Debug)]
pub struct Spec {
    pub(crate) schemas: Schemas,
    pub(crate) router: Router,
    operations: Vec<OperationDef>,
    /// For each template of the router, its operations.
    route_operations: Vec<Vec<usize>>,
    by_id: HashMap<Box<str>, usize>,
}

impl Spec {
    /// Parses and compiles the embedded spec.
    ///
    /// # Errors
    ///
    /// Returns an error when the embedded document is not valid JSON or uses a construct the
    /// validator does not support (a test keeps the committed spec loadable).
    pub fn load() -> Result<Self, SpecError> {
        Self::parse(SPEC_JSON)
    }

    /// The process-wide spec, loaded on first use; cheap to call from every test and server.
    ///
    /// # Errors
    ///
    /// Returns the error of the first load, if it failed.
    pub fn shared() -> Result<Arc<Self>, SpecError> {
        static SHARED: OnceLock<Result<Arc<Spec>, SpecError>> = OnceLock::new();
        SHARED.get_or_init(|| Self::load().map(Arc::new)).clone()
    }

    /// Parses and compiles a spec given as JSON text.
    ///
    /// # Errors
    ///
    /// Returns an error when `json` is not valid JSON or uses an unsupported construct.
    pub fn parse(json: &str) -> Result<Self, SpecError> {
        let mut root: Value =
            serde_json::from_str(json).map_err(|e| SpecError::Parse(e.to_string()))?;
        patches::apply(&mut root);
        Self::compile(&root)
    }

    fn compile(root: &Value) -> Result<Self, SpecError> {
        let mut compiler = Compiler::new(root)?;
        let mut router = Router::default();
        let mut operations = Vec::new();
        let mut route_operations = Vec::new();
        let paths = root
            .get("paths")
            .and_then(Value::as_object)
            .ok_or_else(|| SpecError::invalid("/paths", "missing"))?;
        for (text, item) in paths {
            let shared = operation::parameters(root, item)?;
            let snowflake_params: Vec<&str> = shared
                .iter()
                .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
                .filter(|p| {
                    p.get("schema")
                        .is_some_and(|s| operation::is_snowflake_schema(root, s))
                })
                .filter_map(|p| p.get("name").and_then(Value::as_str))
                .collect();
            let template = Template::parse(text, |name| snowflake_params.contains(&name))?;
            let route = router.add(template);
            let mut ids = Vec::new();
            for method in METHODS {
                let Some(op) = item.get(method) else {
                    continue;
                };
                let pointer = format!(
                    "/paths/{}/{method}",
                    text.replace('~', "~0").replace('/', "~1")
                );
                let def =
                    OperationDef::compile(&mut compiler, method, route, &shared, op, &pointer)?;
                ids.push(operations.len());
                operations.push(def);
            }
            route_operations.push(ids);
        }
        router.seal();
        let mut by_id = HashMap::with_capacity(operations.len());
        for (index, def) in operations.iter().enumerate() {
            if by_id.insert(def.operation_id.clone(), index).is_some() {
                return Err(SpecError::invalid(
                    &def.operation_id,
                    "duplicate operationId",
                ));
            }
        }
        Ok(Self {
            schemas: compiler.finish(),
            router,
            operations,
            route_operations,
            by_id,
        })
    }

    /// Finds the operation for a request; `path` is the part after `/api/v10`.
    ///
    /// Literal segments (`@me`, `@original`) win over parameters; when the best template lacks
    /// the method, a less specific one that has it is used, as Discord's router does. Snowflake
    /// parameters only match digits. `None` means Discord would answer 404.
    #[must_use]
    pub fn find_operation(&self, method: &str, path: &str) -> Option<Operation<'_>> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        self.router
            .candidates(path)
            .into_iter()
            .find_map(|(route, params)| {
                let def = self.route_operations[route]
                    .iter()
                    .map(|&index| &self.operations[index])
                    .find(|def| def.method.eq_ignore_ascii_case(method))?;
                Some(Operation {
                    spec: self,
                    def,
                    params,
                })
            })
    }

    /// The operation with this `operationId` (e.g. `get_channel`), without path parameters.
    #[must_use]
    pub fn operation_by_id(&self, operation_id: &str) -> Option<Operation<'_>> {
        let def = &self.operations[*self.by_id.get(operation_id)?];
        Some(Operation {
            spec: self,
            def,
            params: Vec::new(),
        })
    }

    /// How many operations the spec defines.
    #[must_use]
    pub fn operation_count(&self) -> usize {
        self.operations.len()
    }

    /// How many schema nodes compilation produced (reported by the load-time test).
    #[must_use]
    pub fn schema_count(&self) -> usize {
        self.schemas.len()
    }
}

/// Checks of hand-made specs: constructs the committed spec does not (yet) contain.
#[cfg(test)]
mod handmade_tests {
    use serde_json::{Value, json};

    use super::*;

    fn spec_with(paths: Value, schemas: Value) -> Result<Spec, SpecError> {
        Spec::parse(
            &json!({"openapi": "3.1.0", "paths": paths, "components": {"schemas": schemas}})
                .to_string(),
        )
    }

    fn post(operation_id: &str, schema: &str) -> Value {
        json!({"post": {"operationId": operation_id, "requestBody": {"required": true, "content": {
            "application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}
        }}, "responses": {}}})
    }

    #[test]
    fn a_method_mismatch_falls_through_to_a_less_specific_template() {
        let paths = json!({
            "/a/{x}": {"parameters": [{"name": "x", "in": "path", "required": true, "schema": {"type": "string"}}],
                       "get": {"operationId": "get_a", "responses": {}}},
            "/a/lit": {"post": {"operationId": "post_lit", "responses": {}}}
        });
        let spec = spec_with(paths, json!({})).unwrap();
        assert_eq!(
            spec.find_operation("POST", "/a/lit")
                .unwrap()
                .operation_id(),
            "post_lit"
        );
        let get = spec.find_operation("GET", "/a/lit").unwrap();
        assert_eq!(
            (get.operation_id(), get.path_param("x")),
            ("get_a", Some("lit"))
        );
        assert!(spec.find_operation("DELETE", "/a/lit").is_none());
    }

    #[test]
    fn recursive_schemas_stop_at_the_depth_limit_instead_of_overflowing() {
        let paths = json!({"/loop": post("loop", "Loop"), "/pair": post("pair", "A"), "/tree": post("tree", "Node")});
        let schemas = json!({
            "Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}]},
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/A"},
            "Node": {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Node"}}}
        });
        let spec = spec_with(paths, schemas).unwrap();
        for path in ["/loop", "/pair"] {
            let errors = spec
                .find_operation("POST", path)
                .unwrap()
                .validate_request(&[], Some(&json!({})));
            let errors = errors.unwrap_err();
            assert!(
                errors
                    .iter()
                    .any(|e| e.code() == codes::BASE_TYPE_MAX_DEPTH),
                "{path}: {errors}"
            );
        }
        let tree = spec.find_operation("POST", "/tree").unwrap();
        let mut deep = json!({});
        for _ in 0..20 {
            deep = json!({"child": deep});
        }
        assert_eq!(tree.validate_request(&[], Some(&deep)), Ok(()));
        for _ in 0..200 {
            deep = json!({"child": deep});
        }
        let errors = tree.validate_request(&[], Some(&deep)).unwrap_err();
        assert_eq!(
            errors.iter().next().unwrap().code(),
            codes::BASE_TYPE_MAX_DEPTH
        );
    }

    #[test]
    fn unsupported_constructs_are_load_errors_not_silent_gaps() {
        let pattern = spec_with(
            json!({}),
            json!({"P": {"type": "string", "pattern": "^a+$"}}),
        );
        assert!(
            matches!(pattern, Err(SpecError::Invalid { .. })),
            "{pattern:?}"
        );
        let dangling = spec_with(json!({"/x": post("x", "Missing")}), json!({}));
        assert!(
            matches!(dangling, Err(SpecError::Invalid { .. })),
            "{dangling:?}"
        );
        assert!(matches!(Spec::parse("{"), Err(SpecError::Parse(_))));
    }

    #[test]
    fn unions_are_discriminated_by_a_field_with_distinct_values_only() {
        let schemas = json!({
            "Cat": {"type": "object", "properties": {
                "type": {"enum": [1, 2]}, "kind": {"enum": ["cat"]}, "meow": {"type": "string", "maxLength": 3}
            }},
            "Dog": {"type": "object", "properties": {
                "type": {"enum": [1, 2]}, "kind": {"enum": ["dog"]}, "bark": {"type": "integer"}
            }},
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]}
        });
        let spec = spec_with(json!({"/pet": post("pet", "Pet")}), schemas).unwrap();
        let pet = spec.find_operation("POST", "/pet").unwrap();
        let errors = pet
            .validate_request(
                &[],
                Some(&json!({"type": 1, "kind": "cat", "meow": "long", "bark": "x"})),
            )
            .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors}");
        assert_eq!(errors.first_path().as_deref(), Some("meow"));
        let errors = pet
            .validate_request(&[], Some(&json!({"kind": "fish"})))
            .unwrap_err();
        let error = errors.iter().next().unwrap();
        assert_eq!(error.code(), codes::UNION_TYPE_CHOICES);
        assert_eq!(
            error.message(),
            "Value of field \"kind\" must be one of ('cat', 'dog')."
        );
        // `kind` is optional in both models, so its absence falls back to trying each branch.
        assert_eq!(
            pet.validate_request(&[], Some(&json!({"meow": "hi"}))),
            Ok(())
        );
    }

    #[test]
    fn additional_properties_false_refuses_unknown_fields_and_a_schema_checks_them() {
        let schemas = json!({
            "Closed": {"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": false},
            "Map": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 2}, "maxProperties": 2}
        });
        let spec = spec_with(
            json!({"/closed": post("closed", "Closed"), "/map": post("map", "Map")}),
            schemas,
        )
        .unwrap();
        let closed = spec.find_operation("POST", "/closed").unwrap();
        assert_eq!(closed.validate_request(&[], Some(&json!({"a": 1}))), Ok(()));
        let errors = closed
            .validate_request(&[], Some(&json!({"a": 1, "b": 2})))
            .unwrap_err();
        assert_eq!(errors.first_path().as_deref(), Some("b"));
        let map = spec.find_operation("POST", "/map").unwrap();
        assert_eq!(map.validate_request(&[], Some(&json!({"x": "ab"}))), Ok(()));
        let errors = map
            .validate_request(&[], Some(&json!({"x": "abc"})))
            .unwrap_err();
        assert_eq!(errors.first_path().as_deref(), Some("x"));
        let errors = map
            .validate_request(&[], Some(&json!({"x": "a", "y": "b", "z": "c"})))
            .unwrap_err();
        assert_eq!(
            errors.iter().next().unwrap().code(),
            codes::BASE_TYPE_MAX_LENGTH
        );
    }
}
