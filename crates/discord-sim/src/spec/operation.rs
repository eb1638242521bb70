//! Operations of the spec: their query parameters, request body and responses, and the checks
//! a request and a response go through.

use serde_json::{Map, Value};

use super::compile::Compiler;
use super::errors::{FormErrors, PathSegment, codes};
use super::schema::SchemaId;
use super::validate::{Mode, Validator};
use super::{Spec, SpecError};

/// The HTTP methods an OpenAPI path item can hold.
pub(crate) const METHODS: [&str; 7] = ["get", "put", "post", "patch", "delete", "head", "options"];

/// A query parameter of an operation.
#[derive(Debug)]
struct QueryParam {
    name: Box<str>,
    schema: SchemaId,
    required: bool,
    /// Whether the schema can only be an array (then even one occurrence makes a list).
    array_only: bool,
}

/// The JSON request body of an operation.
#[derive(Debug)]
struct Body {
    schema: SchemaId,
    required: bool,
}

/// One documented response: its status key as the spec writes it (`200`, `4XX`, `default`).
#[derive(Debug)]
struct ResponseDef {
    status: Box<str>,
    schema: Option<SchemaId>,
}

/// An operation compiled from the spec.
#[derive(Debug)]
pub(crate) struct OperationDef {
    pub(crate) method: Box<str>,
    pub(crate) operation_id: Box<str>,
    pub(crate) route: usize,
    query: Vec<QueryParam>,
    body: Option<Body>,
    responses: Vec<ResponseDef>,
}

/// Follows a local `$ref` (`#/components/...`) to the object it names.
pub(crate) fn deref<'a>(root: &'a Value, mut value: &'a Value) -> Result<&'a Value, SpecError> {
    for _ in 0..8 {
        let Some(target) = value.get("$ref").and_then(Value::as_str) else {
            return Ok(value);
        };
        value = target
            .strip_prefix('#')
            .and_then(|pointer| root.pointer(pointer))
            .ok_or_else(|| SpecError::invalid(target, "unresolvable $ref"))?;
    }
    Err(SpecError::invalid("$ref", "reference chain too long"))
}

/// The parameters of a path item or operation, dereferenced.
pub(crate) fn parameters<'a>(
    root: &'a Value,
    owner: &'a Value,
) -> Result<Vec<&'a Value>, SpecError> {
    match owner.get("parameters") {
        Some(Value::Array(list)) => list.iter().map(|p| deref(root, p)).collect(),
        _ => Ok(Vec::new()),
    }
}

/// Whether a path parameter is typed as a snowflake (then only digits route to it).
pub(crate) fn is_snowflake_schema(root: &Value, schema: &Value) -> bool {
    deref(root, schema)
        .ok()
        .and_then(|s| s.get("format"))
        .and_then(Value::as_str)
        == Some("snowflake")
}

impl OperationDef {
    /// Compiles one operation of a path item.
    ///
    /// # Errors
    ///
    /// Returns an error when a schema of the operation cannot be compiled.
    pub(crate) fn compile<'a>(
        compiler: &mut Compiler<'a>,
        method: &str,
        route: usize,
        shared: &[&'a Value],
        operation: &'a Value,
        pointer: &str,
    ) -> Result<Self, SpecError> {
        let root = compiler.root();
        let operation_id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .ok_or_else(|| SpecError::invalid(pointer, "operation without operationId"))?;
        let own = parameters(root, operation)?;
        let mut query = Vec::new();
        // Operation-level parameters override path-level ones of the same name and location.
        let overridden = |p: &Value| {
            own.iter()
                .any(|o| o.get("name") == p.get("name") && o.get("in") == p.get("in"))
        };
        let all = own
            .iter()
            .copied()
            .chain(shared.iter().copied().filter(|p| !overridden(p)));
        for (i, param) in all.enumerate() {
            if param.get("in").and_then(Value::as_str) != Some("query") {
                continue;
            }
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let schema_value = param.get("schema").unwrap_or(&Value::Null);
            let schema = compiler.compile(schema_value, &format!("{pointer}/parameters/{i}"))?;
            let array_only = deref(root, schema_value)?
                .get("type")
                .and_then(Value::as_str)
                == Some("array");
            query.push(QueryParam {
                name: name.into(),
                schema,
                required: param.get("required") == Some(&Value::Bool(true)),
                array_only,
            });
        }
        let body = match operation.get("requestBody") {
            None => None,
            Some(body) => {
                let body = deref(root, body)?;
                match body.pointer("/content/application~1json/schema") {
                    // Multipart-only uploads (stickers, attachments) have nothing to check as JSON.
                    None => None,
                    Some(schema) => Some(Body {
                        schema: compiler.compile(schema, &format!("{pointer}/requestBody"))?,
                        required: body.get("required") == Some(&Value::Bool(true)),
                    }),
                }
            }
        };
        let mut responses = Vec::new();
        if let Some(Value::Object(list)) = operation.get("responses") {
            for (status, response) in list {
                let response = deref(root, response)?;
                let schema = match response.pointer("/content/application~1json/schema") {
                    Some(schema) => {
                        Some(compiler.compile(schema, &format!("{pointer}/responses/{status}"))?)
                    }
                    None => None,
                };
                responses.push(ResponseDef {
                    status: status.as_str().into(),
                    schema,
                });
            }
        }
        Ok(Self {
            method: method.to_ascii_uppercase().into(),
            operation_id: operation_id.into(),
            route,
            query,
            body,
            responses,
        })
    }

    fn response(&self, status: u16) -> Option<&ResponseDef> {
        let exact = status.to_string();
        let pattern = format!("{}XX", status / 100);
        [exact.as_str(), pattern.as_str(), "default"]
            .into_iter()
            .find_map(|key| self.responses.iter().find(|r| &*r.status == key))
    }
}

/// A spec operation matched to a request: what to validate it against, and the path parameters.
#[derive(Debug, Clone)]
pub struct Operation<'s> {
    pub(crate) spec: &'s Spec,
    pub(crate) def: &'s OperationDef,
    pub(crate) params: Vec<(&'s str, String)>,
}

impl<'s> Operation<'s> {
    /// The spec's `operationId`, e.g. `create_message`.
    #[must_use]
    pub fn operation_id(&self) -> &'s str {
        &self.def.operation_id
    }

    /// The HTTP method in upper case, e.g. `POST`.
    #[must_use]
    pub fn method(&self) -> &'s str {
        &self.def.method
    }

    /// The path template, e.g. `/channels/{channel_id}/messages`.
    #[must_use]
    pub fn template(&self) -> &'s str {
        self.spec.router.template(self.def.route).text()
    }

    /// The path parameters in template order, percent-decoded.
    #[must_use]
    pub fn path_params(&self) -> &[(&'s str, String)] {
        &self.params
    }

    /// One path parameter by name.
    #[must_use]
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Validates a request's query string and JSON body as Discord would.
    ///
    /// Unknown query parameters are ignored, as Discord does. A missing body is read as `{}`
    /// when the spec requires one (Discord then reports the missing fields) and skipped when
    /// it does not; a body sent to an operation without a JSON body is ignored.
    ///
    /// # Errors
    ///
    /// Returns every violation found, ready to be sent as Discord's 50035 body.
    pub fn validate_request(
        &self,
        query: &[(String, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<(), FormErrors> {
        let schemas = &self.spec.schemas;
        let mut errors = FormErrors::default();
        for param in &self.def.query {
            let values: Vec<&str> = query
                .iter()
                .filter(|(key, _)| *key == *param.name)
                .map(|(_, value)| value.as_str())
                .collect();
            let path = vec![PathSegment::Key(param.name.to_string())];
            let value = match values.as_slice() {
                [] if param.required => {
                    errors.report(
                        &path,
                        codes::BASE_TYPE_REQUIRED,
                        "This field is required".to_owned(),
                        false,
                    );
                    continue;
                }
                [] => continue,
                [single] if !param.array_only => Value::String((*single).to_owned()),
                many => Value::Array(
                    many.iter()
                        .map(|v| Value::String((*v).to_owned()))
                        .collect(),
                ),
            };
            Validator::new(schemas, Mode::Query, path).validate(param.schema, &value, &mut errors);
        }
        if let Some(spec_body) = &self.def.body {
            let empty = Value::Object(Map::new());
            let value = match body {
                Some(value) => Some(value),
                None if spec_body.required => Some(&empty),
                None => None,
            };
            if let Some(value) = value {
                Validator::new(schemas, Mode::Body, Vec::new()).validate(
                    spec_body.schema,
                    value,
                    &mut errors,
                );
            }
        }
        errors.into_result()
    }

    /// Validates a response body against the schema the spec gives for `status`.
    ///
    /// `status` is looked up as written (`200`), then as its class (`2XX`), then `default`.
    /// Pass `Value::Null` for an empty body (204). Types are checked exactly, with none of the
    /// leniencies requests get: the simulator must answer what Discord answers.
    ///
    /// # Errors
    ///
    /// Returns one line per mismatch, each starting with its JSON path.
    pub fn validate_response(
        &self,
        status: u16,
        body: &serde_json::Value,
    ) -> Result<(), Vec<String>> {
        let id = self.operation_id();
        let Some(response) = self.def.response(status) else {
            return Err(vec![format!(
                "(root): status {status} is not documented for {id}"
            )]);
        };
        let Some(schema) = response.schema else {
            return if body.is_null() {
                Ok(())
            } else {
                Err(vec![format!(
                    "(root): status {status} of {id} has no body in the spec"
                )])
            };
        };
        let mut errors = FormErrors::default();
        Validator::new(&self.spec.schemas, Mode::Response, Vec::new()).validate(
            schema,
            body,
            &mut errors,
        );
        errors.into_result().map_err(|errors| errors.to_lines())
    }
}
