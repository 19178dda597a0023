//! What `/` serves: the applicant app's built files when they exist, else a small page that
//! names the API.

use std::path::Path;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use tower_http::services::{ServeDir, ServeFile};

/// Files of `dir` at `/` (their precompressed `.br` or `.gz` when the client accepts brotli or
/// gzip),
/// `index.html` for any path that is not a file (client-side routes);
/// or the landing page when `dir` has no `index.html` (no app built there).
pub fn routes<S: Clone + Send + Sync + 'static>(dir: &Path) -> Router<S> {
    let index = dir.join("index.html");
    if index.is_file() {
        // `scripts/build-app.sh` writes a `.br` and a `.gz` beside each file: a browser gets the
        // one it accepts, brotli first (the app's WASM is a third of its size compressed), others
        // the file.
        let index = ServeFile::new(index).precompressed_br().precompressed_gzip();
        Router::new().fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip().fallback(index))
    } else {
        Router::new()
            .route("/", get(landing))
            .route("/landing.css", get(landing_css))
            .fallback(|| async { (StatusCode::NOT_FOUND, "not found") })
    }
}

async fn landing() -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-cache")], Html(LANDING))
}

/// The landing page's style: a file of its own, as the Content-Security-Policy of every page
/// allows no inline style.
async fn landing_css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], LANDING_CSS)
}

const LANDING_CSS: &str = r#"body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; color: #1b1b1b; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; }
code { background: #f3f3f3; padding: 0 .25rem; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
.en { color: #555; }
"#;

const LANDING: &str = r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>工业互联网产业联盟实训基地 · 申报服务接口 / AII Training Bases API</title>
<link rel="stylesheet" href="/landing.css">
</head>
<body>
<h1>工业互联网产业联盟实训基地申报服务<br><span class="en" lang="en">AII Training Base forms service</span></h1>
<p>服务器运行正常。申报页面尚未部署到本服务器；以下接口可直接使用，所有提交均按《工业互联网产业联盟实训基地管理办法（试行）》重新校验。</p>
<p class="en" lang="en">The server is running. The applicant app is not deployed here yet; the API below is available, and every submission is checked again against the Measures.</p>
<h2>接口 / Endpoints</h2>
<table>
<tr><th>方法与路径 / Method &amp; path</th><th>用途 / Purpose</th></tr>
<tr><td><code>GET /api/v1/catalog</code></td><td>岗位方向目录与规则目录<br><span class="en" lang="en">Position catalog and rule catalogue</span></td></tr>
<tr><td><code>POST /api/v1/forms/{kind}/validate</code></td><td>校验表单，不保存<br><span class="en" lang="en">Check a form; nothing is stored</span></td></tr>
<tr><td><code>POST /api/v1/forms/{kind}/submissions</code></td><td>提交表单（支持 <code>Idempotency-Key</code>），成功返回回执<br><span class="en" lang="en">Submit a form (supports <code>Idempotency-Key</code>); returns a receipt</span></td></tr>
<tr><td><code>GET /api/v1/submissions/{id}</code></td><td>凭回执（<code>X-Receipt</code> 或 <code>?receipt=</code>）查看状态与记录<br><span class="en" lang="en">Status and history, with the receipt (<code>X-Receipt</code> or <code>?receipt=</code>)</span></td></tr>
<tr><td><code>GET /api/v1/healthz</code></td><td>运行与数据库状态<br><span class="en" lang="en">Liveness and database reachability</span></td></tr>
<tr><td><code>GET /api/v1/openapi.json</code></td><td>OpenAPI 文档<br><span class="en" lang="en">The OpenAPI document</span></td></tr>
</table>
<p><code>{kind}</code>：<code>application</code>（实训基地申请书）、<code>director-appointment</code>（主任/副主任任命）、<code>direction-change</code>（实训方向变更）。</p>
<p class="en" lang="en">Messages are in Chinese by default; add <code>?locale=en</code> or send <code>Accept-Language: en</code> for English.</p>
</body>
</html>
"#;
