//! The embeddable widget as the server serves it: versioned immutable URLs, the loader, CORS
//! for the configured origins only, the demo page under a strict CSP, and clear 404s.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;

/// A static folder holding a widget build (the bytes are the test's own; the server serves
/// whatever `scripts/build-rules-wasm.sh` put there).
fn static_dir_with_widget() -> tempfile::TempDir {
    let dist = tempfile::tempdir().unwrap();
    let embed = dist.path().join("embed");
    std::fs::create_dir_all(embed.join("demo")).unwrap();
    std::fs::write(embed.join("aii-validator.js"), "import init from \"./aii_rules.js\";\nexport const AiiValidator = {};\n").unwrap();
    std::fs::write(embed.join("aii_rules.js"), "export default function init() {}\n").unwrap();
    std::fs::write(embed.join("aii-form-check.js"), "import(\"./aii-validator.js\");\n").unwrap();
    std::fs::write(embed.join("aii_rules_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(embed.join("aii_rules_bg.wasm.gz"), b"gzipped wasm").unwrap();
    std::fs::write(embed.join("aii-validator.js.gz"), b"gzipped module").unwrap();
    std::fs::write(embed.join("aii-validator.js.br"), b"brotli module").unwrap();
    std::fs::write(embed.join("aii-validator.d.ts"), "export declare const AiiValidator: unknown;\n").unwrap();
    std::fs::write(embed.join("demo/index.html"), "<script type=\"module\" src=\"__BUNDLE__/aii-validator.js\"></script>").unwrap();
    std::fs::write(embed.join("demo/demo.css"), "body { color: #222 }").unwrap();
    dist
}

fn with_origin(path: &str, origin: &str) -> Request<Body> {
    Request::get(path).header("origin", origin).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn the_widget_is_served_versioned_immutable_and_to_configured_origins() {
    let db = TestDb::sqlite();
    let dist = static_dir_with_widget();
    let mut cfg = config(&db.url);
    cfg.static_dir = dist.path().to_owned();
    cfg.embed_origins = vec!["https://www.example.org".into()];
    let (app, _store) = app_with(cfg).await;

    // The stable loader names the current version and is revalidated.
    let loader = send(&app, get("/embed/aii-validator.js")).await;
    assert_eq!(loader.status, StatusCode::OK);
    assert_eq!(loader.headers["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(loader.headers["cache-control"], "no-cache");
    let text = String::from_utf8(loader.body.to_vec()).unwrap();
    let version = text.split("./").nth(1).and_then(|s| s.split('/').next()).unwrap().to_owned();
    assert!(version.starts_with('v') && version.len() == 13, "{text}");

    // The build's own files: immutable, with their types.
    for (file, ty) in [
        ("aii-validator.js", "text/javascript; charset=utf-8"),
        ("aii-form-check.js", "text/javascript; charset=utf-8"),
        ("aii_rules.js", "text/javascript; charset=utf-8"),
        ("aii_rules_bg.wasm", "application/wasm"),
        ("aii-validator.d.ts", "application/typescript; charset=utf-8"),
    ] {
        let res = send(&app, get(&format!("/embed/{version}/{file}"))).await;
        assert_eq!(res.status, StatusCode::OK, "{file}");
        assert_eq!(res.headers["content-type"], ty);
        assert_eq!(res.headers["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(res.body, std::fs::read(dist.path().join("embed").join(file)).unwrap());
    }
    // The element's script (a classic script) also has a stable URL, revalidated like the loader.
    let script = send(&app, get("/embed/aii-form-check.js")).await;
    assert_eq!(script.status, StatusCode::OK);
    assert_eq!(script.headers["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(script.headers["cache-control"], "no-cache");
    assert_eq!(script.body, std::fs::read(dist.path().join("embed/aii-form-check.js")).unwrap());
    // The catalogue beside them, made by the server from its rules: `GET /api/v1/catalog`'s
    // text, immutable, gzipped for browsers that take it (and unchanged by the round trip).
    let file = format!("/embed/{version}/aii-catalog.json");
    let catalog = send(&app, get(&file)).await;
    assert_eq!(catalog.status, StatusCode::OK);
    assert_eq!(catalog.headers["content-type"], "application/json");
    assert_eq!(catalog.headers["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(catalog.body, send(&app, get("/api/v1/catalog")).await.body);
    let zipped = send(&app, Request::get(&file).header("accept-encoding", "gzip").body(Body::empty()).unwrap()).await;
    assert_eq!(zipped.headers["content-encoding"], "gzip");
    assert!(zipped.body.len() * 4 < catalog.body.len(), "{} of {} bytes", zipped.body.len(), catalog.body.len());
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&zipped.body[..]), &mut unzipped).unwrap();
    assert_eq!(unzipped, catalog.body);

    // Another version, or a file outside the bundle: 404, never a stale file.
    assert_eq!(send(&app, get("/embed/v000000000000/aii_rules_bg.wasm")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(send(&app, get(&format!("/embed/{version}/index.html"))).await.status, StatusCode::NOT_FOUND);
    assert_eq!(send(&app, get("/embed/aii_rules_bg.wasm")).await.status, StatusCode::NOT_FOUND);

    // A browser that accepts gzip gets the build's precompressed copy.
    let gz = send(
        &app,
        Request::get(format!("/embed/{version}/aii_rules_bg.wasm")).header("accept-encoding", "gzip, br").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!((gz.headers["content-encoding"].to_str().unwrap(), &gz.body[..]), ("gzip", &b"gzipped wasm"[..]));
    let plain =
        send(&app, Request::get(format!("/embed/{version}/aii_rules.js")).header("accept-encoding", "gzip").body(Body::empty()).unwrap())
            .await;
    assert!(!plain.headers.contains_key("content-encoding"), "no .gz for this one: sent as is");
    // With a .br too, brotli goes to browsers that offer it (over HTTPS they do), gzip to the
    // others; a coding refused with q=0 is never sent, one with a lower quality still is.
    let module = format!("/embed/{version}/aii-validator.js");
    let with_encoding = |accept: &'static str| Request::get(&module).header("accept-encoding", accept).body(Body::empty()).unwrap();
    for (accept, coding, body) in [
        ("gzip, deflate, br, zstd", Some("br"), &b"brotli module"[..]),
        ("br;q=0.2, gzip;q=0.8", Some("br"), b"brotli module"),
        ("gzip", Some("gzip"), b"gzipped module"),
        ("br;q=0, gzip", Some("gzip"), b"gzipped module"),
        ("gzip;q=0.5", Some("gzip"), b"gzipped module"),
        ("gzip;q=0, br;q=0", None, b"import init from \"./aii_rules.js\";\nexport const AiiValidator = {};\n"),
        ("identity", None, b"import init from \"./aii_rules.js\";\nexport const AiiValidator = {};\n"),
    ] {
        let res = send(&app, with_encoding(accept)).await;
        assert_eq!(res.headers.get("content-encoding").map(|v| v.to_str().unwrap()), coding, "{accept}");
        assert_eq!(&res.body[..], body, "{accept}");
        assert!(res.headers.get_all("vary").iter().any(|v| v == "Accept-Encoding"), "{accept}");
    }

    // CORS: the configured origin only.
    let wasm = format!("/embed/{version}/aii_rules_bg.wasm");
    let res = send(&app, with_origin(&wasm, "https://www.example.org")).await;
    assert_eq!(res.headers["access-control-allow-origin"], "https://www.example.org");
    let vary: Vec<_> = res.headers.get_all("vary").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    assert_eq!(vary, ["Accept-Encoding", "Origin"]);
    assert_eq!(res.headers["cross-origin-resource-policy"], "cross-origin");
    let res = send(&app, with_origin(&wasm, "https://evil.example.net")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(!res.headers.contains_key("access-control-allow-origin"));

    // The demo page: the bundle's versioned URL put in, a strict CSP.
    let demo = send(&app, get("/embed/demo")).await;
    assert_eq!(demo.status, StatusCode::OK);
    let csp = demo.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"), "{csp}");
    let html = String::from_utf8(demo.body.to_vec()).unwrap();
    assert!(html.contains(&format!("/embed/{version}/aii-validator.js")) && !html.contains("__BUNDLE__"), "{html}");
    assert_eq!(&send(&app, get("/embed/demo.css")).await.body[..], b"body { color: #222 }");

    // A new build gets a new version.
    std::fs::write(dist.path().join("embed/aii_rules_bg.wasm"), b"\0asm\x01\0\0\0\0").unwrap();
    let mut cfg = config(&db.url);
    cfg.static_dir = dist.path().to_owned();
    let (app2, _store) = app_with(cfg).await;
    let text2 = String::from_utf8(send(&app2, get("/embed/aii-validator.js")).await.body.to_vec()).unwrap();
    assert!(!text2.contains(&version));
    assert_eq!(send(&app2, get(&wasm)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_a_widget_build_embed_paths_say_how_to_build_it() {
    let db = TestDb::sqlite();
    let dist = tempfile::tempdir().unwrap();
    let mut cfg = config(&db.url);
    cfg.static_dir = dist.path().to_owned();
    let (app, _store) = app_with(cfg).await;
    for path in ["/embed/aii-validator.js", "/embed/aii-form-check.js", "/embed/demo", "/embed/v123/aii_rules_bg.wasm"] {
        let res = send(&app, get(path)).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert!(String::from_utf8(res.body.to_vec()).unwrap().contains("build-rules-wasm.sh"), "{path}");
    }
}

#[tokio::test]
async fn the_app_files_are_sent_precompressed_to_browsers_that_accept_brotli_or_gzip() {
    let db = TestDb::sqlite();
    let dist = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dist.path().join("pkg")).unwrap();
    std::fs::write(dist.path().join("index.html"), "<p>app</p>").unwrap();
    std::fs::write(dist.path().join("pkg/app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.path().join("pkg/app_bg.wasm.gz"), b"gzipped").unwrap();
    std::fs::write(dist.path().join("pkg/app_bg.wasm.br"), b"brotli").unwrap();
    let mut cfg = config(&db.url);
    cfg.static_dir = dist.path().to_owned();
    let (app, _store) = app_with(cfg).await;
    let gz = send(&app, Request::get("/pkg/app_bg.wasm").header("accept-encoding", "gzip").body(Body::empty()).unwrap()).await;
    assert_eq!(gz.status, StatusCode::OK);
    assert_eq!(gz.headers["content-encoding"], "gzip");
    assert_eq!(gz.headers["content-type"], "application/wasm");
    assert_eq!(&gz.body[..], b"gzipped");
    let br = send(&app, Request::get("/pkg/app_bg.wasm").header("accept-encoding", "gzip, deflate, br, zstd").body(Body::empty()).unwrap())
        .await;
    assert_eq!((br.headers["content-encoding"].to_str().unwrap(), &br.body[..]), ("br", &b"brotli"[..]));
    let plain = send(&app, get("/pkg/app_bg.wasm")).await;
    assert!(!plain.headers.contains_key("content-encoding"));
    assert_eq!(&plain.body[..], b"\0asm\x01\0\0\0");
}
