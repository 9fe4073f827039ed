use clap::Parser;
use session_server::config::Config;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "session_server=info,tower_http=warn".into()),
        )
        .init();

    let config = Config::parse();
    // The HTTP connection cap is derived from this limit (see `serve::HttpLimits`).
    match session_server::serve::raise_open_file_limit() {
        Ok(limit) => tracing::info!(limit, "open-file limit"),
        Err(err) => tracing::warn!(error = %err, "could not raise the open-file limit"),
    }
    let running = match session_server::spawn(config.clone()).await {
        Ok(running) => running,
        Err(err) => {
            eprintln!("session-server: {err}");
            std::process::exit(1);
        }
    };
    println!("session-server listening on {}", running.url);
    println!("  database: {}", config.db);
    if let Some(dir) = &config.serve_dir {
        println!("  serving the app from {}", dir.display());
    }
    println!("  JWT secret: {}", running.jwt_secret_source);
    if running.jwt_secret_source.is_public() {
        tracing::warn!("signing with the published development JWT secret: anyone can forge tokens");
    }
    println!("  anon key: {}", running.anon_key);
    if config.serve_dir.is_some() {
        println!("\nOpen {}/ in two browsers to start a session.", running.url);
    }

    tokio::select! {
        result = running.task => {
            if let Ok(Err(err)) = result {
                eprintln!("session-server: {err}");
                std::process::exit(1);
            }
        }
        _ = shutdown_signal() => println!("session-server: shutting down"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("install SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await.ok();
}
