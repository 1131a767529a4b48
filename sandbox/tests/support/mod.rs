//! A merchant talking to an in-process sandbox: real signatures, the
//! crate's own operations and decoders.
#![allow(dead_code)]

use amazon_pay_core::model::{CheckoutSession, CheckoutSessionId, PaymentIntent};
use amazon_pay_core::operation::{
    ApiError, ApiOperation, CheckoutWebDetails, CompleteCheckoutSession, CreateCheckoutSession,
    Response, UpdateCheckoutSession, UpdatePaymentDetails,
};
use amazon_pay_core::sign::DefaultSigner;
use amazon_pay_core::time::Duration;
use amazon_pay_core::{
    Config, IdempotencyKey, Price, PublicKeyId, Region, Timestamp, UnsignedRequest,
};
use amazon_pay_sandbox::{Sandbox, SandboxRequest, TestPaymentMethod};

pub const PEM: &str = include_str!("../../../tests/vectors/keys/rsa2048.pkcs8.pem");
pub const KEY_ID: &str = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B";
pub const RESULT_URL: &str = "https://shop.example/checkout/result";

pub struct Merchant {
    pub sandbox: Sandbox,
    pub signer: DefaultSigner,
    pub config: Config,
    pub now: Timestamp,
    keys: u64,
}

impl Merchant {
    pub fn new() -> Merchant {
        Merchant::with_sandbox(Sandbox::new(Region::Na))
    }

    /// A merchant of `sandbox` (its key registered there).
    pub fn with_sandbox(mut sandbox: Sandbox) -> Merchant {
        let signer = DefaultSigner::from_pem(PEM).unwrap();
        sandbox.register_key(KEY_ID, signer.public_key().clone());
        let config = Config::new(Region::Na, PublicKeyId::parse(KEY_ID).unwrap())
            .with_host(sandbox.host())
            .unwrap();
        Merchant {
            sandbox,
            signer,
            config,
            now: Timestamp::parse("20261125T120000Z").unwrap(),
            keys: 0,
        }
    }

    /// Real time passes (the sandbox's clock with it).
    pub fn wait(&mut self, seconds: i64) {
        self.now = self.now.checked_add(Duration::seconds(seconds)).unwrap();
    }

    pub fn key(&mut self) -> IdempotencyKey {
        self.keys += 1;
        IdempotencyKey::parse(&format!("key{:029}", self.keys)).unwrap()
    }

    /// Signs `request` now and hands it to the sandbox.
    pub fn send(&mut self, request: &UnsignedRequest) -> Response {
        let signed = request
            .sign(
                &self.config,
                &self.signer,
                self.now,
                &mut |b: &mut [u8]| b.fill(3),
            )
            .unwrap();
        self.sandbox
            .handle(self.now, &SandboxRequest::from_signed(&signed))
    }

    /// Sends the raw request as given (no signing).
    pub fn send_raw(&mut self, request: &SandboxRequest) -> Response {
        self.sandbox.handle(self.now, request)
    }

    pub fn call<O: ApiOperation>(&mut self, op: &O) -> Result<O::Output, ApiError> {
        let request = op.into_request(&self.config).unwrap();
        let answer = self.send(&request);
        op.decode(&answer)
    }

    /// Create → update (intent, amount, return URL): a session the buyer can approve.
    pub fn session(
        &mut self,
        intent: PaymentIntent,
        amount: &str,
        pending: bool,
    ) -> CheckoutSessionId {
        let key = self.key();
        let create = CreateCheckoutSession::new(
            "amzn1.application-oa2-client.sandbox",
            CheckoutWebDetails::review("https://shop.example/review"),
            key,
        );
        let created = self.call(&create).unwrap();
        let id = created.checkout_session_id.unwrap();
        let details =
            UpdatePaymentDetails::new(intent, usd(amount)).with_pending_authorization(pending);
        let update = UpdateCheckoutSession::new(id.clone())
            .with_checkout_result_return_url(RESULT_URL)
            .with_payment_details(details);
        let updated: CheckoutSession = self.call(&update).unwrap();
        assert!(
            updated
                .web_checkout_details
                .and_then(|w| w.amazon_pay_redirect_url)
                .is_some(),
            "ready for the buyer"
        );
        id
    }

    /// A session approved with `method` and completed.
    pub fn completed(
        &mut self,
        intent: PaymentIntent,
        amount: &str,
        method: TestPaymentMethod,
        pending: bool,
    ) -> Result<CheckoutSession, ApiError> {
        let id = self.session(intent, amount, pending);
        self.sandbox
            .buyer_approves(self.now, id.as_str(), method)
            .unwrap();
        self.call(&CompleteCheckoutSession::new(id, usd(amount)))
    }
}

pub fn usd(amount: &str) -> Price {
    Price::parse(amount, "USD").unwrap()
}

pub fn code(error: &ApiError) -> String {
    error.code().map(|c| c.to_string()).unwrap_or_default()
}
