//! Small building blocks written here rather than taken from `core`/`alloc`, because the
//! widget's WASM build pays for every generic instance of the standard ones (three sort
//! algorithms, the two-way string searcher): one stable merge sort over indices, a byte-window
//! search, a character count. Where the widget's build takes a smaller alternative, it is in
//! [`crate::compact`].

use alloc::vec::Vec;

/// The stable sort order of `n` items under `less`: `order[k]` is the index of the item that
/// goes to position `k` (bottom-up merge sort, O(n log n), one instance for every caller).
pub fn order_by(n: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = a.clone();
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            for slot in b.iter_mut().take(hi).skip(lo) {
                // From the right half only when strictly less: equal items keep their order.
                if j < hi && (i >= mid || less(a[j], a[i])) {
                    *slot = a[j];
                    j += 1;
                } else {
                    *slot = a[i];
                    i += 1;
                }
            }
            lo = hi;
        }
        core::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Where the ASCII byte `b` first is in `s`: `str::find` (a `memchr`, fast on long texts);
/// the widget's build takes [`crate::compact::find_byte`].
pub fn find_byte(s: &str, b: u8) -> Option<usize> {
    debug_assert!(b.is_ascii());
    if cfg!(widget) { crate::compact::find_byte(s, b) } else { s.find(char::from(b)) }
}

/// The raw (still escaped) `/`-separated segments of a JSON Pointer's text after its leading
/// `/` (what `s.split('/')` gives; `json::segments` unescapes them into new strings), found by a
/// plain byte loop: pointers are short, and `split`'s `memchr` call cost more than the search
/// itself on every segment.
pub fn raw_segments(s: &str) -> RawSegments<'_> {
    RawSegments(Some(s))
}

#[derive(Clone)]
pub struct RawSegments<'a>(Option<&'a str>);

impl<'a> Iterator for RawSegments<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        let s = self.0?;
        match s.bytes().position(|b| b == b'/') {
            // `/` is ASCII: both cuts are at character boundaries.
            Some(i) => {
                self.0 = s.get(i + 1..);
                s.get(..i)
            }
            None => {
                self.0 = None;
                Some(s)
            }
        }
    }
}

/// Whether `needle` occurs in `hay`.
pub fn contains(hay: &str, needle: &str) -> bool {
    needle.is_empty() || hay.as_bytes().windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// `str::trim`, deciding most texts by their first and last characters' first bytes: only a
/// byte that begins a white-space character (ASCII's six; `C2` for U+0085 and U+00A0, `E1` for
/// U+1680, `E2` for U+2000–U+205F, `E3` for U+3000) sends the text through `str::trim`, which
/// decodes and looks up characters from both ends. Every text of a form is trimmed. The
/// widget's build takes [`crate::compact::trim`] (smaller).
pub fn trim(s: &str) -> &str {
    if cfg!(widget) {
        return crate::compact::trim(s);
    }
    let b = s.as_bytes();
    let may_be_space = |c: Option<&u8>| matches!(c, None | Some(b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3));
    // The last character's first byte (no white-space character is four bytes long).
    let n = b.len();
    let last = [1, 2, 3].into_iter().filter_map(|k| b.get(n.wrapping_sub(k))).find(|&&c| c & 0xC0 != 0x80);
    if may_be_space(b.first()) || may_be_space(last) { s.trim() } else { s }
}

/// The number of characters (Unicode scalar values) of `s`: `chars().count()`, which is fast;
/// the widget's build takes [`crate::compact::char_count`] (one small loop).
pub fn char_count(s: &str) -> usize {
    if cfg!(widget) { crate::compact::char_count(s) } else { s.chars().count() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_stable_and_sorted() {
        let keys = [5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 0, 0, 8];
        for n in 0..=keys.len() {
            let order = order_by(n, &|a, b| keys[a] < keys[b]);
            let mut want: Vec<usize> = (0..n).collect();
            want.sort_by_key(|&i| keys[i]);
            assert_eq!(order, want);
        }
    }

    #[test]
    fn raw_segments_split_like_split() {
        for s in ["", "/", "a", "a/b", "/a/", "a//b", "实训/基地/", "~1/~0"] {
            assert_eq!(raw_segments(s).collect::<Vec<_>>(), s.split('/').collect::<Vec<_>>(), "{s:?}");
        }
    }

    #[test]
    fn counts_and_searches() {
        assert_eq!(char_count("实训a"), 3);
        assert!(contains("工业互联网产业联盟实训基地", "实训基地"));
        assert!(!contains("实训", "实训基地"));
        assert!(contains("a..b", ".."));
    }
}
