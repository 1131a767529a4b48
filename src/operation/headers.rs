//! The solution-provider headers (spec §10), typed, for any operation:
//! `x-amz-pay-authtoken` (a call on behalf of a merchant who delegated to
//! you), `x-amz-pay-integrator-id`, `x-amz-pay-integrator-version` and
//! `x-amz-pay-platform-version`.
//!
//! Each value is checked when it is built; [`WithHeaders`] wraps any
//! operation so that its request carries them, signed like every other
//! `x-amz-pay-*` header.
//!
//! ```
//! use amazon_pay_core::model::ChargeId;
//! use amazon_pay_core::model::AuthToken;
//! use amazon_pay_core::operation::{ApiOperation, CallHeaders, GetCharge, IntegratorId, VersionText};
//! use amazon_pay_core::{Config, PublicKeyId, Region};
//!
//! let headers = CallHeaders::new()
//!     .with_auth_token(AuthToken::parse("Atza|IwEBIExampleToken")?)
//!     .with_integrator_id(IntegratorId::parse("A2EXAMPLE5TXVB")?)
//!     .with_integrator_version(VersionText::parse("1.4.0")?)
//!     .with_platform_version(VersionText::parse("2.4.6-p3")?);
//! let call = GetCharge::new(ChargeId::from("S01-5105180-3221187-C056351")).with_headers(headers);
//! let config = Config::new(Region::Na, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?);
//! let request = call.into_request(&config)?;
//! assert!(request.headers().iter().any(|(name, value)| name == "x-amz-pay-integrator-id" && value == "A2EXAMPLE5TXVB"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::api::CallSpec;
use crate::config::Config;
use crate::model::AuthToken;
use crate::operation::{ApiError, ApiOperation, Response};
use crate::request::{IdempotencyKey, UnsignedRequest};
use crate::validation::{self, Limit, Rule, ValidationError};

/// The longest integrator id accepted.
pub const INTEGRATOR_ID_MAX: usize = 32;
/// The longest version text accepted.
pub const VERSION_MAX: usize = 64;

/// A solution provider's id for `x-amz-pay-integrator-id`: Amazon's UID form,
/// upper-case ASCII letters and digits (such as `A2EXAMPLE5TXVB`), at most
/// [`INTEGRATOR_ID_MAX`] characters.
///
/// UNCONFIRMED: Amazon describes the value only as "Amazon UID format"; the
/// crate accepts exactly the characters such ids are made of and refuses
/// anything else before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegratorId(String);

impl IntegratorId {
    /// Checks an id.
    pub fn parse(id: &str) -> Result<IntegratorId, ValidationError> {
        validation::token(
            "x-amz-pay-integrator-id",
            id,
            |c| c.is_ascii_uppercase() || c.is_ascii_digit(),
            "upper-case ASCII letters and digits",
            Limit::Chars(INTEGRATOR_ID_MAX),
        )?;
        Ok(IntegratorId(id.to_owned()))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A semantic version for `x-amz-pay-integrator-version` and
/// `x-amz-pay-platform-version`: `MAJOR.MINOR.PATCH` in digits without
/// leading zeros, optionally followed by `-pre.release` and `+build` parts of
/// ASCII letters, digits, `.` and `-` (`2.4.6-p3`, `1.0.0+20240301`).
///
/// Amazon asks for semver; a four-part version such as `6.5.8.2` is refused
/// (write it `6.5.8+2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionText(String);

impl VersionText {
    /// Checks a version (the field is named `x-amz-pay-integrator-version`
    /// in errors; both headers take the same form).
    pub fn parse(version: &str) -> Result<VersionText, ValidationError> {
        let fail = |rule| Err(ValidationError::new("x-amz-pay-integrator-version", rule));
        if version.is_empty() {
            return fail(Rule::Empty);
        }
        if version.len() > VERSION_MAX {
            return fail(Rule::TooLong {
                max: VERSION_MAX,
                found: version.len(),
            });
        }
        let (core, build) = match version.split_once('+') {
            Some((core, build)) => (core, Some(build)),
            None => (version, None),
        };
        let (core, pre) = match core.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (core, None),
        };
        let number = |part: &str| {
            !part.is_empty()
                && part.bytes().all(|b| b.is_ascii_digit())
                && (part == "0" || !part.starts_with('0'))
        };
        let parts: Vec<&str> = core.split('.').collect();
        if parts.len() != 3 || !parts.iter().all(|p| number(p)) {
            return fail(Rule::WrongForm {
                expected: "MAJOR.MINOR.PATCH in digits, such as 2.4.6",
            });
        }
        let label = |text: &str| {
            text.split('.').all(|id| {
                !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
        };
        if pre.is_some_and(|p| !label(p)) || build.is_some_and(|b| !label(b)) {
            return fail(Rule::WrongForm {
                expected: "pre-release and build parts of ASCII letters, digits and '-', \
                           separated by '.'",
            });
        }
        Ok(VersionText(version.to_owned()))
    }

    /// The version.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The optional solution-provider headers of one call. Each is sent and
/// signed when set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallHeaders {
    auth_token: Option<AuthToken>,
    integrator_id: Option<IntegratorId>,
    integrator_version: Option<VersionText>,
    platform_version: Option<VersionText>,
}

impl CallHeaders {
    /// No headers.
    pub fn new() -> CallHeaders {
        CallHeaders::default()
    }

    /// `x-amz-pay-authtoken`: call on behalf of the merchant who issued it.
    pub fn with_auth_token(mut self, token: AuthToken) -> Self {
        self.auth_token = Some(token);
        self
    }

    /// `x-amz-pay-integrator-id`: your solution-provider id.
    pub fn with_integrator_id(mut self, id: IntegratorId) -> Self {
        self.integrator_id = Some(id);
        self
    }

    /// `x-amz-pay-integrator-version`: the version of your integration.
    pub fn with_integrator_version(mut self, version: VersionText) -> Self {
        self.integrator_version = Some(version);
        self
    }

    /// `x-amz-pay-platform-version`: the version of the shop platform.
    pub fn with_platform_version(mut self, version: VersionText) -> Self {
        self.platform_version = Some(version);
        self
    }

    /// The headers set, as (name, value), in this order: auth token,
    /// integrator id, integrator version, platform version.
    pub fn pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            (
                "x-amz-pay-authtoken",
                self.auth_token.as_ref().map(AuthToken::as_str),
            ),
            (
                "x-amz-pay-integrator-id",
                self.integrator_id.as_ref().map(IntegratorId::as_str),
            ),
            (
                "x-amz-pay-integrator-version",
                self.integrator_version.as_ref().map(VersionText::as_str),
            ),
            (
                "x-amz-pay-platform-version",
                self.platform_version.as_ref().map(VersionText::as_str),
            ),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
    }

    /// Adds the headers set to `request`.
    pub fn apply(&self, mut request: UnsignedRequest) -> UnsignedRequest {
        for (name, value) in self.pairs() {
            request = request.with_header(name, value);
        }
        request
    }
}

/// Any operation with [`CallHeaders`]: the same call, output and errors; its
/// request carries the headers. Built by [`ApiOperation::with_headers`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithHeaders<O> {
    operation: O,
    headers: CallHeaders,
}

impl<O> WithHeaders<O> {
    /// `operation` with `headers`.
    pub fn new(operation: O, headers: CallHeaders) -> WithHeaders<O> {
        WithHeaders { operation, headers }
    }

    /// The wrapped operation.
    pub fn operation(&self) -> &O {
        &self.operation
    }

    /// The headers.
    pub fn headers(&self) -> &CallHeaders {
        &self.headers
    }
}

impl<O: ApiOperation> ApiOperation for WithHeaders<O> {
    type Output = O::Output;
    const SPEC: CallSpec = O::SPEC;

    fn path(&self) -> String {
        self.operation.path()
    }

    fn validate(&self, config: &Config) -> Result<(), ValidationError> {
        self.operation.validate(config)
    }

    fn body(&self) -> Option<Result<Vec<u8>, ValidationError>> {
        self.operation.body()
    }

    fn idempotency_key(&self) -> Option<&IdempotencyKey> {
        self.operation.idempotency_key()
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        self.operation.query()
    }

    fn required_headers(&self) -> Vec<(&'static str, &str)> {
        self.operation.required_headers()
    }

    fn into_request(&self, config: &Config) -> Result<UnsignedRequest, ValidationError> {
        Ok(self.headers.apply(self.operation.into_request(config)?))
    }

    fn decode(&self, response: &Response) -> Result<Self::Output, ApiError> {
        self.operation.decode(response)
    }
}
