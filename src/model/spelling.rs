//! API path version v1's spellings (spec §14): singular `webCheckoutDetail`,
//! `paymentDetail` and `statusDetail` where v2 writes the plural.
//!
//! Decoding accepts both (the wire types carry serde aliases); these
//! functions rename the members of a JSON value, for what is sent under v1
//! (the typed operations' bodies) and for a server that answers as v1 did
//! (the sandbox).

use serde_json::Value;

use crate::config::ApiVersion;

/// The members v1 spelled differently: (v2, v1).
pub const V1_SPELLINGS: [(&str, &str); 3] = [
    ("webCheckoutDetails", "webCheckoutDetail"),
    ("paymentDetails", "paymentDetail"),
    ("statusDetails", "statusDetail"),
];

/// Renames the members of `value`, at every depth, into `version`'s
/// spelling: under [`ApiVersion::V1`] `statusDetails` becomes `statusDetail`
/// (and the two others), under [`ApiVersion::V2`] the other way round. A
/// member already spelled both ways keeps the target spelling's value.
///
/// ```
/// use amazon_pay_core::ApiVersion;
/// use amazon_pay_core::model::respell;
///
/// let mut charge = serde_json::json!({"statusDetails": {"state": "Authorized"}});
/// respell(&mut charge, ApiVersion::V1);
/// assert_eq!(charge["statusDetail"]["state"], "Authorized");
/// respell(&mut charge, ApiVersion::V2);
/// assert!(charge.get("statusDetail").is_none());
/// ```
pub fn respell(value: &mut Value, version: ApiVersion) {
    match value {
        Value::Object(members) => {
            for (v2, v1) in V1_SPELLINGS {
                let (from, to) = match version {
                    ApiVersion::V1 => (v2, v1),
                    ApiVersion::V2 => (v1, v2),
                };
                if let Some(moved) = members.remove(from) {
                    members.entry(to).or_insert(moved);
                }
            }
            members
                .values_mut()
                .for_each(|member| respell(member, version));
        }
        Value::Array(items) => items.iter_mut().for_each(|item| respell(item, version)),
        _ => {}
    }
}

/// `body` (JSON) in `version`'s spelling; unchanged when nothing is to
/// rename or when it is not JSON.
pub fn respell_body(body: &[u8], version: ApiVersion) -> Vec<u8> {
    let renames = V1_SPELLINGS.iter().any(|(v2, v1)| {
        let from = match version {
            ApiVersion::V1 => v2,
            ApiVersion::V2 => v1,
        };
        contains(body, from.as_bytes())
    });
    if !renames {
        return body.to_vec();
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(mut value) => {
            respell(&mut value, version);
            serde_json::to_vec(&value).unwrap_or_else(|_| body.to_vec())
        }
        Err(_) => body.to_vec(),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
