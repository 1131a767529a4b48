//! Whom to trust: which certificate URLs may be fetched at all, which
//! certificate names are accepted, which topics, how old a message may be.

use time::Duration;

use super::envelope::Envelope;
use super::error::NotificationError;

/// Where a signing certificate may come from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// Amazon SNS: `https://sns.<region>.amazonaws.com[.cn]/SimpleNotificationService-<32 hex>.pem`.
    AmazonSns,
    /// Exactly these URL prefixes (each `https://host[:port]/path/`), then
    /// a `.pem` file name: for the offline sandbox and tests.
    Prefixes(Vec<String>),
}

/// The rules an IPN must meet before its certificate is fetched and after.
///
/// The default, [`TrustPolicy::amazon_sns`], is strict:
///
/// - the certificate URL is `https`, its host is `sns.<region>.amazonaws.com`
///   or `sns.<region>.amazonaws.com.cn` (GovCloud and China regions
///   included), with no port, user, query or fragment, and its path is
///   exactly `/SimpleNotificationService-<32 hex digits>.pem`;
/// - the certificate is valid at `now`, its subject's common name is
///   `sns.amazonaws.com` (or the URL's host) and its issuer's organization
///   starts with `Amazon` (SNS certificates are issued by Amazon's CAs;
///   UNCONFIRMED as a guarantee — relax it with the `with_*` methods if
///   Amazon's certificates change). The chain is not verified: the
///   certificate's authenticity rests on the pinned HTTPS host it came from,
///   so fetch it with certificate verification on;
/// - the `Timestamp` is at most **1 hour** old and at most 5 minutes ahead
///   of `now`. SNS keeps a message's original `Timestamp` when it
///   redelivers, so a redelivery later than the window is refused; as IPNs
///   are hints, poll the objects you are waiting on as well;
/// - any `TopicArn`, until [`with_topics`](Self::with_topics) names yours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustPolicy {
    source: Source,
    subject_names: Vec<String>,
    issuer_organizations: Vec<String>,
    topics: Option<Vec<String>>,
    replay_window: Duration,
    clock_skew: Duration,
}

impl Default for TrustPolicy {
    fn default() -> Self {
        TrustPolicy::amazon_sns()
    }
}

impl TrustPolicy {
    /// Amazon SNS's certificates only (see the type's docs).
    pub fn amazon_sns() -> TrustPolicy {
        TrustPolicy {
            source: Source::AmazonSns,
            subject_names: vec!["sns.amazonaws.com".to_owned()],
            issuer_organizations: vec!["Amazon".to_owned()],
            topics: None,
            replay_window: Duration::hours(1),
            clock_skew: Duration::minutes(5),
        }
    }

    /// Certificates under one `https` URL prefix instead of Amazon's hosts
    /// (the offline sandbox serves its own). The prefix must be
    /// `https://host[:port]/` followed by an optional path ending in `/`;
    /// the certificate URL must then be the prefix and a `.pem` file name.
    pub fn with_certificate_prefix(
        mut self,
        prefix: &str,
    ) -> Result<TrustPolicy, NotificationError> {
        let url = Url::parse(prefix)?;
        if !url.path.ends_with('/') {
            return Err(NotificationError::CertificateUrlMalformed {
                url: excerpt(prefix),
                reason: "a prefix ends with '/'",
            });
        }
        match &mut self.source {
            Source::Prefixes(list) => list.push(prefix.to_owned()),
            Source::AmazonSns => self.source = Source::Prefixes(vec![prefix.to_owned()]),
        }
        Ok(self)
    }

    /// The subject common names accepted (replacing the default).
    pub fn with_subject_names<I, S>(mut self, names: I) -> TrustPolicy
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.subject_names = names.into_iter().map(Into::into).collect();
        self
    }

    /// The issuer organizations accepted, each as a prefix of the issuer's
    /// `O` (replacing the default `Amazon`).
    pub fn with_issuer_organizations<I, S>(mut self, organizations: I) -> TrustPolicy
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.issuer_organizations = organizations.into_iter().map(Into::into).collect();
        self
    }

    /// Only these `TopicArn`s (your Amazon Pay topics) are accepted.
    pub fn with_topics<I, S>(mut self, topics: I) -> TrustPolicy
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.topics = Some(topics.into_iter().map(Into::into).collect());
        self
    }

    /// How old a message's `Timestamp` may be (default 1 hour).
    pub fn with_replay_window(mut self, window: Duration) -> TrustPolicy {
        self.replay_window = window;
        self
    }

    /// How far ahead of `now` a `Timestamp` may be (default 5 minutes).
    pub fn with_clock_skew(mut self, skew: Duration) -> TrustPolicy {
        self.clock_skew = skew;
        self
    }

    /// The certificate URL of `envelope`, if this policy allows fetching it.
    /// Call this before fetching anything.
    pub fn certificate_url<'e>(
        &self,
        envelope: &'e Envelope,
    ) -> Result<&'e str, NotificationError> {
        let url = envelope.signing_cert_url();
        self.check_certificate_url(url)?;
        Ok(url)
    }

    /// Whether a certificate may be fetched from `url`.
    pub fn check_certificate_url(&self, url: &str) -> Result<(), NotificationError> {
        let parsed = Url::parse(url)?;
        match &self.source {
            Source::AmazonSns => {
                if parsed.port.is_some() || !is_sns_host(parsed.host) {
                    return Err(NotificationError::CertificateHostNotTrusted {
                        host: excerpt(parsed.authority),
                    });
                }
                if !is_sns_certificate_path(parsed.path) {
                    return Err(NotificationError::CertificatePathNotPinned {
                        path: excerpt(parsed.path),
                    });
                }
                Ok(())
            }
            Source::Prefixes(prefixes) => {
                let matching = prefixes.iter().find(|p| {
                    Url::parse(p)
                        .is_ok_and(|prefix| prefix.authority.eq_ignore_ascii_case(parsed.authority))
                });
                let Some(prefix) = matching else {
                    return Err(NotificationError::CertificateHostNotTrusted {
                        host: excerpt(parsed.authority),
                    });
                };
                let prefix_path = Url::parse(prefix).map(|p| p.path).unwrap_or("/");
                let name = parsed.path.strip_prefix(prefix_path);
                if name.is_none_or(|n| !is_pem_file_name(n)) {
                    return Err(NotificationError::CertificatePathNotPinned {
                        path: excerpt(parsed.path),
                    });
                }
                Ok(())
            }
        }
    }

    /// Whether the certificate's names are acceptable for a URL on `host`.
    #[cfg_attr(not(any(feature = "aws-lc-rs", feature = "rsa")), allow(dead_code))]
    pub(crate) fn check_names(
        &self,
        host: &str,
        subject_common_names: &[String],
        issuer_organizations: &[String],
        subject: &str,
        issuer: &str,
    ) -> Result<(), NotificationError> {
        let subject_ok = subject_common_names.iter().any(|cn| {
            self.subject_names
                .iter()
                .any(|n| n.eq_ignore_ascii_case(cn))
                || (self.source == Source::AmazonSns && cn.eq_ignore_ascii_case(host))
        });
        if !subject_ok {
            return Err(NotificationError::CertificateSubject {
                found: excerpt(subject),
            });
        }
        let issuer_ok = issuer_organizations.iter().any(|o| {
            self.issuer_organizations
                .iter()
                .any(|p| o.starts_with(p.as_str()))
        });
        if !issuer_ok {
            return Err(NotificationError::CertificateIssuer {
                found: excerpt(issuer),
            });
        }
        Ok(())
    }

    #[cfg_attr(not(any(feature = "aws-lc-rs", feature = "rsa")), allow(dead_code))]
    pub(crate) fn check_topic(&self, topic: &str) -> Result<(), NotificationError> {
        match &self.topics {
            Some(topics) if !topics.iter().any(|t| t == topic) => {
                Err(NotificationError::TopicNotAllowed {
                    topic: excerpt(topic),
                })
            }
            _ => Ok(()),
        }
    }

    #[cfg_attr(not(any(feature = "aws-lc-rs", feature = "rsa")), allow(dead_code))]
    pub(crate) fn replay_window(&self) -> Duration {
        self.replay_window
    }

    #[cfg_attr(not(any(feature = "aws-lc-rs", feature = "rsa")), allow(dead_code))]
    pub(crate) fn clock_skew(&self) -> Duration {
        self.clock_skew
    }
}

/// An `https` URL split as far as the policy needs.
#[cfg_attr(not(any(feature = "aws-lc-rs", feature = "rsa")), allow(dead_code))]
pub(crate) struct Url<'a> {
    /// `host[:port]`.
    pub(crate) authority: &'a str,
    pub(crate) host: &'a str,
    pub(crate) port: Option<&'a str>,
    pub(crate) path: &'a str,
}

impl<'a> Url<'a> {
    pub(crate) fn parse(url: &'a str) -> Result<Url<'a>, NotificationError> {
        let malformed = |reason| NotificationError::CertificateUrlMalformed {
            url: excerpt(url),
            reason,
        };
        let Some(rest) = url
            .get(..8)
            .filter(|s| s.eq_ignore_ascii_case("https://"))
            .and_then(|_| url.get(8..))
        else {
            return Err(NotificationError::CertificateUrlNotHttps { url: excerpt(url) });
        };
        if rest.contains(['?', '#']) {
            return Err(malformed("a certificate URL has no query or fragment"));
        }
        if rest.contains(|c: char| c.is_whitespace() || c.is_control() || c == '\\' || c == '%') {
            return Err(malformed(
                "spaces, control characters, '\\' and '%' are not allowed",
            ));
        }
        let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        if path.is_empty() {
            return Err(malformed("the URL has no path"));
        }
        if authority.contains('@') {
            return Err(malformed("a certificate URL has no user information"));
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
                (host, Some(port))
            }
            Some(_) => return Err(malformed("the port is not a number")),
            None => (authority, None),
        };
        if host.is_empty() {
            return Err(malformed("the URL has no host"));
        }
        if path
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        {
            return Err(malformed("dot segments are not allowed in the path"));
        }
        Ok(Url {
            authority,
            host,
            port,
            path,
        })
    }
}

/// `sns.<region>.amazonaws.com` or `sns.<region>.amazonaws.com.cn`, where
/// a region is lowercase words and a number joined by '-' (`us-east-1`,
/// `us-gov-west-1`, `cn-northwest-1`).
fn is_sns_host(host: &str) -> bool {
    let Some(region) = host.strip_prefix("sns.").and_then(|h| {
        h.strip_suffix(".amazonaws.com")
            .or_else(|| h.strip_suffix(".amazonaws.com.cn"))
    }) else {
        return false;
    };
    let parts: Vec<&str> = region.split('-').collect();
    let Some((number, words)) = parts.split_last() else {
        return false;
    };
    words.len() >= 2
        && words
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// `/SimpleNotificationService-<32 hex digits>.pem`.
fn is_sns_certificate_path(path: &str) -> bool {
    path.strip_prefix("/SimpleNotificationService-")
        .and_then(|p| p.strip_suffix(".pem"))
        .is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A file name (no '/') ending in `.pem`.
fn is_pem_file_name(name: &str) -> bool {
    name.len() > 4 && !name.contains('/') && name.ends_with(".pem")
}

/// At most 120 characters of untrusted text, for error messages.
pub(crate) fn excerpt(text: &str) -> String {
    text.chars().take(120).collect()
}
