//! How each form is laid out. The sections, fields, labels and hints in both languages and
//! the kind of input are the form's declaration in the rules crate (`aii_rules::forms`, one
//! declaration per form); this module adds what only the page shows: each form's title and
//! introduction. Field keys are relative to their parent (the form, a group or a list item), so
//! the JSON Pointer of a field is built while rendering. A test proves every field of every
//! form's shape (FORMS.md) is laid out, except the justification notes, which open next to the
//! warning that asks for them.

use aii_rules::FormKind;
use aii_rules::forms;
pub use aii_rules::forms::{FieldDef, Input, L, Section, l};

#[derive(Debug)]
pub struct FormDef {
    pub kind: FormKind,
    pub title: L,
    pub intro: L,
    pub sections: &'static [Section],
}

pub const UNIT_KINDS: &[(&str, L)] = forms::UnitKind::LABELS;
#[cfg(feature = "chapter6")]
pub const RESULTS: &[(&str, L)] = forms::AssessmentResult::LABELS;

pub static APPLICATION: FormDef = FormDef {
    kind: FormKind::Application,
    title: l("实训基地申请书", "Training base application"),
    intro: l(
        "《工业互联网产业联盟实训基地管理办法（试行）》第七条至第十二条。填写时即时检查，草稿自动保存在本浏览器中。",
        "Arts. 7–12 of the Measures. Checked as you type; the draft is saved in this browser.",
    ),
    sections: forms::APPLICATION_SECTIONS,
};

pub static DIRECTOR_APPOINTMENT: FormDef = FormDef {
    kind: FormKind::DirectorAppointment,
    title: l("实训基地主任、副主任推荐", "Director or deputy director appointment"),
    intro: l(
        "第十四条、第十五条：主任由责任单位推荐，副主任由责任单位和联合单位共同推荐；任期3年。",
        "Arts. 14–15: the director is recommended by the responsible unit, a deputy jointly with a partner; terms are 3 years.",
    ),
    sections: forms::DIRECTOR_APPOINTMENT_SECTIONS,
};

pub static DIRECTION_CHANGE: FormDef = FormDef {
    kind: FormKind::DirectionChange,
    title: l("实训方向变更申请书", "Direction change request"),
    intro: l(
        "第二十一条：确因实训基地发展需要变更实训方向的，向联盟提交变更申请，经专家答辩评审、公示和常务理事会审议后正式变更。",
        "Art. 21: a base may ask to change its directions when its development needs it.",
    ),
    sections: forms::DIRECTION_CHANGE_SECTIONS,
};

#[cfg(feature = "chapter6")]
pub static ANNUAL_ASSESSMENT: FormDef = FormDef {
    kind: FormKind::AnnualAssessment,
    title: l("实训基地年度考核备案", "Annual assessment filing"),
    intro: l(
        "第二十二条：责任单位每年对实训基地进行考核，考核结果报联盟备案；第十六条：实训基地主任每年向联盟报告工作。填写时即时检查，草稿自动保存在本浏览器中。",
        "Art. 22: the responsible unit assesses its base each year and files the result with the alliance; Art. 16: the director reports on the year's work. Checked as you type; the draft is saved in this browser.",
    ),
    sections: forms::ANNUAL_ASSESSMENT_SECTIONS,
};

#[cfg(feature = "chapter6")]
pub static TRAINING_PLAN: FormDef = FormDef {
    kind: FormKind::TrainingPlan,
    title: l("实训基地实训计划", "Training plan"),
    intro: l(
        "第十六条：实训基地的目标、任务和实训计划、教学方案等，由本实训基地制定，由联盟组织相关工作组讨论，报常务理事会审议。课程方向须为本基地已登记的实训方向。",
        "Art. 16: the base sets its goals, tasks, training plan and teaching scheme; the alliance's working group discusses them and the standing council approves. Each course is in one of the base's registered directions.",
    ),
    sections: forms::TRAINING_PLAN_SECTIONS,
};

#[cfg(feature = "chapter6")]
pub static EVALUATION: FormDef = FormDef {
    kind: FormKind::Evaluation,
    title: l("实训基地定期评估材料", "Three-yearly evaluation"),
    intro: l(
        "第二十三条：联盟每三年对实训基地进行一次定期评估；第二十四条：逾期一个月以上未上报、数据虚假或存在重大违规的，评估不合格；第二十五条：评估不合格的，撤销联盟实训基地资格。",
        "Art. 23: the alliance evaluates each base every three years; Art. 24: materials more than a month late, false data or a major violation make it unqualified; Art. 25: an unqualified base loses its status.",
    ),
    sections: forms::EVALUATION_SECTIONS,
};

pub fn form(kind: FormKind) -> &'static FormDef {
    match kind {
        FormKind::Application => &APPLICATION,
        FormKind::DirectorAppointment => &DIRECTOR_APPOINTMENT,
        FormKind::DirectionChange => &DIRECTION_CHANGE,
        #[cfg(feature = "chapter6")]
        FormKind::AnnualAssessment => &ANNUAL_ASSESSMENT,
        #[cfg(feature = "chapter6")]
        FormKind::Evaluation => &EVALUATION,
        #[cfg(feature = "chapter6")]
        FormKind::TrainingPlan => &TRAINING_PLAN,
        // The applicant's bundle never routes to them (`lib::is_chapter6`, `main.js`).
        #[cfg(not(feature = "chapter6"))]
        FormKind::AnnualAssessment | FormKind::Evaluation | FormKind::TrainingPlan => {
            unreachable!("the forms of a certified base are in the chapter6 bundle")
        }
    }
}

/// Justification notes: shown next to the warning that asks for them, not as fields. (The
/// notes a server-only rule asks for at their own place are [`Input::Note`] fields.)
pub const NOTES: &[&str] =
    &["/unit/kind_note", "/facilities/capacity_note", "/team_note", "/age_note", "/on_site_note", "/director_on_site_note"];

/// What a person calls the field at `ptr`, from the layout's labels: `联合单位 2 · 单位名称`
/// (a list's item by its noun and number, a table's row by its number). `None` for a pointer
/// the layout does not show (the whole form, a justification note).
pub fn field_label(def: &FormDef, ptr: &str, locale: aii_rules::Locale) -> Option<String> {
    let t = |x: L| crate::ui::t(locale, x);
    let mut segs = ptr.strip_prefix('/')?.split('/');
    let mut fields: Vec<&FieldDef> = def.sections.iter().flat_map(|s| s.fields.iter()).collect();
    let mut parts: Vec<String> = Vec::new();
    while let Some(seg) = segs.next() {
        // A year table's computed totals sit beside it: `合计 · 列名`.
        let table = fields.iter().find_map(|f| match &f.input {
            Input::YearTable { columns, totals } if *totals == seg => Some((f.label, *columns)),
            _ => None,
        });
        if let Some((label, columns)) = table {
            let column = segs.next().and_then(|c| columns.iter().find(|f| f.key == c))?;
            parts.extend([t(label).to_owned(), t(l("合计", "Total")).to_owned(), t(column.label).to_owned()]);
            break;
        }
        let f = *fields.iter().find(|f| f.key == seg)?;
        match &f.input {
            Input::Group(inner) => {
                parts.push(t(f.label).to_owned());
                fields = inner.iter().collect();
            }
            Input::Items(inner, noun) => {
                match segs.next().and_then(|i| i.parse::<usize>().ok()) {
                    Some(i) => parts.push(format!("{} {}", t(*noun), i + 1)),
                    None => {
                        parts.push(t(f.label).to_owned());
                        break;
                    }
                }
                fields = inner.iter().collect();
            }
            Input::YearTable { columns, .. } => {
                parts.push(t(f.label).to_owned());
                if let Some(i) = segs.next().and_then(|i| i.parse::<usize>().ok()) {
                    parts.push(match locale {
                        aii_rules::Locale::Zh => format!("第{}行", i + 1),
                        aii_rules::Locale::En => format!("row {}", i + 1),
                    });
                }
                fields = columns.iter().collect();
            }
            _ => {
                parts.push(t(f.label).to_owned());
                if let Some(i) = segs.next().and_then(|i| i.parse::<usize>().ok()) {
                    parts.push(format!("{}", i + 1));
                }
                break;
            }
        }
    }
    // A group named like its only field (联系人 · 联系人) is named once.
    parts.dedup();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Every field pattern a layout covers (`*` for list indices), in order.
pub fn patterns(def: &FormDef) -> Vec<String> {
    fn walk(fields: &[FieldDef], base: &str, out: &mut Vec<String>) {
        for f in fields {
            let ptr = format!("{base}/{}", f.key);
            match &f.input {
                Input::Group(inner) => walk(inner, &ptr, out),
                Input::Items(inner, _) => walk(inner, &format!("{ptr}/*"), out),
                Input::Directions | Input::Texts => out.push(format!("{ptr}/*")),
                Input::YearTable { columns, totals } => {
                    out.extend(columns.iter().map(|c| format!("{ptr}/*/{}", c.key)));
                    out.extend(columns.iter().skip(1).map(|c| format!("{base}/{totals}/{}", c.key)));
                }
                _ => out.push(ptr),
            }
        }
    }
    let mut out = Vec::new();
    for s in def.sections {
        walk(s.fields, "", &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_as_people_call_them() {
        use aii_rules::Locale::{En, Zh};
        let names: Vec<Option<String>> = ["/contact/name", "/partners/1/name", "/unit/uscc", "/directions/0", "/nowhere", ""]
            .iter()
            .map(|p| field_label(&APPLICATION, p, Zh))
            .collect();
        for (name, want) in names.iter().zip(["联系人", "联合单位 2 · ", "责任单位 · 统一社会信用代码"]) {
            let name = name.as_deref().unwrap_or("");
            assert!(name.starts_with(want), "{name} / {want}");
        }
        assert!(names[3].is_some(), "a list of directions is named");
        assert_eq!(&names[4..], &[None, None]);
        assert!(
            field_label(&APPLICATION, "/partners/0/name", En).unwrap().ends_with("1 · Name"),
            "{:?}",
            field_label(&APPLICATION, "/partners/0/name", En)
        );
        // Every field of every form has a name.
        for kind in kinds() {
            for p in patterns(form(kind)) {
                let ptr = p.replace('*', "0");
                assert!(field_label(form(kind), &ptr, Zh).is_some(), "{kind:?} {ptr}");
            }
        }
    }

    /// The forms of this build (Chapter 6's are in the `chapter6` bundles).
    fn kinds() -> impl Iterator<Item = FormKind> {
        FormKind::ALL.into_iter().filter(|k| {
            cfg!(feature = "chapter6") || !matches!(k, FormKind::AnnualAssessment | FormKind::Evaluation | FormKind::TrainingPlan)
        })
    }

    #[test]
    fn every_field_of_every_form_is_laid_out() {
        for kind in kinds() {
            let laid_out = patterns(form(kind));
            for leaf in aii_rules::shape::leaf_patterns(kind.shape()) {
                if NOTES.contains(&leaf.as_str()) {
                    continue;
                }
                assert!(laid_out.contains(&leaf), "{}: {leaf} has no place in the form", kind.name());
            }
            for p in &laid_out {
                assert!(aii_rules::shape::leaf_patterns(kind.shape()).contains(p), "{}: {p} is not a field", kind.name());
            }
        }
    }

    #[test]
    fn every_note_is_a_field() {
        let all: Vec<String> = FormKind::ALL.iter().flat_map(|k| aii_rules::shape::leaf_patterns(k.shape())).collect();
        for n in NOTES {
            assert!(all.iter().any(|p| p == n), "{n}");
        }
    }
}
