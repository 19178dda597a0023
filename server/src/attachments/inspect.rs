//! What an uploaded file is, judged by its bytes, never by what the client says: its name
//! (no path, no control or direction characters), its type by its magic bytes (`infer`: PDF,
//! JPEG, PNG; the name's extension must agree), whether it ends as its format ends (a file cut
//! short is refused), and a PDF's scripts (`/JS`, `/JavaScript` names, also `#`-escaped and
//! inside Flate-compressed streams).

use std::io::Read;

/// Why a file is refused: the `reason` param of `input.attachment`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not a PDF, JPEG or PNG by its content, or its name's extension says otherwise.
    Type,
    /// A name that is empty, too long, or holds a path separator or a control character.
    Name,
    /// A PDF with JavaScript.
    Script,
    /// The file does not end as its format ends (cut off).
    Truncated,
}

/// The longest name kept, in characters.
pub const NAME_MAX_CHARS: usize = 200;

/// The types an attachment may have, with the extensions their names may carry.
const TYPES: [(&str, &[&str]); 3] = [("application/pdf", &["pdf"]), ("image/jpeg", &["jpg", "jpeg"]), ("image/png", &["png"])];

/// The file's name, trimmed, or `Name`: empty, over [`NAME_MAX_CHARS`], `.`/`..`, or holding
/// `/`, `\`, a control character (U+0000 included) or a bidirectional override (which makes
/// `gpj.exe` look like `exe.jpg`).
pub fn name(raw: &str) -> Result<String, Refusal> {
    let name = raw.trim();
    let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
    let bad = name.is_empty()
        || name.chars().count() > NAME_MAX_CHARS
        || name == "."
        || name == ".."
        || name.chars().any(|c| c == '/' || c == '\\' || c.is_control() || bidi(c));
    if bad { Err(Refusal::Name) } else { Ok(name.to_owned()) }
}

/// The media type of `bytes` (by content), checked against the name's extension, its end and,
/// for a PDF, its scripts.
pub fn media_type(name: &str, bytes: &[u8]) -> Result<&'static str, Refusal> {
    let found = infer::get(bytes).map(|t| t.mime_type()).ok_or(Refusal::Type)?;
    let (media_type, extensions) = TYPES.iter().find(|(t, _)| *t == found).ok_or(Refusal::Type)?;
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !extensions.contains(&extension.as_str()) {
        return Err(Refusal::Type);
    }
    if !complete(media_type, bytes) {
        return Err(Refusal::Truncated);
    }
    if *media_type == "application/pdf" {
        pdf_scripts(bytes)?;
    }
    Ok(media_type)
}

/// Whether the file ends as its format ends: a PDF's `%%EOF`, a PNG's `IEND` chunk, a JPEG's
/// end-of-image marker (each within the last 1 KiB: writers may append a newline or padding).
fn complete(media_type: &str, bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let holds = |needle: &[u8]| tail.windows(needle.len()).any(|w| w == needle);
    match media_type {
        "application/pdf" => holds(b"%%EOF"),
        "image/png" => holds(b"IEND\xAE\x42\x60\x82"),
        "image/jpeg" => holds(b"\xFF\xD9"),
        _ => false,
    }
}

/// PDF's delimiters and white space: where a name ends.
fn ends_name(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// Whether `bytes` hold the name `/JS` or `/JavaScript` (with `#xx` escapes decoded).
fn names_script(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'/' {
            i += 1;
            continue;
        }
        let mut name = Vec::new();
        let mut j = i + 1;
        while j < bytes.len() && !ends_name(bytes[j]) && name.len() <= 16 {
            if bytes[j] == b'#'
                && let Some(v) =
                    bytes.get(j + 1..j + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                name.push(v);
                j += 3;
            } else {
                name.push(bytes[j]);
                j += 1;
            }
        }
        if name == b"JS" || name == b"JavaScript" {
            return true;
        }
        i = j.max(i + 1);
    }
    false
}

/// The most bytes a PDF's streams may inflate to while they are searched (a PDF over it cannot
/// be checked and is refused: a decompression bomb in disguise).
const INFLATE_BUDGET: u64 = 64 * 1024 * 1024;

/// `Script` when the PDF names JavaScript, in its text or in a Flate-compressed stream (object
/// streams hold dictionaries); `Type` when its streams inflate past [`INFLATE_BUDGET`].
fn pdf_scripts(bytes: &[u8]) -> Result<(), Refusal> {
    if names_script(bytes) {
        return Err(Refusal::Script);
    }
    let mut budget = INFLATE_BUDGET;
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"stream") {
        let mut start = at + found + b"stream".len();
        // `endstream` also ends with `stream`: only a keyword followed by an end of line opens one.
        match bytes.get(start..start + 2) {
            Some([b'\r', b'\n']) => start += 2,
            Some([b'\n', _]) | Some([b'\r', _]) => start += 1,
            _ => {
                at = start;
                continue;
            }
        }
        let end = find(&bytes[start..], b"endstream").map_or(bytes.len(), |e| start + e);
        let mut inflated = Vec::new();
        let mut reader = flate2::read::ZlibDecoder::new(&bytes[start..end]).take(budget + 1);
        // Not Flate data (or broken): its raw bytes were searched already.
        let n = match reader.read_to_end(&mut inflated) {
            Ok(n) => n as u64,
            Err(_) => inflated.len() as u64,
        };
        if n > budget {
            return Err(Refusal::Type);
        }
        budget -= n;
        if names_script(&inflated) {
            return Err(Refusal::Script);
        }
        at = end;
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

    #[test]
    fn names() {
        assert_eq!(name("  申请书（盖章）.pdf "), Ok("申请书（盖章）.pdf".to_owned()));
        for bad in ["", "  ", "..", "a/b.pdf", "a\\b.pdf", "a\u{0}.pdf", "a\nb.pdf", "gpj\u{202E}.exe", &"x".repeat(201)] {
            assert_eq!(name(bad), Err(Refusal::Name), "{bad:?}");
        }
    }

    #[test]
    fn types_by_content() {
        assert_eq!(media_type("a.pdf", PDF), Ok("application/pdf"));
        assert_eq!(media_type("a.PDF", PDF), Ok("application/pdf"));
        assert_eq!(media_type("a.png", PDF), Err(Refusal::Type), "a PDF named .png");
        assert_eq!(media_type("a.pdf", b"hello"), Err(Refusal::Type));
        assert_eq!(media_type("a.png", b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest of a zip"), Err(Refusal::Type), "a zip named .png");
        assert_eq!(media_type("a.pdf", &PDF[..40]), Err(Refusal::Truncated));
        let png = [b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice(), &[0; 17], b"\0\0\0\0IEND\xAE\x42\x60\x82"].concat();
        assert_eq!(media_type("a.png", &png), Ok("image/png"));
        assert_eq!(media_type("a.png", &png[..png.len() - 4]), Err(Refusal::Truncated));
        assert_eq!(media_type("a.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF\0rest\xFF\xD9"), Ok("image/jpeg"));
    }

    #[test]
    fn scripts_in_pdfs() {
        let with = |s: &str| format!("%PDF-1.4\n1 0 obj << {s} >> endobj\n%%EOF\n").into_bytes();
        assert_eq!(media_type("a.pdf", &with("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")), Err(Refusal::Script));
        assert_eq!(media_type("a.pdf", &with("/S /Java#53cript")), Err(Refusal::Script), "escaped");
        assert_eq!(media_type("a.pdf", &with("/J#53 (x)")), Err(Refusal::Script));
        assert_eq!(media_type("a.pdf", &with("/JSON (not a script) /JavaScripts 1")), Ok("application/pdf"));
        // A script inside a compressed object stream.
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, b"<< /S /JavaScript /JS (x) >>").unwrap();
        let packed = z.finish().unwrap();
        let pdf =
            [b"%PDF-1.5\n2 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n".as_slice(), &packed, b"\nendstream\nendobj\n%%EOF\n"]
                .concat();
        assert_eq!(media_type("a.pdf", &pdf), Err(Refusal::Script));
    }
}
