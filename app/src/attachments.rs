//! A form's attachments (issue 25, item 3): files chosen, each uploaded at once to
//! `POST /api/v1/uploads` with a progress bar (XMLHttpRequest's upload progress), listed with
//! name, size and a remove button; the submit names the uploaded ones in `X-Attachments`. A
//! correction starts from the submission's own files (kept by id unless removed).

use aii_api::attachments::Attachment;
use aii_rules::Locale;
use aii_rules::forms::{L, l};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::ui::{t, tr};
use crate::wire;

/// The largest file (the server's limit, checked here first to spare the upload).
const MAX_FILE_BYTES: f64 = 10.0 * 1024.0 * 1024.0;
/// The most files of one submission.
const MAX_FILES: usize = 20;

/// Where a file is.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    /// Being sent: the percentage sent.
    Uploading(u32),
    /// On the server: what `X-Attachments` names it by (an upload token, or a kept file's id).
    Ready(String),
    /// Refused or failed: why.
    Failed(String),
}

/// One file of the list.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The list's own key (never sent).
    pub key: u32,
    pub name: String,
    pub size: f64,
    pub state: State,
}

impl Item {
    /// A file the submission already carries (a correction keeps it unless removed).
    pub fn kept(key: u32, a: &Attachment) -> Item {
        Item { key, name: a.name.clone(), size: a.size as f64, state: State::Ready(a.id.clone()) }
    }
}

/// The value of `X-Attachments`: the ready files, in order.
pub fn header(items: &[Item]) -> String {
    items
        .iter()
        .filter_map(|i| match &i.state {
            State::Ready(entry) => Some(entry.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether a file is still being sent.
pub fn uploading(items: &[Item]) -> bool {
    items.iter().any(|i| matches!(i.state, State::Uploading(_)))
}

/// A size as people read it: `850 KB`, `2.4 MB`.
pub fn size_text(bytes: f64) -> String {
    if bytes < 1024.0 * 1024.0 { format!("{} KB", (bytes / 1024.0).ceil() as u64) } else { format!("{:.1} MB", bytes / 1024.0 / 1024.0) }
}

fn set_state(files: RwSignal<Vec<Item>>, key: u32, state: State) {
    // The form may be gone (the person left the page): then there is nothing to update.
    let _ = files.try_update(|list| {
        if let Some(i) = list.iter_mut().find(|i| i.key == key) {
            i.state = state;
        }
    });
}

/// The first message of a refusal's report, else the status.
fn refusal_text(status: u16, text: &str) -> String {
    wire::from_json(text)
        .as_ref()
        .and_then(wire::report)
        .and_then(|r| r.issues.into_iter().next())
        .map_or_else(|| format!("HTTP {status}"), |i| i.message.into_owned())
}

const NETWORK: L = l("网络连接中断，文件未上传，请重试", "The network failed; the file was not uploaded. Try again");

/// Sends one file, its progress and outcome into its item.
fn upload(files: RwSignal<Vec<Item>>, key: u32, file: web_sys::File, locale: Locale) {
    let fail = move |text: String| set_state(files, key, State::Failed(text));
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        return fail(t(locale, NETWORK).into());
    };
    let name = String::from(js_sys::encode_uri_component(&file.name()));
    if xhr.open("POST", &format!("/api/v1/uploads?name={name}&locale={}", locale.tag())).is_err() {
        return fail(t(locale, NETWORK).into());
    }
    let _ = xhr.set_request_header("Accept", "application/json");
    let _ = xhr.set_request_header("Content-Type", "application/octet-stream");
    let progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            // 99 at most until the server has answered.
            let pct = ((e.loaded() / e.total()) * 100.0).floor().min(99.0) as u32;
            set_state(files, key, State::Uploading(pct));
        }
    });
    if let Ok(up) = xhr.upload() {
        up.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    let answered = xhr.clone();
    let done = Closure::<dyn FnMut()>::new(move || {
        let status = answered.status().unwrap_or(0);
        let text = answered.response_text().ok().flatten().unwrap_or_default();
        let token = (status == 201).then(|| wire::from_json(&text)).flatten().and_then(|v| Some(v.get("token")?.as_str()?.to_owned()));
        match token {
            Some(token) => set_state(files, key, State::Ready(token)),
            None if status == 0 => fail(t(locale, NETWORK).into()),
            None => fail(refusal_text(status, &text)),
        }
    });
    xhr.set_onloadend(Some(done.as_ref().unchecked_ref()));
    // One pair per file, alive as long as its request (a form sends at most 20).
    progress.forget();
    done.forget();
    if xhr.send_with_opt_blob(Some(&*file)).is_err() {
        fail(t(locale, NETWORK).into());
    }
}

/// The attachments' section of a form.
#[component]
pub fn AttachmentsSection(files: RwSignal<Vec<Item>>, locale: RwSignal<Locale>) -> impl IntoView {
    let next_key = StoredValue::new(files.with_untracked(|f| f.iter().map(|i| i.key + 1).max().unwrap_or(0)));
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(list) = input.files() else { return };
        let loc = locale.get_untracked();
        for n in 0..list.length() {
            let Some(file) = list.get(n) else { continue };
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let size = file.size();
            let state = if files.with_untracked(Vec::len) >= MAX_FILES {
                State::Failed(t(loc, l("每份申报最多可附 20 个文件", "A submission may carry at most 20 attachments")).into())
            } else if size > MAX_FILE_BYTES {
                State::Failed(t(loc, l("单个附件不能超过 10 MB", "An attachment may be at most 10 MB")).into())
            } else {
                State::Uploading(0)
            };
            let send = state == State::Uploading(0);
            files.update(|f| f.push(Item { key, name: file.name(), size, state }));
            if send {
                upload(files, key, file, loc);
            }
        }
        // The same file may be chosen again after a removal.
        input.set_value("");
    };
    view! {
        <section class="section attachments" id="sec-attachments">
            <h2>{tr(locale, l("附件", "Attachments"))}</h2>
            <p class="hint" id="attachments-hint">{tr(locale, l(
                "可附盖章的申请书扫描件、证照等材料：PDF、JPEG 或 PNG 文件，单个不超过 10 MB，最多 20 个、合计不超过 50 MB。",
                "Attach the sealed application scan, licences and other evidence: PDF, JPEG or PNG files, at most 10 MB each, 20 files and 50 MB in all.",
            ))}</p>
            <label class="file-pick" for="attachments-input">{tr(locale, l("选择文件", "Choose files"))}</label>
            <input type="file" id="attachments-input" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                aria-describedby="attachments-hint" on:change=on_change />
            <ul class="attachment-list" id="attachment-list" aria-live="polite">
                <For each=move || files.get() key=|i| (i.key, format!("{:?}", i.state)) children=move |item| item_view(files, locale, item) />
            </ul>
        </section>
    }
}

fn item_view(files: RwSignal<Vec<Item>>, locale: RwSignal<Locale>, item: Item) -> impl IntoView {
    let key = item.key;
    let (name, label_name) = (item.name.clone(), item.name.clone());
    let remove = move |_| files.update(|f| f.retain(|i| i.key != key));
    let state = match item.state {
        State::Uploading(pct) => view! {
            <span class="upload-progress">
                <progress max="100" value=pct.to_string() aria-label=tr(locale, l("上传进度", "Upload progress"))>{format!("{pct}%")}</progress>
                <span class="pct">{tr(locale, l("上传中 ", "Uploading "))}{format!("{pct}%")}</span>
            </span>
        }
        .into_any(),
        State::Ready(_) => view! { <span class="uploaded">{tr(locale, l("✓ 已上传", "✓ Uploaded"))}</span> }.into_any(),
        State::Failed(why) => view! { <span class="upload-error" role="alert">{why}</span> }.into_any(),
    };
    view! {
        <li class="attachment">
            <span class="name">{name}</span>
            <span class="size">{size_text(item.size)}</span>
            {state}
            <button type="button" class="link remove" on:click=remove
                aria-label=move || format!("{} {}", t(locale.get(), l("移除", "Remove")), label_name)>
                {tr(locale, l("移除", "Remove"))}
            </button>
        </li>
    }
}

/// A submission's files as a list of downloads (`href_of`: each file's URL).
pub fn list_view(list: Vec<Attachment>, locale: RwSignal<Locale>, href_of: impl Fn(&Attachment) -> String) -> impl IntoView {
    (!list.is_empty()).then(|| {
        let rows = list
            .iter()
            .map(|a| {
                view! {
                    <li class="attachment">
                        <a href=href_of(a) download=a.name.clone()>{a.name.clone()}</a>
                        <span class="size">{size_text(a.size as f64)}</span>
                        <span class="mono sha" title="SHA-256">{a.sha256.clone()}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="attachments-done" id="attachments">
                <h2>{tr(locale, l("附件", "Attachments"))}</h2>
                <ul class="attachment-list">{rows}</ul>
            </section>
        }
    })
}

/// The desk's list of a submission's files (`base`: the URL its files are under): each to
/// download, an image also previewed (the server sends it with `Content-Disposition:
/// attachment`, `nosniff` and a sandboxing CSP: an `<img>` shows it, nothing runs it).
#[cfg(feature = "admin")]
pub fn desk_view(list: &[Attachment], base: &str, lc: Locale) -> impl IntoView + use<> {
    let rows = list
        .iter()
        .map(|a| {
            let href = format!("{base}/{}", a.id);
            let preview = a.media_type.starts_with("image/").then(|| {
                view! { <img class="attachment-preview" src=href.clone() alt=a.name.clone() loading="lazy" /> }
            });
            let kind = match a.media_type.as_str() {
                "application/pdf" => "PDF",
                "image/png" => "PNG",
                _ => "JPEG",
            };
            view! {
                <li class="attachment" data-id=a.id.clone()>
                    <a class="download" href=href.clone() download=a.name.clone()>{a.name.clone()}</a>
                    <span class="size">{kind}" · "{size_text(a.size as f64)}</span>
                    <span class="mono sha" title="SHA-256">{a.sha256.clone()}</span>
                    {preview}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="section attachments-done" id="detail-attachments">
            <h2>{t(lc, l("附件", "Attachments"))}</h2>
            {if list.is_empty() {
                view! { <p>{t(lc, l("无附件。", "No attachments."))}</p> }.into_any()
            } else {
                view! {
                    <p class="hint">{t(lc, l("点击文件名下载；PDF 请下载后查看。", "Click a name to download it; open PDFs after downloading."))}</p>
                    <ul class="attachment-list">{rows}</ul>
                }
                .into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_names_ready_files_in_order() {
        let item = |key, state| Item { key, name: "a.pdf".into(), size: 1.0, state };
        let items = vec![
            item(0, State::Ready("t0".into())),
            item(1, State::Uploading(40)),
            item(2, State::Failed("x".into())),
            item(3, State::Ready("id3".into())),
        ];
        assert_eq!(header(&items), "t0,id3");
        assert!(uploading(&items));
        assert_eq!(size_text(2048.0), "2 KB");
        assert_eq!(size_text(2.5 * 1024.0 * 1024.0), "2.5 MB");
    }
}
