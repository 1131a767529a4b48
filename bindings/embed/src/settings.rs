//! A client's settings, from JSON: the core's [`Config`] and
//! [`RetryPolicy`].

use amazon_pay_core::exchange::RetryPolicy;
use amazon_pay_core::sign::Algorithm;
use amazon_pay_core::time::Duration;
use amazon_pay_core::{ApiVersion, Config, Environment, PublicKeyId, Region, ValidationError};
use serde::Deserialize;

use crate::failure::Failure;

/// What a binding's client is built from, as JSON (members camelCase; only
/// `publicKeyId` and `region` are required):
///
/// ```json
/// {"publicKeyId": "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B", "region": "us",
///  "sandbox": true, "apiVersion": "v2", "algorithm": "AMZN-PAY-RSASSA-PSS-V2",
///  "endpoint": "http://127.0.0.1:8080",
///  "retry": {"maxRetries": 3, "baseMillis": 1000, "capMillis": 20000, "deadlineMillis": 60000}}
/// ```
///
/// `region` is read as the official SDKs read it (`us`/`na`, `eu`/`de`/`uk`,
/// `jp`). `sandbox` chooses the environment (a `SANDBOX-`/`LIVE-` key id
/// implies it; a contradiction is refused). `endpoint` replaces Amazon's
/// host: `https://host[:port]`, or `http://` on loopback only (an offline
/// sandbox).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    public_key_id: String,
    region: String,
    #[serde(default)]
    sandbox: Option<bool>,
    #[serde(default)]
    api_version: Option<String>,
    #[serde(default)]
    algorithm: Option<String>,
    #[serde(default)]
    endpoint: Option<String>,
    #[serde(default)]
    retry: Option<RetrySettings>,
}

/// The retry policy's members, in milliseconds.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RetrySettings {
    max_retries: Option<u32>,
    base_millis: Option<u32>,
    cap_millis: Option<u32>,
    deadline_millis: Option<u32>,
}

impl Settings {
    /// Reads settings from JSON.
    pub fn from_json(text: &str) -> Result<Settings, Failure> {
        serde_json::from_str(text)
            .map_err(|e| Failure::invalid_json("InvalidSettings", "client settings", &e))
    }

    /// The core's configuration these settings describe.
    pub fn config(&self) -> Result<Config, Failure> {
        let region = Region::parse(&self.region)?;
        let mut config = Config::new(region, PublicKeyId::parse(&self.public_key_id)?);
        if let Some(sandbox) = self.sandbox {
            let environment = if sandbox {
                Environment::Sandbox
            } else {
                Environment::Live
            };
            config = config.with_environment(environment)?;
        }
        if let Some(version) = &self.api_version {
            config = config.with_api_version(match version.as_str() {
                "v1" => ApiVersion::V1,
                "v2" => ApiVersion::V2,
                other => {
                    return Err(Failure::new(
                        "validation",
                        "InvalidSettings",
                        format!("apiVersion {other:?}: expected \"v1\" or \"v2\""),
                    )
                    .with_field("apiVersion"));
                }
            });
        }
        if let Some(name) = &self.algorithm {
            config = config.with_algorithm(Algorithm::parse(name)?);
        }
        if let Some(endpoint) = &self.endpoint {
            config = with_endpoint(config, endpoint)?;
        }
        Ok(config)
    }

    /// The retry policy: the core's defaults, with what is given.
    pub fn retry_policy(&self) -> RetryPolicy {
        let mut policy = RetryPolicy::default();
        if let Some(retry) = self.retry {
            let millis = |ms: u32| Duration::milliseconds(i64::from(ms));
            if let Some(n) = retry.max_retries {
                policy.max_retries = n;
            }
            if let Some(ms) = retry.base_millis {
                policy.base = millis(ms);
            }
            if let Some(ms) = retry.cap_millis {
                policy.cap = millis(ms);
            }
            if let Some(ms) = retry.deadline_millis {
                policy.deadline = millis(ms);
            }
        }
        policy
    }
}

/// `https://host[:port]` or `http://` + a loopback host, with nothing after
/// the authority but an optional `/`.
fn with_endpoint(config: Config, endpoint: &str) -> Result<Config, ValidationError> {
    let (plain, rest) = if let Some(rest) = endpoint.strip_prefix("https://") {
        (false, rest)
    } else if let Some(rest) = endpoint.strip_prefix("http://") {
        (true, rest)
    } else {
        return Err(ValidationError::new(
            "endpoint",
            amazon_pay_core::Rule::Required {
                because: "as https://host[:port], or http:// on loopback",
            },
        ));
    };
    let host = rest.strip_suffix('/').unwrap_or(rest);
    if plain {
        config.with_loopback_http(host)
    } else {
        config.with_host(host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_http_only_on_loopback() {
        let settings = |endpoint: &str| {
            Settings::from_json(&format!(
                r#"{{"publicKeyId":"SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B","region":"us","endpoint":"{endpoint}"}}"#
            ))
            .unwrap()
        };
        let config = settings("http://127.0.0.1:8080/").config().unwrap();
        assert_eq!(config.base_url(), "http://127.0.0.1:8080/v2");
        let refused = settings("http://pay-api.amazon.com").config().unwrap_err();
        assert_eq!(refused.code(), "NotLoopback");
        assert_eq!(settings("ftp://x").config().unwrap_err().code(), "Required");
    }

    #[test]
    fn environment_conflict_and_unknown_member() {
        let conflict = Settings::from_json(
            r#"{"publicKeyId":"LIVE-AFVX7ULWSGBZ5535PCUQOY7B","region":"eu","sandbox":true}"#,
        )
        .unwrap()
        .config()
        .unwrap_err();
        assert_eq!(conflict.code(), "EnvironmentConflict");
        let unknown =
            Settings::from_json(r#"{"publicKeyId":"x","region":"us","regoin":"eu"}"#).unwrap_err();
        assert_eq!(unknown.code(), "InvalidSettings");
        assert!(unknown.message().contains("regoin"), "{unknown}");
    }

    #[test]
    fn retry_in_milliseconds() {
        let policy = Settings::from_json(
            r#"{"publicKeyId":"x","region":"us","retry":{"maxRetries":1,"baseMillis":5}}"#,
        )
        .unwrap()
        .retry_policy();
        assert_eq!(policy.max_retries, 1);
        assert_eq!(policy.base, Duration::milliseconds(5));
        assert_eq!(policy.cap, RetryPolicy::default().cap);
    }
}
