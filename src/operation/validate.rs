//! The string rules of spec §7.1, checked before anything is signed. Each
//! failure is a [`ValidationError`] naming the field in Amazon's spelling.
//!
//! Lengths are counted in UTF-8 bytes: Amazon states them as
//! "characters/bytes" and only secondary sources give them, so the stricter
//! count is taken (a value that passes here is within Amazon's limit either
//! way). The soft descriptor, whose 16 is confirmed in characters, is the
//! exception ([`SoftDescriptor`](crate::lifecycle::SoftDescriptor)).

use std::borrow::Cow;

use crate::config::Environment;
use crate::model::MerchantMetadata;
use crate::validation::{Rule, ValidationError};

/// `merchantReferenceId`: at most 256 bytes.
pub const MERCHANT_REFERENCE_ID_MAX: usize = 256;
/// `merchantStoreName`: at most 50 bytes.
pub const MERCHANT_STORE_NAME_MAX: usize = 50;
/// `noteToBuyer`: at most 255 bytes.
pub const NOTE_TO_BUYER_MAX: usize = 255;
/// `customInformation`: at most 4096 bytes.
pub const CUSTOM_INFORMATION_MAX: usize = 4096;
/// `closureReason` (255, secondary source) and `cancellationReason`
/// (unpublished; the same limit is taken): at most 255 bytes.
pub const REASON_MAX: usize = 255;
/// Names in account data (`businessLegalName`, `storeName`): at most 255
/// bytes. UNCONFIRMED: Amazon publishes no limit for them; 255 is the
/// limit of Amazon's other free-text fields.
pub const NAME_MAX: usize = 255;
/// Return URLs: at most 512 bytes.
pub const RETURN_URL_MAX: usize = 512;
/// Ids in paths: at most 256 bytes.
pub const ID_MAX: usize = 256;

pub(crate) fn field(prefix: &str, name: &'static str) -> Cow<'static, str> {
    if prefix.is_empty() {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("{prefix}.{name}"))
    }
}

/// Free text: not empty, no control characters (tab and line breaks allowed
/// where `multiline`), at most `max` bytes.
pub(crate) fn text(
    field: impl Into<Cow<'static, str>>,
    value: &str,
    max: usize,
    multiline: bool,
) -> Result<(), ValidationError> {
    let fail = |rule| Err(ValidationError::new(field, rule));
    if value.is_empty() {
        return fail(Rule::Empty);
    }
    let allowed = |c: char| multiline && matches!(c, '\t' | '\n' | '\r');
    if value.chars().any(|c| c.is_control() && !allowed(c)) {
        return fail(Rule::ControlCharacter);
    }
    if value.len() > max {
        return fail(Rule::TooManyBytes {
            max,
            found: value.len(),
        });
    }
    Ok(())
}

/// An id used as a path segment: not empty, not `.` or `..`, no `/`,
/// whitespace or control characters, at most 256 bytes. Everything else is
/// percent-encoded when signed and sent.
pub(crate) fn path_id(field: &'static str, value: &str) -> Result<(), ValidationError> {
    let fail = |rule| Err(ValidationError::new(field, rule));
    if value.is_empty() {
        return fail(Rule::Empty);
    }
    if let Some(found) = value
        .chars()
        .find(|c| *c == '/' || c.is_whitespace() || c.is_control())
    {
        return fail(Rule::NotAllowedCharacter {
            found,
            allowed: "characters other than '/', whitespace and control characters",
        });
    }
    if value == "." || value == ".." {
        return fail(Rule::NotAllowedCharacter {
            found: '.',
            allowed: "ids other than \".\" and \"..\"",
        });
    }
    if value.len() > ID_MAX {
        return fail(Rule::TooManyBytes {
            max: ID_MAX,
            found: value.len(),
        });
    }
    Ok(())
}

/// A return URL: absolute `https://` (in Sandbox also `http://`) with a
/// host, no whitespace or control characters, at most 512 bytes.
pub(crate) fn return_url(
    field: impl Into<Cow<'static, str>>,
    url: &str,
    environment: Environment,
) -> Result<(), ValidationError> {
    let field = field.into();
    text(field.clone(), url, RETURN_URL_MAX, false)?;
    let fail = |rule| Err(ValidationError::new(field.clone(), rule));
    if let Some(found) = url.chars().find(|c| c.is_whitespace()) {
        return fail(Rule::NotAllowedCharacter {
            found,
            allowed: "URL characters without whitespace",
        });
    }
    let rest = match environment {
        Environment::Live => url.strip_prefix("https://"),
        Environment::Sandbox => url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://")),
    };
    let host = rest.and_then(|rest| rest.split(['/', '?', '#']).next());
    match host {
        Some(host) if !host.is_empty() => Ok(()),
        _ => fail(Rule::NotAnHttpsUrl {
            http_allowed: environment == Environment::Sandbox,
        }),
    }
}

/// `merchantMetadata`: each field's length and characters.
pub(crate) fn merchant_metadata(
    prefix: &str,
    metadata: &MerchantMetadata,
) -> Result<(), ValidationError> {
    let checks: [(&'static str, &Option<String>, usize, bool); 4] = [
        (
            "merchantReferenceId",
            &metadata.merchant_reference_id,
            MERCHANT_REFERENCE_ID_MAX,
            false,
        ),
        (
            "merchantStoreName",
            &metadata.merchant_store_name,
            MERCHANT_STORE_NAME_MAX,
            false,
        ),
        (
            "noteToBuyer",
            &metadata.note_to_buyer,
            NOTE_TO_BUYER_MAX,
            true,
        ),
        (
            "customInformation",
            &metadata.custom_information,
            CUSTOM_INFORMATION_MAX,
            true,
        ),
    ];
    for (name, value, max, multiline) in checks {
        if let Some(value) = value {
            text(field(prefix, name), value, max, multiline)?;
        }
    }
    Ok(())
}

/// `pageSize` of Get Reports: 1 to 100 (Amazon's documentation).
pub const PAGE_SIZE_MAX: u32 = 100;

/// A page size: between 1 and [`PAGE_SIZE_MAX`].
pub(crate) fn page_size_rule(value: u32) -> Result<(), ValidationError> {
    if (1..=PAGE_SIZE_MAX).contains(&value) {
        Ok(())
    } else {
        Err(ValidationError::new(
            "pageSize",
            Rule::OutOfRange {
                min: 1,
                max: u64::from(PAGE_SIZE_MAX),
                found: u64::from(value),
            },
        ))
    }
}

/// The paging parameters of a paged call.
pub(crate) fn paging(
    page_size: Option<u32>,
    next_token: Option<&crate::model::NextToken>,
) -> Result<(), ValidationError> {
    if let Some(size) = page_size {
        page_size_rule(size)?;
    }
    if let Some(token) = next_token {
        query_token("nextToken", token.as_str())?;
    }
    Ok(())
}

/// A time range whose ends are both optional: the end must not lie before
/// the start.
pub(crate) fn time_range(
    start_field: &'static str,
    start: Option<crate::timestamp::Timestamp>,
    end_field: &'static str,
    end: Option<crate::timestamp::Timestamp>,
) -> Result<(), ValidationError> {
    match (start, end) {
        (Some(start), Some(end)) if end < start => Err(ValidationError::new(
            end_field,
            Rule::EndsBeforeStart { start: start_field },
        )),
        _ => Ok(()),
    }
}

/// A word of a comma-separated query list (`reportTypes`,
/// `processingStatuses`): not empty, no comma, whitespace or control
/// characters — a value that would split or blur the list is refused.
pub(crate) fn list_word(field: &'static str, word: &str) -> Result<(), ValidationError> {
    if word.is_empty() {
        return Err(ValidationError::new(field, Rule::Empty));
    }
    if let Some(found) = word
        .chars()
        .find(|c| *c == ',' || c.is_whitespace() || c.is_control())
    {
        return Err(ValidationError::new(
            field,
            Rule::NotAllowedCharacter {
                found,
                allowed: "characters other than ',', whitespace and control characters",
            },
        ));
    }
    Ok(())
}

/// An opaque token or id sent in a query (`nextToken`, `merchantId`): not
/// empty, no control characters, at most 4096 bytes.
pub(crate) fn query_token(field: &'static str, token: &str) -> Result<(), ValidationError> {
    text(field, token, 4096, false)
}
