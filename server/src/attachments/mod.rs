//! Attachments (issue 25, item 3): PDF, JPEG or PNG files a submission carries.
//!
//! A file is uploaded first, alone (`POST /api/v1/uploads`, the raw bytes, `?name=`): read as
//! it arrives, counted (refused past 10 MB, mid-way), hashed, typed by its content
//! ([`inspect`]), stored whole ([`storage`]), then recorded unbound with the hash of the upload
//! token the answer carries. A submit (or resubmit) names its files in `X-Attachments`, and its
//! transaction binds them (`repo/attachments.rs`): a refused submit binds nothing, and an upload
//! no submission named is swept once expired ([`sweep`]). Their SHA-256 enter the submission's
//! content hash ([`content_hash`]) and the 201. They are served only as downloads
//! ([`file_response`]), to the applicant (receipt), the secretariat, and assigned experts.
//!
//! Refusals are reports, rule `input.attachment` with a `reason` param; the texts are the
//! server's own ([`issue`]), as the review desk's `review.*` are.

pub mod inspect;
pub mod storage;

use aii_api::attachments::{Attachment, Uploaded};
use aii_rules::{FormKind, Locale, Params, Report, ReportIssue, Severity, Value};
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::crypto;
use crate::edge::Client;
use crate::error::{ApiError, json};
use crate::extract::{Lang, Receipt, known_id};
use crate::repo::attachments::{AttachmentRow, NewUpload};
use crate::repo::{NewAudit, Repository};
use crate::session::{Admin, Expert};

/// The largest file, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// The most files of one submission.
pub const MAX_FILES: usize = 20;
/// The most bytes of one submission's files together.
pub const MAX_TOTAL_BYTES: i64 = 50 * 1024 * 1024;
/// The header of a submit or resubmit naming its files: upload tokens and, in a resubmission,
/// the ids of the attachments it keeps, comma-separated, in order.
pub const HEADER: &str = "x-attachments";

/// Why an attachment is refused (`reason` of `input.attachment`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Type,
    Size,
    Count,
    Total,
    Name,
    Script,
    Truncated,
    /// An upload token unknown, expired or used, or an id that is not the submission's.
    Token,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Type => "type",
            Reason::Size => "size",
            Reason::Count => "count",
            Reason::Total => "total",
            Reason::Name => "name",
            Reason::Script => "script",
            Reason::Truncated => "truncated",
            Reason::Token => "token",
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Reason::Size => StatusCode::PAYLOAD_TOO_LARGE,
            Reason::Truncated => StatusCode::BAD_REQUEST,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

impl From<inspect::Refusal> for Reason {
    fn from(r: inspect::Refusal) -> Self {
        match r {
            inspect::Refusal::Type => Reason::Type,
            inspect::Refusal::Name => Reason::Name,
            inspect::Refusal::Script => Reason::Script,
            inspect::Refusal::Truncated => Reason::Truncated,
        }
    }
}

/// The issue `input.attachment` with its reason, in the locale. Not a rule of a form (the
/// rules crate checks documents, not files): its texts live here.
pub fn issue(reason: Reason, index: Option<usize>, locale: Locale) -> ReportIssue {
    let en = locale == Locale::En;
    let message = match reason {
        Reason::Type => {
            if en {
                "An attachment must be a PDF, JPEG or PNG file, by its content, and its name must end in .pdf, .jpg, .jpeg or .png accordingly"
            } else {
                "附件只能是 PDF、JPEG 或 PNG 文件（按文件内容判断），文件扩展名须与内容一致（.pdf、.jpg、.jpeg、.png）"
            }
        }
        Reason::Size => {
            if en {
                "An attachment may be at most 10 MB"
            } else {
                "单个附件不能超过 10 MB"
            }
        }
        Reason::Count => {
            if en {
                "A submission may carry at most 20 attachments"
            } else {
                "每份申报最多可附 20 个文件"
            }
        }
        Reason::Total => {
            if en {
                "A submission's attachments may be at most 50 MB together"
            } else {
                "每份申报的附件合计不能超过 50 MB"
            }
        }
        Reason::Name => {
            if en {
                "The file name must be 1 to 200 characters, without path separators (/ or \\) or control characters"
            } else {
                "文件名须为1至200个字符，且不能含路径分隔符（/ 或 \\）或控制字符"
            }
        }
        Reason::Script => {
            if en {
                "A PDF attachment may not contain JavaScript"
            } else {
                "PDF 附件不能含有 JavaScript 脚本"
            }
        }
        Reason::Truncated => {
            if en {
                "The file arrived incomplete and was not kept; upload it again"
            } else {
                "文件未完整上传，未予保存，请重新上传"
            }
        }
        Reason::Token => {
            if en {
                "An attachment is no longer available (its upload expired or was used); upload it again"
            } else {
                "附件已失效（上传已过期或已被使用），请重新上传"
            }
        }
    };
    let mut params = Params::new().with("reason", reason.as_str());
    match reason {
        Reason::Size => params = params.with("max", MAX_FILE_BYTES),
        Reason::Count => params = params.with("max", MAX_FILES),
        Reason::Total => params = params.with("max", MAX_TOTAL_BYTES),
        _ => {}
    }
    if let Some(i) = index {
        params = params.with("index", i);
    }
    ReportIssue {
        rule: "input.attachment".to_string().into(),
        severity: Severity::Error,
        path: "".into(),
        article: None,
        message: message.into(),
        params,
    }
}

/// The refusal of an attachment, a report naming the form when there is one.
pub fn refused(reason: Reason, index: Option<usize>, kind: Option<FormKind>, locale: Locale) -> ApiError {
    ApiError::Review(reason.status(), Report { kind, valid: false, issues: vec![issue(reason, index, locale)] })
}

/// The content hash of a submission: SHA-256 of the canonical document alone when it carries
/// no file (so every hash stored before attachments stays valid), else of the canonical
/// document, a line `attachments`, and a line `{sha256} {size} {name}` per file, in order.
pub fn content_hash(doc: &Value, files: &[AttachmentRow]) -> String {
    if files.is_empty() {
        return crypto::content_hash(doc);
    }
    let mut text = crypto::canonical_json(doc);
    text.push_str("\nattachments\n");
    for f in files {
        text.push_str(&format!("{} {} {}\n", f.sha256, f.size, f.name));
    }
    crypto::sha256_hex(text.as_bytes())
}

/// An attachment as the wire shows it.
pub fn view(row: &AttachmentRow) -> Attachment {
    Attachment {
        id: row.id.clone(),
        name: row.name.clone(),
        media_type: row.media_type.clone(),
        size: row.size,
        sha256: row.sha256.clone(),
        uploaded_at: crate::time::rfc3339(row.created_at_ms),
    }
}

pub fn views(rows: &[AttachmentRow]) -> Vec<Attachment> {
    rows.iter().map(view).collect()
}

/// What `X-Attachments` holds: `None` when absent; else its entries (trimmed, empty ones and
/// repeats dropped). Too many entries are refused as `count`.
pub fn named(headers: &HeaderMap) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut any = false;
    for line in headers.get_all(HEADER) {
        any = true;
        for entry in line.to_str().unwrap_or("\u{0}").split(',') {
            let entry = entry.trim();
            if !entry.is_empty() && !out.iter().any(|e| e == entry) {
                out.push(entry.to_owned());
            }
        }
    }
    any.then_some(out)
}

/// A filing's files: those it names (`X-Attachments`) found, in order, and checked against the
/// limits; with no header, a new submission has none and a resubmission keeps its own.
/// `ids`: what its transaction binds (`None`: nothing to change).
pub struct Files {
    pub rows: Vec<AttachmentRow>,
    pub ids: Option<Vec<String>>,
}

/// Resolves a filing's files. `own`: the submission being corrected (its current files may be
/// kept by id).
pub async fn resolve(
    st: &AppState,
    named: Option<&[String]>,
    own: Option<&str>,
    kind: FormKind,
    locale: Locale,
) -> Result<Files, ApiError> {
    let current = match own {
        Some(id) => st.store.attachments_of(id).await?,
        None => Vec::new(),
    };
    let Some(named) = named else {
        return Ok(Files { rows: current, ids: None });
    };
    if named.len() > MAX_FILES {
        return Err(refused(Reason::Count, None, Some(kind), locale));
    }
    let now = crate::time::now_ms();
    let mut rows = Vec::with_capacity(named.len());
    for (i, entry) in named.iter().enumerate() {
        let found = match current.iter().find(|a| a.id == *entry) {
            Some(kept) => Some(kept.clone()),
            None if entry.len() == 64 && entry.bytes().all(|b| b.is_ascii_hexdigit()) => {
                st.store.upload_by_token(&crypto::sha256_hex(entry.as_bytes()), now).await?
            }
            None => None,
        };
        rows.push(found.ok_or_else(|| refused(Reason::Token, Some(i), Some(kind), locale))?);
    }
    if rows.iter().map(|r| r.size).sum::<i64>() > MAX_TOTAL_BYTES {
        return Err(refused(Reason::Total, None, Some(kind), locale));
    }
    let ids = rows.iter().map(|r| r.id.clone()).collect();
    Ok(Files { rows, ids: Some(ids) })
}

/// The upload's query: the file's name.
#[derive(serde::Deserialize)]
pub struct UploadQuery {
    name: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/uploads",
    tag = "attachments",
    params(
        ("name" = String, Query, description = "The file's name (percent-encoded UTF-8): 1–200 characters, no `/`, `\\` or control characters; its extension (.pdf, .jpg, .jpeg, .png) must agree with the content."),
        ("locale" = Option<String>, Query, description = "`zh-CN` (default) or `en`; else Accept-Language"),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = "The file's bytes, as they are (at most 10 MB). Its type is read from its content: PDF (without JavaScript), JPEG or PNG."),
    responses(
        (status = 201, description = "Stored, not yet attached: name `token` in the submit's `X-Attachments` header.", body = aii_api::attachments::Uploaded),
        (status = 400, description = "`input.attachment` `truncated`: the upload was cut off, or the file does not end as its format ends; nothing stored.", body = aii_api::schema::ReportDoc),
        (status = 413, description = "`input.attachment` `size`: over 10 MB (refused as soon as the count passes it).", body = aii_api::schema::ReportDoc),
        (status = 422, description = "`input.attachment` `type` (not PDF/JPEG/PNG by content, or the extension disagrees), `name`, or `script` (a PDF with JavaScript).", body = aii_api::schema::ReportDoc),
        (status = 429, description = "Too many uploads from this client address in a minute (`--uploads-per-minute`; Retry-After)."),
        (status = 503, description = "The file store does not answer; nothing kept."),
    )
)]
pub async fn upload(State(st): State<AppState>, Client(client): Client, Lang(locale): Lang, req: Request) -> Result<Response, ApiError> {
    st.uploads.take(client).map_err(|retry_after_secs| ApiError::TooManySubmissions { retry_after_secs })?;
    let raw_name = Query::<UploadQuery>::try_from_uri(req.uri()).ok().and_then(|q| q.0.name).unwrap_or_default();
    let name = inspect::name(&raw_name).map_err(|r| refused(r.into(), None, None, locale))?;
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_FILE_BYTES as u64) {
        return Err(refused(Reason::Size, None, None, locale));
    }
    let (bytes, sha256) = read_counted(req.into_body(), declared).await.map_err(|r| refused(r, None, None, locale))?;
    let media_type = inspect::media_type(&name, &bytes).map_err(|r| refused(r.into(), None, None, locale))?;
    let now = crate::time::now_ms();
    let token = crypto::random_hex(32);
    let ttl_ms = i64::try_from(st.config.upload_ttl_hours).unwrap_or(24).saturating_mul(3_600_000);
    let new = NewUpload {
        id: crypto::random_hex(12),
        token_hash: crypto::sha256_hex(token.as_bytes()),
        name,
        media_type: media_type.to_owned(),
        size: bytes.len() as i64,
        sha256,
        storage_key: crypto::random_hex(16),
        now_ms: now,
        expires_ms: now.saturating_add(ttl_ms),
    };
    // The object first, then its row: a row always has its bytes. Should the row not be
    // written, the object is deleted (or, after a crash, swept as an object without a row).
    st.files.put(&new.storage_key, bytes).await.map_err(unavailable)?;
    if let Err(e) = st.store.insert_upload(&new).await {
        let _ = st.files.delete(&new.storage_key).await;
        return Err(e.into());
    }
    tracing::info!(size = new.size, media_type, "upload stored");
    let out = Uploaded {
        token,
        id: new.id,
        name: new.name,
        media_type: new.media_type,
        size: new.size,
        sha256: new.sha256,
        expires_at: crate::time::rfc3339(new.expires_ms),
    };
    let mut res = json(StatusCode::CREATED, &out);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// The file store failed: logged, answered 503 (nothing kept).
fn unavailable(e: storage::StoreError) -> ApiError {
    tracing::error!(error = %e, "file store failure");
    ApiError::FilesUnavailable
}

/// Reads a body as it arrives: counted (`Size` as soon as it passes [`MAX_FILE_BYTES`]),
/// hashed, and `Truncated` when it breaks off (the client went away, a chunked body without its
/// end, fewer bytes than its `Content-Length`).
async fn read_counted(mut body: Body, declared: Option<u64>) -> Result<(Bytes, String), Reason> {
    let mut buf = Vec::with_capacity(declared.map_or(64 * 1024, |n| usize::try_from(n).unwrap_or(0)));
    let mut hash = Sha256::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| Reason::Truncated)?;
        if let Ok(data) = frame.into_data() {
            if buf.len() + data.len() > MAX_FILE_BYTES {
                return Err(Reason::Size);
            }
            hash.update(&data);
            buf.extend_from_slice(&data);
        }
    }
    if declared.is_some_and(|n| n != buf.len() as u64) {
        return Err(Reason::Truncated);
    }
    if buf.is_empty() {
        return Err(Reason::Type);
    }
    Ok((Bytes::from(buf), hex::encode(hash.finalize())))
}

/// A file as a download, never shown inline by the browser: its stored type, `Content-
/// Disposition: attachment`, `nosniff`, a CSP that sandboxes it should it be opened as a page,
/// never cached. Its bytes are checked against their SHA-256 first.
pub async fn file_response(st: &AppState, row: &AttachmentRow) -> Result<Response, ApiError> {
    let bytes = st.files.get(&row.storage_key).await.map_err(unavailable)?;
    if crypto::sha256_hex(&bytes) != row.sha256 {
        tracing::error!(attachment = %row.id, "stored file does not match its SHA-256");
        return Err(ApiError::FilesUnavailable);
    }
    let mut res = (StatusCode::OK, bytes).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_str(&row.media_type).unwrap_or(HeaderValue::from_static("application/octet-stream")));
    if let Ok(v) = HeaderValue::from_str(&disposition(&row.name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(res)
}

/// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII stand-in, then the
/// name percent-encoded.
pub fn disposition(name: &str) -> String {
    let ascii: String = name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

fn one_of(rows: Vec<AttachmentRow>, id: &str) -> Result<AttachmentRow, ApiError> {
    rows.into_iter().find(|a| a.id == id).ok_or(ApiError::NotFound)
}

#[utoipa::path(
    get, path = "/api/v1/submissions/{id}/attachments/{attachment}", tag = "attachments",
    params(("id" = String, Path), ("attachment" = String, Path),
           ("X-Receipt" = Option<String>, Header, description = "The receipt (or the `receipt` query parameter)."),
           ("receipt" = Option<String>, Query)),
    responses((status = 200, description = "The file, as a download (`Content-Disposition: attachment`, `nosniff`, a sandboxing CSP)."),
              (status = 401, description = "No receipt."), (status = 404, description = "No such submission with this receipt, or no such file of it."))
)]
pub async fn applicant_file(
    State(st): State<AppState>,
    Path((id, attachment)): Path<(String, String)>,
    receipt: Receipt,
) -> Result<Response, ApiError> {
    let view = st.store.submission_view(known_id(&id)?, &receipt.hash()).await?.ok_or(ApiError::NotFound)?;
    let row = one_of(st.store.attachments_of(&view.id).await?, known_id(&attachment)?)?;
    file_response(&st, &row).await
}

/// The desk's downloads are audited, as reveals and exports are.
async fn audit(st: &AppState, actor: &str, submission_id: &str, row: &AttachmentRow) -> Result<(), ApiError> {
    st.store
        .append_audit(&NewAudit {
            actor: actor.to_owned(),
            action: "attachment".into(),
            submission_id: Some(submission_id.to_owned()),
            detail: Some(format!("download {}", row.id)),
            at_ms: crate::time::now_ms(),
            ..NewAudit::default()
        })
        .await?;
    Ok(())
}

#[utoipa::path(
    get, path = "/api/v1/admin/submissions/{id}/attachments/{attachment}", tag = "review desk",
    params(("id" = String, Path), ("attachment" = String, Path)),
    responses((status = 200, description = "The file, as a download (`Content-Disposition: attachment`, `nosniff`, a sandboxing CSP); audited."),
              (status = 401), (status = 403, description = "An expert's session (`desk.role`)."), (status = 404))
)]
pub async fn desk_file(
    State(st): State<AppState>,
    admin: Admin,
    Path((id, attachment)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id = known_id(&id)?;
    let row = one_of(st.store.attachments_of(id).await?, known_id(&attachment)?)?;
    audit(&st, &admin.user.username, id, &row).await?;
    file_response(&st, &row).await
}

#[utoipa::path(
    get, path = "/api/v1/admin/reviews/{id}/attachments/{attachment}", tag = "experts",
    params(("id" = String, Path), ("attachment" = String, Path)),
    responses((status = 200, description = "The file of a submission assigned to this expert, as a download; audited."),
              (status = 401), (status = 403, description = "Not assigned to this expert (`art11.opinion`, `not_assigned`), or not an expert."), (status = 404))
)]
pub async fn expert_file(
    State(st): State<AppState>,
    expert: Expert,
    Path((id, attachment)): Path<(String, String)>,
    Lang(locale): Lang,
) -> Result<Response, ApiError> {
    let id = known_id(&id)?;
    let s = st.store.stored_submission(id).await?.ok_or(ApiError::NotFound)?;
    if !st.store.reviews_of(expert.user.id).await?.iter().any(|r| r.id == s.id) {
        let kind = FormKind::parse(&s.kind);
        let params = Params::new().with("reason", "not_assigned");
        let issue = aii_rules::issue("art11.opinion", "", params.clone(), locale).unwrap_or_else(|| ReportIssue {
            rule: "art11.opinion".to_string().into(),
            severity: Severity::Error,
            path: "".into(),
            article: None,
            message: "".into(),
            params,
        });
        return Err(ApiError::Review(StatusCode::FORBIDDEN, Report { kind, valid: false, issues: vec![issue] }));
    }
    let row = one_of(st.store.attachments_of(&s.id).await?, known_id(&attachment)?)?;
    audit(&st, &expert.user.username, &s.id, &row).await?;
    file_response(&st, &row).await
}

/// What a sweep removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Expired uploads no submission named (row and object).
    pub expired: usize,
    /// Objects without a row older than an hour (a crash between the object and its row).
    pub orphans: usize,
}

/// Deletes the expired unbound uploads (object first, then row: a row never outlives the
/// grace of an hour past its expiry that binding refuses) and the objects no row knows that
/// are over an hour old.
pub async fn sweep(st: &AppState) -> Result<Swept, ApiError> {
    let now = crate::time::now_ms();
    let mut swept = Swept::default();
    loop {
        let expired = st.store.expired_uploads(now - 3_600_000, 500).await?;
        if expired.is_empty() {
            break;
        }
        let n = expired.len();
        for (id, key) in expired {
            st.files.delete(&key).await.map_err(unavailable)?;
            if st.store.delete_upload(&id).await? {
                swept.expired += 1;
            }
        }
        if n < 500 {
            break;
        }
    }
    for (key, modified_ms) in st.files.keys().await.map_err(unavailable)? {
        if modified_ms < now - 3_600_000 && !st.store.storage_key_known(&key).await? {
            st.files.delete(&key).await.map_err(unavailable)?;
            swept.orphans += 1;
        }
    }
    Ok(swept)
}

/// Sweeps every ten minutes while the server runs (the first a minute after start).
pub async fn sweeper(st: AppState) {
    tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    loop {
        match sweep(&st).await {
            Ok(s) if s != Swept::default() => tracing::info!(expired = s.expired, orphans = s.orphans, "attachments swept"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, "attachment sweep failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispositions_quote_and_encode() {
        assert_eq!(disposition("a b.pdf"), "attachment; filename=\"a b.pdf\"; filename*=UTF-8''a%20b.pdf");
        assert_eq!(disposition("申请书.pdf"), "attachment; filename=\"___.pdf\"; filename*=UTF-8''%E7%94%B3%E8%AF%B7%E4%B9%A6.pdf");
        assert!(!disposition("a\"b.pdf").contains("a\"b"));
    }

    #[test]
    fn both_languages() {
        for r in [Reason::Type, Reason::Size, Reason::Count, Reason::Total, Reason::Name, Reason::Script, Reason::Truncated, Reason::Token]
        {
            for l in [Locale::Zh, Locale::En] {
                let i = issue(r, None, l);
                assert!(!i.message.is_empty());
                assert_eq!(i.params.text("reason"), Some(r.as_str()));
            }
        }
    }

    #[test]
    fn old_hashes_stay() {
        let doc: Value = serde_json::from_str(r#"{"b":1,"a":"x"}"#).unwrap();
        assert_eq!(content_hash(&doc, &[]), crypto::content_hash(&doc));
        let row = AttachmentRow {
            id: "a".into(),
            submission_id: None,
            name: "x.pdf".into(),
            media_type: "application/pdf".into(),
            size: 3,
            sha256: "0".repeat(64),
            storage_key: "k".into(),
            created_at_ms: 0,
        };
        assert_ne!(content_hash(&doc, &[row]), crypto::content_hash(&doc));
    }
}
