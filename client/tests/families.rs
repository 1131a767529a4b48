//! The other API families through the blocking client, against a real HTTP
//! server on 127.0.0.1 that verifies every request as Amazon would: a paged
//! Get Reports walked over three pages (one page throttled and retried with
//! the same query), the solution-provider headers signed on the wire, and a
//! merchant-account claim whose 303 is surfaced, not followed.
#![cfg(feature = "ureq")]

mod support;

use amazon_pay_client::Client;
use amazon_pay_core::exchange::RetryPolicy;
use amazon_pay_core::model::AuthToken;
use amazon_pay_core::model::{MerchantAccountId, ReportType};
use amazon_pay_core::operation::{
    ApiOperation, CallHeaders, ClaimMerchantAccount, ClaimOutcome, GetDisbursements, GetReports,
    IntegratorId, Paginated, VersionText,
};
use amazon_pay_core::time::Duration;
use support::{Reply, Server, json};

const PAGE_1: &str = r#"{"reports":[{"reportId":"R1","processingStatus":"COMPLETED"},{"reportId":"R2","processingStatus":"IN_PROGRESS"}],"nextToken":"t/2+"}"#;
const PAGE_2: &str =
    r#"{"reports":[{"reportId":"R3","processingStatus":"FAILED"}],"nextToken":"t3"}"#;
const PAGE_3: &str = r#"{"reports":[{"reportId":"R4","processingStatus":"CANCELLED"}]}"#;
const THROTTLED: &str = r#"{"reasonCode":"TooManyRequests","message":"throttled"}"#;

fn quick() -> RetryPolicy {
    RetryPolicy {
        base: Duration::milliseconds(200),
        ..RetryPolicy::default()
    }
}

#[test]
fn a_paged_report_walk_with_partner_headers_over_http() {
    let server = Server::start(vec![
        json(200, PAGE_1),
        json(429, THROTTLED),
        json(200, PAGE_2),
        json(200, PAGE_3),
    ]);
    let client = Client::ureq(server.config(), support::signer()).with_retry_policy(quick());
    let headers = CallHeaders::new()
        .with_auth_token(AuthToken::parse("Atza|merchant-token").unwrap())
        .with_integrator_id(IntegratorId::parse("A2EXAMPLE5TXVB").unwrap())
        .with_platform_version(VersionText::parse("2.4.6").unwrap());
    let mut call = GetReports::new()
        .with_report_types([ReportType::Settlement, ReportType::Refund])
        .with_page_size(2)
        .unwrap();
    let mut ids = Vec::new();
    loop {
        let page = client
            .call(call.clone().with_headers(headers.clone()))
            .unwrap();
        ids.extend(
            page.reports
                .iter()
                .flatten()
                .filter_map(|r| r.report_id.as_ref().map(|id| id.as_str().to_owned())),
        );
        match call.next_page(&page) {
            Some(next) => call = next,
            None => break,
        }
    }
    assert_eq!(ids, ["R1", "R2", "R3", "R4"]);
    // WithHeaders<GetReports> is not Paginated; the loop above walks the
    // plain call and wraps each page's call.
    let seen = server.finish();
    let targets: Vec<&str> = seen.iter().map(|s| s.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/v2/reports?pageSize=2&reportTypes=_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_%2C_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_",
            "/v2/reports?nextToken=t%2F2%2B",
            "/v2/reports?nextToken=t%2F2%2B",
            "/v2/reports?nextToken=t3",
        ]
    );
    for attempt in &seen {
        assert_eq!(attempt.method, "GET");
        for (name, value) in [
            ("x-amz-pay-authtoken", "Atza|merchant-token"),
            ("x-amz-pay-integrator-id", "A2EXAMPLE5TXVB"),
            ("x-amz-pay-platform-version", "2.4.6"),
        ] {
            assert!(
                attempt.signed.iter().any(|(n, v)| n == name && v == value),
                "{name} is sent and signed: {:?}",
                attempt.signed
            );
        }
    }
    // The throttled page was re-signed with a fresh date, never an older one.
    assert!(seen[1].date <= seen[2].date);
}

#[test]
fn pages_walks_disbursements_and_stops_after_an_error() {
    let server = Server::start(vec![
        json(
            200,
            r#"{"disbursements":[{"settlementId":"S1","amount":"10.00","currencyCode":"EUR"}],"nextToken":"n2"}"#,
        ),
        json(
            200,
            r#"{"disbursements":[{"settlementId":"S2","amount":"20.00","currencyCode":"EUR"}],"nextToken":"n3"}"#,
        ),
        json(200, r#"{"disbursements":[],"nextToken":null}"#),
        json(
            400,
            r#"{"reasonCode":"InvalidParameterValue","message":"bad range"}"#,
        ),
    ]);
    let client = Client::ureq(server.config(), support::signer()).with_retry_policy(quick());
    let start = amazon_pay_core::Timestamp::parse("20240101T000000Z").unwrap();
    let end = amazon_pay_core::Timestamp::parse("20240131T235959Z").unwrap();
    let pages: Vec<_> = client
        .pages(GetDisbursements::new(start, end))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(pages.len(), 3);
    let settlements: Vec<_> = pages
        .iter()
        .flat_map(|p| p.disbursements.iter().flatten())
        .filter_map(|d| d.settlement_id.clone())
        .collect();
    assert_eq!(settlements, ["S1", "S2"]);
    // A walk that meets an error yields it, then ends.
    let mut walk = client.pages(GetDisbursements::new(start, end));
    let err = walk.next().unwrap().unwrap_err();
    assert_eq!(err.api_error().unwrap().status(), 400);
    assert!(walk.next().is_none());
    let seen = server.finish();
    assert_eq!(seen.len(), 4);
    assert!(
        seen[1].target.contains("&nextToken=n2&"),
        "{}",
        seen[1].target
    );
    assert!(seen[2].target.contains("startTime=20240101T000000Z"));
}

#[test]
fn a_claim_redirect_is_surfaced_not_followed() {
    let server = Server::start(vec![Reply::Answer(
        303,
        vec![("location", "https://sellercentral.amazon.com/claim?t=abc")],
        String::new(),
    )]);
    let client = Client::ureq(server.config(), support::signer());
    let claim = ClaimMerchantAccount::new(MerchantAccountId::from("A3EXAMPLEMERCH"), "ref-1");
    assert_eq!(ClaimMerchantAccount::SPEC.method.as_str(), "POST");
    let outcome = client.call(claim).unwrap();
    assert_eq!(
        outcome,
        ClaimOutcome::Redirect {
            location: "https://sellercentral.amazon.com/claim?t=abc".to_owned()
        }
    );
    let seen = server.finish();
    assert_eq!(seen.len(), 1, "the redirect was not followed");
    assert_eq!(seen[0].target, "/v2/merchantAccounts/A3EXAMPLEMERCH/claim");
    assert_eq!(seen[0].body, br#"{"uniqueReferenceId":"ref-1"}"#);
}
