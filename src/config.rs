//! Runtime configuration: `/config.json` from the app's own origin, so one build serves any
//! backend. `supabaseUrl: null` (session-server) means "this origin".

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub struct RuntimeConfig {
    pub supabase_url: String,
    pub supabase_anon_key: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawConfig {
    supabase_url: Option<String>,
    supabase_anon_key: String,
}

/// Resolves the raw file against the page origin (pure, so it is testable natively).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn resolve(raw: RawConfig, origin: &str) -> RuntimeConfig {
    let url = raw.supabase_url.filter(|u| !u.trim().is_empty()).unwrap_or_else(|| origin.to_string());
    RuntimeConfig { supabase_url: url.trim_end_matches('/').to_string(), supabase_anon_key: raw.supabase_anon_key }
}

#[cfg(target_arch = "wasm32")]
pub async fn load() -> Result<RuntimeConfig, String> {
    let origin = web_sys::window().ok_or("no window")?.location().origin().map_err(|_| "no origin")?;
    let resp = gloo_net::http::Request::get("/config.json")
        .send()
        .await
        .map_err(|_| "could not fetch /config.json".to_string())?;
    if !resp.ok() {
        return Err(format!("/config.json answered {}", resp.status()));
    }
    let text = resp.text().await.map_err(|_| "unreadable /config.json".to_string())?;
    let raw: RawConfig = serde_json::from_str(&text).map_err(|e| format!("invalid /config.json: {e}"))?;
    Ok(resolve(raw, &origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_url_means_same_origin() {
        let raw: RawConfig = serde_json::from_str(r#"{"supabaseUrl": null, "supabaseAnonKey": "k"}"#).unwrap();
        let cfg = resolve(raw, "http://127.0.0.1:54321");
        assert_eq!(cfg.supabase_url, "http://127.0.0.1:54321");
        assert_eq!(cfg.supabase_anon_key, "k");
    }

    #[test]
    fn explicit_url_wins() {
        let raw: RawConfig =
            serde_json::from_str(r#"{"supabaseUrl": "https://x.supabase.co/", "supabaseAnonKey": "k"}"#).unwrap();
        assert_eq!(resolve(raw, "http://a").supabase_url, "https://x.supabase.co");
    }
}
