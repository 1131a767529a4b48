//! HTTPS for the server: a certificate authority generated at start, and a
//! certificate it signs for `127.0.0.1`, `::1`, `localhost` and any names
//! asked for (`--tls-name`). Clients
//! trust the CA's PEM (`NODE_EXTRA_CA_CERTS`, `curl --cacert`, a root
//! certificate in your HTTP client); nothing is ever written to a system
//! trust store.

use std::io;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose, SanType};
use rustls::ServerConfig;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A generated CA and the server's TLS configuration.
#[derive(Debug, Clone)]
pub struct Tls {
    ca_pem: String,
    config: Arc<ServerConfig>,
}

fn failed(what: &str, e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("{what}: {e}"))
}

impl Tls {
    /// A fresh CA (ECDSA P-256) and a server certificate signed by it.
    pub fn generate() -> io::Result<Tls> {
        Tls::generate_for(&[])
    }

    /// The same, the certificate also naming `names` (such as Amazon's own
    /// `pay-api.amazon.com`, so that an SDK with no URL override reaches
    /// the sandbox through a hosts-file entry).
    pub fn generate_for(names: &[String]) -> io::Result<Tls> {
        let ca_key = KeyPair::generate().map_err(|e| failed("CA key", e))?;
        let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(|e| failed("CA", e))?;
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "amazon-pay-sandbox local CA");
        ca.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_cert = ca
            .self_signed(&ca_key)
            .map_err(|e| failed("CA certificate", e))?;

        let key = KeyPair::generate().map_err(|e| failed("server key", e))?;
        let dns: Vec<String> = std::iter::once("localhost".to_owned())
            .chain(names.iter().cloned())
            .collect();
        let mut server =
            CertificateParams::new(dns).map_err(|e| failed("server certificate", e))?;
        server
            .subject_alt_names
            .push(SanType::IpAddress([127, 0, 0, 1].into()));
        server
            .subject_alt_names
            .push(SanType::IpAddress(std::net::Ipv6Addr::LOCALHOST.into()));
        server
            .distinguished_name
            .push(DnType::CommonName, "amazon-pay-sandbox");
        let cert = server
            .signed_by(&key, &ca_cert, &ca_key)
            .map_err(|e| failed("server certificate", e))?;

        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| failed("TLS versions", e))?
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(cert.der().to_vec())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .map_err(|e| failed("TLS configuration", e))?;
        Ok(Tls {
            ca_pem: ca_cert.pem(),
            config: Arc::new(config),
        })
    }

    /// The CA certificate, PEM: what clients must trust.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    pub(crate) fn config(&self) -> Arc<ServerConfig> {
        Arc::clone(&self.config)
    }
}
