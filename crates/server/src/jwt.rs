//! HS256 JSON Web Tokens with Supabase's claims: signing access tokens and API keys, and verifying
//! them with the error texts Supabase's services use, so clients react as they would there.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use uuid::Uuid;

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
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
}

impl JwtKeys {
    pub fn new(secret: &str, issuer: impl Into<String>) -> Self {
        JwtKeys {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            issuer: issuer.into(),
        }
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Signs any JSON object as an HS256 JWT.
    pub fn sign(&self, claims: &Value) -> String {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding).expect("HS256 signs any claims")
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
    ///
    /// The library reads the header and checks the signature. The claims are read here rather
    /// than by its `decode`: expiry is judged at the caller's `now` (the realtime hub's time is
    /// an input) with no leeway and Supabase's "expired N seconds ago", and its claim parsing
    /// fails on a signed payload whose `exp` or `nbf` is not a number, where this server answers
    /// "missing claims" for the first and ignores the second.
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, JwtError> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwtError::Malformed);
        };
        let header = jsonwebtoken::decode_header(token).map_err(|_| {
            // JSON, but not a header naming an algorithm the library knows (`none`, no `alg`),
            // is a signature error; anything else cannot be read at all.
            match decode_json(header) {
                Some(_) => JwtError::BadSignature,
                None => JwtError::Malformed,
            }
        })?;
        if header.alg != Algorithm::HS256 {
            return Err(JwtError::BadSignature);
        }
        // The library compares signatures as text: one that is not base64url is malformed.
        URL_SAFE_NO_PAD.decode(signature).map_err(|_| JwtError::Malformed)?;
        let signed_part = &token[..token.len() - signature.len() - 1];
        match jsonwebtoken::crypto::verify(signature, signed_part.as_bytes(), &self.decoding, Algorithm::HS256) {
            Ok(true) => {}
            Ok(false) => return Err(JwtError::BadSignature),
            Err(_) => return Err(JwtError::Malformed),
        }
        let payload = decode_json(payload).ok_or(JwtError::Malformed)?;
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

fn decode_json(part: &str) -> Option<Value> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).ok()?).ok()
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

    /// A token over any header and payload text, signed with `keys()`'s secret.
    fn signed(header: &str, payload: &str) -> String {
        let input = format!("{}.{}", URL_SAFE_NO_PAD.encode(header), URL_SAFE_NO_PAD.encode(payload));
        let key = EncodingKey::from_secret(b"test-secret-test-secret-test-secret");
        let signature = jsonwebtoken::crypto::sign(input.as_bytes(), &key, Algorithm::HS256).unwrap();
        format!("{input}.{signature}")
    }

    #[test]
    fn each_refusal_keeps_its_supabase_answer() {
        let claims = r#"{"role":"anon","exp":4102444800}"#;
        assert_eq!(keys().verify(&signed(r#"{"alg":"HS256","typ":"JWT"}"#, claims), 0).unwrap().role, "anon");
        assert_eq!(keys().verify(&signed(r#"{"alg":"HS256"}"#, claims), 0).unwrap().role, "anon");
        // A header that names another algorithm, or none, is a signature error.
        for header in [r#"{"alg":"none"}"#, r#"{"alg":"HS512"}"#, r#"{"typ":"JWT"}"#, r#"["HS256"]"#, "null"] {
            assert_eq!(keys().verify(&signed(header, claims), 0), Err(JwtError::BadSignature), "{header}");
        }
        // What cannot be read is malformed: a header or payload that is not JSON, a signature
        // that is not base64url, too few or too many parts.
        assert_eq!(keys().verify(&signed("{", claims), 0), Err(JwtError::Malformed));
        assert_eq!(keys().verify(&signed(r#"{"alg":"HS256"}"#, "{"), 0), Err(JwtError::Malformed));
        let token = keys().anon_key();
        let (input, _) = token.rsplit_once('.').unwrap();
        assert_eq!(keys().verify(&format!("{input}.!!!"), 0), Err(JwtError::Malformed));
        assert_eq!(keys().verify(input, 0), Err(JwtError::Malformed));
        assert_eq!(keys().verify(&format!("{token}.x"), 0), Err(JwtError::Malformed));
        // A signed payload that is JSON but not an object of claims lacks the claims.
        for payload in ["[]", "null", "1", r#"{"role":1,"exp":4102444800}"#, r#"{"role":"anon","exp":[1]}"#] {
            assert_eq!(keys().verify(&signed(r#"{"alg":"HS256"}"#, payload), 0), Err(JwtError::MissingClaims));
        }
        // Registered claims this server does not use are not checked, whatever their type.
        let odd = r#"{"role":"anon","exp":4102444800,"nbf":[1],"iss":{},"aud":7}"#;
        assert_eq!(keys().verify(&signed(r#"{"alg":"HS256"}"#, odd), 0).unwrap().role, "anon");
    }

    #[test]
    fn tokens_are_checked_at_the_callers_time_without_leeway() {
        let token = keys().access_token(Uuid::new_v4(), Uuid::new_v4(), 1_000, 10);
        assert!(keys().verify(&token, 1_009).is_ok());
        assert_eq!(keys().verify(&token, 1_010), Err(JwtError::Expired(0)));
    }

    #[test]
    fn anon_key_is_stable_and_anon() {
        assert_eq!(keys().anon_key(), keys().anon_key());
        assert_eq!(keys().verify(&keys().anon_key(), 1_800_000_000).unwrap().role, "anon");
    }
}
