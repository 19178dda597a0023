//! Report order, one for every build: issues by the form's field order, then path, then rule
//! id. A check sorts its issues ([`sort_issues`]); a field re-check's issues, already in that
//! order, are merged into a report in that order ([`FieldReport::merge_into`]).

use alloc::vec::Vec;

use crate::json::path_under;
use crate::kind::FormKind;
use crate::report::{FieldReport, Report, ReportIssue};
use crate::rule::Severity;
use crate::rules::common::TEXT_TOO_LONG;
use crate::shape::{self, Shape};

/// An issue's place in report order: the form's field order of its path, then the path (which
/// breaks ties between unknown fields, all sorted after the known ones), then the rule id.
pub fn issue_order<'i>(shape: &Shape, issue: &'i ReportIssue) -> (shape::OrderKey, &'i str, &'i str) {
    (shape::order_key(shape, &issue.path), &issue.path, &issue.rule)
}

/// Orders issues as reports give them, stably (issues of one rule at one path keep the order
/// the rule emitted them in): each path's key worked out once, one merge sort over indices
/// ([`crate::util::order_by`], which the JSON readers use too), then the issues moved into
/// that order in place, one swap per move.
pub fn sort_issues(kind: FormKind, issues: &mut [ReportIssue]) {
    if issues.len() < 2 {
        return;
    }
    let shape = kind.shape();
    let keys: Vec<shape::OrderKey> = issues.iter().map(|i| shape::order_key(shape, &i.path)).collect();
    let key = |i: usize| (keys[i], issues[i].path.as_str(), &*issues[i].rule);
    let mut order = crate::util::order_by(issues.len(), &|a, b| key(a) < key(b));
    // Position `k` takes the issue at `order[k]`: each cycle of the permutation followed once,
    // its entries marked done.
    for start in 0..order.len() {
        let mut k = start;
        while order[k] != usize::MAX {
            let from = core::mem::replace(&mut order[k], usize::MAX);
            if from != start {
                issues.swap(k, from);
            }
            k = from;
        }
    }
}

/// Structural rules are decided while reading the document, not by a rule over fields:
/// a field re-check replaces them by path rather than by rule id.
pub fn is_structural(rule_id: &str) -> bool {
    rule_id.starts_with("input.") || rule_id == TEXT_TOO_LONG.id
}

impl FieldReport {
    /// Replaces, in a full report, what this field re-check re-decided: every issue of a rule
    /// that ran, and every structural issue at or under the pointer. The result is what a full
    /// check of the same document gives (a property test holds this).
    ///
    /// `report` is in report order, as [`crate::check`] and this function leave it. The field's
    /// issues are in that order too, so each is inserted where a stable sort of the old issues
    /// followed by the new ones would put it: after every old issue not greater than it. A
    /// binary search finds the place, so a re-check pays for a few sort keys, not for the
    /// whole report's (an old issue never ties with a new one: the new ones are of the rules
    /// that ran, or structural under the pointer, and no old one is left of either).
    pub fn merge_into(&self, report: &mut Report) {
        self.drop_replaced(report);
        insert_in_order(report, self.issues.iter().cloned());
    }

    /// [`FieldReport::merge_into`], moving this report's issues instead of copying them.
    pub fn merge_owned(self, report: &mut Report) {
        self.drop_replaced(report);
        insert_in_order(report, self.issues.into_iter());
    }

    /// Removes from `report` what this re-check re-decided.
    fn drop_replaced(&self, report: &mut Report) {
        report.issues.retain(|i| !(self.rules.contains(&i.rule) || is_structural(&i.rule) && path_under(&i.path, &self.pointer)));
    }
}

/// Inserts issues given in report order into a report in report order (see
/// [`FieldReport::merge_into`]), and updates `valid`.
fn insert_in_order(report: &mut Report, issues: impl Iterator<Item = ReportIssue>) {
    match report.kind {
        Some(kind) => {
            let shape = kind.shape();
            let mut from = 0;
            for new in issues {
                let (key, path, rule) = issue_order(shape, &new);
                // `issue_order(old) <= issue_order(new)`, the old issue's key worked out only
                // as far as it must be.
                let not_after = |old: &ReportIssue| match shape::cmp_to_key(shape, &old.path, &key) {
                    core::cmp::Ordering::Equal => (old.path.as_str(), &*old.rule) <= (path, rule),
                    order => order == core::cmp::Ordering::Less,
                };
                let (mut lo, mut hi) = (from, report.issues.len());
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if not_after(&report.issues[mid]) { lo = mid + 1 } else { hi = mid }
                }
                report.issues.insert(lo, new);
                from = lo + 1;
            }
        }
        None => report.issues.extend(issues),
    }
    report.valid = !report.issues.iter().any(|i| i.severity == Severity::Error);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Options, check};
    use crate::json::Value;

    /// The sort gives report order on reports of many issues given in several orders (reversed,
    /// interleaved), for every form: a stable sort on `issue_order` (std's, here).
    #[test]
    fn the_sort_orders_as_a_stable_sort_on_the_key() {
        let opts = Options { locale: crate::Locale::En, today: crate::Date::parse("2027-03-01").unwrap() };
        for kind in FormKind::ALL {
            // Blank forms with unknown fields and wrong types: many issues, at many paths.
            let doc = Value::Object(alloc::vec![
                ("zzz".into(), Value::Int(1)),
                ("aaa".into(), Value::Null),
                ("unit".into(), Value::Int(3)),
                (
                    "instructors".into(),
                    Value::Array(alloc::vec![Value::Int(1), Value::Object(alloc::vec![("x".into(), Value::Bool(true))])])
                ),
            ]);
            let sorted = check(kind, &doc, &opts, None).issues;
            assert!(sorted.len() > 5, "{kind:?}");
            type Reorder = fn(&[ReportIssue]) -> Vec<ReportIssue>;
            let orders: [Reorder; 3] = [
                |s| s.iter().rev().cloned().collect(),
                |s| s.iter().step_by(2).chain(s.iter().skip(1).step_by(2)).cloned().collect(),
                |s| s.iter().skip(s.len() / 2).chain(s.iter().take(s.len() / 2)).cloned().collect(),
            ];
            for order in orders {
                let (mut a, mut b) = (order(&sorted), order(&sorted));
                sort_issues(kind, &mut a);
                b.sort_by(|x, y| issue_order(kind.shape(), x).cmp(&issue_order(kind.shape(), y)));
                assert_eq!(a, b, "{kind:?}");
            }
        }
    }

    #[test]
    fn structural_rules() {
        assert!(is_structural("input.type") && is_structural("text.too_long"));
        assert!(!is_structural("text.required"));
    }
}
