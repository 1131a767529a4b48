//! Reports, report schedules and disbursements.

use amazon_pay_core::model::*;
use amazon_pay_core::operation::*;
use amazon_pay_core::{ApiVersion, Method, Rule};

use super::{Golden, NONE, at, config, fixture, golden, key};

#[test]
fn reports_golden_requests_and_fixtures() {
    let list = GetReports::new()
        .with_report_types([ReportType::Settlement, ReportType::Refund])
        .with_processing_statuses([ProcessingStatus::Completed, ProcessingStatus::Failed])
        .with_created_since(at("20240301T000000Z"))
        .with_created_until(at("2024-03-31T23:59:59Z"))
        .with_page_size(100)
        .unwrap();
    golden(
        &list,
        Golden {
            method: Method::Get,
            path: "/reports",
            query: &[
                (
                    "reportTypes",
                    "_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_,_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_",
                ),
                ("processingStatuses", "COMPLETED,FAILED"),
                ("createdSince", "20240301T000000Z"),
                ("createdUntil", "20240331T235959Z"),
                ("pageSize", "100"),
            ],
            body: None,
            keyed: false,
            headers: NONE,
        },
    );
    let page = list.decode(&fixture("get_reports_page1.json")).unwrap();
    let reports = page.reports.as_deref().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0].report_id.as_ref().unwrap().as_str(), "REP-1001");
    assert_eq!(
        reports[0].processing_status,
        Some(ProcessingStatus::Completed)
    );
    assert_eq!(reports[0].created_time, Some(at("20240401T010203Z")));
    assert_eq!(reports[1].report_document_id, None);

    let by_id = GetReportById::new("REP-1001");
    golden(
        &by_id,
        Golden {
            method: Method::Get,
            path: "/reports/REP-1001",
            query: NONE,
            body: None,
            keyed: false,
            headers: NONE,
        },
    );
    let report = by_id.decode(&fixture("get_report_by_id.json")).unwrap();
    assert_eq!(report.report_type, Some(ReportType::Settlement));

    let create = CreateReport::new(
        ReportType::Authorization,
        at("20221114T074550Z"),
        at("20221115T074550Z"),
        key(),
    );
    golden(
        &create,
        Golden {
            method: Method::Post,
            path: "/reports",
            query: NONE,
            body: Some(
                r#"{"reportType":"_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_","startTime":"20221114T074550Z","endTime":"20221115T074550Z"}"#,
            ),
            keyed: true,
            headers: NONE,
        },
    );
    let created = create.decode(&fixture("create_report.json")).unwrap();
    assert_eq!(created.report_id.unwrap().as_str(), "REP-2001");

    let document = GetReportDocument::new("amzn1.tortuga.0.doc");
    golden(
        &document,
        Golden {
            method: Method::Get,
            path: "/report-documents/amzn1.tortuga.0.doc",
            query: NONE,
            body: None,
            keyed: false,
            headers: NONE,
        },
    );
    let doc = document
        .decode(&fixture("get_report_document.json"))
        .unwrap();
    assert!(doc.url.unwrap().starts_with("https://"));
    assert_eq!(doc.compression_algorithm.as_deref(), Some("N/A"));

    let schedules = GetReportSchedules::new().with_report_types([ReportType::OrderReference]);
    golden(
        &schedules,
        Golden {
            method: Method::Get,
            path: "/report-schedules",
            query: &[(
                "reportTypes",
                "_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_",
            )],
            body: None,
            keyed: false,
            headers: NONE,
        },
    );
    assert!(GetReportSchedules::new().query().is_empty());
    let list = schedules
        .decode(&fixture("get_report_schedules.json"))
        .unwrap();
    let list = list.report_schedules.unwrap();
    assert_eq!(list[0].schedule_frequency, Some(ScheduleFrequency::Days1));
    // A frequency this crate does not know is kept as sent.
    assert_eq!(
        list[1].schedule_frequency,
        Some(ScheduleFrequency::Unknown("P90D".to_owned()))
    );

    let one = GetReportScheduleById::new("SCH-1");
    golden(
        &one,
        Golden {
            method: Method::Get,
            path: "/report-schedules/SCH-1",
            query: NONE,
            body: None,
            keyed: false,
            headers: NONE,
        },
    );
    let schedule = one
        .decode(&fixture("get_report_schedule_by_id.json"))
        .unwrap();
    assert_eq!(
        schedule.schedule_frequency,
        Some(ScheduleFrequency::Hours12)
    );

    let create =
        CreateReportSchedule::new(ReportType::OrderReference, ScheduleFrequency::Days1, key())
            .with_next_report_creation_time(at("20221114T074550Z"))
            .with_delete_existing_schedule(false);
    golden(
        &create,
        Golden {
            method: Method::Post,
            path: "/report-schedules",
            query: NONE,
            body: Some(
                r#"{"reportType":"_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_","scheduleFrequency":"P1D","nextReportCreationTime":"20221114T074550Z","deleteExistingSchedule":false}"#,
            ),
            keyed: true,
            headers: NONE,
        },
    );
    let created = create
        .decode(&fixture("create_report_schedule.json"))
        .unwrap();
    assert_eq!(created.report_schedule_id.unwrap().as_str(), "SCH-3");

    let cancel = CancelReportSchedule::new("SCH-1");
    golden(
        &cancel,
        Golden {
            method: Method::Delete,
            path: "/report-schedules/SCH-1",
            query: NONE,
            body: None,
            keyed: false,
            headers: NONE,
        },
    );
    assert_eq!(
        cancel.decode(&Response::new(200, Vec::new())).unwrap().body,
        None
    );
    assert!(
        cancel
            .decode(&Response::new(204, &b"{}"[..]))
            .unwrap()
            .body
            .is_some()
    );
    let err = cancel
        .decode(&Response::new(200, &b"not json"[..]))
        .unwrap_err();
    assert_eq!(err.operation(), Some("Cancel Report Schedule"));
    let err = cancel
        .decode(&Response::new(
            404,
            &br#"{"reasonCode":"ResourceNotFound","message":"no such schedule"}"#[..],
        ))
        .unwrap_err();
    assert_eq!(err.status(), 404);
    assert_eq!(err.code().map(ErrorCode::as_str), Some("ResourceNotFound"));
}

#[test]
fn disbursements_golden_request_and_fixture() {
    let call = GetDisbursements::new(at("20221201T000000Z"), at("20221231T235959Z"))
        .with_page_size(30)
        .unwrap();
    golden(
        &call,
        Golden {
            method: Method::Get,
            path: "/disbursements",
            query: &[
                ("startTime", "20221201T000000Z"),
                ("endTime", "20221231T235959Z"),
                ("pageSize", "30"),
            ],
            body: None,
            keyed: false,
            headers: NONE,
        },
    );
    let page = call
        .decode(&fixture("get_disbursements_page1.json"))
        .unwrap();
    let first = &page.disbursements.as_deref().unwrap()[0];
    assert_eq!(first.amount.as_deref(), Some("1000.50"));
    assert_eq!(
        first.transaction_time.as_deref(),
        Some("2022-12-07T17:08:26.717Z")
    );
    assert_eq!(
        first.amazon_disbursement_reference_id.as_deref(),
        Some("AMZ-DISB-1")
    );
}

#[test]
fn paged_walks_cover_three_pages_and_stop() {
    // Reports: the next page's call carries only nextToken.
    let mut call = GetReports::new()
        .with_report_types([ReportType::Settlement])
        .with_page_size(2)
        .unwrap();
    let mut seen = Vec::new();
    let mut queries = Vec::new();
    for name in [
        "get_reports_page1.json",
        "get_reports_page2.json",
        "get_reports_page3.json",
    ] {
        let request = call.into_request(&config(ApiVersion::V2)).unwrap();
        queries.push(request.query().to_vec());
        let page = call.decode(&fixture(name)).unwrap();
        for report in page.reports.iter().flatten() {
            seen.push(report.report_id.clone().unwrap().as_str().to_owned());
        }
        match call.next_page(&page) {
            Some(next) => call = next,
            None => {
                assert_eq!(name, "get_reports_page3.json");
                break;
            }
        }
    }
    assert_eq!(seen, ["REP-1001", "REP-1002", "REP-1003", "REP-1004"]);
    assert_eq!(queries.len(), 3);
    assert_eq!(
        queries[1],
        [("nextToken".to_owned(), "token-page-2".to_owned())]
    );
    assert_eq!(
        queries[2],
        [("nextToken".to_owned(), "token/page+3=".to_owned())]
    );

    // Disbursements: the range and page size stay; an empty token ends it.
    let mut call = GetDisbursements::new(at("20221201T000000Z"), at("20221231T235959Z"));
    let mut pages = 0;
    let mut amounts = Vec::new();
    for name in [
        "get_disbursements_page1.json",
        "get_disbursements_page2.json",
        "get_disbursements_page3.json",
    ] {
        pages += 1;
        let page = call.decode(&fixture(name)).unwrap();
        amounts.extend(
            page.disbursements
                .iter()
                .flatten()
                .filter_map(|d| d.amount.clone()),
        );
        match call.next_page(&page) {
            Some(next) => {
                let query = next.query();
                assert_eq!(query[0], ("startTime", "20221201T000000Z".to_owned()));
                assert_eq!(query.last().unwrap().0, "nextToken");
                call = next;
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    // The JSON number 250.25 is kept as its decimal text.
    assert_eq!(amounts, ["1000.50", "250.25"]);
}

#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
#[test]
fn paged_query_is_signed_canonically() {
    use amazon_pay_core::sign::DefaultSigner;
    let signer =
        DefaultSigner::from_pem(include_str!("../vectors/keys/rsa2048.pkcs8.pem")).unwrap();
    let call = GetReports::new().with_next_token(NextToken::from("token/page+3="));
    let more = GetReports::new()
        .with_report_types([ReportType::Settlement, ReportType::Capture])
        .with_processing_statuses([ProcessingStatus::InProgress]);
    let mut entropy = |buf: &mut [u8]| buf.fill(1);
    let now = at("20240301T100000Z");
    let signed = call
        .into_request(&config(ApiVersion::V2))
        .unwrap()
        .sign(&config(ApiVersion::V2), &signer, now, &mut entropy)
        .unwrap();
    assert!(
        signed
            .url()
            .ends_with("/reports?nextToken=token%2Fpage%2B3%3D"),
        "{}",
        signed.url()
    );
    let canonical = signed.canonical_request().unwrap();
    assert!(
        canonical
            .as_str()
            .contains("\nnextToken=token%2Fpage%2B3%3D\n")
    );
    let signed = more
        .into_request(&config(ApiVersion::V2))
        .unwrap()
        .sign(&config(ApiVersion::V2), &signer, now, &mut entropy)
        .unwrap();
    // Sorted by name; the comma of a list is encoded.
    assert!(
        signed.url().ends_with(
            "/reports?processingStatuses=IN_PROGRESS&reportTypes=_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_%2C_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_"
        ),
        "{}",
        signed.url()
    );
    signed.verify(signer.public_key()).unwrap();
}

#[test]
fn report_and_disbursement_boundaries() {
    for size in [1, 100] {
        assert!(GetReports::new().with_page_size(size).is_ok());
    }
    for size in [0, 101] {
        let err = GetReports::new().with_page_size(size).unwrap_err();
        assert_eq!(err.field(), "pageSize");
        assert_eq!(
            err.rule(),
            &Rule::OutOfRange {
                min: 1,
                max: 100,
                found: u64::from(size)
            }
        );
        let err = GetDisbursements::new(at("20240101T000000Z"), at("20240102T000000Z"))
            .with_page_size(size)
            .unwrap_err();
        assert_eq!(err.field(), "pageSize");
    }
    let v2 = config(ApiVersion::V2);
    // The same instant is a valid (empty) range; one second backwards is not.
    let same = GetReports::new()
        .with_created_since(at("20240301T000000Z"))
        .with_created_until(at("20240301T000000Z"));
    assert!(same.into_request(&v2).is_ok());
    let backwards = GetReports::new()
        .with_created_since(at("20240301T000000Z"))
        .with_created_until(at("20240228T235959Z"));
    let err = backwards.into_request(&v2).unwrap_err();
    assert_eq!(err.field(), "createdUntil");
    assert_eq!(
        err.rule(),
        &Rule::EndsBeforeStart {
            start: "createdSince"
        }
    );
    let err = CreateReport::new(
        ReportType::Capture,
        at("20240302T000000Z"),
        at("20240301T000000Z"),
        key(),
    )
    .into_request(&v2)
    .unwrap_err();
    assert_eq!(err.field(), "endTime");
    let err = GetDisbursements::new(at("20240302T000000Z"), at("20240301T000000Z"))
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "endTime");
    // An unknown report type that would split the comma list is refused.
    let err = GetReports::new()
        .with_report_types([ReportType::parse("A,B")])
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "reportTypes");
    assert!(matches!(
        err.rule(),
        Rule::NotAllowedCharacter { found: ',', .. }
    ));
    let err = GetReports::new()
        .with_next_token(NextToken::from(""))
        .into_request(&v2)
        .unwrap_err();
    assert_eq!(err.field(), "nextToken");
    let err = GetReportById::new("a/b").into_request(&v2).unwrap_err();
    assert_eq!(err.field(), "reportId");
}
