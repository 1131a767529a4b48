//! The offline sandbox in process, for a binding's tests: the same
//! simulator as the `amazon-pay-sandbox` server, without a socket.

use amazon_pay_core::sign::PublicKey;
use amazon_pay_core::time::Duration;
use amazon_pay_core::{Region, SignedRequest, Timestamp};
use amazon_pay_sandbox::{Sandbox, SandboxRequest, TestPaymentMethod};

use crate::failure::Failure;

/// An Amazon Pay sandbox held in memory: requests signed for Amazon's host
/// go in, Amazon-shaped answers come out; the buyer's clicks are method
/// calls. Its clock is the caller's `now` plus what
/// [`advance`](Self::advance) added.
pub struct SandboxHandle {
    sandbox: Sandbox,
}

/// An HTTP answer: status, headers, body.
pub type Answer = (u16, Vec<(String, String)>, Vec<u8>);

impl SandboxHandle {
    /// A sandbox for `region` (`us`/`na`, `eu`, `jp`); `seed` makes its ids
    /// reproducible.
    pub fn new(region: &str, seed: Option<u64>) -> Result<SandboxHandle, Failure> {
        let mut sandbox = Sandbox::new(Region::parse(region)?);
        if let Some(seed) = seed {
            sandbox = sandbox.with_seed(seed);
        }
        Ok(SandboxHandle { sandbox })
    }

    /// Accepts requests signed by the private half of `pem` (a public key,
    /// SPKI or PKCS#1 PEM) under `public_key_id`.
    pub fn register_key(&mut self, public_key_id: &str, pem: &str) -> Result<(), Failure> {
        self.sandbox
            .register_key(public_key_id, PublicKey::from_pem(pem)?);
        Ok(())
    }

    /// Answers `request` at `now`, as Amazon would.
    pub fn send(&mut self, now: Timestamp, request: &SignedRequest) -> Answer {
        self.answer(now, &SandboxRequest::from_signed(request))
    }

    /// Answers a request given by its parts (`target`: path and query).
    pub fn send_raw(
        &mut self,
        now: Timestamp,
        method: &str,
        target: &str,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> Answer {
        let request = SandboxRequest {
            method: method.to_owned(),
            target: target.to_owned(),
            headers,
            body,
        };
        self.answer(now, &request)
    }

    fn answer(&mut self, now: Timestamp, request: &SandboxRequest) -> Answer {
        let response = self.sandbox.handle(now, request);
        (
            response.status(),
            response.headers().to_vec(),
            response.body().to_vec(),
        )
    }

    /// The buyer signs in, pays with the test card ending in `card` (1111,
    /// 0701, 3064, …) and returns: the return URL with
    /// `amazonCheckoutSessionId`.
    pub fn buyer_approves(
        &mut self,
        now: Timestamp,
        session: &str,
        card: &str,
    ) -> Result<String, Failure> {
        let method = TestPaymentMethod::from_last_digits(card).ok_or_else(|| {
            Failure::new(
                "sandbox",
                "UnknownTestCard",
                format!(
                    "no test payment method ends in {card:?} (1111, 0701, 3064, 3434, 4354, …)"
                ),
            )
            .with_field("card")
        })?;
        self.sandbox
            .buyer_approves(now, session, method)
            .map_err(buyer_failure)
    }

    /// The buyer cancels on Amazon's page: the cancel URL.
    pub fn buyer_cancels(&mut self, now: Timestamp, session: &str) -> Result<String, Failure> {
        self.sandbox
            .buyer_cancels(now, session)
            .map_err(buyer_failure)
    }

    /// Moves the sandbox's clock `seconds` ahead of `now` and fires what
    /// falls due (expiries, pending authorizations).
    pub fn advance(&mut self, now: Timestamp, seconds: u32) {
        self.sandbox
            .advance(now, Duration::seconds(i64::from(seconds)));
    }

    /// Signs an IPN on every state change from now on, with a certificate
    /// made now and announced at
    /// `https://127.0.0.1:8443/__sandbox/sns/signing.pem`. Answers the
    /// certificate (PEM) and the trust policy (JSON for
    /// [`verify_ipn`](crate::verify_ipn)) that accept them.
    pub fn enable_ipn(&mut self) -> Result<(String, String), Failure> {
        const AUTHORITY: &str = "127.0.0.1:8443";
        let signer = amazon_pay_sandbox::ipn::IpnSigner::generate()
            .map_err(|e| Failure::new("sandbox", "IpnKey", e.to_string()))?;
        let certificate = signer.certificate_pem().to_owned();
        self.sandbox.enable_ipn(
            signer,
            format!("https://{AUTHORITY}/__sandbox/sns/signing.pem"),
        );
        let trust = serde_json::json!({
            "certificatePrefixes": [format!("https://{AUTHORITY}/__sandbox/sns/")],
            "subjectNames": [amazon_pay_sandbox::ipn::CERTIFICATE_NAME],
            "issuerOrganizations": [amazon_pay_sandbox::ipn::CERTIFICATE_NAME],
            "topics": [amazon_pay_sandbox::ipn::TOPIC_ARN],
        });
        Ok((certificate, trust.to_string()))
    }

    /// The IPNs queued since the last call, oldest first: each the envelope
    /// as SNS POSTs it.
    pub fn take_ipns(&mut self) -> Vec<Vec<u8>> {
        self.sandbox
            .take_ipns()
            .into_iter()
            .map(|ipn| ipn.body)
            .collect()
    }

    /// The sandbox's own ledger of permission `id` as JSON (its truth), if
    /// it holds that permission.
    pub fn ledger_json(&self, id: &str) -> Option<String> {
        let id = amazon_pay_core::model::ChargePermissionId::from(id);
        self.sandbox
            .ledger(&id)
            .and_then(|ledger| serde_json::to_string(ledger).ok())
    }
}

fn buyer_failure(error: amazon_pay_sandbox::BuyerError) -> Failure {
    let mut failure = Failure::new("sandbox", error.code(), error.to_string());
    if let Ok(details) = serde_json::to_value(&error) {
        failure = failure.with_details(details);
    }
    failure
}
