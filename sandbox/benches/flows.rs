//! Whole checkout flows against the in-process sandbox: create → buyer
//! approves → update → complete → capture → refund → get refund.
//!
//! - `flow/unsigned`: through `handle_trusted` (everything but signatures;
//!   target ≥ 20,000 flows/s on one core);
//! - `flow/signed`: every request signed (RSA-2048, aws-lc-rs) and verified
//!   by the sandbox;
//! - `flow/rsa-only`: the six signatures and six verifications alone — the
//!   bound for `flow/signed` (target ≥ 0.8× of its rate).

use std::hint::black_box;

use amazon_pay_core::model::PaymentIntent;
use amazon_pay_core::operation::{
    ApiOperation, CaptureCharge, CheckoutWebDetails, CompleteCheckoutSession,
    CreateCheckoutSession, CreateRefund, GetRefund, UpdateCheckoutSession, UpdatePaymentDetails,
};
use amazon_pay_core::sign::{Algorithm, DefaultSigner, Signer};
use amazon_pay_core::{
    Config, IdempotencyKey, Price, PublicKeyId, Region, Timestamp, UnsignedRequest,
};
use amazon_pay_sandbox::{Sandbox, SandboxRequest, TestPaymentMethod};
use criterion::{Criterion, criterion_group, criterion_main};
use serde::Deserialize;

const PEM: &str = include_str!("../../tests/vectors/keys/rsa2048.pkcs8.pem");
const KEY_ID: &str = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B";

/// The ids an answer carries.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Ids {
    checkout_session_id: Option<String>,
    charge_id: Option<String>,
    refund_id: Option<String>,
}

struct Bench {
    config: Config,
    signer: DefaultSigner,
    now: Timestamp,
}

impl Bench {
    /// One request to the sandbox, signed or trusted; the ids in its answer.
    fn send(&self, sandbox: &mut Sandbox, request: UnsignedRequest, signed: bool) -> Ids {
        let answer = if signed {
            let signed = request
                .sign(
                    &self.config,
                    &self.signer,
                    self.now,
                    &mut |b: &mut [u8]| b.fill(1),
                )
                .unwrap();
            sandbox.handle(self.now, &SandboxRequest::from_signed(&signed))
        } else {
            // No signature at all: the request as the sandbox reads it.
            let mut headers = Vec::new();
            if let Some(key) = request.idempotency_key() {
                headers.push((
                    "x-amz-pay-idempotency-key".to_owned(),
                    key.as_str().to_owned(),
                ));
            }
            let unsigned = SandboxRequest {
                method: request.method().as_str().to_owned(),
                target: format!("{}{}", self.config.path_prefix(), request.path()),
                headers,
                body: request.body().to_vec(),
            };
            sandbox.handle_trusted(self.now, KEY_ID, &unsigned)
        };
        assert!(
            answer.is_success(),
            "{:?}",
            String::from_utf8_lossy(answer.body())
        );
        // What a merchant reads next from each answer: the ids.
        serde_json::from_slice(answer.body()).unwrap()
    }

    fn flow(&self, sandbox: &mut Sandbox, signed: bool) {
        let usd = Price::parse("49.99", "USD").unwrap();
        let key = |n: &str| IdempotencyKey::parse(n).unwrap();
        let create = CreateCheckoutSession::new(
            "store",
            CheckoutWebDetails::review("https://shop.example/review"),
            key("create"),
        );
        let session = self.send(sandbox, create.into_request(&self.config).unwrap(), signed);
        let id = session.checkout_session_id.unwrap();
        let update = UpdateCheckoutSession::new(id.as_str().into())
            .with_checkout_result_return_url("https://shop.example/result")
            .with_payment_details(UpdatePaymentDetails::new(
                PaymentIntent::Authorize,
                usd.clone(),
            ));
        self.send(sandbox, update.into_request(&self.config).unwrap(), signed);
        sandbox
            .buyer_approves(self.now, &id, TestPaymentMethod::Success("1111"))
            .unwrap();
        let complete = CompleteCheckoutSession::new(id.as_str().into(), usd.clone());
        let done = self.send(
            sandbox,
            complete.into_request(&self.config).unwrap(),
            signed,
        );
        let charge = done.charge_id.unwrap();
        let capture = CaptureCharge::new(charge.as_str().into(), usd.clone(), key("capture"));
        self.send(sandbox, capture.into_request(&self.config).unwrap(), signed);
        let refund = CreateRefund::new(
            charge.as_str().into(),
            Price::parse("9.99", "USD").unwrap(),
            key("refund"),
        );
        let refund = self.send(sandbox, refund.into_request(&self.config).unwrap(), signed);
        let get = GetRefund::new(refund.refund_id.unwrap().as_str());
        black_box(self.send(sandbox, get.into_request(&self.config).unwrap(), signed));
    }
}

fn sandbox(signer: &DefaultSigner) -> Sandbox {
    let mut sandbox = Sandbox::new(Region::Na);
    sandbox.register_key(KEY_ID, signer.public_key().clone());
    sandbox
}

fn flows(c: &mut Criterion) {
    let signer = DefaultSigner::from_pem(PEM).unwrap();
    let bench = Bench {
        config: Config::new(Region::Na, PublicKeyId::parse(KEY_ID).unwrap()),
        now: Timestamp::parse("20261125T120000Z").unwrap(),
        signer,
    };
    c.bench_function("flow/unsigned", |b| {
        b.iter(|| {
            let mut s = sandbox(&bench.signer);
            bench.flow(&mut s, false);
        })
    });
    let mut group = c.benchmark_group("flow");
    group.sample_size(20);
    group.bench_function("signed", |b| {
        b.iter(|| {
            let mut s = sandbox(&bench.signer);
            bench.flow(&mut s, true);
        })
    });
    let message = [7u8; 90];
    let signature = bench
        .signer
        .sign(Algorithm::RsassaPssV2, &message, &mut |b: &mut [u8]| {
            b.fill(1)
        })
        .unwrap();
    group.bench_function("rsa-only", |b| {
        b.iter(|| {
            for _ in 0..6 {
                black_box(
                    bench
                        .signer
                        .sign(Algorithm::RsassaPssV2, &message, &mut |b: &mut [u8]| {
                            b.fill(1)
                        })
                        .unwrap(),
                );
                bench
                    .signer
                    .public_key()
                    .verify(Algorithm::RsassaPssV2, &message, signature.as_bytes())
                    .unwrap();
            }
        })
    });
    group.finish();
}

criterion_group!(benches, flows);
criterion_main!(benches);
