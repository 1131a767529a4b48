//! Authentication as Amazon's server must do it to accept the official
//! SDKs' requests — stricter than the core's `verify_request`, which checks
//! only that the signature matches what `SignedHeaders` lists.

use std::collections::HashMap;

use amazon_pay_core::operation::Response;
use amazon_pay_core::sign::{
    Authorization, PublicKey, RequestView, Signature, canonical_request, string_to_sign,
};
use amazon_pay_core::time::Duration;
use amazon_pay_core::{Region, Timestamp};

use crate::answer::{SandboxRequest, error};

/// Headers every request must sign (spec §8.4): the five every SDK signs.
pub const REQUIRED_SIGNED: [&str; 5] = [
    "accept",
    "content-type",
    "x-amz-pay-date",
    "x-amz-pay-host",
    "x-amz-pay-region",
];

/// How far in the future `x-amz-pay-date` may be: clock jitter between two
/// processes on one machine, no more.
pub const FUTURE_TOLERANCE: Duration = Duration::seconds(5);
/// How old `x-amz-pay-date` may be (Amazon publishes no figure; this is the
/// sandbox's choice, and a client that re-signs each attempt never hits it).
pub const MAX_AGE: Duration = Duration::minutes(15);

/// Who may call, and where.
#[derive(Debug, Clone, Default)]
pub(crate) struct Keys {
    keys: HashMap<String, PublicKey>,
}

impl Keys {
    pub(crate) fn register(&mut self, public_key_id: &str, key: PublicKey) {
        self.keys.insert(public_key_id.to_owned(), key);
    }

    /// Checks `request` as Amazon would at `now` (the real time of arrival)
    /// for a server at `host` in `region`. The caller's key id on success.
    pub(crate) fn authenticate<'h>(
        &self,
        request: &SandboxRequest,
        now: Timestamp,
        hosts: impl Iterator<Item = &'h String> + Clone,
        region: Region,
    ) -> Result<String, Response> {
        let authorization = single(request, "authorization")?;
        let parsed = Authorization::parse(authorization).map_err(|e| {
            error(
                403,
                "InvalidRequestSignature",
                format!("The authorization header is malformed: {e}"),
            )
        })?;
        let key = self.keys.get(parsed.public_key_id).ok_or_else(|| {
            error(
                403,
                "InvalidAuthentication",
                format!(
                    "Unknown public key id {:?}: register it with the sandbox first",
                    parsed.public_key_id
                ),
            )
        })?;
        let signed: Vec<String> = parsed
            .signed_headers
            .split(';')
            .map(str::to_ascii_lowercase)
            .collect();
        let mut needed: Vec<&str> = REQUIRED_SIGNED.to_vec();
        if request.header("x-amz-pay-idempotency-key").is_some() {
            needed.push("x-amz-pay-idempotency-key");
        }
        for name in needed {
            single(request, name)?;
            if !signed.iter().any(|s| s == name) {
                return Err(error(
                    403,
                    "InvalidRequestSignature",
                    format!("SignedHeaders must include {name}"),
                ));
            }
        }
        for name in &signed {
            if request.header_values(name).count() > 1 {
                return Err(error(
                    400,
                    "InvalidRequest",
                    format!("The signed header {name} appears more than once"),
                ));
            }
        }
        check_date(single(request, "x-amz-pay-date")?, now)?;
        let sent_host = single(request, "x-amz-pay-host")?;
        if !hosts.clone().any(|host| same_host(sent_host, host)) {
            let served: Vec<&String> = hosts.collect();
            return Err(error(
                400,
                "InvalidHeaderValue",
                format!("x-amz-pay-host is {sent_host:?}; this endpoint is {served:?}"),
            ));
        }
        let sent_region = single(request, "x-amz-pay-region")?;
        if Region::parse(sent_region).ok() != Some(region) {
            return Err(error(
                400,
                "InvalidHeaderValue",
                format!(
                    "x-amz-pay-region is {sent_region:?}; this endpoint serves {}",
                    region.as_str()
                ),
            ));
        }
        verify(request, key, &parsed)?;
        Ok(parsed.public_key_id.to_owned())
    }
}

/// The one value of a required header: absent is `MissingHeader`, empty is
/// `MissingHeaderValue`.
fn single<'r>(request: &'r SandboxRequest, name: &str) -> Result<&'r str, Response> {
    match request.header(name) {
        None => Err(error(
            400,
            "MissingHeader",
            format!("The header {name} is missing"),
        )),
        Some(value) if value.trim().is_empty() => Err(error(
            400,
            "MissingHeaderValue",
            format!("The header {name} has no value"),
        )),
        Some(value) => Ok(value),
    }
}

fn check_date(value: &str, now: Timestamp) -> Result<(), Response> {
    let date = Timestamp::parse(value).map_err(|_| {
        error(
            400,
            "InvalidHeaderValue",
            format!("x-amz-pay-date {value:?} is not an ISO 8601 UTC timestamp"),
        )
    })?;
    let ahead = date.since(now);
    if ahead > FUTURE_TOLERANCE {
        return Err(error(
            400,
            "InvalidHeaderValue",
            format!("x-amz-pay-date {value} should not be in future (server time {now})"),
        ));
    }
    if -ahead > MAX_AGE {
        return Err(error(
            400,
            "InvalidHeaderValue",
            format!("x-amz-pay-date {value} is too old (server time {now}; at most 15 minutes)"),
        ));
    }
    Ok(())
}

/// The signature, with the string to sign the server computed quoted on
/// failure, as Amazon does. `SignedHeaders` is taken as given: the core
/// canonicalizes the listed headers (lower-case names, values as received,
/// sorted) and the list's own line keeps the sender's spelling — the Node
/// SDK keeps a caller's header case there.
fn verify(
    request: &SandboxRequest,
    key: &PublicKey,
    parsed: &Authorization<'_>,
) -> Result<(), Response> {
    let invalid = |message: String| error(403, "InvalidRequestSignature", message);
    let (path, query) = split_target(&request.target);
    let query: Vec<(String, String)> = query.iter().map(|(n, v)| (decode(n), decode(v))).collect();
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let path = decode(path);
    let mut signed: Vec<(String, &str)> = Vec::new();
    for name in parsed.signed_headers.split(';') {
        let value = request
            .header(name)
            .ok_or_else(|| invalid(format!("The signed header {name:?} was not sent")))?;
        signed.push((name.to_ascii_lowercase(), value));
    }
    let headers: Vec<(&str, &str)> = signed.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    let view = RequestView {
        method: &request.method,
        path: &path,
        query: &query,
        headers: &headers,
        body: &request.body,
    };
    let canonical = canonical_request(&view)
        .map_err(|e| invalid(format!("The request cannot be canonicalized: {e}")))?;
    let given = parsed.signed_headers;
    if canonical.signed_headers() != given.to_ascii_lowercase() {
        return Err(invalid(format!(
            "SignedHeaders {given:?} must list the signed header names in sorted order"
        )));
    }
    let lower = format!("\n\n{}\n", canonical.signed_headers());
    let text = canonical
        .as_str()
        .replacen(&lower, &format!("\n\n{given}\n"), 1);
    let signature = Signature::from_base64(parsed.signature)
        .map_err(|e| invalid(format!("The signature is not base64: {e}")))?;
    let verifies = |text: &str| {
        let string_to_sign = string_to_sign(parsed.algorithm, text.as_bytes());
        key.verify(
            parsed.algorithm,
            string_to_sign.as_bytes(),
            signature.as_bytes(),
        )
        .map_err(|e| (string_to_sign, e))
    };
    match verifies(&text) {
        Ok(()) => Ok(()),
        // Amazon's query encoding is open (spec §8.3, §16): the Node SDK's
        // encodeURIComponent leaves ! ' ( ) * raw where RFC 3986 encodes
        // them. A signature over that spelling is accepted too.
        Err(first) => match node_query_spelling(&text) {
            Some(node) if verifies(&node).is_ok() => Ok(()),
            _ => {
                let (string_to_sign, e) = first;
                Err(invalid(format!(
                    "Unable to verify signature, signing String [{string_to_sign}] ({e})"
                )))
            }
        },
    }
}

/// The canonical request with its query line (the third) spelled as
/// JavaScript's `encodeURIComponent` spells it: `! ' ( ) *` unencoded.
/// `None` when the query has none of them.
fn node_query_spelling(canonical: &str) -> Option<String> {
    const KEPT: [(&str, &str); 5] = [
        ("%21", "!"),
        ("%27", "'"),
        ("%28", "("),
        ("%29", ")"),
        ("%2A", "*"),
    ];
    let mut lines: Vec<String> = canonical.split('\n').map(str::to_owned).collect();
    let query = lines.get_mut(2)?;
    if !KEPT.iter().any(|(encoded, _)| query.contains(encoded)) {
        return None;
    }
    for (encoded, raw) in KEPT {
        *query = query.replace(encoded, raw);
    }
    Some(lines.join("\n"))
}

fn split_target(target: &str) -> (&str, Vec<(&str, &str)>) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    (path, pairs)
}

/// Percent-decoding (invalid escapes are kept as they are).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|c| char::from(*c).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether two `host[:port]` authorities name one endpoint: equal ignoring
/// case, a default port (`:443`, `:80`) written or left out — an SDK signs
/// `127.0.0.1` for `https://127.0.0.1/`, which listens on 443.
fn same_host(a: &str, b: &str) -> bool {
    let bare = |host: &str| {
        host.strip_suffix(":443")
            .or_else(|| host.strip_suffix(":80"))
            .map_or(host.to_owned(), str::to_owned)
    };
    bare(a).eq_ignore_ascii_case(&bare(b))
}
