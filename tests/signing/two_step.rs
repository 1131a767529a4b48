//! Two-step signing (issue 22.1, 22.2): `prepare` gives the string to sign,
//! a key that lives elsewhere signs it, `finish` makes the request — the
//! one `sign` makes with that signature, and it verifies. Also the button
//! payload, and keys as PKCS#8 for WebCrypto.
//!
//! The outside signer is the `openssl` command. Where it is missing the
//! test says so and stops, unless `AMAZON_PAY_REQUIRE_TOOLS` is set (as
//! `.ci/run` sets it): then a missing tool fails the test.

use amazon_pay_core::sign::{KeyFormat, PrivateKeyDocument};

const PKCS1_DER: &[u8] = include_bytes!("../vectors/keys/rsa2048.pkcs1.der");
const PKCS8_DER: &[u8] = include_bytes!("../vectors/keys/rsa2048.pkcs8.der");

/// The signatures are checked with a backend's verification.
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
mod with_a_backend {
    use std::io::Write;
    use std::process::{Command, Stdio};

    use amazon_pay_core::sign::{Algorithm, PublicKey, SignError, Signature, Signer};
    use amazon_pay_core::{
        ButtonSignature, Config, Entropy, IdempotencyKey, Method, PublicKeyId, Region, Timestamp,
        UnsignedRequest,
    };

    const PKCS8_PEM: &str = include_str!("../vectors/keys/rsa2048.pkcs8.pem");
    const SPKI_PEM: &str = include_str!("../vectors/keys/rsa2048.spki.pem");

    fn config(algorithm: Algorithm) -> Config {
        Config::new(
            Region::Eu,
            PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
        )
        .with_algorithm(algorithm)
    }

    /// RSASSA-PSS (SHA-256, MGF1-SHA-256, the algorithm's salt) by `openssl`;
    /// `None` when the command is not installed and tools are not required.
    fn openssl_sign(message: &[u8], algorithm: Algorithm) -> Option<Vec<u8>> {
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("amazon-pay-two-step-{}-{call}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let key = dir.join("key.pem");
        std::fs::write(&key, PKCS8_PEM).unwrap();
        let child = Command::new("openssl")
            .args([
                "dgst",
                "-sha256",
                "-sigopt",
                "rsa_padding_mode:pss",
                "-sigopt",
            ])
            .arg(format!("rsa_pss_saltlen:{}", algorithm.salt_len()))
            .args(["-sigopt", "rsa_mgf1_md:sha256", "-sign"])
            .arg(&key)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(child) => child,
            Err(e) if std::env::var_os("AMAZON_PAY_REQUIRE_TOOLS").is_none() => {
                eprintln!("openssl is not available ({e}); the outside-signer check did not run");
                return None;
            }
            Err(e) => panic!("openssl is required here: {e}"),
        };
        child.stdin.take().unwrap().write_all(message).unwrap();
        let output = child.wait_with_output().unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        Some(output.stdout)
    }

    /// A signer that hands back one signature made beforehand.
    struct Fixed(Vec<u8>);

    impl Signer for Fixed {
        fn sign(
            &self,
            _: Algorithm,
            _: &[u8],
            _: &mut dyn Entropy,
        ) -> Result<Signature, SignError> {
            Ok(Signature::from_bytes(self.0.clone()))
        }
    }

    #[test]
    fn a_signature_made_by_openssl_finishes_the_request_sign_would_make() {
        let public = PublicKey::from_pem(SPKI_PEM).unwrap();
        let now = Timestamp::parse("20240301T102233Z").unwrap();
        for algorithm in Algorithm::ALL {
            let config = config(algorithm);
            let request = UnsignedRequest::new(Method::Post, "/refunds")
                .with_body(
                    r#"{"chargeId":"S02-1-C1","refundAmount":{"amount":"5.00","currencyCode":"EUR"}}"#,
                )
                .with_idempotency_key(IdempotencyKey::parse("refund-1").unwrap())
                .with_query("note", "a b")
                .with_header("x-amz-pay-authtoken", "token");
            let prepared = request.prepare(&config, now).unwrap();
            assert_eq!(prepared.algorithm(), algorithm);
            assert!(prepared.string_to_sign().starts_with(algorithm.as_str()));
            let Some(signature) = openssl_sign(prepared.string_to_sign().as_bytes(), algorithm)
            else {
                return;
            };
            let finished = prepared.finish(&Signature::from_bytes(signature.clone()));
            finished.verify(&public).unwrap();
            // The one-step path with the same signature: byte for byte the same.
            let one_step = request
                .sign(&config, &Fixed(signature), now, &mut |b: &mut [u8]| {
                    b.fill(1)
                })
                .unwrap();
            assert_eq!(finished, one_step);
            assert_eq!(finished.url(), one_step.url());
            assert!(finished.headers().eq(one_step.headers()));
            assert_eq!(finished.body(), one_step.body());
        }
    }

    #[test]
    fn a_button_payload_signed_elsewhere() {
        let public = PublicKey::from_pem(SPKI_PEM).unwrap();
        let payload = r#"{"webCheckoutDetails":{"checkoutReviewReturnUrl":"https://shop.example/review"},"storeId":"amzn1.application-oa2-client.x"}"#;
        let prepared = ButtonSignature::prepare(&config(Algorithm::RsassaPssV2), payload);
        assert_eq!(prepared.payload(), payload);
        let Some(signature) =
            openssl_sign(prepared.string_to_sign().as_bytes(), prepared.algorithm())
        else {
            return;
        };
        let button = prepared.finish(&Signature::from_bytes(signature));
        assert_eq!(button.payload(), payload);
        button.verify(&public).unwrap();
    }
}

#[test]
fn any_private_key_comes_out_as_pkcs8() {
    let pkcs1 = PrivateKeyDocument::from_der(PKCS1_DER).unwrap();
    assert_eq!(pkcs1.format(), KeyFormat::Pkcs1);
    // Wrapped as openssl wraps it: the same bytes as the PKCS#8 vector.
    assert_eq!(pkcs1.to_pkcs8_der().as_slice(), PKCS8_DER);
    let pkcs8 = PrivateKeyDocument::from_der(PKCS8_DER).unwrap();
    assert_eq!(pkcs8.to_pkcs8_der().as_slice(), PKCS8_DER);
    let back = PrivateKeyDocument::from_der(&pkcs1.to_pkcs8_der()).unwrap();
    assert_eq!(back.format(), KeyFormat::Pkcs8);
    assert_eq!(back.modulus_bits(), 2048);
}
