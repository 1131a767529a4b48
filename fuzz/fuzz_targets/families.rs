//! Any inputs to the other API families' operations (spec §15): building the
//! request gives a typed refusal or a request that signs; the signed request,
//! read back from what is sent, has the canonical request that was signed;
//! and any answer decodes without a panic, an error keeping its status.
#![no_main]

use std::cell::RefCell;

use amazon_pay_core::model::*;
use amazon_pay_core::operation::*;
use amazon_pay_core::sign::{Algorithm, Signature, Signer};
use amazon_pay_core::{Config, Currency, Entropy, IdempotencyKey, Price, PublicKeyId, Region, Timestamp, UnsignedRequest, ValidationError};
use amazon_pay_core::sign::SignError;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    which: u8,
    a: String,
    b: String,
    size: u32,
    start: i64,
    end: i64,
    cents: u64,
    status: u16,
    location: Option<String>,
    body: Vec<u8>,
}

/// Records what it was asked to sign; the signature bytes are fixed.
#[derive(Default)]
struct Recorder(RefCell<Vec<u8>>);

impl Signer for Recorder {
    fn sign(
        &self,
        _: Algorithm,
        message: &[u8],
        _: &mut dyn Entropy,
    ) -> Result<Signature, SignError> {
        *self.0.borrow_mut() = message.to_vec();
        Ok(Signature::from_bytes(vec![7; 256]))
    }
}

fn build(input: &Input, config: &Config) -> Result<UnsignedRequest, ValidationError> {
    let time = |s: i64| Timestamp::from_unix_seconds(s.rem_euclid(253_402_300_799));
    let (Some(start), Some(end)) = (time(input.start), time(input.end)) else {
        return Err(ValidationError::new("time", amazon_pay_core::Rule::Empty));
    };
    let (a, b) = (input.a.clone(), input.b.clone());
    let key = IdempotencyKey::parse("fuzz").unwrap();
    let price = Price::from_minor_units(input.cents % 20_000_000, Currency::Usd);
    let mut evidence = Evidence::default();
    evidence.evidence_type = Some(EvidenceType::parse(&a));
    evidence.file_id = Some(FileId::from(b.as_str()));
    let mut store = Store::default();
    store.store_name = Some(a.clone());
    store.privacy_policy_url = Some(b.clone());
    let mut business = BusinessInfo::default();
    business.business_legal_name = Some(a.clone());
    let mut status = DisputeStatusDetails::default();
    status.state = Some(DisputeState::parse(&a));
    status.reason_description = Some(b.clone());
    let account = MerchantAccountId::from(a.as_str());
    match input.which % 27 {
        0 => GetReports::new()
            .with_report_types([ReportType::parse(&a)])
            .with_processing_statuses([ProcessingStatus::parse(&b)])
            .with_created_since(start)
            .with_created_until(end)
            .with_next_token(NextToken::from(b.as_str()))
            .with_page_size(input.size)?
            .into_request(config),
        1 => GetReportById::new(a).into_request(config),
        2 => CreateReport::new(ReportType::parse(&a), start, end, key).into_request(config),
        3 => GetReportDocument::new(a).into_request(config),
        4 => GetReportSchedules::new()
            .with_report_types([ReportType::parse(&a), ReportType::parse(&b)])
            .into_request(config),
        5 => GetReportScheduleById::new(a).into_request(config),
        6 => CreateReportSchedule::new(ReportType::parse(&a), ScheduleFrequency::parse(&b), key)
            .with_next_report_creation_time(start)
            .into_request(config),
        7 => CancelReportSchedule::new(a).into_request(config),
        8 => GetDisbursements::new(start, end)
            .with_page_size(input.size)?
            .with_next_token(NextToken::from(a.as_str()))
            .into_request(config),
        9 => RegisterAmazonPayAccount::new(b, Currency::parse(&a), business).into_request(config),
        10 => UpdateAmazonPayAccount::new(account)
            .with_business_info(business)
            .into_request(config),
        11 => DeleteAmazonPayAccount::new(account).into_request(config),
        12 => CreateMerchantAccount::new(b, Currency::Eur, business, key)
            .with_stores([store])
            .into_request(config),
        13 => UpdateMerchantAccount::new(account, AuthToken::parse(&b)?)
            .with_business_info(business)
            .into_request(config),
        14 => ClaimMerchantAccount::new(account, b).into_request(config),
        15 => CreateStore::new(account, store).into_request(config),
        16 => UpdateStore::new(account, StoreId::from(b.as_str()), store).into_request(config),
        17 => GetAuthorizationToken::new(a, b).into_request(config),
        18 => CreateDispute::new(
            ChargeId::from(a),
            b,
            price,
            DisputeFilingReason::Other,
            start,
            key,
        )
        .with_merchant_response_deadline(end)
        .into_request(config),
        19 => GetDispute::new(DisputeId::from(a)).into_request(config),
        20 => UpdateDispute::new(DisputeId::from(a), status).into_request(config),
        21 => ContestDispute::new(DisputeId::from(a), [evidence]).into_request(config),
        22 => UploadFile::new(a, key).into_request(config),
        23 => MerchantScan::new(a, b, "US", Currency::Usd, price).into_request(config),
        24 => InStoreCharge::new(ChargePermissionId::from(a), b, price).into_request(config),
        25 => InStoreRefund::new(ChargeId::from(a), b, price).into_request(config),
        _ => {
            let headers = CallHeaders::new()
                .with_auth_token(AuthToken::parse(&a)?)
                .with_integrator_id(IntegratorId::parse(&b)?)
                .with_integrator_version(VersionText::parse(&a)?);
            GetReportById::new("r")
                .with_headers(headers)
                .into_request(config)
        }
    }
}

fn check<O: ApiOperation>(operation: &O, response: &Response) {
    if let Err(error) = operation.decode(response) {
        assert_eq!(error.status(), response.status());
        let _ = error.to_string();
    }
}

fuzz_target!(|input: Input| {
    let config = Config::new(
        Region::Na,
        PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
    );
    if let Ok(request) = build(&input, &config) {
        let recorder = Recorder::default();
        let now = Timestamp::from_unix_seconds(1_709_287_200).unwrap();
        let signed = request
            .sign(&config, &recorder, now, &mut |buf: &mut [u8]| buf.fill(1))
            .expect("a request the operation accepted signs");
        let again = signed
            .canonical_request()
            .expect("a signed request reads back")
            .string_to_sign(config.algorithm());
        assert_eq!(again.as_bytes(), recorder.0.borrow().as_slice());
    }
    let mut response = Response::new(input.status, input.body);
    if let Some(location) = input.location {
        response = response.with_header("location", location);
    }
    let key = IdempotencyKey::parse("fuzz").unwrap();
    let usd = Price::from_minor_units(1, Currency::Usd);
    let account = MerchantAccountId::from("A1");
    check(&GetReports::new(), &response);
    check(
        &CreateReport::new(
            ReportType::Capture,
            Timestamp::from_unix_seconds(0).unwrap(),
            Timestamp::from_unix_seconds(1).unwrap(),
            key.clone(),
        ),
        &response,
    );
    check(&GetReportDocument::new("d"), &response);
    check(&GetReportSchedules::new(), &response);
    check(&CancelReportSchedule::new("s"), &response);
    check(&DeleteAmazonPayAccount::new(account.clone()), &response);
    check(&UpdateAmazonPayAccount::new(account.clone()), &response);
    check(
        &CreateStore::new(account.clone(), Store::default()),
        &response,
    );
    check(&GetAuthorizationToken::new("t", "m"), &response);
    check(&GetDispute::new(DisputeId::from("d")), &response);
    check(&UploadFile::new("pdf", key), &response);
    check(
        &MerchantScan::new("s", "r", "US", Currency::Usd, usd.clone()),
        &response,
    );
    check(
        &InStoreRefund::new(ChargeId::from("c"), "r", usd),
        &response,
    );
    if response.status() != 303 {
        check(&ClaimMerchantAccount::new(account, "r"), &response);
    } else {
        let _ = ClaimMerchantAccount::new(account, "r").decode(&response);
    }
});
