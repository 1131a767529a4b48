//! Where requests go: region, environment, API path version and key id (spec §1).
//!
//! ```text
//! https://{host}/{environment}/{version}/…   key ids without prefix (legacy)
//! https://{host}/{version}/…                 LIVE-… / SANDBOX-… key ids
//! ```
//!
//! ```
//! use amazon_pay_core::{ApiVersion, Config, Environment, PublicKeyId, Region};
//!
//! // A key id with an environment prefix implies the environment.
//! let key = PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?;
//! let config = Config::new("us".parse()?, key);
//! assert_eq!(config.environment(), Environment::Sandbox);
//! assert_eq!(config.base_url(), "https://pay-api.amazon.com/v2");
//!
//! // A legacy key id needs the environment in the path.
//! let legacy = PublicKeyId::parse("AHEGSJCM3L2S637RBGABLAFW")?;
//! let config = Config::new(Region::Eu, legacy)
//!     .with_environment(Environment::Live)?
//!     .with_api_version(ApiVersion::V1);
//! assert_eq!(config.base_url(), "https://pay-api.amazon.eu/live/v1");
//! # Ok::<(), amazon_pay_core::ValidationError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use crate::sign::Algorithm;
use crate::validation::{self, Limit, Rule, ValidationError, excerpt};

/// An Amazon Pay API region (spec §1.1): which host serves the merchant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// North America (US merchants): `pay-api.amazon.com`.
    Na,
    /// Europe (EU and UK merchants): `pay-api.amazon.eu`.
    Eu,
    /// Japan: `pay-api.amazon.jp`.
    Jp,
}

impl Region {
    /// All regions.
    pub const ALL: [Region; 3] = [Region::Na, Region::Eu, Region::Jp];

    /// The API host, without scheme or port.
    pub const fn host(self) -> &'static str {
        match self {
            Region::Na => "pay-api.amazon.com",
            Region::Eu => "pay-api.amazon.eu",
            Region::Jp => "pay-api.amazon.jp",
        }
    }

    /// The region code sent in `x-amz-pay-region`: `na`, `eu` or `jp`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Region::Na => "na",
            Region::Eu => "eu",
            Region::Jp => "jp",
        }
    }

    /// Reads a region name as the official SDKs accept it, ignoring ASCII
    /// case: `na` or `us`; `eu`, `de` or `uk`; `jp`. Errors name the field
    /// `region`.
    pub fn parse(name: &str) -> Result<Region, ValidationError> {
        let is = |alias: &str| name.eq_ignore_ascii_case(alias);
        if is("na") || is("us") {
            Ok(Region::Na)
        } else if is("eu") || is("de") || is("uk") {
            Ok(Region::Eu)
        } else if is("jp") {
            Ok(Region::Jp)
        } else if name.is_empty() {
            Err(ValidationError::new("region", Rule::Empty))
        } else {
            Err(ValidationError::new(
                "region",
                Rule::UnknownRegion {
                    found: excerpt(name),
                },
            ))
        }
    }
}

impl FromStr for Region {
    type Err = ValidationError;
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Region::parse(name)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Sandbox (test money) or Live (real money).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Environment {
    /// Amazon Pay's test environment.
    Sandbox,
    /// Production.
    Live,
}

impl Environment {
    /// The path segment: `sandbox` or `live`.
    pub const fn path_segment(self) -> &'static str {
        match self {
            Environment::Sandbox => "sandbox",
            Environment::Live => "live",
        }
    }

    /// The name: `Sandbox` or `Live`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Environment::Sandbox => "Sandbox",
            Environment::Live => "Live",
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The API path version (spec §0.1, §14).
///
/// `V2` is current and the default. `V1` is the legacy version of the seed
/// documents: singular field names (`statusDetail`), no Complete Checkout
/// Session call, one capture per Charge Permission.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ApiVersion {
    /// Legacy path version `v1`.
    V1,
    /// Current path version `v2`.
    #[default]
    V2,
}

impl ApiVersion {
    /// The path segment: `v1` or `v2`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1",
            ApiVersion::V2 => "v2",
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The public key id shown in Seller Central next to the key pair.
///
/// Ids issued since 2021 start with `LIVE-` or `SANDBOX-` and imply their
/// environment; older ids are 24 upper-case letters and digits and do not.
/// The prefix is recognised ignoring ASCII case.
///
/// **Difference from the official SDKs (deliberate):** the PHP, Node, Java
/// and .NET SDKs test only for the letters `LIVE`/`SANDBOX`, without the
/// hyphen, so a legacy id that happens to begin with `LIVE` would lose its
/// environment segment there. This crate requires the hyphen.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PublicKeyId(String);

impl PublicKeyId {
    /// Checks and keeps a key id.
    ///
    /// Refused (field `publicKeyId`): empty ids, whitespace anywhere, control
    /// characters, and any character other than ASCII letters, digits, `-`
    /// and `_` — the id goes verbatim into the `authorization` header.
    pub fn parse(id: &str) -> Result<PublicKeyId, ValidationError> {
        let fail = |rule| Err(ValidationError::new("publicKeyId", rule));
        if id.chars().any(char::is_whitespace) {
            return fail(Rule::Whitespace);
        }
        if id.chars().any(char::is_control) {
            return fail(Rule::ControlCharacter);
        }
        validation::token(
            "publicKeyId",
            id,
            |c| c.is_ascii_alphanumeric() || c == '-' || c == '_',
            "ASCII letters, digits, '-' and '_'",
            Limit::None,
        )?;
        Ok(PublicKeyId(id.to_owned()))
    }

    /// The id exactly as issued.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The environment the id's `LIVE-`/`SANDBOX-` prefix implies, if any.
    pub fn implied_environment(&self) -> Option<Environment> {
        let has_prefix = |prefix: &str| {
            self.0
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        };
        if has_prefix("LIVE-") {
            Some(Environment::Live)
        } else if has_prefix("SANDBOX-") {
            Some(Environment::Sandbox)
        } else {
            None
        }
    }
}

impl FromStr for PublicKeyId {
    type Err = ValidationError;
    fn from_str(id: &str) -> Result<Self, Self::Err> {
        PublicKeyId::parse(id)
    }
}

impl fmt::Display for PublicKeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Everything needed to address and sign a request: region, environment, API
/// path version, public key id and signature algorithm.
///
/// For a `LIVE-`/`SANDBOX-` key id the environment is implied and the URL has
/// no environment segment. For a legacy id the environment defaults to
/// **Sandbox** — a configuration mistake then costs test money, not real
/// money — and [`Config::with_environment`] chooses Live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    region: Region,
    environment: Environment,
    api_version: ApiVersion,
    public_key_id: PublicKeyId,
    algorithm: Algorithm,
    host: Option<String>,
    plain_http: bool,
}

/// The longest host override: a DNS name (253) plus `:` and a port.
const MAX_HOST_LEN: usize = 259;

impl Config {
    /// A configuration for `region` and `public_key_id`, API version v2.
    pub fn new(region: Region, public_key_id: PublicKeyId) -> Config {
        Config {
            region,
            environment: public_key_id
                .implied_environment()
                .unwrap_or(Environment::Sandbox),
            api_version: ApiVersion::default(),
            public_key_id,
            algorithm: Algorithm::default(),
            host: None,
            plain_http: false,
        }
    }

    /// Sends requests to `host` instead of the region's API host — a proxy,
    /// or an offline sandbox on loopback. Like the official SDKs' endpoint
    /// override, the host is used both in the URL and in the signed
    /// `x-amz-pay-host` header; the region still decides `x-amz-pay-region`.
    ///
    /// `host` is a host name or IP address with an optional `:port`
    /// (`127.0.0.1:8443`, `[::1]:8443`, `proxy.example.com`): ASCII letters,
    /// digits, `.`, `-`, `:`, `[` and `]`, at most 259 characters. Errors
    /// name the field `host`.
    ///
    /// ```
    /// use amazon_pay_core::{Config, PublicKeyId, Region};
    ///
    /// let config = Config::new(Region::Na, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?)
    ///     .with_host("127.0.0.1:8443")?;
    /// assert_eq!(config.base_url(), "https://127.0.0.1:8443/v2");
    /// assert!(Config::new(Region::Na, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?)
    ///     .with_host("https://evil/").is_err());
    /// # Ok::<(), amazon_pay_core::ValidationError>(())
    /// ```
    pub fn with_host(mut self, host: &str) -> Result<Config, ValidationError> {
        let fail = |rule| Err(ValidationError::new("host", rule));
        if host.is_empty() {
            return fail(Rule::Empty);
        }
        if let Some(found) = host
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']')))
        {
            return fail(Rule::NotAllowedCharacter {
                found,
                allowed: "ASCII letters, digits, '.', '-', ':', '[' and ']'",
            });
        }
        if host.len() > MAX_HOST_LEN {
            return fail(Rule::TooLong {
                max: MAX_HOST_LEN,
                found: host.len(),
            });
        }
        self.host = Some(host.to_owned());
        self.plain_http = false;
        Ok(self)
    }

    /// Sends requests over plain HTTP to `host` on this machine — an
    /// offline sandbox or a test server on loopback. As with
    /// [`with_host`](Self::with_host), the host is also the signed
    /// `x-amz-pay-host`.
    ///
    /// Only loopback hosts are accepted (`localhost`, `127.x.x.x`, `[::1]`,
    /// each with an optional `:port`); any other host is refused with
    /// [`Rule::NotLoopback`] (field `host`), so that a signed payment request
    /// never crosses a network in clear text.
    ///
    /// ```
    /// use amazon_pay_core::{Config, PublicKeyId, Region};
    ///
    /// let key = PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?;
    /// let config = Config::new(Region::Na, key.clone()).with_loopback_http("127.0.0.1:8080")?;
    /// assert_eq!(config.base_url(), "http://127.0.0.1:8080/v2");
    /// assert!(Config::new(Region::Na, key).with_loopback_http("pay-api.amazon.com").is_err());
    /// # Ok::<(), amazon_pay_core::ValidationError>(())
    /// ```
    pub fn with_loopback_http(self, host: &str) -> Result<Config, ValidationError> {
        if !is_loopback(host) {
            return Err(ValidationError::new("host", Rule::NotLoopback));
        }
        let mut config = self.with_host(host)?;
        config.plain_http = true;
        Ok(config)
    }

    /// Chooses the environment. Refused with [`Rule::EnvironmentConflict`]
    /// (field `environment`) if the key id implies the other one.
    pub fn with_environment(mut self, environment: Environment) -> Result<Config, ValidationError> {
        match self.public_key_id.implied_environment() {
            Some(implied) if implied != environment => Err(ValidationError::new(
                "environment",
                Rule::EnvironmentConflict {
                    implied: implied.as_str(),
                    requested: environment.as_str(),
                },
            )),
            _ => {
                self.environment = environment;
                Ok(self)
            }
        }
    }

    /// Chooses the API path version.
    pub fn with_api_version(mut self, api_version: ApiVersion) -> Config {
        self.api_version = api_version;
        self
    }

    /// Chooses the signature algorithm (default `AMZN-PAY-RSASSA-PSS-V2`).
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Config {
        self.algorithm = algorithm;
        self
    }

    /// The signature algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The region.
    pub fn region(&self) -> Region {
        self.region
    }

    /// The environment (implied by the key id, or chosen).
    pub fn environment(&self) -> Environment {
        self.environment
    }

    /// The API path version.
    pub fn api_version(&self) -> ApiVersion {
        self.api_version
    }

    /// The public key id.
    pub fn public_key_id(&self) -> &PublicKeyId {
        &self.public_key_id
    }

    /// The API host, e.g. `pay-api.amazon.com`, or the override given to
    /// [`with_host`](Self::with_host).
    pub fn host(&self) -> &str {
        self.host.as_deref().unwrap_or(self.region.host())
    }

    /// The path every resource path follows: `/sandbox/v2`, `/live/v1`, or
    /// `/v2` for key ids that imply their environment.
    pub fn path_prefix(&self) -> String {
        let mut prefix = String::with_capacity(12);
        if self.public_key_id.implied_environment().is_none() {
            prefix.push('/');
            prefix.push_str(self.environment.path_segment());
        }
        prefix.push('/');
        prefix.push_str(self.api_version.as_str());
        prefix
    }

    /// `https` — or `http` for a host set with
    /// [`with_loopback_http`](Self::with_loopback_http).
    pub fn scheme(&self) -> &'static str {
        if self.plain_http { "http" } else { "https" }
    }

    /// The scheme, `://`, the host and [`path_prefix`](Self::path_prefix),
    /// no trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}://{}{}", self.scheme(), self.host(), self.path_prefix())
    }
}

/// Whether `host` (with an optional `:port`) names this machine.
fn is_loopback(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((name, "")) => return name == "::1",
            Some((name, port)) => {
                return name == "::1" && port.strip_prefix(':').is_some_and(is_port);
            }
            None => return false,
        },
        None => match host.split_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        },
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let octets: Vec<&str> = name.split('.').collect();
    octets.len() == 4
        && octets.first() == Some(&"127")
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.len() <= 3 && o.parse::<u8>().is_ok())
}

/// A decimal port number.
fn is_port(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.parse::<u16>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_loopback() {
        for host in [
            "localhost",
            "LOCALHOST:80",
            "127.0.0.1",
            "127.0.0.1:8080",
            "127.1.2.3:1",
            "[::1]",
            "[::1]:65535",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "",
            "127.0.0.1:",
            "127.0.0.1:65536",
            "127.0.0.1:x",
            "127.0.0.256",
            "127.0.0",
            "128.0.0.1",
            "10.0.0.1",
            "localhost.example.com",
            "pay-api.amazon.com",
            "[::2]",
            "[::1]8080",
            "[::1",
            "127.0.0.1.evil",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
        let config = Config::new(
            Region::Eu,
            PublicKeyId::parse("LIVE-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
        );
        assert_eq!(config.scheme(), "https");
        let local = config.clone().with_loopback_http("[::1]:9").unwrap();
        assert_eq!(local.base_url(), "http://[::1]:9/v2");
        // Choosing a host again goes back to HTTPS.
        assert_eq!(local.with_host("[::1]:9").unwrap().scheme(), "https");
        let err = config.with_loopback_http("10.0.0.1:80").unwrap_err();
        assert_eq!((err.field(), err.rule()), ("host", &Rule::NotLoopback));
    }

    #[test]
    fn region_aliases_ignore_case() {
        for (name, region) in [
            ("na", Region::Na),
            ("NA", Region::Na),
            ("us", Region::Na),
            ("Us", Region::Na),
            ("eu", Region::Eu),
            ("de", Region::Eu),
            ("DE", Region::Eu),
            ("uk", Region::Eu),
            ("UK", Region::Eu),
            ("jp", Region::Jp),
            ("JP", Region::Jp),
        ] {
            assert_eq!(Region::parse(name).unwrap(), region, "{name}");
        }
        for name in ["", "gb", "usa", " na", "na ", "fr", "j p"] {
            let err = Region::parse(name).unwrap_err();
            assert_eq!(err.field(), "region");
        }
        assert!(
            Region::parse("gb")
                .unwrap_err()
                .to_string()
                .contains("use na (alias us)")
        );
    }

    #[test]
    fn hosts_and_codes() {
        assert_eq!(Region::Na.host(), "pay-api.amazon.com");
        assert_eq!(Region::Eu.host(), "pay-api.amazon.eu");
        assert_eq!(Region::Jp.host(), "pay-api.amazon.jp");
        assert_eq!(Region::Eu.to_string(), "eu");
    }

    #[test]
    fn key_id_prefix_implies_environment() {
        let id = |s| PublicKeyId::parse(s).unwrap();
        assert_eq!(
            id("LIVE-AB12").implied_environment(),
            Some(Environment::Live)
        );
        assert_eq!(
            id("live-AB12").implied_environment(),
            Some(Environment::Live)
        );
        assert_eq!(
            id("SANDBOX-AB12").implied_environment(),
            Some(Environment::Sandbox)
        );
        assert_eq!(
            id("Sandbox-AB12").implied_environment(),
            Some(Environment::Sandbox)
        );
        assert_eq!(id("AHEGSJCM3L2S637RBGABLAFW").implied_environment(), None);
        assert_eq!(id("LIVEHEGSJCM3L2S637RBGABL").implied_environment(), None);
        assert_eq!(id("SANDBOX").implied_environment(), None);
    }

    #[test]
    fn key_id_refusals() {
        let rule = |s| PublicKeyId::parse(s).unwrap_err().rule().clone();
        assert_eq!(rule(""), Rule::Empty);
        assert_eq!(rule("AB CD"), Rule::Whitespace);
        assert_eq!(rule("ABCD\n"), Rule::Whitespace);
        assert_eq!(rule("AB\u{7f}CD"), Rule::ControlCharacter);
        assert!(matches!(
            rule("AB,CD"),
            Rule::NotAllowedCharacter { found: ',', .. }
        ));
        assert!(matches!(
            rule("ÄB"),
            Rule::NotAllowedCharacter { found: 'Ä', .. }
        ));
    }

    #[test]
    fn urls_follow_spec_1_2() {
        let config = |region, id: &str| Config::new(region, PublicKeyId::parse(id).unwrap());
        let legacy = config(Region::Na, "AHEGSJCM3L2S637RBGABLAFW");
        assert_eq!(legacy.environment(), Environment::Sandbox);
        assert_eq!(legacy.base_url(), "https://pay-api.amazon.com/sandbox/v2");
        let live = legacy.clone().with_environment(Environment::Live).unwrap();
        assert_eq!(live.base_url(), "https://pay-api.amazon.com/live/v2");
        assert_eq!(
            live.with_api_version(ApiVersion::V1).base_url(),
            "https://pay-api.amazon.com/live/v1"
        );
        let sandbox_key = config(Region::Jp, "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B");
        assert_eq!(sandbox_key.base_url(), "https://pay-api.amazon.jp/v2");
        assert_eq!(sandbox_key.path_prefix(), "/v2");
        let live_key = config(Region::Eu, "LIVE-AFVX7ULWSGBZ5535PCUQOY7B");
        assert_eq!(live_key.environment(), Environment::Live);
        assert_eq!(live_key.base_url(), "https://pay-api.amazon.eu/v2");
        let conflict = live_key
            .clone()
            .with_environment(Environment::Sandbox)
            .unwrap_err();
        assert_eq!(conflict.field(), "environment");
        assert!(matches!(conflict.rule(), Rule::EnvironmentConflict { .. }));
        assert!(live_key.with_environment(Environment::Live).is_ok());
    }
}
