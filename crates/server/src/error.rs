//! The one error type of the server. Each error knows which protocol's shape it answers in:
//! PostgREST's `{code, details, hint, message}`, GoTrue's `{code, message}` (API version
//! 2024-01-01), or the Functions gateway's `{error}`; clients parse those bodies as they would
//! from Supabase.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use session_sync::domain::SessionError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Postgrest,
    Gotrue,
    Functions,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub details: Option<String>,
    pub hint: Option<String>,
    pub shape: Shape,
    /// When set, the answer carries `Retry-After` (whole seconds, rounded up).
    pub retry_after_ms: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn postgrest(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.to_owned(),
            message: message.into(),
            details: None,
            hint: None,
            shape: Shape::Postgrest,
            retry_after_ms: None,
        }
    }

    pub fn gotrue(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError { shape: Shape::Gotrue, ..ApiError::postgrest(status, code, message) }
    }

    pub fn functions(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError { shape: Shape::Functions, ..ApiError::postgrest(status, code, message) }
    }

    pub fn with_details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// PostgreSQL's `insufficient_privilege`, as RLS and the RPCs raise it.
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::postgrest(StatusCode::FORBIDDEN, "42501", message)
    }

    /// PostgREST's answer to a missing or unusable JWT.
    pub fn jwt(message: impl Into<String>) -> Self {
        ApiError::postgrest(StatusCode::UNAUTHORIZED, "PGRST301", message)
    }

    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        ApiError::postgrest(StatusCode::BAD_REQUEST, code, message)
    }

    /// Too many requests: 429 with the wait in `Retry-After`, and in `details` as
    /// `retry_after_ms=N` because supabase-js hands the app the body but not the headers.
    pub fn rate_limited(code: &str, message: impl Into<String>, retry_after_ms: u64) -> Self {
        ApiError {
            retry_after_ms: Some(retry_after_ms),
            ..ApiError::postgrest(StatusCode::TOO_MANY_REQUESTS, code, message)
        }
        .with_details(format!("retry_after_ms={retry_after_ms}"))
    }

    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::postgrest(StatusCode::INTERNAL_SERVER_ERROR, "XX000", message)
    }
}

/// A session rule broken inside an RPC: `raise exception '<code>'`, which PostgREST answers
/// with 400 and SQLSTATE P0001, the stable code in `message`.
impl From<SessionError> for ApiError {
    fn from(err: SessionError) -> Self {
        ApiError::bad_request("P0001", err.code())
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        tracing::error!(error = %err, "database error");
        ApiError::internal("database error")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = match self.shape {
            Shape::Postgrest => json!({
                "code": self.code,
                "details": self.details,
                "hint": self.hint,
                "message": self.message,
            }),
            Shape::Gotrue => json!({"code": self.code, "message": self.message}),
            Shape::Functions => json!({"error": self.message, "code": self.code}),
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(ms) = self.retry_after_ms {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, HeaderValue::from(ms.div_ceil(1000).max(1)));
        }
        if self.shape == Shape::Gotrue {
            let headers = response.headers_mut();
            headers.insert("x-supabase-api-version", HeaderValue::from_static("2024-01-01"));
            if let Ok(code) = HeaderValue::from_str(&self.code) {
                headers.insert("x-sb-error-code", code);
            }
        }
        response
    }
}
