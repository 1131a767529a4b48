//! Any bytes given as a key: every parser returns a value or an error, never
//! panics, and never hands a backend a key outside 2048..=8192 bits.
#![no_main]

use amazon_pay_core::sign::{AwsLcSigner, PrivateKeyDocument, PublicKey, RustCryptoSigner};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(document) = PrivateKeyDocument::parse(data) {
        assert!((2048..=8192).contains(&document.modulus_bits()));
        let _ = AwsLcSigner::new(&document);
        // The pure-Rust backend is slow on large keys; its limit is checked first.
        let _ = RustCryptoSigner::new(&document);
    }
    if let Ok(key) = PublicKey::parse(data) {
        assert!((2048..=8192).contains(&key.modulus_bits()));
        let _ = key.verify_with_aws_lc(Default::default(), b"m", &[0; 256]);
        let _ = key.verify_with_rustcrypto(Default::default(), b"m", &[0; 256]);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = PrivateKeyDocument::from_pem(text);
        let _ = PublicKey::from_pem(text);
    }
    let _ = PrivateKeyDocument::from_der(data);
    let _ = PublicKey::from_der(data);
});
