//! The canonical request and the string to sign: pure text, no cryptography
//! beyond SHA-256 (spec §8.2–§8.6).
//!
//! ```text
//! POST                                   method, upper case
//! /sandbox/v2/checkoutSessions           path, RFC 3986-encoded except '/'
//!                                        query: encoded, sorted, name=value&…
//! accept:application/json                headers: lower-case, trimmed, sorted
//! content-type:application/json
//! x-amz-pay-date:20240101T000000Z
//! x-amz-pay-host:pay-api.amazon.com
//! x-amz-pay-idempotency-key:abc123
//! x-amz-pay-region:na
//!                                        always one empty line
//! accept;content-type;x-amz-pay-date;…   signed header names
//! bdc69c4f16c57e18ff447999fe3701eb6d…    hex SHA-256 of the body bytes
//! ```
//!
//! ```
//! use amazon_pay_core::sign::{Algorithm, RequestView, canonical_request};
//!
//! let view = RequestView {
//!     method: "GET",
//!     path: "/live/v2/charges/S01-0000000-0000000-C000000",
//!     query: &[],
//!     headers: &[
//!         ("accept", "application/json"),
//!         ("content-type", "application/json"),
//!         ("x-amz-pay-date", "20240101T000000Z"),
//!         ("x-amz-pay-host", "pay-api.amazon.eu"),
//!         ("x-amz-pay-region", "eu"),
//!     ],
//!     body: b"",
//! };
//! let canonical = canonical_request(&view)?;
//! assert_eq!(canonical.hash_hex(), "41e9506f188b9d1ecddf3a93057e20c2b8450bb5057d6a2683b7cb5b514592f1");
//! assert!(canonical.string_to_sign(Algorithm::RsassaPssV2).starts_with("AMZN-PAY-RSASSA-PSS-V2\n41e9506f"));
//! # Ok::<(), amazon_pay_core::ValidationError>(())
//! ```

use std::borrow::Cow;
use std::ops::Range;

use sha2::{Digest, Sha256};

use crate::sign::Algorithm;
use crate::validation::{Rule, ValidationError};

/// A borrowed view of a request, exactly as it will be sent: what the
/// canonical request is computed from.
///
/// `path` and the query are given *decoded*; this module encodes them (and
/// [`canonical_uri`] / [`canonical_query`] give the same encoded text for the
/// URL, so what is sent is what is signed). Every header in `headers` is
/// signed.
#[derive(Debug, Clone, Copy)]
pub struct RequestView<'a> {
    /// The HTTP method, in any case (`post` becomes `POST`).
    pub method: &'a str,
    /// The absolute path, starting with `/`, not percent-encoded.
    pub path: &'a str,
    /// Query parameters (name, value), not percent-encoded; order and
    /// repetition as the caller likes — they are sorted here.
    pub query: &'a [(&'a str, &'a str)],
    /// The headers to sign (name, value).
    pub headers: &'a [(&'a str, &'a str)],
    /// The exact body bytes.
    pub body: &'a [u8],
}

/// The canonical request text and the `SignedHeaders` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    text: String,
    /// Byte range of the encoded path (line 2) in `text`.
    uri: Range<usize>,
    /// Byte range of the encoded query (line 3) in `text`.
    query: Range<usize>,
    /// Byte range of the `name:value\n` lines in `text`.
    header_lines: Range<usize>,
    /// Byte ranges of each signed header's name and value in `text`.
    header_spans: Vec<(Range<usize>, Range<usize>)>,
    /// Byte range of the `SignedHeaders` line in `text` (without its `\n`).
    signed_headers: Range<usize>,
}

impl CanonicalRequest {
    /// The canonical request, lines joined by `\n`, no trailing newline.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The signed header names, lower case, sorted, joined by `;`.
    pub fn signed_headers(&self) -> &str {
        self.text
            .get(self.signed_headers.clone())
            .unwrap_or_default()
    }

    /// The signed headers as signed: lower-case names, normalised values,
    /// sorted by name. Send these values to send exactly what was signed.
    pub fn headers(&self) -> Vec<(&str, &str)> {
        self.header_pairs().collect()
    }

    /// [`headers`](Self::headers), without collecting them.
    pub(crate) fn header_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.header_spans.iter().map(|(name, value)| {
            (
                self.text.get(name.clone()).unwrap_or_default(),
                self.text.get(value.clone()).unwrap_or_default(),
            )
        })
    }

    /// The bytes of the signed headers' lines: at least the sum of their
    /// names' and values' lengths.
    pub(crate) fn header_bytes(&self) -> usize {
        self.header_lines.len()
    }

    /// The path as signed and sent (percent-encoded).
    pub(crate) fn uri(&self) -> &str {
        self.text.get(self.uri.clone()).unwrap_or_default()
    }

    /// The query as signed and sent (encoded, sorted); empty for none.
    pub(crate) fn query(&self) -> &str {
        self.text.get(self.query.clone()).unwrap_or_default()
    }

    /// Lower-case hex SHA-256 of the canonical request.
    pub fn hash_hex(&self) -> String {
        hex(&Sha256::digest(self.text.as_bytes()))
    }

    /// `ALGORITHM + "\n" + hex(SHA-256(canonical request))`: the text the
    /// signature is computed over.
    pub fn string_to_sign(&self, algorithm: Algorithm) -> String {
        string_to_sign(algorithm, self.text.as_bytes())
    }

    /// [`string_to_sign`](Self::string_to_sign) written into `buf` (no
    /// allocation); the bytes written.
    pub(crate) fn string_to_sign_into<'b>(
        &self,
        algorithm: Algorithm,
        buf: &'b mut [u8; STRING_TO_SIGN_MAX],
    ) -> &'b [u8] {
        let name = algorithm.as_str().as_bytes();
        let digest = Sha256::digest(self.text.as_bytes());
        let mut len = 0;
        for &byte in name.iter().chain(b"\n") {
            if let Some(slot) = buf.get_mut(len) {
                *slot = byte;
                len += 1;
            }
        }
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for byte in digest {
            for nibble in [byte >> 4, byte & 0x0f] {
                if let Some(slot) = buf.get_mut(len) {
                    *slot = HEX[usize::from(nibble)];
                    len += 1;
                }
            }
        }
        buf.get(..len).unwrap_or_default()
    }
}

/// The longest string to sign: the longest algorithm name, `\n`, 64 hex digits.
pub(crate) const STRING_TO_SIGN_MAX: usize = 96;

/// `ALGORITHM + "\n" + hex(SHA-256(data))`. For requests `data` is the
/// canonical request; for the button it is the payload (spec §9).
pub fn string_to_sign(algorithm: Algorithm, data: &[u8]) -> String {
    let name = algorithm.as_str();
    let mut out = String::with_capacity(name.len() + 65);
    out.push_str(name);
    out.push('\n');
    push_hex(&mut out, &Sha256::digest(data));
    out
}

/// Computes the canonical request of `view`.
///
/// Refuses (never signs silently): a method that is not ASCII letters; a path
/// not starting with `/`; an empty or non-token header name; two headers whose
/// names are equal ignoring case; a header value with a CR, LF or other control
/// character.
pub fn canonical_request(view: &RequestView<'_>) -> Result<CanonicalRequest, ValidationError> {
    if view.method.is_empty() || !view.method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(ValidationError::new("method", Rule::NotAToken));
    }
    let headers = canonical_headers(view.headers)?;

    let header_bytes: usize = headers.iter().map(|(n, v)| 2 * n.len() + v.len() + 2).sum();
    let mut text =
        String::with_capacity(view.method.len() + view.path.len() * 3 + header_bytes + 96);
    text.extend(view.method.chars().map(|c| c.to_ascii_uppercase()));
    text.push('\n');
    let uri_start = text.len();
    push_canonical_uri(&mut text, view.path)?;
    let uri = uri_start..text.len();
    text.push('\n');
    let query_start = text.len();
    push_canonical_query(&mut text, view.query);
    let query = query_start..text.len();
    text.push('\n');
    let lines_start = text.len();
    let mut header_spans = Vec::with_capacity(headers.len());
    for (name, value) in &headers {
        let name_start = text.len();
        text.push_str(name);
        let name_end = text.len();
        text.push(':');
        text.push_str(value);
        header_spans.push((name_start..name_end, name_end + 1..text.len()));
        text.push('\n');
    }
    let header_lines = lines_start..text.len();
    text.push('\n');
    let signed_start = text.len();
    for (i, (name, _)) in headers.iter().enumerate() {
        if i > 0 {
            text.push(';');
        }
        text.push_str(name);
    }
    let signed_headers = signed_start..text.len();
    text.push('\n');
    push_hex(&mut text, &Sha256::digest(view.body));
    Ok(CanonicalRequest {
        text,
        uri,
        query,
        header_lines,
        header_spans,
        signed_headers,
    })
}

/// The path as it is signed and sent: every byte outside RFC 3986's
/// unreserved set and `/` percent-encoded with upper-case hex; `/` for an
/// empty path. Errors if the path does not start with `/`.
pub fn canonical_uri(path: &str) -> Result<String, ValidationError> {
    let mut out = String::with_capacity(path.len() + 8);
    push_canonical_uri(&mut out, path)?;
    Ok(out)
}

fn push_canonical_uri(out: &mut String, path: &str) -> Result<(), ValidationError> {
    if path.is_empty() {
        out.push('/');
        return Ok(());
    }
    if !path.starts_with('/') {
        return Err(ValidationError::new("path", Rule::NotAbsolutePath));
    }
    push_encoded(out, path, true);
    Ok(())
}

/// The query string as it is signed and sent: names and values encoded from
/// UTF-8 with RFC 3986's unreserved set, pairs sorted by encoded name then
/// encoded value, joined as `name=value&…`; repeated names and empty values
/// are kept. Empty for no parameters.
pub fn canonical_query(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    push_canonical_query(&mut out, pairs);
    out
}

fn push_canonical_query(out: &mut String, pairs: &[(&str, &str)]) {
    if pairs.is_empty() {
        return;
    }
    let mut encoded: Vec<(String, String)> = pairs
        .iter()
        .map(|(name, value)| (encode(name), encode(value)))
        .collect();
    encoded.sort_unstable();
    for (i, (name, value)) in encoded.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
}

/// RFC 3986 percent-encoding of the UTF-8 bytes of `text`, leaving only
/// `A–Z a–z 0–9 - . _ ~` as they are.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_encoded(&mut out, text, false);
    out
}

fn push_encoded(out: &mut String, text: &str, keep_slash: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

/// Checks one header as [`canonical_request`] does, and returns its value
/// normalised (trimmed, inner whitespace collapsed).
pub(crate) fn check_header<'v>(
    name: &str,
    value: &'v str,
) -> Result<Cow<'v, str>, ValidationError> {
    if name.is_empty() || !name.bytes().all(is_token_byte) {
        return Err(ValidationError::new(header_field(name), Rule::NotAToken));
    }
    normalise_value(value).map_err(|rule| ValidationError::new(header_field(name), rule))
}

/// A header as signed: lower-case name, normalised value.
type Header<'a> = (Cow<'a, str>, Cow<'a, str>);

/// Lower-cased, validated, normalised and sorted headers, borrowed where
/// nothing had to change.
fn canonical_headers<'a>(
    headers: &[(&'a str, &'a str)],
) -> Result<Vec<Header<'a>>, ValidationError> {
    let mut out: Vec<Header<'a>> = Vec::with_capacity(headers.len());
    for &(name, value) in headers {
        let value = check_header(name, value)?;
        let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        };
        out.push((name, value));
    }
    // Requests built by this crate arrive sorted already.
    if !out.is_sorted_by(|a, b| a.0 <= b.0) {
        out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
    if let Some(pair) = out.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        // Name the two headers as the caller spelled them.
        let spelled = |lower: &str, skip: usize| {
            headers
                .iter()
                .filter(|(name, _)| name.eq_ignore_ascii_case(lower))
                .nth(skip)
                .map_or(lower.to_owned(), |(name, _)| (*name).to_owned())
        };
        return Err(ValidationError::new(
            header_field(&spelled(&pair[1].0, 1)),
            Rule::DuplicateHeader {
                other: spelled(&pair[0].0, 0),
            },
        ));
    }
    Ok(out)
}

pub(crate) fn header_field(name: &str) -> String {
    format!("header {:?}", crate::validation::excerpt(name))
}

/// RFC 9110 `tchar`.
fn is_token_byte(b: u8) -> bool {
    TOKEN[usize::from(b)]
}

/// [`is_token_byte`] as a table: every header name of every request is
/// checked byte by byte.
const TOKEN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        b += 1;
    }
    table
};

/// Trims spaces and tabs at both ends and collapses inner runs to one space.
fn normalise_value(value: &str) -> Result<Cow<'_, str>, Rule> {
    // Fast path: printable ASCII with single inner spaces needs no work.
    let bytes = value.as_bytes();
    let mut previous_space = true; // a leading space is not simple
    let mut simple = true;
    for &b in bytes {
        let space = b == b' ';
        if !(space || (0x21..0x7f).contains(&b)) || (space && previous_space) {
            simple = false;
            break;
        }
        previous_space = space;
    }
    let simple = simple && bytes.last() != Some(&b' ');
    if simple {
        return Ok(Cow::Borrowed(value));
    }
    let mut out = String::with_capacity(value.len());
    let mut pending_space = false;
    for c in value.chars() {
        match c {
            '\r' | '\n' => return Err(Rule::LineBreak),
            ' ' | '\t' => pending_space = !out.is_empty(),
            c if c.is_control() => return Err(Rule::ControlCharacter),
            c => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        }
    }
    Ok(Cow::Owned(out))
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    out
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_to_sign_on_the_stack_is_the_same() {
        let view = RequestView {
            method: "POST",
            path: "/v2/charges",
            query: &[("a", "b c")],
            headers: &[("x-amz-pay-date", "20240301T102233Z")],
            body: b"{}",
        };
        let canonical = canonical_request(&view).unwrap();
        for algorithm in [Algorithm::RsassaPss, Algorithm::RsassaPssV2] {
            let mut buf = [0; STRING_TO_SIGN_MAX];
            assert_eq!(
                canonical.string_to_sign_into(algorithm, &mut buf),
                canonical.string_to_sign(algorithm).as_bytes()
            );
        }
        assert_eq!(canonical.uri(), "/v2/charges");
        assert_eq!(canonical.query(), "a=b%20c");
    }

    #[test]
    fn encoding_follows_rfc_3986() {
        assert_eq!(
            encode("a b*c~d'!()/,:+é"),
            "a%20b%2Ac~d%27%21%28%29%2F%2C%3A%2B%C3%A9"
        );
        assert_eq!(encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(encode(""), "");
        assert_eq!(canonical_uri("/a b/ü/x").unwrap(), "/a%20b/%C3%BC/x");
        assert_eq!(canonical_uri("").unwrap(), "/");
        assert_eq!(
            canonical_uri("relative").unwrap_err().rule(),
            &Rule::NotAbsolutePath
        );
    }

    #[test]
    fn query_is_sorted_by_encoded_name_then_value() {
        let q = canonical_query(&[
            ("b", "2"),
            ("a", "z"),
            ("a", ""),
            ("a", "y"),
            ("é", "1"),
            ("Z", "0"),
        ]);
        assert_eq!(q, "%C3%A9=1&Z=0&a=&a=y&a=z&b=2");
        assert_eq!(canonical_query(&[]), "");
    }

    #[test]
    fn header_values_are_trimmed_and_collapsed() {
        assert_eq!(normalise_value("  a \t  b  c\t").unwrap(), "a b c");
        assert_eq!(normalise_value("").unwrap(), "");
        assert_eq!(normalise_value("   ").unwrap(), "");
        assert_eq!(normalise_value("a\r\nb").unwrap_err(), Rule::LineBreak);
        assert_eq!(normalise_value("a\nb").unwrap_err(), Rule::LineBreak);
        assert_eq!(
            normalise_value("a\u{0}b").unwrap_err(),
            Rule::ControlCharacter
        );
    }

    #[test]
    fn headers_differing_only_in_case_are_refused() {
        let view = RequestView {
            method: "GET",
            path: "/",
            query: &[],
            headers: &[("X-Amz-Pay-Date", "1"), ("x-amz-pay-date", "2")],
            body: b"",
        };
        let err = canonical_request(&view).unwrap_err();
        assert!(matches!(err.rule(), Rule::DuplicateHeader { .. }), "{err}");
        assert!(err.to_string().contains("x-amz-pay-date"), "{err}");
    }

    #[test]
    fn bad_methods_and_names_are_refused() {
        let view = |method, name| RequestView {
            method,
            path: "/",
            query: &[],
            headers: std::slice::from_ref(Box::leak(Box::new((name, "v")))),
            body: b"",
        };
        assert_eq!(
            canonical_request(&view("GE T", "a")).unwrap_err().field(),
            "method"
        );
        assert_eq!(
            canonical_request(&view("", "a")).unwrap_err().field(),
            "method"
        );
        assert_eq!(
            canonical_request(&view("GET", "")).unwrap_err().rule(),
            &Rule::NotAToken
        );
        assert_eq!(
            canonical_request(&view("GET", "a b")).unwrap_err().rule(),
            &Rule::NotAToken
        );
        assert_eq!(
            canonical_request(&view("GET", "a:b")).unwrap_err().rule(),
            &Rule::NotAToken
        );
        assert!(
            canonical_request(&view("patch", "x-amz-pay-x"))
                .unwrap()
                .as_str()
                .starts_with("PATCH\n")
        );
    }
}
