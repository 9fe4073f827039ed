//! The built app as session-server serves it (`--serve-dir`): the service worker, index.html
//! and client routes are revalidated on every use, Trunk's content-hashed files are immutable.

use session_server::config::Config;

async fn serve(files: &[(&str, &str)]) -> String {
    let dir = std::env::temp_dir().join(format!("static-app-{}", uuid::Uuid::new_v4()));
    for (name, body) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    let mut config = Config::for_tests();
    config.serve_dir = Some(dir);
    session_server::spawn(config).await.expect("server starts").url
}

async fn get(url: &str) -> (u16, String, String, String) {
    let res = reqwest::get(url).await.unwrap();
    let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let (ct, cc) = (header("content-type"), header("cache-control"));
    (res.status().as_u16(), ct, cc, res.text().await.unwrap())
}

#[tokio::test]
async fn shell_files_carry_the_cache_headers_the_service_worker_relies_on() {
    let url = serve(&[
        ("index.html", "<!doctype html><title>app</title>"),
        ("sw.js", "self.addEventListener('fetch', () => {});"),
        ("app-0123456789abcdef_bg.wasm", "wasm"),
        ("app-0123456789abcdef.js", "glue"),
        ("snippets/app-fedcba9876543210/js/bridge.js", "bridge"),
        ("vendor/supabase.js", "vendor"),
    ])
    .await;

    let (status, ct, cc, body) = get(&format!("{url}/sw.js")).await;
    assert_eq!(status, 200);
    assert_eq!(ct, "text/javascript; charset=utf-8");
    assert_eq!(cc, "no-cache");
    assert!(body.contains("addEventListener"));

    for path in ["/", "/index.html", "/s/ABC123", "/s/x-0123456789abcdef.js"] {
        let (status, ct, cc, body) = get(&format!("{url}{path}")).await;
        assert_eq!(status, 200, "{path}");
        assert!(ct.starts_with("text/html"), "{path}: {ct}");
        assert_eq!(cc, "no-cache", "{path}");
        assert!(body.contains("<title>app</title>"), "{path}");
    }

    for path in
        ["/app-0123456789abcdef_bg.wasm", "/app-0123456789abcdef.js", "/snippets/app-fedcba9876543210/js/bridge.js"]
    {
        let (status, _, cc, _) = get(&format!("{url}{path}")).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(cc, "public, max-age=31536000, immutable", "{path}");
    }

    let (_, ct, cc, _) = get(&format!("{url}/vendor/supabase.js")).await;
    assert!(ct.contains("javascript"), "{ct}");
    assert_eq!(cc, "no-cache");

    // The API keeps its own headers.
    let (status, ct, cc, _) = get(&format!("{url}/config.json")).await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("application/json"));
    assert_eq!(cc, "");
}
