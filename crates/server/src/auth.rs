//! GoTrue subset: anonymous sign-up, the refresh-token grant, the current user, and logout; and
//! `Caller`, the identity every REST, RPC and Functions request runs as.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::jwt::{Claims, JwtError};
use crate::store::rate_limit;
use crate::store::users::{self, Grant, LogoutScope, RefreshError};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/signup", post(signup))
        .route("/token", post(token))
        .route("/user", get(user))
        .route("/logout", post(logout))
}

/// GoTrue's AccessTokenResponse for a grant made at `now` (seconds).
fn token_response(state: &AppState, grant: &Grant, now: i64) -> Value {
    let lifetime = state.config.jwt_exp_secs;
    json!({
        "access_token": state.keys.access_token(grant.user.id, grant.session_id, now, lifetime),
        "token_type": "bearer",
        "expires_in": lifetime,
        "expires_at": now + lifetime,
        "refresh_token": grant.refresh_token,
        "user": grant.user.to_json(),
    })
}

fn bad_json() -> ApiError {
    ApiError::gotrue(StatusCode::BAD_REQUEST, "bad_json", "Could not parse request body as JSON")
}

/// A present `apikey` must be one of ours; requests may also come without one (tools, tests).
fn check_apikey(state: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    match headers.get("apikey").map(|v| v.to_str().unwrap_or_default()) {
        Some(key) if state.keys.verify(key, clock::now().timestamp()).is_err() => {
            Err(ApiError::gotrue(StatusCode::UNAUTHORIZED, "invalid_api_key", "Invalid API key"))
        }
        _ => Ok(()),
    }
}

/// The client's address as the socket saw it, as limits key it ("unknown" when served without
/// connect info, as in `tower::ServiceExt::oneshot` tests). Forwarded-for headers are not
/// trusted: anyone can set them.
pub struct ClientIp(pub String);

/// An address as limits key it: IPv4 as is, IPv6 by its /64, the block one host or home
/// usually gets whole (keying single IPv6 addresses would give a guesser 2^64 keys).
fn limit_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", Ipv6Addr::from(prefix))
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| limit_key(addr.ip()));
        Ok(ClientIp(ip.unwrap_or_else(|| "unknown".into())))
    }
}

#[derive(Deserialize)]
struct SignupBody {
    #[serde(default)]
    data: Option<Value>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
}

/// `signInAnonymously()`: a new anonymous user with `data` as `user_metadata`. Rate-limited
/// per client address; email and phone sign-ups do not exist here.
async fn signup(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    check_apikey(&state, &headers)?;
    let body: SignupBody = if body.is_empty() {
        SignupBody { data: None, email: None, phone: None }
    } else {
        serde_json::from_slice(&body).map_err(|_| bad_json())?
    };
    if body.email.is_some_and(|e| !e.is_empty()) || body.phone.is_some_and(|p| !p.is_empty()) {
        return Err(ApiError::gotrue(
            StatusCode::UNPROCESSABLE_ENTITY,
            "email_provider_disabled",
            "Only anonymous sign-ins are supported by this server",
        ));
    }
    let metadata = match body.data {
        None | Some(Value::Null) => json!({}),
        Some(data @ Value::Object(_)) => data,
        Some(_) => {
            return Err(ApiError::gotrue(StatusCode::BAD_REQUEST, "validation_failed", "data must be an object"))
        }
    };
    // Every read of the user returns it, so its size is bounded once, here.
    let limit = state.config.signup_metadata_bytes;
    if metadata.to_string().len() > limit {
        return Err(ApiError::gotrue(
            StatusCode::BAD_REQUEST,
            "validation_failed",
            format!("data (user_metadata) must be at most {limit} bytes of JSON"),
        ));
    }
    let now = clock::now();
    let grant = state.db.with(|conn| -> ApiResult<Option<Grant>> {
        let tx = conn.transaction()?;
        let secs = now.timestamp_micros() as f64 / 1e6;
        if !rate_limit::take(&tx, &format!("signup:{ip}"), state.config.signup_bucket(), secs)? {
            tx.commit()?;
            return Ok(None);
        }
        let grant = users::sign_up_anonymously(&tx, metadata, now)?;
        tx.commit()?;
        Ok(Some(grant))
    })?;
    let grant = grant.ok_or_else(|| {
        ApiError::gotrue(
            StatusCode::TOO_MANY_REQUESTS,
            "over_request_rate_limit",
            "Request rate limit reached: too many sign-ups from this address, try again later",
        )
    })?;
    Ok(Json(token_response(&state, &grant, now.timestamp())))
}

#[derive(Deserialize)]
struct TokenParams {
    grant_type: Option<String>,
}

/// `POST /token?grant_type=refresh_token`: rotates the refresh token. Each token works once;
/// see [`users::refresh`] for a token presented again.
async fn token(
    State(state): State<AppState>,
    Query(params): Query<TokenParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    check_apikey(&state, &headers)?;
    match params.grant_type.as_deref() {
        Some("refresh_token") => {}
        other => {
            return Err(ApiError::gotrue(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                format!("Unsupported grant_type {:?}: this server supports refresh_token only", other.unwrap_or("")),
            ))
        }
    }
    let body: Value = serde_json::from_slice(&body).map_err(|_| bad_json())?;
    let refresh_token = body
        .get("refresh_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::gotrue(StatusCode::BAD_REQUEST, "validation_failed", "refresh_token is required"))?
        .to_owned();
    let now = clock::now();
    let grant = state.db.with(|conn| -> ApiResult<Result<Grant, RefreshError>> {
        let tx = conn.transaction()?;
        let reuse_interval_ms =
            i64::try_from(state.config.refresh_reuse_interval_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
        // Committed whatever the answer: a reuse revokes the token family for good.
        let result = users::refresh(&tx, &refresh_token, now, reuse_interval_ms)?;
        tx.commit()?;
        Ok(result)
    })?;
    match grant {
        Ok(grant) => Ok(Json(token_response(&state, &grant, now.timestamp()))),
        Err(RefreshError::NotFound) => Err(ApiError::gotrue(
            StatusCode::BAD_REQUEST,
            "refresh_token_not_found",
            "Invalid Refresh Token: Refresh Token Not Found",
        )),
        Err(RefreshError::AlreadyUsed) => Err(ApiError::gotrue(
            StatusCode::BAD_REQUEST,
            "refresh_token_already_used",
            "Invalid Refresh Token: Already Used",
        )),
    }
}

/// The user and auth session of a GoTrue request's `Authorization: Bearer` access token.
fn bearer_user(state: &AppState, headers: &HeaderMap) -> ApiResult<(Uuid, Option<Uuid>)> {
    let token =
        headers.get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(bearer).ok_or_else(
            || {
                ApiError::gotrue(
                    StatusCode::UNAUTHORIZED,
                    "no_authorization",
                    "This endpoint requires a valid Bearer token",
                )
            },
        )?;
    let bad_jwt = |why: String| {
        ApiError::gotrue(
            StatusCode::FORBIDDEN,
            "bad_jwt",
            format!("invalid JWT: unable to parse or verify signature, {why}"),
        )
    };
    let claims = state.keys.verify(token, clock::now().timestamp()).map_err(|e| bad_jwt(e.to_string()))?;
    let user_id = claims.user_id().ok_or_else(|| bad_jwt("token has no user (sub) claim".into()))?;
    let session_id = claims.session_id.as_deref().and_then(|s| Uuid::parse_str(s).ok());
    Ok((user_id, session_id))
}

fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim()).filter(|t| !t.is_empty())
}

/// `GET /user`: the signed-in user, while their auth session is not signed out.
async fn user(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    let (user_id, session_id) = bearer_user(&state, &headers)?;
    let found = state.db.with(|conn| -> rusqlite::Result<_> {
        let active = match session_id {
            Some(session_id) => users::session_is_active(conn, user_id, session_id)?,
            None => true,
        };
        Ok(if active { users::user_by_id(conn, user_id)? } else { None }.map(|u| (u, active)))
    })?;
    match found {
        Some((user, _)) => Ok(Json(user.to_json())),
        None => Err(ApiError::gotrue(
            StatusCode::FORBIDDEN,
            "session_not_found",
            "Session from session_id claim in JWT does not exist",
        )),
    }
}

#[derive(Deserialize)]
struct LogoutParams {
    scope: Option<String>,
}

/// `POST /logout[?scope=global|local|others]`: signs sessions out; their refresh tokens stop
/// working at once, access tokens at their expiry (they are not looked up per request).
async fn logout(
    State(state): State<AppState>,
    Query(params): Query<LogoutParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (user_id, session_id) = bearer_user(&state, &headers)?;
    let scope = match params.scope.as_deref() {
        None | Some("global") => LogoutScope::Global,
        Some("local") => LogoutScope::Local,
        Some("others") => LogoutScope::Others,
        Some(other) => {
            return Err(ApiError::gotrue(
                StatusCode::BAD_REQUEST,
                "validation_failed",
                format!("Unsupported logout scope {other:?}: use global, local or others"),
            ))
        }
    };
    let now = clock::now();
    state.db.with(|conn| users::logout(conn, user_id, session_id, scope, now))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Who a REST/RPC/Functions request runs as: the verified claims of its bearer token, or of
/// its `apikey` when signed out (the anon key), or plain `anon` when it carries neither.
#[derive(Debug, Clone)]
pub struct Caller {
    pub claims: Option<Claims>,
}

impl Caller {
    /// `auth.uid()`: the user of an `authenticated` token.
    pub fn user_id(&self) -> Option<Uuid> {
        self.claims.as_ref().filter(|c| c.role == "authenticated").and_then(Claims::user_id)
    }

    /// The user, or PostgREST's privilege error: 401 for the anonymous role (no user), 403 for
    /// a token that has a role but no user.
    pub fn require_user(&self, what: &str) -> ApiResult<Uuid> {
        self.user_id().ok_or_else(|| {
            let status = if self.is_anon() { StatusCode::UNAUTHORIZED } else { StatusCode::FORBIDDEN };
            ApiError::postgrest(status, "42501", what.to_owned())
        })
    }

    pub fn is_anon(&self) -> bool {
        self.claims.as_ref().is_none_or(|c| c.role == "anon")
    }
}

/// Maps a token problem to PostgREST's JWT errors.
fn postgrest_jwt_error(err: JwtError) -> ApiError {
    match err {
        JwtError::Expired(_) => ApiError::postgrest(StatusCode::UNAUTHORIZED, "PGRST303", "JWT expired"),
        other => ApiError::jwt(other.to_string()),
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let now = clock::now().timestamp();
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let apikey = match header("apikey").filter(|k| !k.is_empty()) {
            Some(key) => Some(state.keys.verify(key, now).map_err(|e| match e {
                JwtError::Expired(_) => postgrest_jwt_error(e),
                other => ApiError::jwt(format!("Invalid API key: {other}")),
            })?),
            None => None,
        };
        let claims = match header("authorization") {
            Some(value) => {
                let token =
                    bearer(value).ok_or_else(|| ApiError::jwt("Authorization header must be: Bearer <token>"))?;
                Some(state.keys.verify(token, now).map_err(postgrest_jwt_error)?)
            }
            None => apikey,
        };
        Ok(Caller { claims })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_key_ipv4_as_is_and_ipv6_by_its_64() {
        let key = |s: &str| limit_key(s.parse().unwrap());
        assert_eq!(key("203.0.113.9"), "203.0.113.9");
        assert_eq!(key("::ffff:203.0.113.9"), "203.0.113.9", "an IPv4-mapped address is IPv4");
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff:ffff:ffff:ffff"), key("2001:db8:1:2::7"), "one /64, one key");
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
    }
}
