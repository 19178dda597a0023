//! Each form's read index: which rules read something in each top-level field, built at
//! compile time from the registry's `reads`, so a field re-check matches only those rules'
//! patterns (the widget's build, which does no partial re-check, carries none).

use crate::forms::FormType;
use crate::rules::Rule;

/// A form's read index, sized to the top-level fields its rules read.
macro_rules! read_index {
    ($rules:expr) => {{
        const TOPS: usize = $crate::index::count_tops($rules);
        static TABLE: ([&str; TOPS], [u64; TOPS], u64) = $crate::index::build_index($rules);
        $crate::index::ReadIndex { tops: &TABLE.0, rules: &TABLE.1, all: TABLE.2 }
    }};
}
pub(crate) use read_index;

/// Which rules of a form's registry read something in each top-level field, built at compile
/// time from the rules' `reads`: a field re-check asks only those rules' patterns whether they
/// meet the pointer, instead of every pattern of the form.
pub(crate) struct ReadIndex<'t> {
    /// Each top-level field some rule reads, as a pointer (`/unit`).
    pub(crate) tops: &'t [&'static str],
    /// Bit `i` of `rules[k]`: rule `i` of the registry reads a pattern in `tops[k]`.
    pub(crate) rules: &'t [u64],
    /// Every rule's bit.
    pub(crate) all: u64,
}

/// Where a pattern's or pointer's first segment ends (`/unit/name` → 5).
const fn top_end(p: &[u8]) -> usize {
    let mut i = 1;
    while i < p.len() && p[i] != b'/' {
        i += 1;
    }
    i
}

/// Whether the first segments `a[1..a_end]` and `b[1..b_end]` are the same bytes.
const fn same_top(a: &[u8], a_end: usize, b: &[u8], b_end: usize) -> bool {
    if a_end != b_end {
        return false;
    }
    let mut i = 1;
    while i < a_end {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Where the first segment of `p` is among the first `n` of `tops` (first segments, `/name`),
/// else `n`.
const fn top_position(tops: &[&str], n: usize, p: &[u8]) -> usize {
    let end = top_end(p);
    let mut k = 0;
    while k < n {
        let t = tops[k].as_bytes();
        if same_top(t, t.len(), p, end) {
            return k;
        }
        k += 1;
    }
    n
}

/// A pattern's first segment with its slash (`/unit/name` → `/unit`).
const fn first_segment(p: &'static str) -> &'static str {
    let (head, _) = p.as_bytes().split_at(top_end(p.as_bytes()));
    match core::str::from_utf8(head) {
        Ok(s) => s,
        Err(_) => panic!("a read pattern's first segment is cut at a `/`"),
    }
}

/// The most top-level fields a form's rules may read (the index keeps a bit for each).
const MAX_TOPS: usize = 64;

/// The top-level fields `rules` read (as `/name`), in the order the rules first read them,
/// and how many: the one walk of the patterns both [`count_tops`] and [`build_index`] use.
const fn collect_tops<K: FormType>(rules: &[Rule<K>]) -> ([&'static str; MAX_TOPS], usize) {
    let mut tops = [""; MAX_TOPS];
    let mut n = 0;
    let mut i = 0;
    while i < rules.len() {
        let mut j = 0;
        while j < rules[i].reads.len() {
            let p = rules[i].reads[j].as_bytes();
            // Patterns are `/name…`: the top level is an object, never a list (`*`).
            assert!(p.len() > 1 && p[0] == b'/' && p[1] != b'*', "a read pattern must start with a top-level field");
            if top_position(&tops, n, p) == n {
                assert!(n < MAX_TOPS, "a form's rules read more top-level fields than the read index has bits");
                tops[n] = first_segment(rules[i].reads[j]);
                n += 1;
            }
            j += 1;
        }
        i += 1;
    }
    (tops, n)
}

/// The number of top-level fields `rules` read, which sizes [`build_index`]'s table.
pub(crate) const fn count_tops<K: FormType>(rules: &[Rule<K>]) -> usize {
    collect_tops(rules).1
}

/// The index's table: each top-level field (`/name`), the rules reading it, and every rule's
/// bit.
pub(crate) const fn build_index<K: FormType, const N: usize>(rules: &[Rule<K>]) -> ([&'static str; N], [u64; N], u64) {
    assert!(rules.len() <= 64, "a form has more rules than the read index has bits");
    let (all_tops, n) = collect_tops(rules);
    assert!(n == N, "the table is sized by count_tops");
    let mut tops = [""; N];
    let mut k = 0;
    while k < N {
        tops[k] = all_tops[k];
        k += 1;
    }
    let mut masks = [0u64; N];
    let mut all = 0u64;
    let mut i = 0;
    while i < rules.len() {
        all |= 1 << i;
        let mut j = 0;
        while j < rules[i].reads.len() {
            masks[top_position(&tops, N, rules[i].reads[j].as_bytes())] |= 1 << i;
            j += 1;
        }
        i += 1;
    }
    (tops, masks, all)
}

impl ReadIndex<'_> {
    /// The rules some of whose patterns lie in the top-level field `pointer` is in (every rule
    /// for the root `""`; none for a pointer no rule's field starts with).
    pub(crate) fn candidates(&self, pointer: &str) -> u64 {
        let q = pointer.as_bytes();
        if q.is_empty() {
            return self.all;
        }
        if q[0] != b'/' {
            return 0;
        }
        self.rules.get(top_position(self.tops, self.tops.len(), q)).copied().unwrap_or(0)
    }

    /// The top-level fields some rule of `rules` reads, one bit per position in `tops`.
    pub(crate) fn tops_read_by(&self, rules: u64) -> u64 {
        let mut tops = 0;
        for (k, read) in self.rules.iter().enumerate() {
            if read & rules != 0 {
                tops |= 1 << k;
            }
        }
        tops
    }

    /// Whether `key` names one of the top-level fields `tops` (from [`ReadIndex::tops_read_by`]):
    /// only those few are compared.
    pub(crate) fn reads(&self, tops: u64, key: &str) -> bool {
        let mut rest = tops;
        while rest != 0 {
            let k = rest.trailing_zeros() as usize;
            // Every name is `/` and at least one byte: `key` equals it after the slash.
            if let Some(t) = self.tops.get(k)
                && t.len() == key.len() + 1
                && t.as_bytes().get(1..) == Some(key.as_bytes())
            {
                return true;
            }
            rest &= rest - 1;
        }
        false
    }
}
