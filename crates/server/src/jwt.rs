//! HS256 JSON Web Tokens with Supabase's claims: signing access tokens and API keys, and verifying
//! them with the error texts Supabase's services use, so clients react as they would there.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::Sha256;
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

/// Verified claims of an access token or API key. Unknown claims are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    pub role: String,
    pub exp: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, Value>,
}

impl Claims {
    /// The signed-in user, if this is a user token (`auth.uid()` in SQL).
    pub fn user_id(&self) -> Option<Uuid> {
        self.sub.as_deref().and_then(|s| Uuid::parse_str(s).ok())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("The token provided is not a valid JWT")]
    Malformed,
    #[error("Failed to validate JWT signature")]
    BadSignature,
    #[error("Fields `role` and `exp` are required in JWT")]
    MissingClaims,
    #[error("Token has expired {0} seconds ago")]
    Expired(i64),
}

impl JwtError {
    /// Realtime's error code prefix for join replies (`<Code>: <message>`).
    pub fn realtime_code(&self) -> &'static str {
        match self {
            JwtError::Malformed => "MalformedJWT",
            JwtError::BadSignature => "JwtSignatureError",
            JwtError::MissingClaims | JwtError::Expired(_) => "InvalidJWTToken",
        }
    }
}

#[derive(Clone)]
pub struct JwtKeys {
    secret: Vec<u8>,
    issuer: String,
}

impl JwtKeys {
    pub fn new(secret: &str, issuer: impl Into<String>) -> Self {
        JwtKeys { secret: secret.as_bytes().to_vec(), issuer: issuer.into() }
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.secret).expect("HMAC takes keys of any length")
    }

    /// Signs any JSON object as an HS256 JWT.
    pub fn sign(&self, claims: &Value) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialise"));
        let signing_input = format!("{header}.{payload}");
        let mut mac = self.mac();
        mac.update(signing_input.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{signing_input}.{signature}")
    }

    /// The legacy anon API key: `{"iss":"supabase","role":"anon"}` with a far expiry, as the
    /// Supabase CLI makes it. Deterministic for a given secret, so restarts keep clients working.
    pub fn anon_key(&self) -> String {
        self.sign(&json!({"iss": "supabase", "role": "anon", "iat": 1_700_000_000i64, "exp": 4_102_444_800i64}))
    }

    /// An access token for an anonymous user, with GoTrue's claims.
    pub fn access_token(&self, user_id: Uuid, session_id: Uuid, now: i64, lifetime_secs: i64) -> String {
        self.sign(&json!({
            "iss": self.issuer,
            "sub": user_id.to_string(),
            "aud": "authenticated",
            "exp": now + lifetime_secs,
            "iat": now,
            "email": "",
            "phone": "",
            "app_metadata": {},
            "user_metadata": {},
            "role": "authenticated",
            "aal": "aal1",
            "amr": [{"method": "anonymous", "timestamp": now}],
            "session_id": session_id.to_string(),
            "is_anonymous": true,
        }))
    }

    /// Verifies signature, shape and expiry at `now` (seconds since the epoch).
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, JwtError> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwtError::Malformed);
        };
        let header: Value = decode_json(header)?;
        if header.get("alg").and_then(Value::as_str) != Some("HS256") {
            return Err(JwtError::BadSignature);
        }
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| JwtError::Malformed)?;
        let mut mac = self.mac();
        mac.update(&token.as_bytes()[..header_payload_len(token)]);
        mac.verify_slice(&signature).map_err(|_| JwtError::BadSignature)?;
        let payload: Value = decode_json(payload)?;
        if payload.get("role").and_then(Value::as_str).is_none() || payload.get("exp").and_then(Value::as_i64).is_none()
        {
            return Err(JwtError::MissingClaims);
        }
        let claims: Claims = serde_json::from_value(payload).map_err(|_| JwtError::Malformed)?;
        if claims.exp <= now {
            // Saturating: a signed `exp` may be any i64, down to i64::MIN.
            return Err(JwtError::Expired(now.saturating_sub(claims.exp)));
        }
        Ok(claims)
    }
}

fn header_payload_len(token: &str) -> usize {
    token.rfind('.').unwrap_or(token.len())
}

fn decode_json(part: &str) -> Result<Value, JwtError> {
    let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|_| JwtError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| JwtError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> JwtKeys {
        JwtKeys::new("test-secret-test-secret-test-secret", "http://localhost/auth/v1")
    }

    #[test]
    fn access_token_round_trips_with_supabase_claims() {
        let user = Uuid::new_v4();
        let token = keys().access_token(user, Uuid::new_v4(), 1_000, 3600);
        let claims = keys().verify(&token, 1_001).unwrap();
        assert_eq!(claims.user_id(), Some(user));
        assert_eq!(claims.role, "authenticated");
        assert_eq!(claims.extra["aud"], "authenticated");
        assert_eq!(claims.extra["is_anonymous"], true);
    }

    #[test]
    fn expired_tokens_say_how_long_ago() {
        let token = keys().access_token(Uuid::new_v4(), Uuid::new_v4(), 1_000, 10);
        assert_eq!(keys().verify(&token, 1_012), Err(JwtError::Expired(2)));
        assert_eq!(JwtError::Expired(2).to_string(), "Token has expired 2 seconds ago");
    }

    #[test]
    fn tampering_and_garbage_are_rejected() {
        let token = keys().anon_key();
        let other = JwtKeys::new("another-secret-another-secret-xx", "x");
        assert_eq!(other.verify(&token, 0), Err(JwtError::BadSignature));
        assert_eq!(keys().verify("not-a-jwt", 0), Err(JwtError::Malformed));
        assert_eq!(keys().verify("a.b.c", 0), Err(JwtError::Malformed));
        let mut forged = token.clone();
        forged.push('A');
        assert!(keys().verify(&forged, 0).is_err());
    }

    #[test]
    fn an_exp_far_in_the_past_is_expired_not_an_overflow() {
        // `now - exp` overflowed: a panic in debug builds, a negative "expired … ago" in
        // release. Seen while writing the fuzz target `jwt`, which reaches it too.
        let token = keys().sign(&json!({"role": "anon", "exp": i64::MIN}));
        assert_eq!(keys().verify(&token, 1_000), Err(JwtError::Expired(i64::MAX)));
    }

    #[test]
    fn tokens_without_role_or_exp_are_refused() {
        let token = keys().sign(&json!({"sub": "x"}));
        assert_eq!(keys().verify(&token, 0), Err(JwtError::MissingClaims));
    }

    #[test]
    fn anon_key_is_stable_and_anon() {
        assert_eq!(keys().anon_key(), keys().anon_key());
        assert_eq!(keys().verify(&keys().anon_key(), 1_800_000_000).unwrap().role, "anon");
    }
}
