//! [`Response`]: status, headers and body bytes; [`ApiError`]: what an
//! unsuccessful one means, typed (spec §5.3, §6, §8.10).

use std::fmt;

use crate::model::{ErrorCode, ErrorResponse};

/// An HTTP response as the caller's client received it: status, headers and
/// body bytes. The crate never reads from the network; you fill this in.
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    /// A response with `status` and `body`, no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// With one more header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The headers, as received.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first header named `name`, ignoring ASCII case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Amazon's request id (`x-amz-pay-request-id`), for support requests.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-amz-pay-request-id")
    }
}

impl fmt::Debug for Response {
    /// The body may carry buyer data; only its length is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// Why a body could not be read as Amazon's error JSON. Its JSON is the
/// variant's name (`"NotJson"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub enum Unreadable {
    /// The body is empty.
    Empty,
    /// The body is not JSON (an HTML error page from a proxy or load
    /// balancer, a truncated body, …).
    NotJson,
    /// The body is JSON but has no `reasonCode`.
    NoReasonCode,
    /// A success status whose body is not the object the operation returns.
    NotTheObject,
}

/// What an unsuccessful response says.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// Amazon's error JSON: a `reasonCode` (§5.3, §6; unknown codes kept)
    /// and its message.
    Amazon {
        /// The code.
        code: ErrorCode,
        /// Amazon's message, if any.
        message: Option<String>,
    },
    /// A body that is not Amazon's error JSON. `snippet` is a short, safe
    /// excerpt: at most 120 characters, control characters replaced.
    Unreadable {
        /// Why it could not be read.
        reason: Unreadable,
        /// The start of the body.
        snippet: String,
    },
}

/// An unsuccessful answer from Amazon: the status, what the body says,
/// Amazon's request id, and the operation it answered when known.
///
/// The variant says what to do: [`is_retryable`](Self::is_retryable) for the
/// statuses and codes worth another attempt, and the `Display` text for the
/// rest. For `InvalidRequestSignature`,
/// [`string_to_sign`](Self::string_to_sign) gives the string to sign Amazon
/// computed, to compare with the crate's.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    status: u16,
    kind: ApiErrorKind,
    request_id: Option<String>,
    operation: Option<&'static str>,
}

/// As data: `{"code", "status", "retryable", "advice"}` and, where known,
/// `"message"` (Amazon's), `"requestId"`, `"operation"`, `"stringToSign"`
/// (for `InvalidRequestSignature`) and `"snippet"` (the start of a body that
/// is not Amazon's error JSON).
impl serde::Serialize for ApiError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code_str())?;
        map.serialize_entry("status", &self.status)?;
        map.serialize_entry("retryable", &self.is_retryable())?;
        map.serialize_entry("advice", self.advice())?;
        let optional = [
            ("message", self.message()),
            ("requestId", self.request_id()),
            ("operation", self.operation()),
            ("stringToSign", self.string_to_sign()),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                map.serialize_entry(key, value)?;
            }
        }
        if let ApiErrorKind::Unreadable { snippet, .. } = &self.kind {
            map.serialize_entry("snippet", snippet)?;
        }
        map.end()
    }
}

/// Statuses worth another attempt (spec §11).
const RETRYABLE_STATUSES: [u16; 7] = [408, 425, 429, 500, 502, 503, 504];

/// Longest snippet of an unreadable body kept in an error.
const SNIPPET_CHARS: usize = 120;

impl ApiError {
    /// Reads an unsuccessful response. Never fails and never panics: a body
    /// that is not Amazon's error JSON becomes [`ApiErrorKind::Unreadable`]
    /// with a short snippet, keeping the status.
    pub fn from_response(response: &Response) -> ApiError {
        let body = response.body();
        let kind = if body.iter().all(u8::is_ascii_whitespace) {
            ApiErrorKind::Unreadable {
                reason: Unreadable::Empty,
                snippet: String::new(),
            }
        } else {
            match serde_json::from_slice::<ErrorResponse>(body) {
                Ok(ErrorResponse {
                    reason_code: Some(code),
                    message,
                    ..
                }) => ApiErrorKind::Amazon { code, message },
                Ok(_) => ApiErrorKind::Unreadable {
                    reason: Unreadable::NoReasonCode,
                    snippet: snippet(body),
                },
                Err(_) => ApiErrorKind::Unreadable {
                    reason: Unreadable::NotJson,
                    snippet: snippet(body),
                },
            }
        };
        ApiError {
            status: response.status(),
            kind,
            request_id: response.request_id().map(str::to_owned),
            operation: None,
        }
    }

    /// A success status whose body does not decode into the operation's
    /// output.
    pub fn unexpected(response: &Response) -> ApiError {
        ApiError {
            status: response.status(),
            // A success body may carry buyer data: no snippet.
            kind: ApiErrorKind::Unreadable {
                reason: Unreadable::NotTheObject,
                snippet: String::new(),
            },
            request_id: response.request_id().map(str::to_owned),
            operation: None,
        }
    }

    /// With the name of the operation the response answered.
    pub fn for_operation(mut self, operation: &'static str) -> ApiError {
        self.operation = Some(operation);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// What the body says.
    pub fn kind(&self) -> &ApiErrorKind {
        &self.kind
    }

    /// Amazon's `reasonCode`, when the body had one.
    pub fn code(&self) -> Option<&ErrorCode> {
        match &self.kind {
            ApiErrorKind::Amazon { code, .. } => Some(code),
            ApiErrorKind::Unreadable { .. } => None,
        }
    }

    /// The error's machine-readable code as text: Amazon's `reasonCode`
    /// (`"InvalidChargeStatus"`, or an unknown code as Amazon spelled it),
    /// or for a body without one, why it could not be read (`"Empty"`,
    /// `"NotJson"`, `"NoReasonCode"`, `"NotTheObject"`). The `code` member
    /// of the error's JSON.
    pub fn code_str(&self) -> &str {
        match &self.kind {
            ApiErrorKind::Amazon { code, .. } => code.as_str(),
            ApiErrorKind::Unreadable { reason, .. } => reason.code(),
        }
    }

    /// Amazon's message, when the body had one.
    pub fn message(&self) -> Option<&str> {
        match &self.kind {
            ApiErrorKind::Amazon { message, .. } => message.as_deref(),
            ApiErrorKind::Unreadable { .. } => None,
        }
    }

    /// Amazon's request id (`x-amz-pay-request-id`), if the response had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The operation the response answered, if known.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }

    /// For `InvalidRequestSignature`: the string to sign Amazon computed,
    /// quoted in its message ("… signing String [AMZN-PAY-RSASSA-PSS-V2\n…]").
    /// Compare it with the crate's (`SignedRequest::canonical_request`) to
    /// find what differs.
    pub fn string_to_sign(&self) -> Option<&str> {
        if self.code() != Some(&ErrorCode::InvalidRequestSignature) {
            return None;
        }
        let message = self.message()?;
        let start = message.find("[AMZN-PAY-RSASSA-")? + 1;
        let rest = message.get(start..)?;
        let end = rest.rfind(']')?;
        rest.get(..end)
    }

    /// Whether another attempt may succeed: the statuses 408, 425, 429, 500,
    /// 502, 503 and 504, and the codes of throttling, timeouts and Amazon's
    /// own failures. Retry a call that creates or moves money only with the
    /// same idempotency key.
    pub fn is_retryable(&self) -> bool {
        let code_says = matches!(
            self.code(),
            Some(
                ErrorCode::TooManyRequests
                    | ErrorCode::RequestThrottled
                    | ErrorCode::RequestTimeout
                    | ErrorCode::InternalServerError
                    | ErrorCode::ServiceUnavailable
            )
        );
        code_says || RETRYABLE_STATUSES.contains(&self.status)
    }

    /// What to do about it, in a sentence.
    pub fn advice(&self) -> &'static str {
        use ErrorCode as C;
        let Some(code) = self.code() else {
            return if self.is_retryable() {
                "the body is not Amazon's error JSON (a proxy or an outage?); retry with backoff"
            } else {
                "the body is not Amazon's error JSON; check the host, any proxy in between, and the request"
            };
        };
        match code {
            C::InvalidHeaderValue => {
                "a header value was refused; if it is x-amz-pay-date, fix the clock (it must not be in the future)"
            }
            C::InvalidRequestSignature => {
                "the signature did not verify: compare Amazon's string to sign (ApiError::string_to_sign) with the crate's, and check the key id and private key"
            }
            C::InvalidAuthentication | C::UnauthorizedAccess | C::InvalidAuthorizationToken => {
                "check the public key id, the private key, the region and any delegation token"
            }
            C::InvalidAccountStatus => {
                "the merchant account cannot do this; check it in Seller Central"
            }
            C::DuplicateIdempotencyKey => {
                "this idempotency key was used with other values; use a new key for a new request"
            }
            C::ResourceNotFound => {
                "no such object (a Checkout Session is deleted 30 days after creation); check the id and the environment"
            }
            C::InvalidCheckoutSessionStatus
            | C::InvalidChargePermissionStatus
            | C::InvalidChargeStatus
            | C::ChargePermissionNotModifiable
            | C::CheckoutSessionCanceled => {
                "the object is not in a state that allows this; Get the object and follow its state"
            }
            C::AmountMismatch | C::CurrencyMismatch => {
                "send the amount and currency set at checkout"
            }
            // The same code answers a capture, a refund and a charge; the
            // remedy depends on which.
            C::TransactionAmountExceeded => match self.operation {
                Some("Capture Charge") => {
                    "the capture is more than the charge authorized; capture at most chargeAmount \
                     (and create another charge on the permission for more)"
                }
                Some("Create Refund") => {
                    "the refunds would pass the captured amount plus Amazon's allowance \
                     (the lesser of 15 % and 75 USD/EUR/GBP or 8,400 JPY); refund less"
                }
                _ => {
                    "the Charge Permission's amount limit is reached; charge less, or ask the \
                      buyer to check out again for more"
                }
            },
            C::TransactionCountExceeded => {
                "the Charge Permission has had the most charges Amazon allows (25 for OneTime); \
                 ask the buyer to check out again"
            }
            C::PeriodicAmountExceeded => {
                "the permission's limit for this month is reached; charge less, or wait for the \
                 next month"
            }
            C::SoftDeclined | C::ProcessingFailure | C::TransactionTimedOut => {
                "declined for now; retry later, and if it keeps failing ask the buyer for another payment method"
            }
            C::HardDeclined | C::AmazonRejected | C::PaymentMethodNotAllowed => {
                "declined; ask the buyer for another payment method or another checkout"
            }
            C::MfaNotCompleted => "the buyer must complete multi-factor authentication first",
            C::TooManyRequests | C::RequestThrottled => "throttled; retry with exponential backoff",
            C::InternalServerError | C::ServiceUnavailable | C::RequestTimeout => {
                "Amazon could not answer; retry with backoff, with the same idempotency key"
            }
            _ if self.is_retryable() => "retry with backoff, with the same idempotency key",
            _ => "the request was refused; read Amazon's message and fix the request",
        }
    }
}

/// At most [`SNIPPET_CHARS`] characters of `body`, lossily decoded, control
/// characters replaced by spaces.
fn snippet(body: &[u8]) -> String {
    let head = body.get(..SNIPPET_CHARS * 4).unwrap_or(body);
    String::from_utf8_lossy(head)
        .chars()
        .take(SNIPPET_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Amazon Pay answered ")?;
        if let Some(operation) = self.operation {
            write!(f, "{operation} with ")?;
        }
        write!(f, "HTTP {}", self.status)?;
        match &self.kind {
            ApiErrorKind::Amazon { code, message } => {
                write!(f, " {code}")?;
                if let Some(message) = message {
                    write!(f, ": {message}")?;
                }
            }
            ApiErrorKind::Unreadable { reason, snippet } => {
                let what = match reason {
                    Unreadable::Empty => "an empty body",
                    Unreadable::NotJson => "a body that is not JSON",
                    Unreadable::NoReasonCode => "JSON without a reasonCode",
                    Unreadable::NotTheObject => "a body that is not the object this call returns",
                };
                write!(f, " with {what}")?;
                if !snippet.is_empty() {
                    write!(f, " ({snippet:?})")?;
                }
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        write!(f, "; {}", self.advice())
    }
}

crate::validation::debug_as_message!(ApiError);

impl std::error::Error for ApiError {}

crate::validation::error_codes!(Unreadable {
    Empty,
    NotJson,
    NoReasonCode,
    NotTheObject
});
