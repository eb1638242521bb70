//! What a REST handler receives and returns.

use axum::http::StatusCode;
use serde_json::Value;

use crate::errors::ApiError;
use crate::sim::Sim;
use crate::spec::Operation;

/// Who made a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A bot token.
    Bot { application_id: u64, user_id: u64 },
    /// An OAuth2 access token.
    Bearer {
        application_id: u64,
        user_id: u64,
        scopes: Vec<String>,
    },
    /// No credentials (webhook and interaction routes authenticate by their token).
    Anonymous,
}

impl Caller {
    /// The application behind the credentials, if any.
    #[must_use]
    pub fn application_id(&self) -> Option<u64> {
        match self {
            Self::Bot { application_id, .. } | Self::Bearer { application_id, .. } => {
                Some(*application_id)
            }
            Self::Anonymous => None,
        }
    }
}

/// A handler's answer.
#[derive(Debug)]
pub enum Reply {
    Json(StatusCode, Value),
    NoContent,
}

impl Reply {
    /// 200 with a body.
    #[must_use]
    pub fn ok(body: Value) -> Self {
        Self::Json(StatusCode::OK, body)
    }

    /// 201 with a body.
    #[must_use]
    pub fn created(body: Value) -> Self {
        Self::Json(StatusCode::CREATED, body)
    }
}

/// One request, as a handler sees it.
pub struct Req<'a> {
    pub sim: &'a Sim,
    pub op: &'a Operation<'a>,
    pub query: &'a [(String, String)],
    /// The JSON body (`Value::Null` when there was none).
    pub body: Value,
    pub caller: Caller,
    /// The files of a multipart body.
    pub files: Vec<super::body::Upload>,
}

impl<'a> Req<'a> {
    #[must_use]
    pub fn new(
        sim: &'a Sim,
        op: &'a Operation<'a>,
        query: &'a [(String, String)],
        body: Option<Value>,
        caller: Caller,
    ) -> Self {
        Self {
            sim,
            op,
            query,
            body: body.unwrap_or(Value::Null),
            caller,
            files: Vec::new(),
        }
    }

    /// A path parameter as a snowflake (the router only matches digits there).
    pub fn id(&self, name: &str) -> Result<u64, ApiError> {
        self.op
            .path_param(name)
            .and_then(|v| v.parse().ok())
            .ok_or_else(ApiError::route_not_found)
    }

    /// A path parameter as text.
    pub fn param(&self, name: &str) -> Result<&str, ApiError> {
        self.op
            .path_param(name)
            .ok_or_else(ApiError::route_not_found)
    }

    /// A query parameter.
    #[must_use]
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A query parameter as a number.
    #[must_use]
    pub fn query_u64(&self, name: &str) -> Option<u64> {
        self.query(name).and_then(|v| v.parse().ok())
    }

    /// The calling bot: `(application id, bot user id)`.
    pub fn bot(&self) -> Result<(u64, u64), ApiError> {
        match self.caller {
            Caller::Bot {
                application_id,
                user_id,
            } => Ok((application_id, user_id)),
            _ => Err(ApiError::unauthorized()),
        }
    }

    /// A body field.
    #[must_use]
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.body.get(name).filter(|v| !v.is_null())
    }

    /// The request's files, checked against Discord's limits, ready for [`World::attach`].
    ///
    /// [`World::attach`]: crate::state::World::attach
    ///
    /// # Errors
    ///
    /// 50035 for more than ten, 413 40005 for one over the upload limit.
    pub fn new_files(&mut self) -> Result<Vec<crate::state::attachments::NewFile>, ApiError> {
        let files: Vec<_> = std::mem::take(&mut self.files)
            .into_iter()
            .map(|upload| crate::state::attachments::NewFile {
                index: upload
                    .field
                    .strip_prefix("files[")
                    .and_then(|rest| rest.strip_suffix(']'))
                    .and_then(|n| n.parse().ok()),
                filename: upload.filename,
                content_type: upload.content_type,
                bytes: upload.bytes,
            })
            .collect();
        crate::state::attachments::check(&files)?;
        Ok(files)
    }

    /// Whether the body has this key at all (even `null`: "clear this field").
    #[must_use]
    pub fn has(&self, name: &str) -> bool {
        self.body.get(name).is_some()
    }
}

pub use crate::state::model::snowflake;

/// Reads a permission bitfield from a JSON string or number.
#[must_use]
pub fn bits(value: Option<&Value>) -> u64 {
    value.and_then(snowflake).unwrap_or(0)
}
