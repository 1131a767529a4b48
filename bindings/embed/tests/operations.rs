//! Every one of the 43 operations built by name from the JSON of
//! `fixtures/operations.json` (the parameters a binding passes), and the
//! request is the one the typed operation makes.

use amazon_pay_core::operation::{self as op, ApiOperation};
use amazon_pay_core::{Config, Operation};
use amazon_pay_embed::{Client, operations};
use serde_json::Value;

const SETTINGS: &str = r#"{"publicKeyId":"SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B","region":"us"}"#;

fn fixture() -> serde_json::Map<String, Value> {
    let text = include_str!("fixtures/operations.json");
    match serde_json::from_str(text).expect("operations.json") {
        Value::Object(map) => map,
        _ => panic!("operations.json is not an object"),
    }
}

#[test]
fn every_operation_builds_from_its_fixture() {
    let client = Client::from_json(SETTINGS).unwrap();
    let params = fixture();
    assert_eq!(params.len(), 43);
    let mut failures = Vec::new();
    for &name in operations() {
        let given = params
            .get(name)
            .unwrap_or_else(|| panic!("{name} has no fixture"));
        match client.call_value(name, given.clone()) {
            Ok(call) => {
                assert_eq!(call.operation(), name);
                let spec = Operation::ALL
                    .iter()
                    .find(|o| o.as_str().replace([' ', '-'], "") == name)
                    .expect("a row")
                    .spec();
                assert_eq!(call.request().method(), spec.method, "{name}");
                assert!(
                    spec.match_path(call.request().path()).is_some(),
                    "{name}: {}",
                    call.request().path()
                );
                // The body sent is the body given, member for member.
                if let Some(body) = given.get("body") {
                    let sent: Value = serde_json::from_slice(call.request().body()).unwrap();
                    assert_eq!(&sent, body, "{name}");
                }
            }
            Err(failure) => failures.push(format!("{name}: {failure}")),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The facade's request is byte for byte the typed operation's.
#[test]
fn the_request_is_the_typed_operations() {
    let client = Client::from_json(SETTINGS).unwrap();
    let config = client.config().clone();
    let params = fixture();
    fn same<O: ApiOperation + serde::de::DeserializeOwned>(
        client: &Client,
        config: &Config,
        name: &str,
        params: &Value,
    ) {
        let typed: O = serde_json::from_value(params.clone()).unwrap();
        let expected = typed.into_request(config).unwrap();
        let call = client.call_value(name, params.clone()).unwrap();
        assert_eq!(call.request(), &expected, "{name}");
    }
    same::<op::CaptureCharge>(&client, &config, "CaptureCharge", &params["CaptureCharge"]);
    same::<op::CreateRefund>(&client, &config, "CreateRefund", &params["CreateRefund"]);
    same::<op::GetReports>(&client, &config, "GetReports", &params["GetReports"]);
    same::<op::UpdateMerchantAccount>(
        &client,
        &config,
        "UpdateMerchantAccount",
        &params["UpdateMerchantAccount"],
    );
    // The name as Amazon writes it is the same operation.
    let spaced = client
        .call_value("Capture Charge", params["CaptureCharge"].clone())
        .unwrap();
    assert_eq!(spaced.operation(), "CaptureCharge");
}

#[test]
fn a_member_the_operation_does_not_have_is_refused_not_dropped() {
    let client = Client::from_json(SETTINGS).unwrap();
    let mut params = fixture()["CaptureCharge"].clone();
    params["idempotency_key"] = "typo".into();
    let refused = client.call_value("CaptureCharge", params).err().unwrap();
    assert_eq!(
        (refused.kind(), refused.code()),
        ("validation", "InvalidParameters")
    );
    assert!(refused.message().contains("idempotency_key"), "{refused}");

    let unknown = client.call("CaptureCharges", "{}").err().unwrap();
    assert_eq!(unknown.code(), "UnknownOperation");
    let not_json = client.call("GetCharge", "{").err().unwrap();
    assert_eq!(not_json.code(), "InvalidParameters");
}

#[test]
fn a_refused_value_carries_the_cores_error_shape() {
    let client = Client::from_json(SETTINGS).unwrap();
    let mut params = fixture()["CaptureCharge"].clone();
    params["body"]["captureAmount"]["amount"] = "150000.01".into();
    let refused = client.call_value("CaptureCharge", params).err().unwrap();
    let json = refused.to_json();
    assert_eq!(json["kind"], "validation");
    assert_eq!(json["code"], "AboveTransactionMaximum");
    assert_eq!(json["retryable"], false);
    assert!(
        json["field"].as_str().unwrap().contains("captureAmount"),
        "{json}"
    );
    for key in ["kind", "code", "message", "retryable", "details"] {
        assert!(json.get(key).is_some(), "{key} missing in {json}");
    }
    // Values whose type checks them as they are read (a soft descriptor,
    // an idempotency key, an amount's decimals) are refused while reading
    // the parameters: the message carries the core's account.
    let mut params = fixture()["CaptureCharge"].clone();
    params["body"]["softDescriptor"] = "x".repeat(17).into();
    let refused = client.call_value("CaptureCharge", params).err().unwrap();
    assert_eq!(
        (refused.kind(), refused.code()),
        ("validation", "InvalidParameters")
    );
    assert!(refused.message().contains("16"), "{refused}");
    let mut params = fixture()["CaptureCharge"].clone();
    params["idempotencyKey"] = "has space".into();
    let refused = client.call_value("CaptureCharge", params).err().unwrap();
    assert_eq!(refused.code(), "InvalidParameters");
    assert!(
        refused.message().contains("x-amz-pay-idempotency-key"),
        "{refused}"
    );
}

fn json_value() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[ -~]{0,20}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("body".to_owned()),
                    Just("chargeId".to_owned()),
                    Just("idempotencyKey".to_owned()),
                    "[a-zA-Z]{1,12}"
                ],
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest::proptest! {
    /// Any JSON as any operation's parameters: a call, or a failure in the
    /// one shape — never a panic.
    #[test]
    fn any_parameters_give_a_call_or_a_shaped_failure(
        index in 0usize..43,
        params in json_value(),
    ) {
        let client = Client::from_json(SETTINGS).unwrap();
        let name = operations()[index];
        if let Err(failure) = client.call_value(name, params) {
            let json = failure.to_json();
            for key in ["kind", "code", "message", "retryable", "details"] {
                proptest::prop_assert!(json.get(key).is_some(), "{} missing in {}", key, json);
            }
            proptest::prop_assert!(!failure.code().is_empty());
        }
    }
}

/// The signing vectors of the seed flow's calls, given in HTTP terms
/// (`call_http`): the facade prepares the string to sign and the URL the
/// vectors hold.
#[test]
fn the_seed_flow_vectors_through_call_http() {
    let vectors: Vec<Value> =
        serde_json::from_str(include_str!("../../../tests/vectors/signing.json")).unwrap();
    let seed_flow: Vec<&str> = include_str!("../../../tests/vectors/seed_flow.txt")
        .lines()
        .collect();
    let mut checked = 0;
    for vector in vectors
        .iter()
        .filter(|v| seed_flow.contains(&v["name"].as_str().unwrap()))
    {
        let mut settings = serde_json::json!({
            "publicKeyId": vector["publicKeyId"], "region": vector["region"],
            "apiVersion": vector["apiVersion"], "algorithm": vector["algorithm"],
        });
        if let Some(environment) = vector["environment"].as_str() {
            settings["sandbox"] = (environment == "sandbox").into();
        }
        let client = Client::from_json(&settings.to_string()).unwrap();
        let call = client
            .call_http(
                vector["method"].as_str().unwrap(),
                vector["path"].as_str().unwrap(),
                vector["body"].as_str().unwrap(),
                vector["idempotencyKey"].as_str(),
            )
            .unwrap_or_else(|failure| panic!("{}: {failure}", vector["name"]));
        let date = amazon_pay_embed::Timestamp::parse(vector["date"].as_str().unwrap()).unwrap();
        let prepared = call.prepare(date).unwrap();
        let expected = &vector["expected"];
        assert_eq!(
            prepared.string_to_sign(),
            expected["stringToSign"],
            "{}",
            vector["name"]
        );
        assert_eq!(
            prepared.canonical_request().as_str(),
            expected["canonicalRequest"],
            "{}",
            vector["name"]
        );
        checked += 1;
    }
    assert_eq!(checked, seed_flow.len());
    let client = Client::from_json(SETTINGS).unwrap();
    assert_eq!(
        client
            .call_http("PUT", "/charges", "", None)
            .err()
            .unwrap()
            .code(),
        "UnknownOperation"
    );
    assert_eq!(
        client
            .call_http("GET", "/nowhere", "", None)
            .err()
            .unwrap()
            .code(),
        "UnknownOperation"
    );
}
