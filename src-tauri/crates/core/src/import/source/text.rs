//! Text files: encodings and the decoding reader. UTF-8 (with or without
//! BOM) and UTF-16 by their bytes; any other by chardetng's guess (GBK, Big5,
//! Shift_JIS, EUC-KR, Windows-1250/1251/1252 ...), except that DOS code page
//! 850 wins over Windows-1252 when the high bytes only make sense as 850's
//! letters (old DOS exports) and none is a box-drawing character or a
//! currency sign beside a number.

use super::*;

/// The text encodings Salescope reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16, little-endian (with its mark).
    Utf16Le,
    /// UTF-16, big-endian (with its mark).
    Utf16Be,
    /// DOS code page 850 (Western Europe), as old exports write it.
    Cp850,
    /// Any other encoding encoding_rs reads (Windows-1252, GBK, Shift_JIS ...).
    Legacy(&'static encoding_rs::Encoding),
}

impl TextEncoding {
    /// The encoding's name as the report shows it.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Cp850 => "DOS code page 850",
            TextEncoding::Legacy(e) if e == encoding_rs::WINDOWS_1250 => "Windows-1250",
            TextEncoding::Legacy(e) if e == encoding_rs::WINDOWS_1251 => "Windows-1251",
            TextEncoding::Legacy(e) if e == encoding_rs::WINDOWS_1252 => "Windows-1252",
            TextEncoding::Legacy(e) => e.name(),
        }
    }
}

/// What one full read of a text file tells: its hash and encoding.
pub struct TextScan {
    /// SHA-256 of the bytes.
    pub hash: String,
    /// The encoding decided.
    pub encoding: TextEncoding,
}

/// Reads the whole file once: hashes it, checks UTF-8 validity, and for legacy
/// single-byte text scores Windows-1252 against DOS 850 by whether the high
/// bytes decode to letters that fit their neighbours.
pub fn scan_text(path: &Path) -> Result<TextScan> {
    let mut h = Sha256::new();
    let mut first = true;
    let mut bom: Option<TextEncoding> = None;
    let mut utf8_ok = true;
    let mut carry: Vec<u8> = Vec::new();
    let mut prev: u8 = b' ';
    let (mut score_1252, mut score_850) = (0u64, 0u64);
    let mut pending_high: Option<u8> = None;
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let mut box_drawing = false;
    each_chunk(path, |chunk| {
        h.update(chunk);
        if first {
            first = false;
            if chunk.starts_with(&[0xEF, 0xBB, 0xBF]) {
                bom = Some(TextEncoding::Utf8Bom);
            } else if chunk.starts_with(&[0xFF, 0xFE]) {
                bom = Some(TextEncoding::Utf16Le);
            } else if chunk.starts_with(&[0xFE, 0xFF]) {
                bom = Some(TextEncoding::Utf16Be);
            }
        }
        if matches!(bom, Some(TextEncoding::Utf16Le | TextEncoding::Utf16Be)) {
            return;
        }
        if utf8_ok {
            carry.extend_from_slice(chunk);
            match std::str::from_utf8(&carry) {
                Ok(_) => carry.clear(),
                Err(e) => {
                    if e.error_len().is_some() {
                        utf8_ok = false;
                    } else {
                        let keep = carry.split_off(e.valid_up_to());
                        carry = keep;
                    }
                }
            }
        }
        for &b in chunk {
            if let Some(hb) = pending_high.take() {
                score_legacy(hb, prev, b, &mut score_1252, &mut score_850);
            }
            if b >= 0x80 && ('\u{2500}'..='\u{259f}').contains(&decode_850(b)) {
                box_drawing = true;
            }
            if b >= 0x80 {
                pending_high = Some(b);
            } else {
                prev = b;
            }
        }
    })?;
    if let Some(hb) = pending_high {
        score_legacy(hb, prev, b' ', &mut score_1252, &mut score_850);
    }
    if !carry.is_empty() {
        utf8_ok = false;
    }
    let encoding = match bom {
        Some(e) => e,
        None if utf8_ok => TextEncoding::Utf8,
        None => {
            // Not UTF-8 (rare): a second read for the detector, so that UTF-8
            // files, nearly all of them, pay nothing for it.
            each_chunk(path, |chunk| {
                detector.feed(chunk, false);
            })?;
            detector.feed(&[], true);
            let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
            // chardetng knows no DOS code pages: where it sees Western
            // European text, 850 wins when its letters fit better.
            if guess == encoding_rs::WINDOWS_1252 && score_850 > score_1252 && !box_drawing {
                TextEncoding::Cp850
            } else {
                TextEncoding::Legacy(guess)
            }
        }
    };
    Ok(TextScan {
        hash: hex(&h.finalize()),
        encoding,
    })
}

fn decode_1252(b: u8) -> char {
    let bytes = [b];
    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    s.chars().next().unwrap_or('\u{fffd}')
}

fn decode_850(b: u8) -> char {
    if b < 0x80 {
        b as char
    } else {
        oem_cp::code_table::DECODING_TABLE_CP850[(b - 0x80) as usize]
    }
}

/// A high byte between letters should decode to a letter of the same case;
/// one beside a digit or a space is more likely Windows-1252's currency sign
/// (`1.234,50 €`, `€ 12`) than 850's `Ç`.
fn score_legacy(b: u8, prev: u8, next: u8, s1252: &mut u64, s850: &mut u64) {
    if matches!(decode_1252(b), '€' | '£' | '¥')
        && (prev.is_ascii_digit() || next.is_ascii_digit() || prev == b' ' || next == b' ')
    {
        *s1252 += 2;
        return;
    }
    let ctx = if prev.is_ascii_alphabetic() {
        Some(prev.is_ascii_lowercase())
    } else if next.is_ascii_alphabetic() {
        Some(next.is_ascii_lowercase())
    } else {
        None
    };
    let fits = |c: char| -> bool {
        c.is_alphabetic()
            && match ctx {
                Some(lower) => c.is_lowercase() == lower,
                None => true,
            }
    };
    if fits(decode_1252(b)) {
        *s1252 += 1;
    }
    if fits(decode_850(b)) {
        *s850 += 1;
    }
}

/// A reader that turns DOS 850 bytes into UTF-8.
struct Cp850Reader<R> {
    inner: R,
    out: Vec<u8>,
    pos: usize,
}

impl<R: Read> Read for Cp850Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.out.len() {
            let mut raw = [0u8; 1 << 15];
            let n = self.inner.read(&mut raw)?;
            if n == 0 {
                return Ok(0);
            }
            self.out.clear();
            self.pos = 0;
            for &b in &raw[..n] {
                let mut tmp = [0u8; 4];
                self.out
                    .extend_from_slice(decode_850(b).encode_utf8(&mut tmp).as_bytes());
            }
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The file as UTF-8, BOM removed.
pub fn open_decoded(path: &Path, enc: TextEncoding) -> Result<Box<dyn Read>> {
    let f = BufReader::with_capacity(1 << 16, open(path)?);
    let encoding = match enc {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => encoding_rs::UTF_8,
        TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
        TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
        TextEncoding::Legacy(e) => e,
        TextEncoding::Cp850 => {
            return Ok(Box::new(Cp850Reader {
                inner: f,
                out: Vec::new(),
                pos: 0,
            }))
        }
    };
    if enc == TextEncoding::Utf8 {
        return Ok(Box::new(f));
    }
    Ok(Box::new(
        encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .strip_bom(true)
            .build(f),
    ))
}
