//! The signing certificate: X.509 read with `x509-cert`, checked against
//! `now` and the policy's names, its RSA key handed to the verifier.

use x509_cert::Certificate;
use x509_cert::der::{Decode, Encode};
use x509_cert::name::Name;

use super::error::NotificationError;
use crate::sign::PublicKey;
use crate::timestamp::Timestamp;

/// What the verification needs from a certificate.
pub(crate) struct SigningCertificate {
    pub(crate) key: PublicKey,
    pub(crate) not_before: Timestamp,
    pub(crate) not_after: Timestamp,
    pub(crate) subject: String,
    pub(crate) subject_common_names: Vec<String>,
    pub(crate) issuer: String,
    pub(crate) issuer_organizations: Vec<String>,
}

/// The OIDs of the name attributes read.
const COMMON_NAME: &str = "2.5.4.3";
const ORGANIZATION: &str = "2.5.4.10";

impl SigningCertificate {
    /// Reads a PEM (`CERTIFICATE`) or DER certificate.
    pub(crate) fn parse(bytes: &[u8]) -> Result<SigningCertificate, NotificationError> {
        let unreadable = |reason: String| NotificationError::CertificateUnreadable { reason };
        let der = if bytes.first() == Some(&0x30) {
            bytes.to_vec()
        } else {
            pem_certificate(bytes).ok_or_else(|| {
                unreadable("expected a PEM block labelled CERTIFICATE, or DER".to_owned())
            })?
        };
        let cert = Certificate::from_der(&der).map_err(|e| unreadable(e.to_string()))?;
        let tbs = &cert.tbs_certificate;
        let spki = tbs
            .subject_public_key_info
            .to_der()
            .map_err(|e| unreadable(e.to_string()))?;
        let key = PublicKey::from_der(&spki).map_err(NotificationError::CertificateKey)?;
        let time = |t: x509_cert::time::Time| {
            i64::try_from(t.to_unix_duration().as_secs())
                .ok()
                .and_then(Timestamp::from_unix_seconds)
                .ok_or_else(|| unreadable("a validity date is out of range".to_owned()))
        };
        Ok(SigningCertificate {
            key,
            not_before: time(tbs.validity.not_before)?,
            not_after: time(tbs.validity.not_after)?,
            subject: tbs.subject.to_string(),
            subject_common_names: attribute(&tbs.subject, COMMON_NAME),
            issuer: tbs.issuer.to_string(),
            issuer_organizations: attribute(&tbs.issuer, ORGANIZATION),
        })
    }
}

/// Every value of attribute `oid` in a name, as text.
fn attribute(name: &Name, oid: &str) -> Vec<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .filter(|atv| atv.oid.to_string() == oid)
        .filter_map(|atv| {
            // "CN=value" in RFC 4514 form; the value after the first '='.
            let text = atv.to_string();
            text.split_once('=').map(|(_, v)| v.to_owned())
        })
        .collect()
}

/// The DER inside the first `CERTIFICATE` PEM block.
fn pem_certificate(bytes: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let text = std::str::from_utf8(bytes).ok()?;
    let begin = "-----BEGIN CERTIFICATE-----";
    let start = text.find(begin)? + begin.len();
    let rest = text.get(start..)?;
    let end = rest.find("-----END CERTIFICATE-----")?;
    let body: String = rest
        .get(..end)?
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body.as_bytes())
        .ok()
}
