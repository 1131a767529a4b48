//! The client's `IpnVerifier`: a URL the policy refuses is never fetched;
//! certificates are fetched once and cached, with a bound and an expiry;
//! a fetch failure is its own error (answer 5xx so SNS retries).
#![cfg(feature = "ipn")]

use std::cell::RefCell;
use std::rc::Rc;

use amazon_pay_client::ipn::{FetchError, IpnError, IpnVerifier};
use amazon_pay_core::Timestamp;
use amazon_pay_core::notification::{Ipn, NotificationError, TrustPolicy};
use amazon_pay_core::time::Duration;

const SNS_CERT: &[u8] = include_bytes!("../../tests/vectors/ipn/sns.cert.pem");
const V1: &str = include_str!("../../tests/vectors/ipn/notification-v1.json");
const V2: &str = include_str!("../../tests/vectors/ipn/notification-v2.json");

fn now(seconds: i64) -> Timestamp {
    Timestamp::parse("20270101T120000Z")
        .unwrap()
        .checked_add(Duration::seconds(seconds))
        .unwrap()
}

/// A fetcher serving the vectors' certificate, recording every URL asked.
fn fetcher(log: Rc<RefCell<Vec<String>>>) -> impl Fn(&str) -> Result<Vec<u8>, FetchError> {
    move |url: &str| {
        log.borrow_mut().push(url.to_owned());
        Ok(SNS_CERT.to_vec())
    }
}

/// `body` with its certificate URL moved to another (pinned) name: the
/// signature still covers the same text, so it verifies.
fn at_url(body: &str, hex: &str) -> String {
    body.replace("9c6465fa7f48f5cacd23014631ec1136", hex)
}

#[test]
fn certificates_are_fetched_once_and_cached_with_a_bound_and_an_expiry() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let verifier = IpnVerifier::new(TrustPolicy::amazon_sns(), fetcher(Rc::clone(&log)))
        .with_cache(2, Duration::hours(1));
    for _ in 0..3 {
        assert!(matches!(
            verifier.verify(V1.as_bytes(), now(0)).unwrap(),
            Ipn::Payment { .. }
        ));
        verifier.verify(V2.as_bytes(), now(0)).unwrap();
    }
    assert_eq!(verifier.fetches(), 1, "one URL, fetched once");
    // Expired from the cache after its time to live.
    verifier.verify(V1.as_bytes(), now(3600)).unwrap();
    assert_eq!(verifier.fetches(), 2);
    // The bound: three URLs through a cache of two.
    let urls = [
        "00000000000000000000000000000001",
        "00000000000000000000000000000002",
        "00000000000000000000000000000003",
    ];
    for hex in urls {
        let _ = verifier.verify(at_url(V1, hex).as_bytes(), now(3600));
    }
    let fetched = verifier.fetches();
    assert_eq!(fetched, 5);
    // The oldest two of {original, 1, 2, 3} were dropped: 3 is cached, 1 is not.
    let _ = verifier.verify(at_url(V1, urls[2]).as_bytes(), now(3600));
    assert_eq!(verifier.fetches(), fetched);
    let _ = verifier.verify(at_url(V1, urls[0]).as_bytes(), now(3600));
    assert_eq!(verifier.fetches(), fetched + 1);
}

#[test]
fn a_refused_url_is_never_fetched_and_fetch_failures_are_their_own_error() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let verifier = IpnVerifier::new(TrustPolicy::amazon_sns(), fetcher(Rc::clone(&log)));
    let forged = V1.replace(
        "https://sns.us-east-1.amazonaws.com/",
        "https://sns.us-east-1.amazonaws.com.evil.com/",
    );
    assert!(matches!(
        verifier.verify(forged.as_bytes(), now(0)),
        Err(IpnError::Refused(
            NotificationError::CertificateHostNotTrusted { .. }
        ))
    ));
    assert!(matches!(
        verifier.verify(b"{}", now(0)),
        Err(IpnError::Refused(NotificationError::MissingField { .. }))
    ));
    assert!(
        log.borrow().is_empty(),
        "nothing fetched: {:?}",
        log.borrow()
    );

    let failing = IpnVerifier::new(
        TrustPolicy::amazon_sns(),
        |_: &str| -> Result<Vec<u8>, FetchError> { Err("connection refused".into()) },
    );
    let err = failing.verify(V1.as_bytes(), now(0)).unwrap_err();
    assert!(
        matches!(&err, IpnError::Fetch { url, .. } if url.ends_with(".pem")),
        "{err}"
    );
    assert_eq!(failing.fetches(), 0);
    // As data: the code, the URL and the fetcher's words.
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(
        (err.code(), json["code"].as_str()),
        ("Fetch", Some("Fetch"))
    );
    assert_eq!(json["reason"], "connection refused");

    // A certificate that cannot be read is not kept: the next call fetches again.
    let calls = Rc::new(RefCell::new(0));
    let counted = Rc::clone(&calls);
    let garbage = IpnVerifier::new(
        TrustPolicy::amazon_sns(),
        move |_: &str| -> Result<Vec<u8>, FetchError> {
            *counted.borrow_mut() += 1;
            Ok(b"not a certificate".to_vec())
        },
    );
    for _ in 0..2 {
        assert!(matches!(
            garbage.verify(V1.as_bytes(), now(0)),
            Err(IpnError::Refused(
                NotificationError::CertificateUnreadable { .. }
            ))
        ));
    }
    assert_eq!(*calls.borrow(), 2);
}
