//! IPN envelopes (feature `ipn`): any bytes as an envelope (then verified
//! with a real certificate), as a certificate (for a real envelope), as a
//! message, as a certificate URL or a timestamp — never a panic; every
//! refusal says something; a verified payment notification names a Get.
#![no_main]

use amazon_pay_core::Timestamp;
use amazon_pay_core::notification::{Envelope, Ipn, PaymentNotification, TrustPolicy, published_at, verify};
use libfuzzer_sys::fuzz_target;

const SNS_CERT: &[u8] = include_bytes!("../../tests/vectors/ipn/sns.cert.pem");
const ENVELOPE: &[u8] = include_bytes!("../../tests/vectors/ipn/notification-v1.json");

fn now() -> Timestamp {
    Timestamp::from_unix_seconds(1_798_804_800).unwrap_or_else(|| unreachable!())
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let policy = TrustPolicy::amazon_sns();
    match mode % 4 {
        0 => {
            if let Ok(envelope) = Envelope::parse(rest) {
                let _ = envelope.string_to_sign();
                let _ = policy.certificate_url(&envelope);
                match verify(&envelope, SNS_CERT, now(), &policy) {
                    Ok(ipn) => {
                        assert_eq!(ipn.message_id(), envelope.message_id());
                        if let Ipn::Payment { notification, .. } = ipn {
                            let _ = notification.follow_up();
                        }
                    }
                    Err(e) => assert!(!e.to_string().is_empty()),
                }
            }
        }
        1 => {
            let envelope = Envelope::parse(ENVELOPE).unwrap_or_else(|_| unreachable!());
            if let Err(e) = verify(&envelope, rest, now(), &policy) {
                assert!(!e.to_string().is_empty());
            }
        }
        2 => {
            if let Ok(text) = std::str::from_utf8(rest)
                && let Ok(notification) = PaymentNotification::parse(text)
            {
                let _ = notification.follow_up();
            }
        }
        _ => {
            if let Ok(text) = std::str::from_utf8(rest) {
                let _ = policy.check_certificate_url(text);
                let _ = published_at(text);
                let _ = TrustPolicy::amazon_sns().with_certificate_prefix(text);
            }
        }
    }
});
