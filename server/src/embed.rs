//! The embeddable widget, served to other sites (EMBEDDING.md): the rules' WASM build, its
//! glue, the widget module and its types, under `/embed/v<version>/…` with
//! `Cache-Control: immutable` (the version is a hash of the files, so a new build gets new
//! URLs), CORS for the configured origins (`--embed-origins`), a stable loader at
//! `/embed/aii-validator.js` that re-exports the current version, and the current build's
//! `aii-form-check.js` (the classic script pages include for the element) at a stable URL too.
//! `/embed/demo` is a page that looks like a third-party site embedding the widget, served
//! under a strict CSP.
//!
//! The files come from `<static dir>/embed/` (`scripts/build-rules-wasm.sh` puts them there),
//! read once at start-up; without them every `/embed` path answers 404 saying how to build them.
//! One more file of the bundle is the server's own: `aii-catalog.json`, the rule and position
//! catalogues (the very bytes `GET /api/v1/catalog` answers, gzipped once), which the module's
//! `catalog()` fetches from beside itself only when a page asks for it, so the WASM carries no
//! catalogue.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::config::Config;

/// The files of the versioned bundle: name and content type.
const BUNDLE: &[(&str, &str)] = &[
    ("aii-validator.js", "text/javascript; charset=utf-8"),
    ("aii-form-check.js", "text/javascript; charset=utf-8"),
    ("aii_rules.js", "text/javascript; charset=utf-8"),
    ("aii_rules_bg.wasm", "application/wasm"),
    ("aii-validator.d.ts", "application/typescript; charset=utf-8"),
];

/// The catalogue file of the bundle, made by the server from the rules it was built with.
const CATALOG: &str = "aii-catalog.json";

/// What the demo page may load: its own origin only, no inline script, no eval.
pub const DEMO_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
     style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The loader and the demo change with every build: browsers revalidate them.
const REVALIDATE: &str = "no-cache";

#[derive(Debug)]
struct BundleFile {
    name: &'static str,
    content_type: &'static str,
    body: Bytes,
    /// The build's `<name>.gz`, when it wrote one.
    gzip: Option<Bytes>,
    /// The build's `<name>.br`, when it wrote one.
    brotli: Option<Bytes>,
}

#[derive(Debug)]
pub struct Embed {
    /// `v` and the first 12 hex digits of the SHA-256 of the bundle's files.
    pub version: String,
    files: Vec<BundleFile>,
    loader: Bytes,
    demo_html: Option<Bytes>,
    demo_css: Option<Bytes>,
}

impl Embed {
    /// Reads the bundle from `dir` (`<static dir>/embed`), with `catalog` (the text of
    /// `GET /api/v1/catalog`) as its catalogue file; `None` when any file is missing.
    pub fn load(dir: &Path, catalog: Bytes) -> Option<Embed> {
        let mut files = Vec::with_capacity(BUNDLE.len() + 1);
        for (name, ty) in BUNDLE {
            let bytes = std::fs::read(dir.join(name)).ok()?;
            let copy = |ext: &str| std::fs::read(dir.join(format!("{name}.{ext}"))).ok().map(Bytes::from);
            files.push(BundleFile { name, content_type: ty, body: Bytes::from(bytes), gzip: copy("gz"), brotli: copy("br") });
        }
        // The catalogue is this binary's; the WASM is the static folder's. A folder built from
        // other rules would describe rules the bundle does not run: say so at start-up.
        let ruleset = aii_rules::RULESET_VERSION.as_bytes();
        if !files.iter().any(|f| f.name == "aii_rules_bg.wasm" && f.body.windows(ruleset.len()).any(|w| w == ruleset)) {
            tracing::warn!(
                ruleset = aii_rules::RULESET_VERSION,
                "the widget's WASM in the static folder was built from other rules than this server: rebuild it (scripts/build-rules-wasm.sh)"
            );
        }
        files.push(BundleFile {
            name: CATALOG,
            content_type: "application/json",
            gzip: gzip(&catalog).map(Bytes::from),
            body: catalog,
            brotli: None,
        });
        // The version: every file of the bundle, the catalogue included, by name and length.
        let mut all = Vec::new();
        for f in &files {
            all.extend_from_slice(f.name.as_bytes());
            all.extend_from_slice(&(f.body.len() as u64).to_le_bytes());
            all.extend_from_slice(&f.body);
        }
        let version = format!("v{}", &crate::crypto::sha256_hex(&all)[..12]);
        let loader = format!(
            "// The AII rules widget: this loader always names the current build; the build's own \
             files are immutable.\nexport * from \"./{version}/aii-validator.js\";\n"
        );
        let demo_html = std::fs::read_to_string(dir.join("demo/index.html"))
            .ok()
            .map(|html| Bytes::from(html.replace("__BUNDLE__", &format!("/embed/{version}"))));
        let demo_css = std::fs::read(dir.join("demo/demo.css")).ok().map(Bytes::from);
        Some(Embed { version, files, loader: Bytes::from(loader), demo_html, demo_css })
    }
}

/// `bytes` gzipped at the best compression (once, at start-up); `None` if that failed (it
/// cannot, into memory), and the file is then sent as it is.
fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).and_then(|()| encoder.finish()).ok()
}

#[derive(Clone)]
struct EmbedState {
    embed: Option<Arc<Embed>>,
    config: Arc<Config>,
}

/// The `/embed` routes (nested by the caller).
pub fn routes(config: Arc<Config>, catalog: Bytes) -> Router {
    let embed = Embed::load(&config.static_dir.join("embed"), catalog).map(Arc::new);
    match &embed {
        Some(e) => tracing::info!(version = %e.version, "embeddable widget found"),
        None => tracing::info!("no embeddable widget in the static folder (scripts/build-rules-wasm.sh builds it)"),
    }
    let st = EmbedState { embed, config };
    Router::new()
        .route("/aii-validator.js", get(loader))
        .route("/aii-form-check.js", get(form_check))
        .route("/demo", get(demo))
        .route("/demo.css", get(demo_css))
        .route("/{version}/{file}", get(file))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(st.clone(), cors))
        .with_state(st)
}

fn answer(ty: &'static str, cache: &'static str, body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, ty), (header::CACHE_CONTROL, cache)], body).into_response()
}

async fn not_found(State(st): State<EmbedState>) -> Response {
    let text = if st.embed.is_some() {
        "not found: the widget's files are under /embed/<version>/ (see /embed/aii-validator.js)\n"
    } else {
        "not found: the embeddable widget is not built on this server (scripts/build-rules-wasm.sh)\n"
    };
    (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, "no-store")], text).into_response()
}

async fn loader(State(st): State<EmbedState>) -> Response {
    match &st.embed {
        Some(e) => answer("text/javascript; charset=utf-8", REVALIDATE, e.loader.clone()),
        None => not_found(State(st)).await,
    }
}

async fn file(State(st): State<EmbedState>, UrlPath((version, name)): UrlPath<(String, String)>, headers: HeaderMap) -> Response {
    let found = st.embed.as_ref().filter(|e| e.version == version).and_then(|e| e.files.iter().find(|f| f.name == name));
    match found {
        Some(f) => send(f, IMMUTABLE, &headers),
        None => not_found(State(st)).await,
    }
}

/// The script a page includes for `<aii-form-check>` (a classic script, which loads without
/// CORS and says so on the page when the rest cannot load): the current build's, under a stable
/// URL, revalidated; it imports the module from beside itself, i.e. through the loader.
async fn form_check(State(st): State<EmbedState>, headers: HeaderMap) -> Response {
    match st.embed.as_ref().and_then(|e| e.files.iter().find(|f| f.name == "aii-form-check.js")) {
        Some(f) => send(f, REVALIDATE, &headers),
        None => not_found(State(st)).await,
    }
}

/// A file of the bundle, as the smaller copy the browser takes: brotli (offered over HTTPS),
/// else gzip, else the file.
fn send(f: &BundleFile, cache: &'static str, headers: &HeaderMap) -> Response {
    let offered = |coding| headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).is_some_and(|v| accepts(v, coding));
    let copy = match (&f.brotli, &f.gzip) {
        (Some(br), _) if offered("br") => Some((br, "br")),
        (_, Some(gz)) if offered("gzip") => Some((gz, "gzip")),
        _ => None,
    };
    let mut res = match copy {
        Some((body, coding)) => {
            let mut res = answer(f.content_type, cache, body.clone());
            res.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            res
        }
        None => answer(f.content_type, cache, f.body.clone()),
    };
    res.headers_mut().append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    res
}

/// Whether an `Accept-Encoding` value accepts `coding`: named (or `*`) with a quality above 0
/// (RFC 9110 §12.5.3; `gzip;q=0.5` accepts, `gzip;q=0` refuses).
fn accepts(accept_encoding: &str, coding: &str) -> bool {
    let mut named = None;
    let mut any = None;
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .next()
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok().filter(|q| (0.0..=1.0).contains(q)));
        let Some(quality) = quality else { continue };
        if name.eq_ignore_ascii_case(coding) {
            named = Some(quality);
        } else if name == "*" {
            any = Some(quality);
        }
    }
    named.or(any).is_some_and(|q| q > 0.0)
}

async fn demo(State(st): State<EmbedState>) -> Response {
    match st.embed.as_ref().and_then(|e| e.demo_html.clone()) {
        Some(html) => {
            let mut res = answer("text/html; charset=utf-8", REVALIDATE, html);
            res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(DEMO_CSP));
            res
        }
        None => not_found(State(st)).await,
    }
}

async fn demo_css(State(st): State<EmbedState>) -> Response {
    match st.embed.as_ref().and_then(|e| e.demo_css.clone()) {
        Some(css) => answer("text/css; charset=utf-8", REVALIDATE, css),
        None => not_found(State(st)).await,
    }
}

/// CORS for the configured origins. The widget's requests are simple GETs (a module script, a
/// `fetch` of the WASM), so no preflight is needed; `Vary: Origin` keeps shared caches honest.
/// `Cross-Origin-Resource-Policy: cross-origin` lets sites that isolate themselves (COEP) load it.
async fn cors(State(st): State<EmbedState>, req: Request, next: Next) -> Response {
    let origin = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()).map(str::to_owned);
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("cross-origin"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Some(origin) = origin.filter(|o| st.config.embed_origin_allowed(o))
        && let Ok(value) = HeaderValue::from_str(&origin)
    {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::accepts;

    #[test]
    fn accept_encoding_is_read_with_its_qualities() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("gzip, deflate, br", "gzip"));
        assert!(accepts("GZIP", "gzip"));
        assert!(accepts("gzip;q=0.5", "gzip"));
        assert!(accepts("gzip ; q=0.001", "gzip"));
        assert!(!accepts("gzip;q=0", "gzip"));
        assert!(!accepts("gzip;q=0.000", "gzip"));
        assert!(!accepts("deflate", "gzip"));
        assert!(!accepts("", "gzip"));
        assert!(accepts("*", "br"));
        assert!(!accepts("*;q=0", "br"));
        // A coding named outright wins over `*`, either way.
        assert!(!accepts("br;q=0, *", "br"));
        assert!(accepts("*;q=0, br", "br"));
        // A quality that is not one (out of range, not a number) drops the item.
        assert!(!accepts("gzip;q=2", "gzip"));
        assert!(!accepts("gzip;q=x", "gzip"));
        assert!(!accepts("gzipped", "gzip"));
    }
}
