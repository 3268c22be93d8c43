//! The xlsb record encoding, shared by the fuzz targets' package builder and
//! the seed example (`examples/fuzz_seeds.rs` includes this file by path).

/// One xlsb record: its type and size as 7-bit varints, then its data.
pub fn record(typ: u32, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 6);
    for mut n in [typ, data.len() as u32] {
        loop {
            let b = (n & 0x7F) as u8;
            n >>= 7;
            if n == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
    }
    out.extend_from_slice(data);
    out
}

/// A wide string as xlsb writes it: its length in UTF-16 units, then the units.
pub fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut v = (units.len() as u32).to_le_bytes().to_vec();
    for u in units {
        v.extend(u.to_le_bytes());
    }
    v
}
