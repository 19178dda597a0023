//! The applicant's view of a submission, by id and receipt (the receipt travels in the URL's
//! fragment, which browsers never send to the server or put in its logs).

use aii_api::Status;
pub use aii_api::{HistoryItem, SubmissionStatus};
use aii_rules::{FormKind, Locale};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::layout::{L, l};
use crate::ui::{Link, t};

/// RULES.md's workflow, in both languages.
pub fn label(status: Status) -> L {
    match status {
        Status::Submitted => l("已提交", "Submitted"),
        Status::UnderReview => l("答辩评审中", "Under expert review"),
        Status::SiteCheck => l("现场核查中", "Site check"),
        Status::Publicity => l("公示中", "In publicity"),
        Status::Approved => l("常务理事会审议通过", "Approved by the council"),
        Status::Certified => l("已授牌", "Certified"),
        Status::Rejected => l("未通过", "Rejected"),
        Status::Returned => l("退回修改", "Returned for correction"),
        Status::Withdrawn => l("已撤回", "Withdrawn"),
        Status::Voided => l("已作废", "Voided"),
        // Chapter 6: an evaluation ends qualified or unqualified (Arts. 23–25), an annual
        // assessment is filed (Art. 22).
        Status::Qualified => l("评估合格", "Qualified"),
        Status::Unqualified => l("评估不合格（撤销资格）", "Unqualified (status revoked)"),
        Status::Filed => l("已备案", "Filed"),
        Status::WorkingGroup => l("工作组讨论", "With the working group"),
    }
}

/// A status by its name (as the server spells it).
pub fn status_label(status: &str) -> L {
    Status::parse(status).map_or(l("未知状态", "Unknown status"), label)
}

#[component]
pub fn StatusPage(id: String, locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let id_sig = RwSignal::new(id);
    let receipt = RwSignal::new(browser::hash());
    let result: RwSignal<Option<Result<SubmissionStatus, String>>> = RwSignal::new(None);
    let load = move || {
        let (id, receipt) = (id_sig.get_untracked(), receipt.get_untracked());
        if id.trim().is_empty() || receipt.trim().is_empty() {
            return;
        }
        spawn_local(async move {
            let url = format!("/api/v1/submissions/{}", id.trim());
            let answer = browser::fetch("GET", &url, None, &[("X-Receipt", receipt.trim())]).await;
            result.set(Some(match answer {
                Ok(a) if a.status == 200 => {
                    crate::wire::from_json(&a.text).as_ref().and_then(crate::wire::status).ok_or_else(|| "answer".to_owned())
                }
                Ok(a) if a.status == 404 || a.status == 401 => Err("not_found".into()),
                Ok(a) => Err(format!("HTTP {}", a.status)),
                Err(e) => Err(e),
            }));
        });
    };
    load();
    Effect::new(move |_| browser::set_title(t(loc(), l("审核进度", "Review status"))));
    view! {
        <h1>{crate::ui::tr(locale, l("审核进度", "Review status"))}</h1>
        <form class="lookup" on:submit=move |ev| { ev.prevent_default(); load(); }>
            <div class="field">
                <label for="status-id">{crate::ui::tr(locale, l("编号", "Id"))}</label>
                <input id="status-id" type="text" prop:value=move || id_sig.get() on:input=move |ev| id_sig.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="status-receipt">{crate::ui::tr(locale, l("回执码", "Receipt"))}</label>
                <input id="status-receipt" type="text" prop:value=move || receipt.get() on:input=move |ev| receipt.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="primary">{crate::ui::tr(locale, l("查询", "Look up"))}</button>
        </form>
        {move || match result.get() {
            None => ().into_any(),
            Some(Err(e)) if e == "not_found" => view! {
                <p class="banner" role="alert">{crate::ui::tr(locale, l("没有与该编号和回执码相符的提交。", "No submission has this id and receipt."))}</p>
            }.into_any(),
            Some(Err(e)) => view! { <p class="banner" role="alert">{crate::ui::tr(locale, l("查询失败：", "The lookup failed: "))}{e.clone()}</p> }.into_any(),
            Some(Ok(s)) => {
                let current = label(s.status);
                // Returned for correction: the applicant corrects it in its form and resubmits.
                let correct = (s.status == Status::Returned).then(|| {
                    let href = format!("/status/{}/correct#{}", s.id, receipt.get_untracked().trim());
                    let note = s.history.iter().rev().find(|h| h.status == Status::Returned).and_then(|h| h.note.clone());
                    view! {
                        <div class="notice correction">
                            <p>{crate::ui::tr(locale, l("秘书处已将该申报退回修改。请按意见修改后重新提交。", "The secretariat returned this submission for correction. Correct it as noted and resubmit it."))}</p>
                            {note.map(|n| view! { <p>{crate::ui::tr(locale, l("秘书处意见：", "The secretariat's note: "))}<q>{n}</q></p> })}
                            <p><Link href=href>{crate::ui::tr(locale, l("修改并重新提交", "Correct and resubmit"))}</Link></p>
                        </div>
                    }
                });
                // PROCEDURE.md: the applicant may withdraw a submission still `submitted`
                // (Art. 8 then no longer counts it); a second click confirms.
                let withdraw = (s.status == Status::Submitted).then(|| view! { <Withdraw id=s.id.clone() receipt=receipt locale=locale result=result /> });
                view! {
                    <div class="status" id="status-result">
                        <p class="current">{crate::ui::tr(locale, l("当前状态：", "Status: "))}<strong>{crate::ui::tr(locale, current)}</strong></p>
                        {base_view(&s, locale)}
                        <ReceiptPanel id=s.id.clone() receipt=receipt.get_untracked().trim().to_owned() locale=locale />
                        // The stored document as a 申请书 to sign and seal (`print.rs`; a full load:
                        // it is in Chapter 6's bundle).
                        <p class="print-link"><a id="print-submission" href=format!("/status/{}/print#{}", s.id, receipt.get_untracked().trim())>
                            {crate::ui::tr(locale, l("打印申请书（签字盖章用）", "Print the application form (to sign and seal)"))}</a></p>
                        {correct}
                        {withdraw}
                        <dl>
                            <dt>{crate::ui::tr(locale, l("提交时间", "Submitted"))}</dt><dd>{crate::ui::beijing(&s.submitted_at)}</dd>
                            <dt>{crate::ui::tr(locale, l("规则版本", "Rule-set version"))}</dt><dd class="mono">{s.ruleset_version.clone()}</dd>
                            <dt>{crate::ui::tr(locale, l("内容摘要（SHA-256）", "Content hash (SHA-256)"))}</dt><dd class="mono">{s.content_hash.clone()}</dd>
                        </dl>
                        {
                            // Downloads carry the receipt in their query (a link cannot send a header).
                            let (id, r) = (s.id.clone(), receipt.get_untracked().trim().to_owned());
                            crate::attachments::list_view(s.attachments.clone(), locale, move |a| {
                                format!("/api/v1/submissions/{id}/attachments/{}?receipt={r}", a.id)
                            })
                        }
                        <h2>{crate::ui::tr(locale, l("办理记录", "History"))}</h2>
                        <ol class="history">
                            {s.history.iter().map(|h| {
                                let label = label(h.status);
                                view! { <li><time datetime=h.at.clone()>{crate::ui::beijing(&h.at)}</time>" "<strong>{crate::ui::tr(locale, label)}</strong>{h.note.clone().map(|n| view! { <p>{n}</p> })}</li> }
                            }).collect_view()}
                        </ol>
                    </div>
                }.into_any()
            }
        }}
    }
}

/// The withdraw button, with an in-page confirmation; on success the status is loaded again.
#[component]
fn Withdraw(
    id: String,
    receipt: RwSignal<String>,
    locale: RwSignal<Locale>,
    result: RwSignal<Option<Result<SubmissionStatus, String>>>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let failed: RwSignal<Option<String>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(id);
    let confirm = move |_| {
        busy.set(true);
        spawn_local(async move {
            let (id, receipt) = (id.get_value(), receipt.get_untracked());
            let url = format!("/api/v1/submissions/{id}/withdraw");
            let answer = browser::fetch("POST", &url, None, &[("X-Receipt", receipt.trim())]).await;
            busy.set(false);
            match answer {
                Ok(a) if a.status == 200 => {
                    let url = format!("/api/v1/submissions/{id}");
                    if let Ok(a) = browser::fetch("GET", &url, None, &[("X-Receipt", receipt.trim())]).await
                        && let Some(s) = crate::wire::from_json(&a.text).as_ref().and_then(crate::wire::status)
                    {
                        result.set(Some(Ok(s)));
                    }
                }
                Ok(a) if a.status == 409 => failed.set(Some(
                    t(
                        locale.get_untracked(),
                        l("该申报已进入审核，不能再撤回。", "This submission is already under review and can no longer be withdrawn."),
                    )
                    .to_owned(),
                )),
                Ok(a) => failed.set(Some(format!("HTTP {}", a.status))),
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    view! {
        <div class="notice withdraw">
            {move || if confirming.get() {
                view! {
                    <p role="alert">{crate::ui::tr(locale, l("确认撤回该申报？撤回后不能恢复；如需申报，须重新提交。", "Withdraw this submission? This cannot be undone; to apply again, submit anew."))}</p>
                    <button type="button" class="primary danger" id="withdraw-confirm" prop:disabled=move || busy.get() on:click=confirm>{crate::ui::tr(locale, l("确认撤回", "Yes, withdraw"))}</button>
                    " "
                    <button type="button" id="withdraw-cancel" on:click=move |_| confirming.set(false)>{crate::ui::tr(locale, l("取消", "Cancel"))}</button>
                }.into_any()
            } else {
                view! {
                    <button type="button" id="withdraw" on:click=move |_| confirming.set(true)>{crate::ui::tr(locale, l("撤回申报", "Withdraw this submission"))}</button>
                }.into_any()
            }}
            {move || failed.get().map(|e| view! { <p class="banner" role="alert">{e}</p> })}
        </div>
    }
}

/// The receipt: what the applicant must keep, with a copy, a print and a download of it.
#[component]
fn ReceiptPanel(id: String, receipt: String, locale: RwSignal<Locale>) -> impl IntoView {
    let link = format!("{}/status/{id}#{receipt}", browser::origin());
    let copied: RwSignal<Option<bool>> = RwSignal::new(None);
    let to_copy = link.clone();
    let copy = move |_| {
        let text = to_copy.clone();
        spawn_local(async move { copied.set(Some(browser::copy_text(&text).await)) });
    };
    let file = receipt_file(&id, &receipt, &link);
    let href = format!("data:text/html;charset=utf-8,{}", String::from(js_sys::encode_uri_component(&file)));
    view! {
        <section class="receipt" id="receipt" aria-labelledby="receipt-title">
            <h2 id="receipt-title">{crate::ui::tr(locale, l("回执", "Receipt"))}</h2>
            <p class="keep"><strong>{crate::ui::tr(locale, l("请妥善保存此回执。", "Keep this receipt."))}</strong>" "
                {crate::ui::tr(locale, l("凭编号和回执码查询审核进度、修改退回的申报或撤回申报。回执码只在此显示，联盟秘书处无法找回。", "With the id and the receipt you follow the review, correct a returned submission or withdraw it. The receipt is shown only here: the secretariat cannot recover it."))}</p>
            <dl>
                <dt>{crate::ui::tr(locale, l("编号", "Id"))}</dt><dd class="mono">{id.clone()}</dd>
                <dt>{crate::ui::tr(locale, l("回执码", "Receipt"))}</dt><dd class="mono" id="receipt-token">{receipt.clone()}</dd>
                <dt>{crate::ui::tr(locale, l("查询链接", "Link"))}</dt><dd class="mono"><a id="receipt-link" href=link.clone()>{link.clone()}</a></dd>
            </dl>
            <p class="receipt-actions">
                <button type="button" id="receipt-copy" on:click=copy>{crate::ui::tr(locale, l("复制链接", "Copy the link"))}</button>" "
                <button type="button" id="receipt-print" on:click=move |_| browser::print()>{crate::ui::tr(locale, l("打印", "Print"))}</button>" "
                <a class="button" id="receipt-download" href=href download=format!("receipt-{id}.html")>{crate::ui::tr(locale, l("下载回执", "Download the receipt"))}</a>
            </p>
            <p role="status" class="copied">{move || copied.get().map(|ok| crate::ui::t(locale.get(), if ok {
                l("链接已复制。", "The link is copied.")
            } else {
                l("无法自动复制：请选中上面的链接复制。", "It could not be copied automatically: select the link above and copy it.")
            }))}</p>
        </section>
    }
}

/// The downloaded receipt: a small page with the id, the receipt and the link, in both languages.
fn receipt_file(id: &str, receipt: &str, link: &str) -> String {
    format!(
        "<!doctype html><meta charset=\"utf-8\"><title>回执 Receipt {id}</title>\
         <h1>工业互联网产业联盟实训基地 回执 / Receipt</h1>\
         <p>请妥善保存此回执：凭编号和回执码查询审核进度、修改退回的申报或撤回申报。<br>Keep this receipt: it lets you follow the review, correct or withdraw the submission.</p>\
         <p>编号 Id: <code>{id}</code><br>回执码 Receipt: <code>{receipt}</code></p>\
         <p><a href=\"{link}\">{link}</a></p>\n"
    )
}

/// A certified application's base (Art. 12): its id and name, with the forms that name it.
/// Other submissions show the base they are about.
fn base_view(s: &SubmissionStatus, locale: RwSignal<Locale>) -> Option<impl IntoView + use<>> {
    let aii_api::BaseRef { id, full_name: name } = s.base.clone()?;
    let created = s.kind == FormKind::Application;
    let forms: [(&str, L); 5] = [
        ("director-appointment", l("推荐基地主任、副主任", "Recommend a director or deputy")),
        ("direction-change", l("申请变更实训方向", "Request a change of directions")),
        ("annual-assessment", l("提交年度考核材料", "File the annual assessment")),
        ("evaluation", l("提交评估材料", "File the evaluation")),
        ("training-plan", l("报送实训计划", "File the training plan")),
    ];
    Some(view! {
        <section class="base-ref notice" id="base-ref">
            <p>{crate::ui::tr(locale, if created { l("已授牌的实训基地：", "The certified base: ") } else { l("所涉实训基地：", "The base: ") })}
                <strong>{name}</strong></p>
            <p>{crate::ui::tr(locale, l("基地编号（填写主任推荐、方向变更、年度考核和评估表时使用）：", "The base's id (for appointments, direction changes, annual assessments and evaluations): "))}
                <code id="base-id">{id.clone()}</code></p>
            {s.certificate.clone().map(|n| view! {
                <p>{crate::ui::tr(locale, l("证牌编号（第十二条）：", "Certificate number (Art. 12): "))}
                    <a id="certificate-number" class="mono" href=format!("/certificate/{n}")>{n.clone()}</a></p>
            })}
            {created.then(|| view! {
                <ul class="base-forms">
                    {forms.into_iter().map(|(slug, label)| {
                        // A full page load: Chapter 6's forms are in another bundle (main.js).
                        let href = format!("/apply/{slug}?base_id={id}");
                        view! { <li><a href=href>{crate::ui::tr(locale, label)}</a></li> }
                    }).collect_view()}
                </ul>
            })}
        </section>
    })
}
