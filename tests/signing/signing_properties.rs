//! Properties of canonicalization and signing: no input panics, and what is
//! signed verifies — with every backend compiled in.

use amazon_pay_core::sign::{RequestView, canonical_request};
use proptest::prelude::*;

/// Header names: mostly valid tokens, sometimes not.
fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "x-amz-pay-[a-z]{1,12}",
        1 => "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,16}",
        1 => any::<String>(),
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[ \t]{0,2}[!-~]{0,20}([ \t]{1,3}[!-~]{1,10}){0,3}[ \t]{0,2}",
        1 => any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn canonicalization_never_panics(
        method in prop_oneof!["GET|POST|PATCH|DELETE|get", any::<String>()],
        path in prop_oneof!["/[ -~]{0,40}", any::<String>()],
        query in proptest::collection::vec((any::<String>(), any::<String>()), 0..5),
        headers in proptest::collection::vec((header_name(), header_value()), 0..6),
        body in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let query: Vec<(&str, &str)> = query.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let view = RequestView { method: &method, path: &path, query: &query, headers: &headers, body: &body };
        if let Ok(canonical) = canonical_request(&view) {
            let text = canonical.as_str();
            // The layout of spec §8.2 always holds: method, path, query, the
            // header lines, an empty line, the signed names, the body hash.
            let lines: Vec<&str> = text.split('\n').collect();
            prop_assert_eq!(lines.len(), 3 + canonical.headers().len() + 3);
            prop_assert_eq!(lines[0], method.to_ascii_uppercase());
            prop_assert!(lines[1].starts_with('/'));
            prop_assert_eq!(lines[3 + canonical.headers().len()], "");
            prop_assert_eq!(lines[lines.len() - 2], canonical.signed_headers());
            prop_assert_eq!(lines[lines.len() - 1].len(), 64);
            prop_assert!(text.is_ascii() || headers.iter().any(|(_, v)| !v.is_ascii()));
            let names: Vec<&str> = canonical.headers().iter().map(|(n, _)| *n).collect();
            prop_assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
            for (_, value) in canonical.headers() {
                prop_assert!(!value.starts_with([' ', '\t']) && !value.ends_with([' ', '\t']));
                prop_assert!(!value.contains("  ") && !value.contains('\t'));
            }
        }
    }
}

#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
mod round_trips {
    use super::*;
    use amazon_pay_core::sign::{Algorithm, Signer};
    use amazon_pay_core::{
        Config, IdempotencyKey, Method, PublicKeyId, Region, Timestamp, UnsignedRequest,
    };

    const PEM: &str = include_str!("../vectors/keys/rsa2048.pkcs8.pem");

    fn request() -> impl Strategy<Value = (UnsignedRequest, Config, Timestamp)> {
        (
            prop::sample::select(vec![
                Method::Get,
                Method::Post,
                Method::Patch,
                Method::Delete,
            ]),
            "(/[A-Za-z0-9._~ -]{1,12}){1,4}",
            proptest::collection::vec(("[a-zA-Z]{1,6}", any::<String>()), 0..4),
            proptest::collection::vec(("x-amz-pay-[a-z]{1,8}", "[!-~]{0,12}"), 0..3),
            proptest::collection::vec(any::<u8>(), 0..200),
            prop::option::of("[A-Za-z0-9_-]{1,32}"),
            prop::sample::select(Region::ALL.to_vec()),
            prop::sample::select(vec![
                "AHEGSJCM3L2S637RBGABLAFW",
                "LIVE-AB12",
                "SANDBOX-CD34",
            ]),
            prop::sample::select(Algorithm::ALL.to_vec()),
            0i64..4_102_444_800,
        )
            .prop_map(
                |(method, path, query, headers, body, key, region, id, algorithm, at)| {
                    let mut request = UnsignedRequest::new(method, path).with_body(body);
                    for (name, value) in query {
                        request = request.with_query(name, value);
                    }
                    for (name, value) in headers {
                        request = request.with_header(name, value);
                    }
                    if let Some(key) = key {
                        request =
                            request.with_idempotency_key(IdempotencyKey::parse(&key).unwrap());
                    }
                    let config = Config::new(region, PublicKeyId::parse(id).unwrap())
                        .with_algorithm(algorithm);
                    (request, config, Timestamp::from_unix_seconds(at).unwrap())
                },
            )
    }

    fn check(
        signer: &impl Signer,
        public: &amazon_pay_core::sign::PublicKey,
        request: &UnsignedRequest,
        config: &Config,
        now: Timestamp,
        seed: u8,
    ) -> Result<(), TestCaseError> {
        let mut entropy = move |buf: &mut [u8]| {
            buf.iter_mut()
                .enumerate()
                .for_each(|(i, b)| *b = seed ^ i as u8)
        };
        match request.sign(config, signer, now, &mut entropy) {
            Ok(signed) => {
                let verified = signed.verify(public);
                prop_assert!(verified.is_ok(), "{:?}", verified);
            }
            // Two generated headers with the same name are refused, as they must be.
            Err(amazon_pay_core::sign::SignError::Invalid(err)) => {
                prop_assert!(
                    matches!(err.rule(), amazon_pay_core::Rule::DuplicateHeader { .. }),
                    "{}",
                    err
                );
            }
            Err(err) => prop_assert!(false, "{}", err),
        }
        Ok(())
    }

    #[cfg(feature = "aws-lc-rs")]
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn aws_lc_sign_then_verify((request, config, now) in request()) {
            static SIGNER: std::sync::OnceLock<amazon_pay_core::sign::AwsLcSigner> = std::sync::OnceLock::new();
            let signer = SIGNER.get_or_init(|| amazon_pay_core::sign::AwsLcSigner::from_pem(PEM).unwrap());
            check(signer, signer.public_key(), &request, &config, now, 1)?;
        }
    }

    #[cfg(feature = "rsa")]
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn rustcrypto_sign_then_verify((request, config, now) in request(), seed in any::<u8>()) {
            static SIGNER: std::sync::OnceLock<amazon_pay_core::sign::RustCryptoSigner> = std::sync::OnceLock::new();
            let signer = SIGNER.get_or_init(|| amazon_pay_core::sign::RustCryptoSigner::from_pem(PEM).unwrap());
            check(signer, signer.public_key(), &request, &config, now, seed)?;
        }
    }
}
