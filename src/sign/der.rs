//! Just enough DER to tell key documents apart before a backend sees them.
//!
//! The backends parse keys properly; this reader only classifies a document
//! (PKCS#8, encrypted PKCS#8, PKCS#1 private or public, SPKI, certificate),
//! reads the key algorithm's OID and the modulus size, so that every wrong
//! input gets its own error and no backend is handed a 100,000-bit modulus.
//! Every read is bounds-checked; malformed input yields `None`.

/// ASN.1 tags used here.
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const NULL: u8 = 0x05;
pub(crate) const OID: u8 = 0x06;
pub(crate) const SEQUENCE: u8 = 0x30;

/// OID 1.2.840.113549.1.1.1, rsaEncryption.
pub(crate) const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/// One tag-length-value element and what follows it.
pub(crate) struct Element<'a> {
    pub(crate) tag: u8,
    pub(crate) content: &'a [u8],
    pub(crate) rest: &'a [u8],
}

/// Reads one element (definite lengths of up to four bytes only).
/// Appends one DER element: `tag`, the definite length of `content`, then
/// `content`.
pub(crate) fn push_element(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        let significant = bytes.get(skip..).unwrap_or_default();
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
    out.extend_from_slice(content);
}

pub(crate) fn element(input: &[u8]) -> Option<Element<'_>> {
    let (&tag, input) = input.split_first()?;
    let (&first, input) = input.split_first()?;
    let (len, input) = if first < 0x80 {
        (usize::from(first), input)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let (bytes, input) = input.split_at_checked(count)?;
        let len = bytes
            .iter()
            .fold(0usize, |len, &b| (len << 8) | usize::from(b));
        (len, input)
    };
    let (content, rest) = input.split_at_checked(len)?;
    Some(Element { tag, content, rest })
}

/// Reads an element that must have `tag`.
pub(crate) fn expect(input: &[u8], tag: u8) -> Option<Element<'_>> {
    element(input).filter(|e| e.tag == tag)
}

/// The children of a constructed element's content, up to `max` of them.
pub(crate) fn children(mut content: &[u8], max: usize) -> Option<Vec<Element<'_>>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        if out.len() == max {
            return None;
        }
        let e = element(content)?;
        content = e.rest;
        out.push(e);
    }
    Some(out)
}

/// Bit length of a non-negative INTEGER's content (leading zeros ignored).
pub(crate) fn integer_bits(content: &[u8]) -> usize {
    let start = content
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(content.len());
    match content.get(start) {
        Some(&top) => (content.len() - start - 1) * 8 + (8 - top.leading_zeros() as usize),
        None => 0,
    }
}

/// Dotted text of an OID's content, for error messages.
pub(crate) fn oid_text(content: &[u8]) -> String {
    let mut parts: Vec<u64> = Vec::new();
    let mut value: u64 = 0;
    for &b in content {
        value = value
            .saturating_mul(128)
            .saturating_add(u64::from(b & 0x7f));
        if b & 0x80 == 0 {
            if parts.is_empty() {
                let first = (value / 40).min(2);
                parts.push(first);
                parts.push(value - first * 40);
            } else {
                parts.push(value);
            }
            value = 0;
        }
    }
    parts
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// A name for a key algorithm OID.
pub(crate) fn algorithm_name(oid: &[u8]) -> String {
    match oid {
        RSA_ENCRYPTION => "RSA".into(),
        [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a] => {
            "RSASSA-PSS-restricted RSA".into()
        }
        [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01] => "EC".into(),
        [0x2b, 0x65, 0x70] => "Ed25519".into(),
        [0x2b, 0x65, 0x71] => "Ed448".into(),
        [0x2b, 0x65, 0x6e] => "X25519".into(),
        [0x2b, 0x65, 0x6f] => "X448".into(),
        [0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01] => "DSA".into(),
        other => format!("OID {}", oid_text(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let e = element(&[0x02, 0x01, 0x05, 0xff]).unwrap();
        assert_eq!((e.tag, e.content, e.rest), (0x02, &[0x05][..], &[0xff][..]));
        let mut long = vec![0x04, 0x82, 0x01, 0x00];
        long.extend(std::iter::repeat_n(7, 256));
        assert_eq!(element(&long).unwrap().content.len(), 256);
        assert!(element(&[0x04, 0x82, 0x01]).is_none());
        assert!(element(&[0x04, 0x80]).is_none());
        assert!(element(&[0x04, 0x85, 1, 1, 1, 1, 1]).is_none());
        assert!(element(&[0x04, 0x05, 1]).is_none());
        assert!(element(&[]).is_none());
    }

    #[test]
    fn integer_bit_lengths() {
        assert_eq!(integer_bits(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(integer_bits(&[0x01]), 1);
        assert_eq!(integer_bits(&[0x00]), 0);
        assert_eq!(integer_bits(&[]), 0);
    }

    #[test]
    fn oid_names() {
        assert_eq!(oid_text(RSA_ENCRYPTION), "1.2.840.113549.1.1.1");
        assert_eq!(algorithm_name(&[0x2b, 0x65, 0x70]), "Ed25519");
        assert_eq!(algorithm_name(&[0x2b, 0x06]), "OID 1.3.6");
    }
}
