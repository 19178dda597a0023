//! Exports of the secretariat's filtered list: CSV (UTF-8 with a BOM, so Excel reads the
//! Chinese right; CRLF lines, RFC 4180 quoting) and XLSX (rust_xlsxwriter). Personal data is
//! already masked in the rows; cells that a spreadsheet would take for a formula are
//! prefixed with `'`.

use aii_rules::Locale;
use rust_xlsxwriter::{Format, Workbook};

use crate::review::status_name;
use aii_api::desk::ListItem;

const COLUMNS: &[(&str, &str)] = &[
    ("编号", "Id"),
    ("表单", "Form"),
    ("状态", "Status"),
    ("单位名称", "Unit"),
    ("统一社会信用代码", "USCC"),
    ("单位类型", "Unit kind"),
    ("遴选年度", "Selection year"),
    ("实训方向", "Directions"),
    ("有警告", "Warnings"),
    ("优先推荐（第九条）", "Priority (Art. 9)"),
    ("基地编号", "Base"),
    ("基地名称（第十二条）", "Base name (Art. 12)"),
    ("联系人/被推荐人", "Contact / appointee"),
    ("电话/身份证号（脱敏）", "Phone / ID number (masked)"),
    ("电子邮箱（脱敏）", "E-mail (masked)"),
    ("重新提交过", "Resubmitted"),
    ("提交时间（北京时间）", "Submitted (Beijing time)"),
    ("更新时间（北京时间）", "Updated (Beijing time)"),
];

/// The column of the selection year: a number in the workbook.
const CYCLE_COLUMN: usize = 6;

/// A direction's name in the position catalogue (the code when it is not there).
fn direction_name(code: &str, locale: Locale) -> String {
    aii_rules::catalog::DIRECTIONS.iter().find(|d| d.code == code).map_or_else(|| code.to_owned(), |d| d.name(locale).to_owned())
}

fn kind_name(kind: &str, locale: Locale) -> &'static str {
    let (zh, en) = match kind {
        "application" => ("实训基地申请书", "Application"),
        "director_appointment" => ("主任/副主任任命", "Director appointment"),
        "direction_change" => ("实训方向变更", "Direction change"),
        "annual_assessment" => ("年度考核备案", "Annual assessment"),
        "evaluation" => ("三年评估", "Evaluation"),
        "training_plan" => ("实训计划", "Training plan"),
        _ => ("", ""),
    };
    if locale == Locale::En { en } else { zh }
}

fn unit_kind_name(kind: &str, locale: Locale) -> String {
    let (zh, en) = match kind {
        "enterprise" => ("企业", "enterprise"),
        "university" => ("高等学校", "university"),
        "vocational_college" => ("职业院校", "vocational college"),
        "research_institute" => ("科研院所", "research institute"),
        other => return other.to_owned(),
    };
    (if locale == Locale::En { en } else { zh }).to_owned()
}

fn yes_no(b: bool, locale: Locale) -> &'static str {
    match (b, locale) {
        (true, Locale::En) => "yes",
        (false, Locale::En) => "no",
        (true, Locale::Zh) => "是",
        (false, Locale::Zh) => "否",
    }
}

/// A cell's text, with a leading `'` where a spreadsheet would start a formula.
/// Also the full-width signs (＝＋－＠) spreadsheets read as their ASCII forms, and a formula
/// after a `;` or `,` that some spreadsheets split a cell at.
fn safe(text: String) -> String {
    const STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
    let risky = text.starts_with(STARTS) || text.split([';', ',', '；', '，']).skip(1).any(|part| part.trim_start().starts_with(STARTS));
    if risky { format!("'{text}") } else { text }
}

fn cells(item: &ListItem, locale: Locale) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        item.id.clone(),
        kind_name(item.kind.name(), locale).to_owned(),
        status_name(item.status.as_str(), locale).to_owned(),
        opt(&item.unit_name),
        opt(&item.unit_uscc),
        item.unit_kind.as_deref().map(|k| unit_kind_name(k, locale)).unwrap_or_default(),
        item.cycle.map(|c| c.to_string()).unwrap_or_default(),
        item.directions.iter().map(|d| direction_name(d, locale)).collect::<Vec<_>>().join(if locale == Locale::En { "; " } else { "、" }),
        yes_no(item.has_warnings, locale).to_owned(),
        yes_no(item.priority, locale).to_owned(),
        opt(&item.base_id),
        opt(&item.base_name),
        opt(&item.person),
        opt(&item.person_masked),
        opt(&item.email_masked),
        yes_no(item.resubmitted, locale).to_owned(),
        crate::time::beijing(item.submitted_ms),
        crate::time::beijing(item.updated_ms),
    ]
    .into_iter()
    .map(safe)
    .collect()
}

fn header(locale: Locale) -> Vec<&'static str> {
    COLUMNS.iter().map(|(zh, en)| if locale == Locale::En { *en } else { *zh }).collect()
}

fn csv_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

pub fn csv(items: &[ListItem], locale: Locale) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let mut line = |fields: &mut dyn Iterator<Item = &str>| {
        for (i, f) in fields.enumerate() {
            if i > 0 {
                out.push(',');
            }
            csv_field(&mut out, f);
        }
        out.push_str("\r\n");
    };
    line(&mut header(locale).into_iter());
    for item in items {
        let row = cells(item, locale);
        line(&mut row.iter().map(String::as_str));
    }
    out.into_bytes()
}

pub fn xlsx(items: &[ListItem], locale: Locale) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(if locale == Locale::En { "Submissions" } else { "申报列表" })?;
    let bold = Format::new().set_bold();
    for (c, title) in header(locale).into_iter().enumerate() {
        let col = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, title, &bold)?;
        sheet.set_column_width(col, if c == 3 { 36 } else { 18 })?;
    }
    for (r, item) in items.iter().enumerate() {
        let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, text) in cells(item, locale).iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            match item.cycle {
                Some(year) if c == CYCLE_COLUMN => sheet.write_number(row, col, year as f64)?,
                _ => sheet.write_string(row, col, text)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_guards_formulas() {
        let mut out = String::new();
        csv_field(&mut out, "a,\"b\"");
        assert_eq!(out, "\"a,\"\"b\"\"\"");
        assert_eq!(safe("=HYPERLINK(1)".into()), "'=HYPERLINK(1)");
        assert_eq!(safe("示例".into()), "示例");
        for formula in ["＝1+1", "＋1", "－1", "＠SUM(A1)", "x;=1+1", "a, +cmd", "名称；＝HYPERLINK()"] {
            assert!(safe(formula.into()).starts_with('\''), "{formula}");
        }
        assert_eq!(safe("工业互联网, 平台".into()), "工业互联网, 平台");
        assert_ne!(direction_name("network.implementation", Locale::Zh), "network.implementation");
        let bytes = csv(&[], Locale::En);
        assert!(bytes.starts_with("\u{feff}Id,Form,".as_bytes()));
    }
}
