//! Signing this browser in: the runtime config, supabase-js, then its anonymous user.

use super::supabase;

/// The signed-in user's id.
pub async fn sign_in() -> Result<String, String> {
    let cfg = crate::config::load().await?;
    supabase::init(&cfg.supabase_url, &cfg.supabase_anon_key).await?;
    supabase::ensure_user().await
}
