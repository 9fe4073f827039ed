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

#[tokio::test]
async fn a_file_built_with_compressed_copies_goes_out_compressed_to_who_accepts_it() {
    let wasm = "wasm bytes ".repeat(100);
    let url = serve(&[
        ("index.html", "<!doctype html><title>app</title>"),
        ("app-0123456789abcdef_bg.wasm", &wasm),
        ("app-0123456789abcdef_bg.wasm.br", "brotli copy"),
        ("app-0123456789abcdef_bg.wasm.gz", "gzip copy"),
        ("locales/es.ftl", "home-create = Crear"),
    ])
    .await;
    let client = reqwest::Client::new();
    let fetch = |path: &'static str, accept: &'static str| {
        let request = client.get(format!("{url}{path}")).header("accept-encoding", accept);
        async move {
            let res = request.send().await.unwrap();
            let header =
                |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            let (encoding, ct, cc) = (header("content-encoding"), header("content-type"), header("cache-control"));
            (encoding, ct, cc, res.text().await.unwrap())
        }
    };
    let wasm_path = "/app-0123456789abcdef_bg.wasm";
    let (encoding, ct, cc, body) = fetch(wasm_path, "gzip, deflate, br, zstd").await;
    assert_eq!((encoding.as_str(), body.as_str()), ("br", "brotli copy"));
    assert_eq!(ct, "application/wasm");
    assert_eq!(cc, "public, max-age=31536000, immutable", "the copy keeps the file's cache rule");
    let (encoding, _, _, body) = fetch(wasm_path, "gzip").await;
    assert_eq!((encoding.as_str(), body.as_str()), ("gzip", "gzip copy"));
    let (encoding, _, _, body) = fetch(wasm_path, "identity").await;
    assert_eq!((encoding.as_str(), body), ("", wasm));
    // A file without copies goes out as it is, whatever the browser accepts.
    let (encoding, _, cc, body) = fetch("/locales/es.ftl", "br").await;
    assert_eq!((encoding.as_str(), body.as_str()), ("", "home-create = Crear"));
    assert_eq!(cc, "no-cache");
    // The page itself never has copies (its policy is read from it).
    let (encoding, ct, _, _) = fetch("/s/ABC123", "br").await;
    assert_eq!(encoding, "");
    assert!(ct.starts_with("text/html"));
}
