//! Rows read back from a database, whatever they hold: an intent and its
//! answer are read, or refused as `StoreError::Corrupt` — never a panic,
//! and an intent that reads back writes the same row again.

#![no_main]

use amazon_pay_core::{Config, PublicKeyId, Region};
use amazon_pay_store::{Intent, IntentRecord, IntentRow, StoreError, StoredIntent};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

const OPERATIONS: [&str; 6] = [
    "CreateCharge",
    "CaptureCharge",
    "CreateRefund",
    "CancelCharge",
    "CloseChargePermission",
    "GetCharge",
];

/// Parameters of a capture, to reach the rows that read back: a valid
/// shape with fuzzed values, the fingerprint computed or not.
#[derive(Debug, Arbitrary)]
struct Capture {
    charge: String,
    amount: String,
    currency: String,
    key: String,
    fingerprint_computed: bool,
}

#[derive(Debug, Arbitrary)]
struct Row {
    capture: Option<Capture>,
    id: String,
    permission: String,
    operation: u8,
    params: String,
    fingerprint: String,
    created_at: String,
    answered_at: Option<String>,
    outcome: Option<String>,
}

fuzz_target!(|row: Row| {
    let Ok(key) = PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B") else {
        return;
    };
    let config = Config::new(Region::Na, key);
    let mut columns = IntentRow {
        id: row.id,
        permission: row.permission,
        operation: OPERATIONS[usize::from(row.operation) % OPERATIONS.len()].to_owned(),
        params: row.params,
        fingerprint: row.fingerprint,
        created_at: row.created_at,
    };
    if let Some(capture) = row.capture {
        let params = serde_json::json!({
            "chargeId": capture.charge,
            "body": {"captureAmount": {"amount": capture.amount, "currencyCode": capture.currency}},
            "idempotencyKey": capture.key,
        });
        columns.operation = "CaptureCharge".into();
        columns.id = capture.key;
        if capture.fingerprint_computed
            && let Ok(call) = amazon_pay_store::IntentCall::from_parts("CaptureCharge", params.clone())
            && let Ok(fingerprint) = call.fingerprint(&config)
        {
            columns.fingerprint = fingerprint;
        }
        columns.params = params.to_string();
    }
    let stored = StoredIntent {
        row: columns.clone(),
        answered_at: row.answered_at,
        outcome: row.outcome,
    };
    match IntentRecord::from_stored(stored, &config) {
        Ok(record) => {
            // What reads back writes back the same: id, permission,
            // fingerprint and time; params as the operation writes them.
            let again = record.intent.to_row();
            assert_eq!(again.id, columns.id);
            assert_eq!(again.fingerprint, columns.fingerprint);
            let reread = Intent::from_row(again, &config);
            assert_eq!(reread.as_ref().ok(), Some(&record.intent));
        }
        Err(StoreError::Corrupt { .. }) => {}
        Err(other) => panic!("a row is readable or corrupt, not {other:?}"),
    }
});
