//! Canonicalization against spec §8.9, keys, both backends, requests and the button.

use amazon_pay_core::Rule;
use amazon_pay_core::sign::KeyError;
use amazon_pay_core::sign::{
    Algorithm, KeyFormat, PrivateKeyDocument, PublicKey, RequestView, canonical_request,
};

const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn key_file(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/vectors/keys/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn key_text(name: &str) -> String {
    String::from_utf8(key_file(name)).unwrap()
}

#[test]
fn spec_vector_a_post_with_body() {
    let body = br#"{"webCheckoutDetails":{"checkoutReviewReturnUrl":"https://example.test/review"},"storeId":"amzn1.application-oa2-client.0000"}"#;
    let view = RequestView {
        method: "POST",
        path: "/sandbox/v2/checkoutSessions",
        query: &[],
        headers: &[
            ("x-amz-pay-region", "na"),
            ("accept", "application/json"),
            ("x-amz-pay-idempotency-key", "abc123"),
            ("content-type", "application/json"),
            ("x-amz-pay-host", "pay-api.amazon.com"),
            ("x-amz-pay-date", "20240101T000000Z"),
        ],
        body,
    };
    let canonical = canonical_request(&view).unwrap();
    assert_eq!(
        canonical.as_str(),
        "POST\n/sandbox/v2/checkoutSessions\n\naccept:application/json\ncontent-type:application/json\n\
         x-amz-pay-date:20240101T000000Z\nx-amz-pay-host:pay-api.amazon.com\nx-amz-pay-idempotency-key:abc123\n\
         x-amz-pay-region:na\n\naccept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-idempotency-key;\
         x-amz-pay-region\nbdc69c4f16c57e18ff447999fe3701eb6de352b9f23cb4fb84f355c70a80ca03"
    );
    assert_eq!(
        canonical.hash_hex(),
        "95d9b3c6edbeedc2b71dbc099d36b22b8f6c8c255883f29a745932b9a13745f2"
    );
    assert_eq!(
        canonical.string_to_sign(Algorithm::RsassaPssV2),
        "AMZN-PAY-RSASSA-PSS-V2\n95d9b3c6edbeedc2b71dbc099d36b22b8f6c8c255883f29a745932b9a13745f2"
    );
    assert_eq!(
        canonical.signed_headers(),
        "accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-idempotency-key;x-amz-pay-region"
    );
}

#[test]
fn spec_vector_b_get_without_query() {
    let view = RequestView {
        method: "GET",
        path: "/live/v2/charges/S01-0000000-0000000-C000000",
        query: &[],
        headers: &[
            ("accept", "application/json"),
            ("content-type", "application/json"),
            ("x-amz-pay-date", "20240101T000000Z"),
            ("x-amz-pay-host", "pay-api.amazon.eu"),
            ("x-amz-pay-region", "eu"),
        ],
        body: b"",
    };
    let canonical = canonical_request(&view).unwrap();
    assert_eq!(
        canonical.as_str(),
        format!(
            "GET\n/live/v2/charges/S01-0000000-0000000-C000000\n\naccept:application/json\n\
             content-type:application/json\nx-amz-pay-date:20240101T000000Z\nx-amz-pay-host:pay-api.amazon.eu\n\
             x-amz-pay-region:eu\n\naccept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-region\n{EMPTY_SHA256}"
        )
    );
    assert_eq!(
        canonical.hash_hex(),
        "41e9506f188b9d1ecddf3a93057e20c2b8450bb5057d6a2683b7cb5b514592f1"
    );
    assert_eq!(
        canonical.string_to_sign(Algorithm::RsassaPss),
        "AMZN-PAY-RSASSA-PSS\n41e9506f188b9d1ecddf3a93057e20c2b8450bb5057d6a2683b7cb5b514592f1"
    );
}

#[test]
fn spec_vector_c_get_with_query() {
    let view = RequestView {
        method: "GET",
        path: "/live/v2/reports",
        query: &[
            (
                "reportTypes",
                "_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_,_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_",
            ),
            ("createdSince", "20240101T000000Z"),
        ],
        headers: &[
            ("accept", "application/json"),
            ("content-type", "application/json"),
            ("x-amz-pay-date", "20240101T000000Z"),
            ("x-amz-pay-host", "pay-api.amazon.eu"),
            ("x-amz-pay-region", "eu"),
        ],
        body: b"",
    };
    let canonical = canonical_request(&view).unwrap();
    assert_eq!(
        canonical.as_str(),
        format!(
            "GET\n/live/v2/reports\ncreatedSince=20240101T000000Z&reportTypes=_GET_FLAT_FILE_OFFAMAZONPAYMENTS_\
             ORDER_REFERENCE_DATA_%2C_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_\naccept:application/json\n\
             content-type:application/json\nx-amz-pay-date:20240101T000000Z\nx-amz-pay-host:pay-api.amazon.eu\n\
             x-amz-pay-region:eu\n\naccept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-region\n{EMPTY_SHA256}"
        )
    );
    assert_eq!(
        canonical.hash_hex(),
        "c76453d3ed5b2b3e501dda0afbefc318a57fbd2e6745411c6f08da546a4c9ee2"
    );
}

#[test]
fn canonicalization_refuses_ambiguous_headers() {
    let view = |headers: &'static [(&'static str, &'static str)]| RequestView {
        method: "GET",
        path: "/v2/charges/x",
        query: &[],
        headers,
        body: b"",
    };
    let err = canonical_request(&view(&[("Accept", "a"), ("accept", "b")])).unwrap_err();
    assert!(matches!(err.rule(), Rule::DuplicateHeader { .. }));
    let err = canonical_request(&view(&[("x-amz-pay-x", "a\r\nx-amz-pay-date: 1")])).unwrap_err();
    assert_eq!(err.rule(), &Rule::LineBreak);
    assert!(err.to_string().contains("x-amz-pay-x"), "{err}");
}

#[test]
fn private_keys_in_every_supported_form() {
    for (file, format) in [
        ("rsa2048.pkcs8.pem", KeyFormat::Pkcs8),
        ("rsa2048.pkcs8.der", KeyFormat::Pkcs8),
        ("rsa2048.pkcs1.pem", KeyFormat::Pkcs1),
        ("rsa2048.pkcs1.der", KeyFormat::Pkcs1),
        ("rsa3072.pkcs8.pem", KeyFormat::Pkcs8),
    ] {
        let document =
            PrivateKeyDocument::parse(&key_file(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(document.format(), format, "{file}");
        let bits = if file.starts_with("rsa3072") {
            3072
        } else {
            2048
        };
        assert_eq!(document.modulus_bits(), bits, "{file}");
        let debug = format!("{document:?}");
        assert!(
            debug.contains("modulus_bits") && !debug.contains("der"),
            "{debug}"
        );
    }
    let from_pem = PrivateKeyDocument::from_pem(&key_text("rsa2048.pkcs8.pem")).unwrap();
    let from_der = PrivateKeyDocument::from_der(&key_file("rsa2048.pkcs8.der")).unwrap();
    assert_eq!(from_pem.der(), from_der.der());
}

#[test]
fn every_wrong_key_gets_its_own_error() {
    type Expect = fn(&KeyError) -> bool;
    let cases: &[(&str, Expect)] = &[
        ("rsa2048.openssh", |e| *e == KeyError::OpenSsh),
        ("rsa2048.encrypted-pkcs8.pem", |e| *e == KeyError::Encrypted),
        ("rsa2048.encrypted-pkcs8.der", |e| *e == KeyError::Encrypted),
        ("rsa2048.encrypted-pkcs1.pem", |e| *e == KeyError::Encrypted),
        ("rsa2048.spki.pem", |e| {
            *e == KeyError::PublicKeyInsteadOfPrivate
        }),
        ("rsa2048.spki.der", |e| {
            *e == KeyError::PublicKeyInsteadOfPrivate
        }),
        ("rsa2048.pkcs1-public.pem", |e| {
            *e == KeyError::PublicKeyInsteadOfPrivate
        }),
        ("rsa2048.openssh.pub", |e| {
            *e == KeyError::PublicKeyInsteadOfPrivate
        }),
        ("rsa2048.cert.pem", |e| *e == KeyError::Certificate),
        (
            "ec-p256.pkcs8.pem",
            |e| matches!(e, KeyError::NotRsa { algorithm } if algorithm == "EC"),
        ),
        (
            "ec-p256.sec1.pem",
            |e| matches!(e, KeyError::NotRsa { algorithm } if algorithm == "EC"),
        ),
        (
            "ed25519.pkcs8.pem",
            |e| matches!(e, KeyError::NotRsa { algorithm } if algorithm == "Ed25519"),
        ),
        ("rsa1024.pkcs8.pem", |e| {
            *e == KeyError::TooShort { bits: 1024 }
        }),
        ("rsa1024.pkcs1.pem", |e| {
            *e == KeyError::TooShort { bits: 1024 }
        }),
    ];
    for (file, expected) in cases {
        let err = PrivateKeyDocument::parse(&key_file(file)).unwrap_err();
        assert!(expected(&err), "{file}: {err:?}");
        assert!(
            err.to_string().len() > 40,
            "{file}: the message should say what to do: {err}"
        );
    }
    assert_eq!(
        PrivateKeyDocument::parse(b"").unwrap_err(),
        KeyError::NotAKey
    );
    assert_eq!(
        PrivateKeyDocument::parse(b"hello world").unwrap_err(),
        KeyError::NotAKey
    );
    assert_eq!(
        PrivateKeyDocument::parse(&[0xff, 0x00, 0x12]).unwrap_err(),
        KeyError::NotAKey
    );
    assert!(matches!(
        PrivateKeyDocument::parse(
            b"-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n"
        )
        .unwrap_err(),
        KeyError::Malformed { .. }
    ));
    assert!(matches!(
        PrivateKeyDocument::parse(
            b"-----BEGIN PGP PRIVATE KEY BLOCK-----\nAA==\n-----END PGP PRIVATE KEY BLOCK-----"
        )
        .unwrap_err(),
        KeyError::UnsupportedPemLabel { .. }
    ));
    assert_eq!(
        PrivateKeyDocument::parse(b"PuTTY-User-Key-File-3: ssh-rsa\n").unwrap_err(),
        KeyError::Putty
    );
    // A truncated key is malformed, not a panic.
    let der = key_file("rsa2048.pkcs8.der");
    for cut in [1, 2, 10, 100, der.len() - 1] {
        assert!(
            PrivateKeyDocument::from_der(&der[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    // The OpenSSH message says how to convert.
    let openssh = PrivateKeyDocument::parse(&key_file("rsa2048.openssh")).unwrap_err();
    assert!(openssh.to_string().contains("ssh-keygen -p"), "{openssh}");
    let encrypted =
        PrivateKeyDocument::parse(&key_file("rsa2048.encrypted-pkcs8.pem")).unwrap_err();
    assert!(
        encrypted
            .to_string()
            .contains("openssl pkcs8 -topk8 -nocrypt"),
        "{encrypted}"
    );
}

#[test]
fn public_keys() {
    for file in [
        "rsa2048.spki.pem",
        "rsa2048.spki.der",
        "rsa2048.pkcs1-public.pem",
        "rsa3072.spki.pem",
    ] {
        PublicKey::parse(&key_file(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    assert_eq!(
        PublicKey::parse(&key_file("rsa2048.pkcs8.pem")).unwrap_err(),
        KeyError::PrivateKeyInsteadOfPublic
    );
    assert_eq!(
        PublicKey::parse(&key_file("rsa2048.pkcs1.der")).unwrap_err(),
        KeyError::PrivateKeyInsteadOfPublic
    );
    assert_eq!(
        PublicKey::parse(&key_file("rsa2048.cert.pem")).unwrap_err(),
        KeyError::Certificate
    );
}

#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
mod with_a_backend {
    use super::*;
    use amazon_pay_core::ButtonSignature;
    use amazon_pay_core::sign::{DefaultSigner, Signer, verify_request};
    use amazon_pay_core::sign::{SignError, VerifyError};
    use amazon_pay_core::{
        Config, Environment, IdempotencyKey, Method, PublicKeyId, Region, Timestamp,
        UnsignedRequest,
    };

    fn signer() -> DefaultSigner {
        DefaultSigner::from_pem(&key_text("rsa2048.pkcs8.pem")).unwrap()
    }

    fn config() -> Config {
        Config::new(
            Region::Eu,
            PublicKeyId::parse("AHEGSJCM3L2S637RBGABLAFW").unwrap(),
        )
        .with_environment(Environment::Live)
        .unwrap()
    }

    fn entropy() -> impl FnMut(&mut [u8]) {
        let mut state = 1u64;
        move |buf: &mut [u8]| {
            for b in buf {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *b = state as u8;
            }
        }
    }

    fn capture() -> UnsignedRequest {
        UnsignedRequest::new(Method::Post, "/charges/S01-5105180-3221187-C056351/capture")
            .with_body(r#"{"captureAmount":{"amount":"14.00","currencyCode":"EUR"}}"#)
            .with_idempotency_key(IdempotencyKey::parse("LfOgvmFXJvfGLpLP").unwrap())
    }

    fn now() -> Timestamp {
        Timestamp::parse("20240301T102233Z").unwrap()
    }

    #[test]
    fn signer_and_public_key_agree_for_every_key_form() {
        let public = PublicKey::parse(&key_file("rsa2048.spki.pem")).unwrap();
        for file in [
            "rsa2048.pkcs8.pem",
            "rsa2048.pkcs8.der",
            "rsa2048.pkcs1.pem",
            "rsa2048.pkcs1.der",
        ] {
            let signer = DefaultSigner::parse(&key_file(file)).unwrap();
            for algorithm in Algorithm::ALL {
                let signature = signer.sign(algorithm, b"message", &mut entropy()).unwrap();
                assert_eq!(signature.as_bytes().len(), 256);
                public
                    .verify(algorithm, b"message", signature.as_bytes())
                    .unwrap();
                signer
                    .public_key()
                    .verify(algorithm, b"message", signature.as_bytes())
                    .unwrap();
            }
        }
        let pkcs1_public = PublicKey::parse(&key_file("rsa2048.pkcs1-public.pem")).unwrap();
        let signature = signer()
            .sign(Algorithm::RsassaPssV2, b"m", &mut entropy())
            .unwrap();
        pkcs1_public
            .verify(Algorithm::RsassaPssV2, b"m", signature.as_bytes())
            .unwrap();
    }

    #[test]
    fn salt_length_and_message_matter() {
        let signer = signer();
        let public = signer.public_key();
        let v2 = signer
            .sign(Algorithm::RsassaPssV2, b"message", &mut entropy())
            .unwrap();
        let v1 = signer
            .sign(Algorithm::RsassaPss, b"message", &mut entropy())
            .unwrap();
        assert_eq!(
            public.verify(Algorithm::RsassaPss, b"message", v2.as_bytes()),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            public.verify(Algorithm::RsassaPssV2, b"message", v1.as_bytes()),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            public.verify(Algorithm::RsassaPssV2, b"massage", v2.as_bytes()),
            Err(VerifyError::BadSignature)
        );
        let other = PublicKey::parse(&key_file("rsa3072.spki.pem")).unwrap();
        assert!(
            other
                .verify(Algorithm::RsassaPssV2, b"message", v2.as_bytes())
                .is_err()
        );
        assert!(
            public
                .verify(Algorithm::RsassaPssV2, b"message", &v2.as_bytes()[1..])
                .is_err()
        );
    }

    #[test]
    fn signed_request_carries_exactly_the_signed_headers() {
        let signed = capture()
            .with_header("x-amz-pay-simulation-code", "CaptureInitiated")
            .with_header("User-Agent", "shop/1.0")
            .sign(&config(), &signer(), now(), &mut entropy())
            .unwrap();
        assert_eq!(signed.method(), Method::Post);
        assert_eq!(
            signed.url(),
            "https://pay-api.amazon.eu/live/v2/charges/S01-5105180-3221187-C056351/capture"
        );
        let names: Vec<&str> = signed.headers().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                "accept",
                "content-type",
                "x-amz-pay-date",
                "x-amz-pay-host",
                "x-amz-pay-idempotency-key",
                "x-amz-pay-region",
                "x-amz-pay-simulation-code",
                "authorization",
                "user-agent"
            ]
        );
        assert_eq!(signed.header("X-Amz-Pay-Region"), Some("eu"));
        assert_eq!(signed.header("x-amz-pay-host"), Some("pay-api.amazon.eu"));
        assert_eq!(signed.header("accept"), Some("application/json"));
        assert!(signed.authorization().contains(
            "SignedHeaders=accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-idempotency-key;x-amz-pay-region;x-amz-pay-simulation-code, "
        ));
        let verified = signed.verify(signer().public_key()).unwrap();
        assert_eq!(verified.public_key_id, "AHEGSJCM3L2S637RBGABLAFW");
        assert_eq!(verified.signed_headers.len(), 7);
        let debug = format!("{signed:?}");
        assert!(debug.contains("Signature=<redacted>"), "{debug}");
        let signature = signed.authorization().rsplit("Signature=").next().unwrap();
        assert!(!debug.contains(signature));
    }

    #[test]
    fn reserved_and_malformed_headers_are_refused_at_signing() {
        for name in [
            "x-amz-pay-date",
            "Accept",
            "AUTHORIZATION",
            "x-amz-pay-idempotency-key",
            "content-type",
        ] {
            let err = capture()
                .with_header(name, "x")
                .sign(&config(), &signer(), now(), &mut entropy())
                .unwrap_err();
            match err {
                SignError::Invalid(err) => assert_eq!(err.rule(), &Rule::ReservedHeader, "{name}"),
                other => panic!("{name}: {other}"),
            }
        }
        let err = capture()
            .with_header("x-amz-pay-simulation-code", "a\nb")
            .sign(&config(), &signer(), now(), &mut entropy())
            .unwrap_err();
        assert!(
            matches!(err, SignError::Invalid(ref e) if e.rule() == &Rule::LineBreak),
            "{err}"
        );
        let err = capture()
            .with_header("X-Amz-Pay-Simulation-Code", "a")
            .with_header("x-amz-pay-simulation-code", "b")
            .sign(&config(), &signer(), now(), &mut entropy())
            .unwrap_err();
        assert!(
            matches!(err, SignError::Invalid(ref e) if matches!(e.rule(), Rule::DuplicateHeader { .. }))
        );
        let err = capture()
            .with_header("user-agent", "x\r\ny")
            .sign(&config(), &signer(), now(), &mut entropy())
            .unwrap_err();
        assert!(matches!(err, SignError::Invalid(ref e) if e.rule() == &Rule::LineBreak));
    }

    #[test]
    fn tampering_is_detected() {
        let signer = signer();
        let signed = capture()
            .with_header("user-agent", "shop/1.0")
            .sign(&config(), &signer, now(), &mut entropy())
            .unwrap();
        let key = signer.public_key();
        let headers: Vec<(&str, &str)> = signed.headers().collect();
        let path = "/live/v2/charges/S01-5105180-3221187-C056351/capture";
        let view = RequestView {
            method: "POST",
            path,
            query: &[],
            headers: &headers,
            body: signed.body(),
        };
        verify_request(key, &view, signed.authorization()).unwrap();
        // The body, the path, a signed header: each change breaks the signature.
        let body = br#"{"captureAmount":{"amount":"15.00","currencyCode":"EUR"}}"#;
        let tampered = RequestView { body, ..view };
        assert_eq!(
            verify_request(key, &tampered, signed.authorization()),
            Err(VerifyError::BadSignature)
        );
        let tampered = RequestView {
            path: "/live/v2/charges/S01-5105180-3221187-C000000/capture",
            ..view
        };
        assert_eq!(
            verify_request(key, &tampered, signed.authorization()),
            Err(VerifyError::BadSignature)
        );
        let mut changed = headers.clone();
        changed.retain(|(n, _)| *n != "x-amz-pay-date");
        changed.push(("x-amz-pay-date", "20240301T102234Z"));
        let tampered = RequestView {
            headers: &changed,
            ..view
        };
        assert_eq!(
            verify_request(key, &tampered, signed.authorization()),
            Err(VerifyError::BadSignature)
        );
        // An unsigned header may change.
        let mut changed = headers.clone();
        changed.retain(|(n, _)| *n != "user-agent");
        let relaxed = RequestView {
            headers: &changed,
            ..view
        };
        verify_request(key, &relaxed, signed.authorization()).unwrap();
        // A signed header that is missing is named.
        let mut missing = headers.clone();
        missing.retain(|(n, _)| *n != "x-amz-pay-region");
        let err = verify_request(
            key,
            &RequestView {
                headers: &missing,
                ..view
            },
            signed.authorization(),
        );
        assert_eq!(
            err,
            Err(VerifyError::MissingSignedHeader {
                name: "x-amz-pay-region".into()
            })
        );
    }

    #[test]
    fn button_signature_covers_the_exact_payload() {
        let payload = r#"{"webCheckoutDetails":{"checkoutReviewReturnUrl":"https://shop.example/review"},"storeId":"amzn1.application-oa2-client.0000","scopes":["name","email"],"note":"Grüße / \u2713"}"#;
        let config = config();
        let button = ButtonSignature::sign(&config, &signer(), payload, &mut entropy()).unwrap();
        assert_eq!(button.payload(), payload);
        assert_eq!(button.algorithm(), Algorithm::RsassaPssV2);
        assert_eq!(button.public_key_id().as_str(), "AHEGSJCM3L2S637RBGABLAFW");
        button.verify(signer().public_key()).unwrap();
        let debug = format!("{button:?}");
        assert!(!debug.contains(button.signature()), "{debug}");
        // The older algorithm signs with its own name.
        let older = config.with_algorithm(Algorithm::RsassaPss);
        let button = ButtonSignature::sign(&older, &signer(), payload, &mut entropy()).unwrap();
        assert_eq!(button.algorithm(), Algorithm::RsassaPss);
        button.verify(signer().public_key()).unwrap();
    }

    #[test]
    fn signer_debug_shows_no_key_material() {
        let signer = signer();
        let debug = format!("{signer:?}");
        assert!(debug.contains("2048"), "{debug}");
        assert!(debug.len() < 80, "{debug}");
    }
}

#[cfg(feature = "aws-lc-rs")]
#[test]
fn aws_lc_signs_with_keys_up_to_8192_bits() {
    use amazon_pay_core::sign::{AwsLcSigner, Signer};
    let signer = AwsLcSigner::parse(&key_file("rsa5120.pkcs8.pem")).unwrap();
    let signature = signer
        .sign(Algorithm::RsassaPssV2, b"m", &mut |_: &mut [u8]| {})
        .unwrap();
    assert_eq!(signature.as_bytes().len(), 640);
    signer
        .public_key()
        .verify(Algorithm::RsassaPssV2, b"m", signature.as_bytes())
        .unwrap();
}

#[cfg(all(feature = "aws-lc-rs", feature = "rsa"))]
mod both_backends {
    use super::*;
    use amazon_pay_core::sign::{AwsLcSigner, RustCryptoSigner, Signer};

    fn seeded(seed: u64) -> impl FnMut(&mut [u8]) {
        let mut state = seed;
        move |buf: &mut [u8]| {
            for b in buf {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                *b = (state >> 33) as u8;
            }
        }
    }

    #[test]
    fn each_backend_verifies_the_other() {
        let pem = key_text("rsa2048.pkcs8.pem");
        let aws = AwsLcSigner::from_pem(&pem).unwrap();
        let rust = RustCryptoSigner::from_pem(&pem).unwrap();
        assert_eq!(aws.public_key(), rust.public_key());
        let public = aws.public_key();
        for algorithm in Algorithm::ALL {
            let by_aws = aws
                .sign(algorithm, b"string to sign", &mut seeded(1))
                .unwrap();
            let by_rust = rust
                .sign(algorithm, b"string to sign", &mut seeded(1))
                .unwrap();
            public
                .verify_with_rustcrypto(algorithm, b"string to sign", by_aws.as_bytes())
                .unwrap();
            public
                .verify_with_aws_lc(algorithm, b"string to sign", by_rust.as_bytes())
                .unwrap();
            public
                .verify_with_aws_lc(algorithm, b"string to sign", by_aws.as_bytes())
                .unwrap();
            public
                .verify_with_rustcrypto(algorithm, b"string to sign", by_rust.as_bytes())
                .unwrap();
        }
    }

    #[test]
    fn seeded_rustcrypto_signatures_are_reproducible_and_aws_lc_ones_are_not() {
        let pem = key_text("rsa2048.pkcs1.pem");
        let rust = RustCryptoSigner::from_pem(&pem).unwrap();
        let a = rust
            .sign(Algorithm::RsassaPssV2, b"m", &mut seeded(7))
            .unwrap();
        let b = rust
            .sign(Algorithm::RsassaPssV2, b"m", &mut seeded(7))
            .unwrap();
        let c = rust
            .sign(Algorithm::RsassaPssV2, b"m", &mut seeded(8))
            .unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let aws = AwsLcSigner::from_pem(&pem).unwrap();
        let x = aws
            .sign(Algorithm::RsassaPssV2, b"m", &mut seeded(7))
            .unwrap();
        let y = aws
            .sign(Algorithm::RsassaPssV2, b"m", &mut seeded(7))
            .unwrap();
        assert_ne!(x, y, "AWS-LC draws its own salt");
    }
}

#[cfg(feature = "rsa")]
mod rustcrypto_backend {
    use super::*;
    use amazon_pay_core::sign::{RustCryptoSigner, Signer};

    #[test]
    fn a_caller_entropy_that_never_changes_cannot_hang_signing() {
        // All-ones bytes are above any 2048-bit modulus: drawn directly, the
        // rsa crate's blinding would retry them forever.
        let signer = RustCryptoSigner::from_pem(&key_text("rsa2048.pkcs8.pem")).unwrap();
        let mut stuck = |buf: &mut [u8]| buf.fill(0xff);
        let signature = signer
            .sign(Algorithm::RsassaPssV2, b"m", &mut stuck)
            .unwrap();
        signer
            .public_key()
            .verify(Algorithm::RsassaPssV2, b"m", signature.as_bytes())
            .unwrap();
    }

    #[test]
    fn keys_above_4096_bits_are_refused_with_the_limit() {
        // A 5120-bit key passes the crate's checks but not this backend's.
        let document = PrivateKeyDocument::parse(&key_file("rsa5120.pkcs8.pem")).unwrap();
        assert_eq!(document.modulus_bits(), 5120);
        assert_eq!(
            RustCryptoSigner::new(&document).unwrap_err(),
            KeyError::TooLarge {
                bits: 5120,
                max: 4096
            }
        );
    }
}

#[cfg(feature = "aws-lc-rs")]
#[test]
fn a_public_key_aws_lc_refuses_is_reported_as_such_not_as_a_bad_signature() {
    use amazon_pay_core::sign::VerifyError;
    // A well-formed RSA public key with public exponent 2, which AWS-LC
    // refuses. The crate reads it (its shape is right) and says at
    // verification that the backend refused the key.
    let key = PublicKey::parse(&key_file("rsa2048-exponent-2.spki.der")).unwrap();
    assert_eq!(key.modulus_bits(), 2048);
    let err = key
        .verify_with_aws_lc(Algorithm::RsassaPssV2, b"m", &[0; 256])
        .unwrap_err();
    assert!(
        matches!(
            err,
            VerifyError::Key(KeyError::Rejected {
                backend: "aws-lc-rs",
                ..
            })
        ),
        "{err:?}"
    );
    // Keys AWS-LC accepts, in both public forms: a good signature verifies,
    // a wrong one is a bad signature.
    use amazon_pay_core::sign::{AwsLcSigner, Signer};
    let signer = AwsLcSigner::parse(&key_file("rsa2048.pkcs8.pem")).unwrap();
    for file in ["rsa2048.spki.pem", "rsa2048.pkcs1-public.pem"] {
        let good = PublicKey::parse(&key_file(file)).unwrap();
        for algorithm in [Algorithm::RsassaPss, Algorithm::RsassaPssV2] {
            let signature = signer
                .sign(algorithm, b"m", &mut |_: &mut [u8]| {})
                .unwrap();
            good.verify_with_aws_lc(algorithm, b"m", signature.as_bytes())
                .unwrap_or_else(|e| panic!("{file} {algorithm:?}: {e}"));
            assert_eq!(
                good.verify_with_aws_lc(algorithm, b"m", &[0; 256])
                    .unwrap_err(),
                VerifyError::BadSignature
            );
        }
    }
}
