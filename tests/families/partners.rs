//! Accounts and stores, delegation, disputes and files, in-store calls, the
//! solution-provider headers and the operations table.

use amazon_pay_core::model::*;
use amazon_pay_core::operation::*;
use amazon_pay_core::{ApiVersion, Currency, Method, Price, Rule};
use amazon_pay_core::{Family, Idempotency, Operation};

use super::{Golden, NONE, at, config, fixture, golden, key, usd};

fn business() -> BusinessInfo {
    let mut address = AccountAddress::default();
    address.address_line1 = Some("1-2-3 Chiyoda".to_owned());
    address.city = Some("Tokyo".to_owned());
    address.postal_code = Some("100-0001".to_owned());
    address.country_code = Some("JP".to_owned());
    let mut info = BusinessInfo::default();
    info.business_type = Some("CORPORATE".to_owned());
    info.country_of_establishment = Some("JP".to_owned());
    info.business_legal_name = Some("Test Co".to_owned());
    info.business_address = Some(address);
    info
}

fn store(name: &str) -> Store {
    let mut store = Store::default();
    store.domain_urls = Some(vec!["https://shop.example.com".to_owned()]);
    store.store_name = Some(name.to_owned());
    store
}

#[test]
fn account_golden_requests_and_fixtures() {
    let business_json = r#""businessInfo":{"businessType":"CORPORATE","countryOfEstablishment":"JP","businessLegalName":"Test Co","businessAddress":{"addressLine1":"1-2-3 Chiyoda","city":"Tokyo","postalCode":"100-0001","countryCode":"JP"}}"#;
    let mut person = Person::default();
    person.person_full_name = Some("Hanako Yamada".to_owned());
    person.date_of_birth = Some("19800101".to_owned());
    assert!(
        !format!("{person:?}").contains("Hanako"),
        "personal data is redacted"
    );

    let register = RegisterAmazonPayAccount::new("partner-ref-1", Currency::Jpy, business())
        .with_primary_contact(person.clone());
    let body = format!(
        r#"{{"uniqueReferenceId":"partner-ref-1","ledgerCurrency":"JPY",{business_json},"primaryContactPerson":{{"personFullName":"Hanako Yamada","dateOfBirth":"19800101"}}}}"#
    );
    golden(
        &register,
        Golden {
            method: Method::Post,
            path: "/merchantAccounts",
            query: NONE,
            body: Some(&body),
            keyed: false,
            headers: NONE,
        },
    );
    let account = register
        .decode(&fixture("register_amazon_pay_account.json"))
        .unwrap();
    assert_eq!(
        account.merchant_account_id.unwrap().as_str(),
        "A3EXAMPLEMERCH"
    );

    let mut ipn = IntegrationInfo::default();
    ipn.ipn_endpoint_urls = Some(vec!["https://shop.example.com/ipn".to_owned()]);
    let create = CreateMerchantAccount::new("partner-ref-2", Currency::Eur, business(), key())
        .with_integration_info(ipn)
        .with_stores([store("Example Shop")]);
    let body = format!(
        r#"{{"uniqueReferenceId":"partner-ref-2","ledgerCurrency":"EUR",{business_json},"integrationInfo":{{"ipnEndpointUrls":["https://shop.example.com/ipn"]}},"stores":[{{"domainUrls":["https://shop.example.com"],"storeName":"Example Shop"}}]}}"#
    );
    golden(
        &create,
        Golden {
            method: Method::Post,
            path: "/merchantAccounts",
            query: NONE,
            body: Some(&body),
            keyed: true,
            headers: NONE,
        },
    );
    let account = create
        .decode(&fixture("create_merchant_account.json"))
        .unwrap();
    assert_eq!(account.ledger_currency, Some(Currency::Eur));

    let id = MerchantAccountId::from("A3EXAMPLEMERCH");
    let update = UpdateAmazonPayAccount::new(id.clone()).with_primary_contact(person);
    golden(
        &update,
        Golden {
            method: Method::Patch,
            path: "/merchantAccounts/A3EXAMPLEMERCH",
            query: NONE,
            body: Some(
                r#"{"primaryContactPerson":{"personFullName":"Hanako Yamada","dateOfBirth":"19800101"}}"#,
            ),
            keyed: false,
            headers: NONE,
        },
    );
    assert!(update.decode(&Response::new(200, &b"{}"[..])).is_ok());

    let token = AuthToken::parse("Atza|IwEBIExampleDelegatedToken").unwrap();
    let update = UpdateMerchantAccount::new(id.clone(), token).with_business_info(business());
    golden(
        &update,
        Golden {
            method: Method::Patch,
            path: "/merchantAccounts/A3EXAMPLEMERCH",
            query: NONE,
            body: Some(&format!("{{{business_json}}}")),
            keyed: false,
            headers: &[("x-amz-pay-authtoken", "Atza|IwEBIExampleDelegatedToken")],
        },
    );
    assert!(
        !format!("{update:?}").contains("IwEBI"),
        "the token is redacted"
    );

    let delete = DeleteAmazonPayAccount::new(id.clone());
    golden(
        &delete,
        Golden {
            method: Method::Delete,
            path: "/merchantAccounts/A3EXAMPLEMERCH",
            query: NONE,
            body: None,
            keyed: false,
            headers: NONE,
        },
    );
    assert_eq!(
        delete.decode(&Response::new(200, Vec::new())).unwrap().body,
        None
    );

    let claim = ClaimMerchantAccount::new(id.clone(), "partner-ref-1");
    golden(
        &claim,
        Golden {
            method: Method::Post,
            path: "/merchantAccounts/A3EXAMPLEMERCH/claim",
            query: NONE,
            body: Some(r#"{"uniqueReferenceId":"partner-ref-1"}"#),
            keyed: false,
            headers: NONE,
        },
    );
    let redirect = Response::new(303, Vec::new())
        .with_header("Location", "https://sellercentral.amazon.com/claim?token=x");
    assert_eq!(
        claim.decode(&redirect).unwrap(),
        ClaimOutcome::Redirect {
            location: "https://sellercentral.amazon.com/claim?token=x".to_owned()
        }
    );
    let err = claim.decode(&Response::new(303, Vec::new())).unwrap_err();
    assert_eq!(err.operation(), Some("Claim Merchant Account"));
    assert_eq!(
        claim.decode(&Response::new(200, Vec::new())).unwrap(),
        ClaimOutcome::Claimed(None)
    );

    let create_store = CreateStore::new(id.clone(), store("Second Shop"));
    golden(
        &create_store,
        Golden {
            method: Method::Post,
            path: "/merchantAccounts/A3EXAMPLEMERCH/stores",
            query: NONE,
            body: Some(r#"{"domainUrls":["https://shop.example.com"],"storeName":"Second Shop"}"#),
            keyed: false,
            headers: NONE,
        },
    );
    let created = create_store.decode(&fixture("store.json")).unwrap();
    assert_eq!(created.domain_urls.as_deref().map(<[_]>::len), Some(1));
    assert_eq!(
        created.store_status.unwrap().state.as_deref(),
        Some("Active")
    );

    let mut change = Store::default();
    change.privacy_policy_url = Some("https://shop.example.com/privacy".to_owned());
    let update_store = UpdateStore::new(
        id,
        StoreId::from("amzn1.application-oa2-client.abc"),
        change,
    );
    golden(
        &update_store,
        Golden {
            method: Method::Patch,
            path: "/merchantAccounts/A3EXAMPLEMERCH/stores/amzn1.application-oa2-client.abc",
            query: NONE,
            body: Some(r#"{"privacyPolicyUrl":"https://shop.example.com/privacy"}"#),
            keyed: false,
            headers: NONE,
        },
    );
    assert!(
        update_store
            .decode(&fixture("store.json"))
            .unwrap()
            .store_id
            .is_some()
    );

    let delegation = GetAuthorizationToken::new(
        "amzn.mws.4ea38b7b-f563-7709-4bae-87aeaEXAMPLE",
        "A3EXAMPLEMERCH",
    );
    golden(
        &delegation,
        Golden {
            method: Method::Get,
            path: "/authorizationTokens/amzn.mws.4ea38b7b-f563-7709-4bae-87aeaEXAMPLE",
            query: &[("merchantId", "A3EXAMPLEMERCH")],
            body: None,
            keyed: false,
            headers: NONE,
        },
    );
    assert!(!format!("{delegation:?}").contains("4ea38b7b"));
    let token = delegation
        .decode(&fixture("authorization_token.json"))
        .unwrap();
    assert!(!format!("{token:?}").contains("IwEBI"));
    assert_eq!(
        token.auth_token().unwrap().as_str(),
        "Atza|IwEBIExampleDelegatedToken"
    );
    let other = delegation
        .decode(&Response::new(200, &br#"{"authToken":"Atza|other"}"#[..]))
        .unwrap();
    assert_eq!(other.auth_token().unwrap().as_str(), "Atza|other");
}

#[test]
fn account_boundaries() {
    let v2 = config(ApiVersion::V2);
    let err = RegisterAmazonPayAccount::new("ref", Currency::Aud, business())
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "ledgerCurrency");
    let err = RegisterAmazonPayAccount::new("", Currency::Usd, business())
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "uniqueReferenceId");
    let err = RegisterAmazonPayAccount::new("ref", Currency::Usd, BusinessInfo::default())
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "businessInfo.businessLegalName");
    let id = MerchantAccountId::from("A3EXAMPLEMERCH");
    let err = UpdateAmazonPayAccount::new(id.clone())
        .into_request(&v2)
        .unwrap_err();
    assert!(matches!(err.rule(), Rule::Required { .. }));
    let mut with_id = store("Shop");
    with_id.store_id = Some(StoreId::from("x"));
    let err = CreateStore::new(id.clone(), with_id)
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "storeId");
    let mut plain = store("Shop");
    plain.domain_urls = Some(vec!["http://shop.example.com".to_owned()]);
    let err = CreateStore::new(id.clone(), plain)
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "domainUrls");
    let err = UpdateStore::new(id, StoreId::from("s"), Store::default())
        .into_request(&v2)
        .unwrap_err();
    assert!(matches!(err.rule(), Rule::Required { .. }));
    let err = GetAuthorizationToken::new("tok", "A,B")
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "merchantId");
}

#[test]
fn dispute_golden_requests_and_fixtures() {
    let create = CreateDispute::new(
        ChargeId::from("S01-5105180-3221187-C056351"),
        "psp-ref-1",
        usd("14.00"),
        DisputeFilingReason::ProductNotReceived,
        at("20240705T123000Z"),
        key(),
    )
    .with_state(DisputeState::ActionRequired)
    .with_merchant_response_deadline(at("20240716T120000Z"));
    golden(
        &create,
        Golden {
            method: Method::Post,
            path: "/disputes",
            query: NONE,
            body: Some(
                r#"{"chargeId":"S01-5105180-3221187-C056351","providerMetadata":{"providerReferenceId":"psp-ref-1"},"disputeAmount":{"amount":"14.00","currencyCode":"USD"},"filingReason":"ProductNotReceived","creationTimestamp":"20240705T123000Z","statusDetails":{"state":"ActionRequired"},"merchantResponseDeadline":"20240716T120000Z"}"#,
            ),
            keyed: true,
            headers: NONE,
        },
    );
    let dispute = create.decode(&fixture("dispute.json")).unwrap();
    let status = dispute.status_details.as_ref().unwrap();
    assert_eq!(status.state, Some(DisputeState::ActionRequired));
    assert_eq!(
        status.reason_code,
        Some(DisputeReasonCode::MerchantResponseRequired)
    );
    assert_eq!(dispute.dispute_amount, Some(usd("14.00")));
    assert_eq!(
        dispute.merchant_evidences.as_ref().unwrap()[0].evidence_type,
        Some(EvidenceType::TrackingNumber)
    );

    let id = DisputeId::from("S01-5105180-3221187-D012345");
    let get = GetDispute::new(id.clone());
    golden(
        &get,
        Golden {
            method: Method::Get,
            path: "/disputes/S01-5105180-3221187-D012345",
            query: NONE,
            body: None,
            keyed: false,
            headers: NONE,
        },
    );
    assert_eq!(
        get.decode(&fixture("dispute.json")).unwrap().dispute_id,
        Some(id.clone())
    );

    let mut resolved = DisputeStatusDetails::default();
    resolved.state = Some(DisputeState::Resolved);
    resolved.reason_code = Some(DisputeReasonCode::MerchantAcceptedDispute);
    resolved.resolution = Some(DisputeResolution::BuyerWon);
    let update = UpdateDispute::new(id.clone(), resolved)
        .with_closure_timestamp(at("20240710T090000Z"))
        .with_idempotency_key(key());
    golden(
        &update,
        Golden {
            method: Method::Patch,
            path: "/disputes/S01-5105180-3221187-D012345",
            query: NONE,
            body: Some(
                r#"{"statusDetails":{"state":"Resolved","reasonCode":"MerchantAcceptedDispute","resolution":"BuyerWon"},"closureTimestamp":"20240710T090000Z"}"#,
            ),
            keyed: true,
            headers: NONE,
        },
    );
    let done = update.decode(&fixture("dispute_resolved.json")).unwrap();
    assert_eq!(
        done.status_details.unwrap().resolution,
        Some(DisputeResolution::BuyerWon)
    );

    let mut evidence = Evidence::default();
    evidence.evidence_type = Some(EvidenceType::TrackingNumber);
    evidence.evidence_text = Some("1Z999AA10123456784".to_owned());
    let mut file = Evidence::default();
    file.evidence_type = Some(EvidenceType::Receipt);
    file.file_id = Some(FileId::from("file-7f3c"));
    let contest = ContestDispute::new(id.clone(), [evidence, file]);
    golden(
        &contest,
        Golden {
            method: Method::Post,
            path: "/disputes/S01-5105180-3221187-D012345/contest",
            query: NONE,
            body: Some(
                r#"{"merchantEvidences":[{"evidenceType":"TrackingNumber","evidenceText":"1Z999AA10123456784"},{"evidenceType":"Receipt","fileId":"file-7f3c"}]}"#,
            ),
            keyed: false,
            headers: NONE,
        },
    );
    assert!(contest.decode(&fixture("dispute.json")).is_ok());

    let upload = UploadFile::new("pdf", key());
    golden(
        &upload,
        Golden {
            method: Method::Post,
            path: "/files",
            query: NONE,
            body: Some(r#"{"type":"pdf","purpose":"disputeEvidence"}"#),
            keyed: true,
            headers: NONE,
        },
    );
    let uploaded = upload.decode(&fixture("upload_file.json")).unwrap();
    assert_eq!(uploaded.file_id, Some(FileId::from("file-7f3c")));
}

#[test]
fn dispute_boundaries() {
    let v2 = config(ApiVersion::V2);
    let charge = ChargeId::from("S01-5105180-3221187-C056351");
    let filed = at("20240705T123000Z");
    let zero = CreateDispute::new(
        charge.clone(),
        "ref",
        usd("0.00"),
        DisputeFilingReason::Other,
        filed,
        key(),
    );
    assert_eq!(zero.into_request(&v2).unwrap_err().field(), "disputeAmount");
    let early = CreateDispute::new(
        charge.clone(),
        "ref",
        usd("1.00"),
        DisputeFilingReason::Other,
        filed,
        key(),
    )
    .with_merchant_response_deadline(at("20240705T122959Z"));
    assert_eq!(
        early.into_request(&v2).unwrap_err().field(),
        "merchantResponseDeadline"
    );
    let no_ref = CreateDispute::new(
        charge,
        "",
        usd("1.00"),
        DisputeFilingReason::Other,
        filed,
        key(),
    );
    assert_eq!(
        no_ref.into_request(&v2).unwrap_err().field(),
        "providerMetadata.providerReferenceId"
    );
    let id = DisputeId::from("D1");
    let err = UpdateDispute::new(id.clone(), DisputeStatusDetails::default())
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "statusDetails.state");
    let mut resolved = DisputeStatusDetails::default();
    resolved.state = Some(DisputeState::Resolved);
    let err = UpdateDispute::new(id.clone(), resolved)
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "statusDetails.resolution");
    let err = ContestDispute::new(id.clone(), [])
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "merchantEvidences");
    let mut bare = Evidence::default();
    bare.evidence_type = Some(EvidenceType::Other);
    let err = ContestDispute::new(id.clone(), [bare])
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "merchantEvidences.fileId");
    let mut untyped = Evidence::default();
    untyped.evidence_text = Some("text".to_owned());
    let err = ContestDispute::new(id, [untyped])
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "merchantEvidences.evidenceType");
    let err = UploadFile::new(".pdf", key())
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "type");
    assert!(UploadFile::new("", key()).into_request(&v2).is_err());
}

#[test]
fn in_store_golden_requests_and_fixtures() {
    let mut context = CommunicationContext::default();
    context.merchant_store_name = Some("Store Name".to_owned());
    context.merchant_order_id = Some("789123".to_owned());
    let mut metadata = InStoreMetadata::default();
    metadata.merchant_note = Some("Ice Cream".to_owned());
    metadata.communication_context = Some(context);
    let scan = MerchantScan::new(
        "UKhrmatMeKdlfY6b",
        "0b8fb271-2ae2-49a5-b35d4",
        "US",
        Currency::Usd,
        usd("2.00"),
    )
    .with_metadata(metadata);
    golden(
        &scan,
        Golden {
            method: Method::Post,
            path: "/in-store/merchantScan",
            query: NONE,
            body: Some(
                r#"{"scanData":"UKhrmatMeKdlfY6b","scanReferenceId":"0b8fb271-2ae2-49a5-b35d4","merchantCOE":"US","ledgerCurrency":"USD","chargeTotal":{"amount":"2.00","currencyCode":"USD"},"metadata":{"merchantNote":"Ice Cream","communicationContext":{"merchantStoreName":"Store Name","merchantOrderId":"789123"}}}"#,
            ),
            keyed: false,
            headers: NONE,
        },
    );
    let charged = scan.decode(&fixture("merchant_scan.json")).unwrap();
    assert_eq!(
        charged.status_details.unwrap().state,
        Some(ChargeState::Captured)
    );

    let charge = InStoreCharge::new(
        ChargePermissionId::from("S01-1111111-2222222"),
        "till-7-0042",
        usd("5.50"),
    )
    .with_idempotency_key(key());
    golden(
        &charge,
        Golden {
            method: Method::Post,
            path: "/in-store/charge",
            query: NONE,
            body: Some(
                r#"{"chargePermissionId":"S01-1111111-2222222","chargeReferenceId":"till-7-0042","chargeTotal":{"amount":"5.50","currencyCode":"USD"}}"#,
            ),
            keyed: true,
            headers: NONE,
        },
    );
    let declined = charge.decode(&fixture("in_store_charge.json")).unwrap();
    assert_eq!(
        declined.status_details.unwrap().reason_code,
        Some(ChargeReasonCode::HardDeclined)
    );

    let refund = InStoreRefund::new(
        ChargeId::from("S01-1111111-2222222-C000001"),
        "till-7-r-0001",
        usd("1.00"),
    );
    golden(
        &refund,
        Golden {
            method: Method::Post,
            path: "/in-store/refund",
            query: NONE,
            body: Some(
                r#"{"chargeId":"S01-1111111-2222222-C000001","refundReferenceId":"till-7-r-0001","refundTotal":{"amount":"1.00","currencyCode":"USD"}}"#,
            ),
            keyed: false,
            headers: NONE,
        },
    );
    let refunded = refund.decode(&fixture("in_store_refund.json")).unwrap();
    assert_eq!(
        refunded.status_details.unwrap().state,
        Some(RefundState::RefundInitiated)
    );

    let v2 = config(ApiVersion::V2);
    let err = MerchantScan::new("d", "r", "us", Currency::Usd, usd("1.00"))
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "merchantCOE");
    let err = MerchantScan::new("d", "r", "US", Currency::Usd, usd("0.00"))
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "chargeTotal");
    let err = InStoreCharge::new(ChargePermissionId::from("P"), "r", usd("0.00"))
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "chargeTotal");
    // Amounts above Amazon's maximum cannot even be built.
    assert!(Price::parse("150000.01", "USD").is_err());
    let err = InStoreRefund::new(ChargeId::from("C"), "", usd("1.00"))
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "refundReferenceId");
}

#[test]
fn solution_provider_headers_on_any_operation() {
    let headers = CallHeaders::new()
        .with_auth_token(AuthToken::parse("Atza|IwEBIExampleToken").unwrap())
        .with_integrator_id(IntegratorId::parse("A2EXAMPLE5TXVB").unwrap())
        .with_integrator_version(VersionText::parse("1.4.0").unwrap())
        .with_platform_version(VersionText::parse("2.4.6-p3").unwrap());
    let expected = [
        ("x-amz-pay-authtoken", "Atza|IwEBIExampleToken"),
        ("x-amz-pay-integrator-id", "A2EXAMPLE5TXVB"),
        ("x-amz-pay-integrator-version", "1.4.0"),
        ("x-amz-pay-platform-version", "2.4.6-p3"),
    ];
    // A Checkout call, a paged report call and a money-moving call alike.
    let reports = GetReports::new()
        .with_page_size(5)
        .unwrap()
        .with_headers(headers.clone());
    golden(
        &reports,
        Golden {
            method: Method::Get,
            path: "/reports",
            query: &[("pageSize", "5")],
            body: None,
            keyed: false,
            headers: &expected,
        },
    );
    let capture = CaptureCharge::new(
        ChargeId::from("S01-5105180-3221187-C056351"),
        usd("1.00"),
        key(),
    )
    .with_headers(headers.clone());
    let request = capture.into_request(&config(ApiVersion::V2)).unwrap();
    assert_eq!(request.idempotency_key().unwrap().as_str(), key().as_str());
    assert_eq!(request.headers().len(), 4);
    // Same output type and errors as the wrapped call.
    let charge = capture
        .decode(&Response::new(
            200,
            include_bytes!("../fixtures/v2_charge_authorized.json").to_vec(),
        ))
        .unwrap();
    assert!(charge.charge_id.is_some());
    assert!(
        !format!("{headers:?}").contains("IwEBI"),
        "the token is redacted"
    );
    // Only the headers given are sent.
    let one = CallHeaders::new().with_integrator_id(IntegratorId::parse("A1").unwrap());
    assert_eq!(one.pairs().count(), 1);

    for bad in ["", "has space", "tab\there", "ünicode"] {
        assert!(AuthToken::parse(bad).is_err(), "{bad:?}");
    }
    assert!(AuthToken::parse(&"a".repeat(4096)).is_ok());
    assert!(AuthToken::parse(&"a".repeat(4097)).is_err());
    for bad in ["", "a2example", "A2-EX", &"A".repeat(33)] {
        assert!(IntegratorId::parse(bad).is_err(), "{bad:?}");
    }
    assert!(IntegratorId::parse(&"A".repeat(32)).is_ok());
    for good in [
        "0.0.0",
        "1.4.0",
        "2.4.6-p3",
        "1.0.0-rc.1+build.5",
        "10.20.30",
    ] {
        assert!(VersionText::parse(good).is_ok(), "{good:?}");
    }
    for bad in [
        "",
        "1",
        "1.2",
        "6.5.8.2",
        "01.2.3",
        "1.2.3-",
        "1.2.3+",
        "1.2.3-a..b",
        "v1.2.3",
        "1.2.3 ",
    ] {
        let err = VersionText::parse(bad).unwrap_err();
        assert_eq!(err.field(), "x-amz-pay-integrator-version", "{bad:?}");
    }
}

#[test]
fn the_operations_table_covers_every_family() {
    let all = Operation::ALL;
    assert_eq!(all.len(), 43);
    let count = |family| all.iter().filter(|op| op.family() == family).count();
    assert_eq!(count(Family::Checkout), 17);
    assert_eq!(count(Family::Reports), 8);
    assert_eq!(count(Family::Disbursements), 1);
    assert_eq!(count(Family::Accounts), 8);
    assert_eq!(count(Family::Disputes), 5);
    assert_eq!(count(Family::Delegation), 1);
    assert_eq!(count(Family::InStore), 3);
    let mut names: Vec<&str> = all.iter().map(|op| op.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "every name is distinct");
    for op in all {
        assert_eq!(op.family().in_v1(), op.family() == Family::Checkout, "{op}");
    }
    // The table row of each new operation names its family's call.
    assert_eq!(GetReports::SPEC.operation, Operation::GetReports);
    const { assert!(!GetReports::SPEC.in_v1) };
    assert_eq!(UploadFile::SPEC.idempotency, Idempotency::Required);
    assert_eq!(MerchantScan::SPEC.idempotency, Idempotency::Optional);
    assert_eq!(GetDispute::SPEC.idempotency, Idempotency::None);
}
