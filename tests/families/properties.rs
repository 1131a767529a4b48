//! Properties of the other API families' operations: any input — text with
//! commas, control characters or nothing at all, any page size, any range —
//! gives a typed refusal or a request that signs and verifies; decoding any
//! bytes under any status never panics, and an error status stays an error.
#![cfg_attr(not(any(feature = "aws-lc-rs", feature = "rsa")), allow(dead_code))]

use amazon_pay_core::model::*;
use amazon_pay_core::operation::*;
use amazon_pay_core::{
    Config, Currency, IdempotencyKey, Price, PublicKeyId, Region, Timestamp, UnsignedRequest,
    ValidationError,
};
use proptest::prelude::*;

fn config() -> Config {
    Config::new(
        Region::Eu,
        PublicKeyId::parse("LIVE-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
    )
}

/// Any text, weighted towards the characters that break things.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9 ,/+=%._~\\-]{1,24}",
        "\\PC{0,12}",
        any::<String>(),
    ]
}

fn instant() -> impl Strategy<Value = Timestamp> {
    (0i64..4_102_444_800).prop_map(|s| Timestamp::from_unix_seconds(s).unwrap())
}

fn key() -> IdempotencyKey {
    IdempotencyKey::parse("prop-key").unwrap()
}

fn request(
    which: usize,
    a: String,
    b: String,
    size: u32,
    start: Timestamp,
    end: Timestamp,
    cents: u64,
) -> Result<UnsignedRequest, ValidationError> {
    let cfg = config();
    let price = Price::from_minor_units(cents, Currency::Usd);
    let mut evidence = Evidence::default();
    evidence.evidence_type = Some(EvidenceType::parse(&a));
    evidence.evidence_text = Some(b.clone());
    let mut store = Store::default();
    store.store_name = Some(a.clone());
    store.domain_urls = Some(vec![b.clone()]);
    let mut business = BusinessInfo::default();
    business.business_legal_name = Some(b.clone());
    match which {
        0 => GetReports::new()
            .with_report_types([ReportType::parse(&a)])
            .with_processing_statuses([ProcessingStatus::parse(&b)])
            .with_created_since(start)
            .with_created_until(end)
            .with_next_token(NextToken::from(a.as_str()))
            .with_page_size(size)?
            .into_request(&cfg),
        1 => GetDisbursements::new(start, end)
            .with_page_size(size)?
            .with_next_token(NextToken::from(b))
            .into_request(&cfg),
        2 => CreateReport::new(ReportType::parse(&a), start, end, key()).into_request(&cfg),
        3 => GetReportSchedules::new()
            .with_report_types([ReportType::parse(&a), ReportType::parse(&b)])
            .into_request(&cfg),
        4 => GetReportById::new(a).into_request(&cfg),
        5 => CancelReportSchedule::new(a).into_request(&cfg),
        6 => GetAuthorizationToken::new(a, b).into_request(&cfg),
        7 => RegisterAmazonPayAccount::new(a, Currency::Gbp, business).into_request(&cfg),
        8 => ClaimMerchantAccount::new(MerchantAccountId::from(a), b).into_request(&cfg),
        9 => CreateStore::new(MerchantAccountId::from(b), store).into_request(&cfg),
        10 => CreateDispute::new(
            ChargeId::from(a),
            b,
            price,
            DisputeFilingReason::Other,
            start,
            key(),
        )
        .with_merchant_response_deadline(end)
        .into_request(&cfg),
        11 => ContestDispute::new(DisputeId::from(a), [evidence]).into_request(&cfg),
        12 => UploadFile::new(a, key()).into_request(&cfg),
        13 => MerchantScan::new(a, b, "GB", Currency::Gbp, price).into_request(&cfg),
        14 => InStoreRefund::new(ChargeId::from(a), b, price).into_request(&cfg),
        _ => {
            let headers = CallHeaders::new()
                .with_auth_token(AuthToken::parse(&a)?)
                .with_integrator_version(VersionText::parse(&b)?);
            GetDispute::new(DisputeId::from("D1"))
                .with_headers(headers)
                .into_request(&cfg)
        }
    }
}

#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_input_is_refused_or_signs(
        which in 0usize..16,
        a in text(),
        b in text(),
        size in prop_oneof![Just(0u32), Just(1), Just(100), Just(101), any::<u32>()],
        start in instant(),
        end in instant(),
        cents in 0u64..20_000_000,
    ) {
        use amazon_pay_core::sign::DefaultSigner;
        thread_local! {
            static SIGNER: DefaultSigner =
                DefaultSigner::from_pem(include_str!("../vectors/keys/rsa2048.pkcs8.pem")).unwrap();
        }
        let Ok(request) = request(which, a, b, size, start, end, cents) else {
            // A typed refusal, nothing sent: that is all there is to check.
            return Ok(());
        };
        let mut entropy = |buf: &mut [u8]| buf.fill(7);
        SIGNER.with(|signer| -> Result<(), TestCaseError> {
            let signed = request
                .sign(&config(), signer, Timestamp::parse("20240301T100000Z").unwrap(), &mut entropy)
                .map_err(|e| TestCaseError::fail(format!("case {which}: {e}")))?;
            signed
                .verify(signer.public_key())
                .map_err(|e| TestCaseError::fail(format!("case {which}: {e}")))?;
            Ok(())
        })?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn decoding_any_answer_never_panics(
        status in prop_oneof![Just(200u16), Just(204), Just(303), Just(400), Just(404), any::<u16>()],
        location in proptest::option::of("[ -~]{0,20}"),
        body in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..200),
            "\\{\"(reports|nextToken|disbursements|reportSchedules|authToken|statusDetails|fileId)\": ?(null|\"[ -~]{0,12}\"|\\[\\]|\\[null\\]|\\{\\}|[0-9]{1,4})\\}".prop_map(String::into_bytes),
        ],
    ) {
        let mut response = Response::new(status, body);
        if let Some(location) = location {
            response = response.with_header("location", location);
        }
        let id = MerchantAccountId::from("A1");
        let _ = GetReports::new().decode(&response);
        let _ = GetDisbursements::new(Timestamp::parse("20240101T000000Z").unwrap(), Timestamp::parse("20240102T000000Z").unwrap()).decode(&response);
        let _ = GetReportSchedules::new().decode(&response);
        let _ = GetAuthorizationToken::new("t", "m").decode(&response);
        let _ = GetDispute::new(DisputeId::from("d")).decode(&response);
        let _ = UploadFile::new("pdf", key()).decode(&response);
        let _ = MerchantScan::new("s", "r", "US", Currency::Usd, Price::from_minor_units(1, Currency::Usd)).decode(&response);
        let claim = ClaimMerchantAccount::new(id.clone(), "r").decode(&response);
        let cancel = CancelReportSchedule::new("s").decode(&response);
        if !(200..300).contains(&status) {
            prop_assert_eq!(cancel.unwrap_err().status(), status);
            let delete = DeleteAmazonPayAccount::new(id).decode(&response);
            prop_assert_eq!(delete.unwrap_err().status(), status);
            if status != 303 {
                prop_assert!(claim.is_err());
            }
        }
    }
}
