//! A host override (a proxy, or the offline sandbox) is used in the URL and
//! in the signed `x-amz-pay-host`, and the request still verifies.

use amazon_pay_core::{Config, PublicKeyId, Region, Rule};

fn config() -> Config {
    Config::new(
        Region::Eu,
        PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
    )
}

#[test]
fn the_default_host_is_the_regions() {
    assert_eq!(config().host(), "pay-api.amazon.eu");
}

#[test]
fn bad_hosts_are_refused_naming_the_field() {
    for (host, rule) in [
        ("", Rule::Empty),
        (
            "https://x",
            Rule::NotAllowedCharacter {
                found: '/',
                allowed: "ASCII letters, digits, '.', '-', ':', '[' and ']'",
            },
        ),
    ] {
        let err = config().with_host(host).unwrap_err();
        assert_eq!(err.field(), "host");
        assert_eq!(err.rule(), &rule);
    }
    for host in ["a b", "a/b", "a\nb", "ä.example", "a@b"] {
        assert!(config().with_host(host).is_err(), "{host:?}");
    }
    let long = "a".repeat(260);
    assert!(config().with_host(&long).is_err());
    assert!(config().with_host(&"a".repeat(259)).is_ok());
    for host in [
        "127.0.0.1:8443",
        "[::1]:8443",
        "localhost",
        "proxy-1.example.com",
    ] {
        assert_eq!(config().with_host(host).unwrap().host(), host);
    }
}

#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
#[test]
fn the_override_is_signed_and_verifies() {
    use amazon_pay_core::sign::DefaultSigner;
    use amazon_pay_core::{Method, Timestamp, UnsignedRequest};

    let signer =
        DefaultSigner::from_pem(include_str!("../vectors/keys/rsa2048.pkcs8.pem")).unwrap();
    let config = config().with_host("127.0.0.1:8443").unwrap();
    let mut entropy = |buf: &mut [u8]| buf.fill(7);
    let signed = UnsignedRequest::new(Method::Get, "/charges/S02-1-C1")
        .sign(
            &config,
            &signer,
            Timestamp::parse("20240301T100000Z").unwrap(),
            &mut entropy,
        )
        .unwrap();
    assert_eq!(signed.url(), "https://127.0.0.1:8443/v2/charges/S02-1-C1");
    assert_eq!(signed.header("x-amz-pay-host"), Some("127.0.0.1:8443"));
    assert_eq!(signed.header("x-amz-pay-region"), Some("eu"));
    assert!(signed.authorization().contains("x-amz-pay-host"));
    signed.verify(signer.public_key()).unwrap();
    // Debug of a signed request shows neither buyer data nor the signature.
    let signed = UnsignedRequest::new(Method::Post, "/checkoutSessions")
        .with_body(r#"{"addressDetails":{"name":"Jane Doe","addressLine1":"1 Main St"}}"#)
        .sign(
            &config,
            &signer,
            Timestamp::parse("20240301T100000Z").unwrap(),
            &mut entropy,
        )
        .unwrap();
    let debug = format!("{signed:?}");
    assert!(
        !debug.contains("Jane") && !debug.contains("Main"),
        "{debug}"
    );
    assert!(debug.contains("Signature=<redacted>"), "{debug}");
}
