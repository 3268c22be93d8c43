//! Where rows come from: sniffing the format from the content, the CSV reader
//! (encoding and delimiter detection, streamed), and workbook sheets (calamine).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, Range, Reader};
use sha2::{Digest, Sha256};

use super::limits::{check_csv_record, too_large, BoundingBox, Limits, RowBound, ROW_LIMIT_HIT};
use super::value::{parse_iso, trim, When};
use crate::error::Location;
use crate::error::{Error, ErrorCode, Result};
use crate::model::FileFormat;
use crate::text::{megabytes, thousands};

mod csv;
mod sheet;
mod text;

pub use csv::*;
pub use sheet::*;
pub use text::*;

/// One cell as the importer sees it, borrowed from the reader.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    When(When),
    Error(&'a str),
}

impl<'a> Cell<'a> {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text, borrowed when it is text already.
    pub fn as_cow(&self) -> std::borrow::Cow<'a, str> {
        match *self {
            Cell::Text(s) | Cell::Error(s) => std::borrow::Cow::Borrowed(s),
            other => std::borrow::Cow::Owned(other.to_text()),
        }
    }

    /// The cell as text, as a spreadsheet would show a general-format cell.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Error(s) => (*s).to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => format_float(*f),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::When(w) => w.to_iso(),
        }
    }
}

/// Shortest text for a float (`731.94` not `731.9399999999999`).
pub fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let s = format!("{f:.10}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// A source of rows that can be read more than once (analysis pass, write pass).
pub trait RowSource: Send {
    /// Calls `f` with each row's 1-based row number (as a spreadsheet shows it)
    /// and its cells; stops early when `f` returns `Ok(false)`.
    fn each_row(&mut self, f: &mut dyn FnMut(u64, &[Cell<'_>]) -> Result<bool>) -> Result<()>;
}

// ---------------------------------------------------------------------------
// Sniffing

pub fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| {
        let code = if e.kind() == std::io::ErrorKind::NotFound {
            ErrorCode::FileNotFound
        } else {
            ErrorCode::Io
        };
        let what = if code == ErrorCode::FileNotFound {
            "the file does not exist".to_string()
        } else {
            format!("cannot open the file: {e}")
        };
        Error::at(code, loc(path), what)
    })
}

pub fn loc(path: &Path) -> Location {
    Location {
        file: file_label(path),
        ..Location::default()
    }
}

/// Decides the format from the first bytes and, for zip files, the entries.
pub fn sniff_format(path: &Path) -> Result<FileFormat> {
    if path.is_dir() {
        return Err(Error::at(
            ErrorCode::UnsupportedFormat,
            loc(path),
            "this is a folder, not a file",
        ));
    }
    let mut f = open(path)?;
    let mut head = [0u8; 8192];
    let mut n = 0;
    while n < head.len() {
        let m = f
            .read(&mut head[n..])
            .map_err(|e| Error::at(ErrorCode::Io, loc(path), e.to_string()))?;
        if m == 0 {
            break;
        }
        n += m;
    }
    let head = &head[..n];
    if head.is_empty() {
        return Err(Error::at(
            ErrorCode::UnsupportedFormat,
            loc(path),
            "the file is empty",
        ));
    }
    if head.starts_with(b"PK\x03\x04") {
        return sniff_zip(path);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(FileFormat::Xls);
    }
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !utf16 && head.contains(&0) {
        return Err(Error::at(
            ErrorCode::UnsupportedFormat,
            loc(path),
            "this is a binary file, not a spreadsheet or CSV (expected xlsx, xlsm, xls, xlsb, ods, or delimited text)",
        ));
    }
    Ok(FileFormat::Csv)
}

fn sniff_zip(path: &Path) -> Result<FileFormat> {
    let f = open(path)?;
    let zip = zip::ZipArchive::new(BufReader::new(f)).map_err(|e| {
        Error::at(
            ErrorCode::Unreadable,
            loc(path),
            format!("the file looks like a zip-based workbook but cannot be opened ({e}); it may be damaged or only partly downloaded"),
        )
    })?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("xl/workbook.bin") {
        Ok(FileFormat::Xlsb)
    } else if has("xl/workbook.xml") {
        Ok(FileFormat::Xlsx)
    } else if has("content.xml") {
        Ok(FileFormat::Ods)
    } else {
        Err(Error::at(
            ErrorCode::UnsupportedFormat,
            loc(path),
            "this is a zip archive but holds no workbook (expected an xlsx, xlsm, xlsb or ods file)",
        ))
    }
}

/// Reads the whole file in chunks, handing each to `f`.
fn each_chunk(path: &Path, mut f: impl FnMut(&[u8])) -> Result<()> {
    let mut file = open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| Error::at(ErrorCode::Io, loc(path), e.to_string()))?;
        if n == 0 {
            return Ok(());
        }
        f(&buf[..n]);
    }
}

/// sha256 of the file's bytes, hex.
pub fn hash_file(path: &Path) -> Result<String> {
    let mut h = Sha256::new();
    each_chunk(path, |chunk| h.update(chunk))?;
    Ok(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Column letters as a spreadsheet shows them: 0 -> A, 25 -> Z, 26 -> AA.
pub fn column_letter(mut index: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn delimiters_are_detected_with_quotes_respected() {
        assert_eq!(detect_delimiter(b"a,b,c\n1,2,3\n4,5,6\n"), b',');
        assert_eq!(detect_delimiter(b"a;b;c\n1,5;2;3\n4;5,5;6\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(detect_delimiter(b"a|b|c\n1|2|3\n"), b'|');
        assert_eq!(
            detect_delimiter(b"name;note\n\"x, y\";1\nz;\"a, b, c\"\n"),
            b';'
        );
        assert_eq!(
            detect_delimiter(b"name,note\n\"x; y\",1\nz,\"a; b\"\n"),
            b','
        );
    }

    #[test]
    fn floats_print_short() {
        assert_eq!(format_float(731.9399999999999), "731.94");
        assert_eq!(format_float(12.0), "12");
        assert_eq!(format_float(-0.5), "-0.5");
    }
}
