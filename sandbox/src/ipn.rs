//! Instant Payment Notifications from the sandbox (spec §12): on every
//! state change of a charge permission, charge or refund, an SNS envelope
//! signed with the sandbox's own certificate (SHA256withRSA,
//! `SignatureVersion` 2) is queued. In-process, [`Sandbox::take_ipns`](crate::Sandbox::take_ipns)
//! pulls them; the server POSTs them to a configured URL until it answers
//! 2xx (at least once: a message may arrive twice, as Amazon warns — and
//! [`Sandbox::set_ipn_duplicates`](crate::Sandbox::set_ipn_duplicates) makes that happen on purpose).
//!
//! Changes are found by comparing every object's state with the one last
//! announced after each request, buyer action and clock move: linear in the
//! objects held, and nothing at all while IPNs are off (the default).

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::io;
use std::sync::Arc;

use amazon_pay_core::Timestamp;
use amazon_pay_core::notification::{Envelope, NotificationError, TrustPolicy};
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::RSA_PKCS1_SHA256;
use base64::Engine as _;
use rcgen::{CertificateParams, DnType, KeyPair, PKCS_RSA_SHA256};
use rustls::pki_types::PrivatePkcs8KeyDer;
use serde_json::json;

/// Where the server serves the signing certificate (on its HTTPS address).
pub const CERTIFICATE_PATH: &str = "/__sandbox/sns/signing.pem";
/// The topic every sandbox IPN comes from.
pub const TOPIC_ARN: &str = "arn:aws:sns:us-east-1:000000000000:amazon-pay-sandbox";
/// The signing certificate's subject common name and issuer organization.
pub const CERTIFICATE_NAME: &str = "amazon-pay-sandbox";
/// The merchant id in every message.
pub const MERCHANT_ID: &str = "SANDBOXMERCHANT";

/// The sandbox's SNS identity: an RSA-2048 key and a self-signed
/// certificate for it (subject CN and issuer O [`CERTIFICATE_NAME`]).
#[derive(Clone)]
pub struct IpnSigner {
    key: Arc<RsaKeyPair>,
    certificate_pem: String,
}

impl fmt::Debug for IpnSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IpnSigner").finish_non_exhaustive()
    }
}

fn failed(what: &str, e: impl fmt::Display) -> io::Error {
    io::Error::other(format!("{what}: {e}"))
}

impl IpnSigner {
    /// A fresh key and certificate (RSA key generation: tens to hundreds of
    /// milliseconds).
    pub fn generate() -> io::Result<IpnSigner> {
        let key = RsaKeyPair::generate(KeySize::Rsa2048).map_err(|e| failed("IPN key", e))?;
        let pkcs8 = key.as_der().map_err(|e| failed("IPN key", e))?;
        let rcgen_key = KeyPair::from_pkcs8_der_and_sign_algo(
            &PrivatePkcs8KeyDer::from(pkcs8.as_ref()),
            &PKCS_RSA_SHA256,
        )
        .map_err(|e| failed("IPN key", e))?;
        let mut params = CertificateParams::new(Vec::<String>::new())
            .map_err(|e| failed("IPN certificate", e))?;
        params
            .distinguished_name
            .push(DnType::CommonName, CERTIFICATE_NAME);
        params
            .distinguished_name
            .push(DnType::OrganizationName, CERTIFICATE_NAME);
        let cert = params
            .self_signed(&rcgen_key)
            .map_err(|e| failed("IPN certificate", e))?;
        Ok(IpnSigner {
            key: Arc::new(key),
            certificate_pem: cert.pem(),
        })
    }

    /// The signing certificate, PEM: what an IPN handler fetches.
    pub fn certificate_pem(&self) -> &str {
        &self.certificate_pem
    }

    fn sign(&self, text: &[u8]) -> Option<String> {
        let mut signature = vec![0; self.key.public_modulus_len()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        self.key
            .sign(&RSA_PKCS1_SHA256, &rng, text, &mut signature)
            .ok()?;
        Some(base64::engine::general_purpose::STANDARD.encode(signature))
    }
}

/// The trust policy an IPN handler needs for a sandbox whose certificate is
/// served under `https://{authority}/__sandbox/sns/`: that prefix only, the
/// sandbox's names, the sandbox's topic.
///
/// Refused: an authority that does not make an `https` URL prefix.
pub fn trust_policy(authority: &str) -> Result<TrustPolicy, NotificationError> {
    Ok(TrustPolicy::amazon_sns()
        .with_certificate_prefix(&format!("https://{authority}/__sandbox/sns/"))?
        .with_subject_names([CERTIFICATE_NAME])
        .with_issuer_organizations([CERTIFICATE_NAME])
        .with_topics([TOPIC_ARN]))
}

/// One IPN: the SNS envelope's JSON, ready to POST.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedIpn {
    /// SNS's message id (the same on a duplicate).
    pub message_id: String,
    /// `CHARGE_PERMISSION`, `CHARGE` or `REFUND`.
    pub object_type: &'static str,
    /// The object's id.
    pub object_id: String,
    /// The state it changed to.
    pub state: String,
    /// The envelope, as SNS POSTs it (`content-type: text/plain`).
    pub body: Vec<u8>,
}

/// Which object a state belongs to.
pub(crate) type ObjectKey = (&'static str, String);

/// The queue and what was last announced.
#[derive(Debug)]
pub(crate) struct Outbox {
    signer: IpnSigner,
    certificate_url: String,
    pub(crate) duplicate_every: u32,
    pub(crate) queue: VecDeque<QueuedIpn>,
    pub(crate) announced: BTreeMap<ObjectKey, (String, String)>,
    pub(crate) published: u64,
}

impl Outbox {
    pub(crate) fn new(signer: IpnSigner, certificate_url: String) -> Outbox {
        Outbox {
            signer,
            certificate_url,
            duplicate_every: 0,
            queue: VecDeque::new(),
            announced: BTreeMap::new(),
            published: 0,
        }
    }

    /// The same signer and URL, nothing queued or announced (a reset).
    pub(crate) fn emptied(self) -> Outbox {
        let mut outbox = Outbox::new(self.signer, self.certificate_url);
        outbox.duplicate_every = self.duplicate_every;
        outbox
    }

    pub(crate) fn signer(&self) -> &IpnSigner {
        &self.signer
    }

    /// The SNS envelope for one change, signed.
    pub(crate) fn envelope(
        &mut self,
        now: Timestamp,
        kind: &'static str,
        id: &str,
        permission: &str,
    ) -> Option<(String, Vec<u8>)> {
        self.published += 1;
        let n = mix(self.published);
        let message_id = format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            n >> 32,
            (n >> 16) & 0xffff,
            n & 0xfff,
            (n >> 12) & 0xfff,
            mix(n) & 0xffff_ffff_ffff
        );
        let message = json!({
            "MerchantID": MERCHANT_ID,
            "ObjectType": kind,
            "ObjectId": id,
            "ChargePermissionId": permission,
            "NotificationType": "STATE_CHANGE",
            "NotificationId": format!("{:016x}", mix(n)),
            "NotificationVersion": "V2",
        })
        .to_string();
        let timestamp = now.extended().to_string().replace('Z', ".000Z");
        let mut envelope = json!({
            "Type": "Notification",
            "MessageId": message_id,
            "TopicArn": TOPIC_ARN,
            "Message": message,
            "Timestamp": timestamp,
            "SignatureVersion": "2",
            "Signature": "",
            "SigningCertURL": self.certificate_url,
            "UnsubscribeURL": format!("{}?Action=Unsubscribe", self.certificate_url),
        });
        // The string to sign is the core's, from the envelope as sent.
        let unsigned = Envelope::parse(envelope.to_string().as_bytes()).ok()?;
        envelope["Signature"] = json!(self.signer.sign(unsigned.string_to_sign().as_bytes())?);
        Some((message_id, envelope.to_string().into_bytes()))
    }
}

/// splitmix64.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
