//! Reports, report schedules and disbursements (spec §15): Get Reports, Get
//! Report By Id, Create Report, Get Report Document, Get Report Schedules,
//! Get Report Schedule By Id, Create Report Schedule, Cancel Report Schedule
//! and Get Disbursements.
//!
//! Dates in queries and bodies are written in Amazon's basic form
//! (`20240301T224539Z`); list filters are comma-joined (`%2C` once signed).

use serde::{Deserialize, Serialize};

use crate::api::{CallSpec, Operation};
use crate::config::Config;
use crate::model::{
    CreatedReport, CreatedReportSchedule, DisbursementsPage, NextToken, ProcessingStatus, Report,
    ReportDocument, ReportDocumentId, ReportId, ReportSchedule, ReportScheduleId, ReportSchedules,
    ReportType, ReportsPage, ScheduleFrequency,
};
use crate::operation::validate;
use crate::operation::{
    ApiOperation, Paginated, body_and_key, delete_operation, get_operation, paging_builders,
};
use crate::request::IdempotencyKey;
use crate::timestamp::Timestamp;
use crate::validation::ValidationError;

/// `new` and the `reportTypes` filter of a call that lists reports or
/// schedules (`self.report_types`).
macro_rules! report_type_filter {
    ($call:ident, $(#[$new:meta])*) => {
        impl $call {
            $(#[$new])*
            pub fn new() -> $call {
                $call::default()
            }

            /// Only those of these report types (`reportTypes`).
            pub fn with_report_types(mut self, types: impl IntoIterator<Item = ReportType>) -> Self {
                self.report_types = types.into_iter().collect();
                self
            }
        }
    };
}

get_operation! {
    /// Get Report By Id: `GET /reports/{reportId}`, 200.
    GetReportById(ReportId, "reportId") => GetReportById, Report
}

get_operation! {
    /// Get Report Document: `GET /report-documents/{reportDocumentId}`, 200:
    /// a download URL valid for 30 seconds.
    GetReportDocument(ReportDocumentId, "reportDocumentId") => GetReportDocument, ReportDocument
}

get_operation! {
    /// Get Report Schedule By Id: `GET /report-schedules/{reportScheduleId}`, 200.
    GetReportScheduleById(ReportScheduleId, "reportScheduleId") => GetReportScheduleById, ReportSchedule
}

/// Comma-joins the wire words of a list filter, refusing a word that would
/// split or blur the list.
fn joined<'a>(
    field: &'static str,
    words: impl Iterator<Item = &'a str>,
) -> Result<String, ValidationError> {
    let mut out = String::new();
    for word in words {
        validate::list_word(field, word)?;
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(word);
    }
    Ok(out)
}

/// Get Reports: `GET /reports`, 200, one page of reports that match the
/// filters (all optional). Amazon keeps reports for 90 days; without
/// `createdSince` it searches those 90 days.
///
/// Walk the pages with [`Paginated::next_page`]: the next page's call
/// carries only `nextToken`, as Amazon's documentation asks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetReports {
    #[serde(default)]
    report_types: Vec<ReportType>,
    #[serde(default)]
    processing_statuses: Vec<ProcessingStatus>,
    created_since: Option<Timestamp>,
    created_until: Option<Timestamp>,
    page_size: Option<u32>,
    next_token: Option<NextToken>,
}

report_type_filter!(
    GetReports,
    /// Every report of the last 90 days, first page.
);

impl GetReports {
    /// Only reports in these states (`processingStatuses`).
    pub fn with_processing_statuses(
        mut self,
        statuses: impl IntoIterator<Item = ProcessingStatus>,
    ) -> Self {
        self.processing_statuses = statuses.into_iter().collect();
        self
    }

    /// Only reports created at or after `since` (`createdSince`).
    pub fn with_created_since(mut self, since: Timestamp) -> Self {
        self.created_since = Some(since);
        self
    }

    /// Only reports created at or before `until` (`createdUntil`).
    pub fn with_created_until(mut self, until: Timestamp) -> Self {
        self.created_until = Some(until);
        self
    }
}

paging_builders!(GetReports);

impl ApiOperation for GetReports {
    type Output = ReportsPage;
    const SPEC: CallSpec = Operation::GetReports.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        joined(
            "reportTypes",
            self.report_types.iter().map(ReportType::as_str),
        )?;
        joined(
            "processingStatuses",
            self.processing_statuses
                .iter()
                .map(ProcessingStatus::as_str),
        )?;
        validate::time_range(
            "createdSince",
            self.created_since,
            "createdUntil",
            self.created_until,
        )?;
        validate::paging(self.page_size, self.next_token.as_ref())
    }

    body_and_key!(no_body);

    fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if let Ok(types) = joined(
            "reportTypes",
            self.report_types.iter().map(ReportType::as_str),
        ) && !types.is_empty()
        {
            query.push(("reportTypes", types));
        }
        if let Ok(statuses) = joined(
            "processingStatuses",
            self.processing_statuses
                .iter()
                .map(ProcessingStatus::as_str),
        ) && !statuses.is_empty()
        {
            query.push(("processingStatuses", statuses));
        }
        if let Some(since) = self.created_since {
            query.push(("createdSince", since.basic().as_str().to_owned()));
        }
        if let Some(until) = self.created_until {
            query.push(("createdUntil", until.basic().as_str().to_owned()));
        }
        push_paging(&mut query, self.page_size, self.next_token.as_ref());
        query
    }
}

impl Paginated for GetReports {
    fn next_page(&self, page: &ReportsPage) -> Option<GetReports> {
        let token = next_token(&page.next_token)?;
        Some(GetReports::new().with_next_token(token))
    }
}

/// Get Report Schedules: `GET /report-schedules`, 200, the schedules of the
/// given report types (all when none are given).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetReportSchedules {
    #[serde(default)]
    report_types: Vec<ReportType>,
}

report_type_filter!(
    GetReportSchedules,
    /// Every schedule.
);

impl ApiOperation for GetReportSchedules {
    type Output = ReportSchedules;
    const SPEC: CallSpec = Operation::GetReportSchedules.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        joined(
            "reportTypes",
            self.report_types.iter().map(ReportType::as_str),
        )
        .map(drop)
    }

    body_and_key!(no_body);

    fn query(&self) -> Vec<(&'static str, String)> {
        match joined(
            "reportTypes",
            self.report_types.iter().map(ReportType::as_str),
        ) {
            Ok(types) if !types.is_empty() => vec![("reportTypes", types)],
            _ => Vec::new(),
        }
    }
}

/// The body of Create Report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateReportBody {
    report_type: ReportType,
    start_time: Timestamp,
    end_time: Timestamp,
}

/// Create Report: `POST /reports`, a report of `reportType` over
/// `startTime`–`endTime`; answers the new `reportId`.
///
/// ```json
/// {"reportType":"_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_","startTime":"20221114T074550Z","endTime":"20221115T074550Z"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateReport {
    body: CreateReportBody,
    #[serde(rename = "idempotencyKey")]
    key: IdempotencyKey,
}

impl CreateReport {
    /// A report of `report_type` over `start`–`end`.
    pub fn new(
        report_type: ReportType,
        start: Timestamp,
        end: Timestamp,
        key: IdempotencyKey,
    ) -> CreateReport {
        CreateReport {
            body: CreateReportBody {
                report_type,
                start_time: start,
                end_time: end,
            },
            key,
        }
    }
}

impl ApiOperation for CreateReport {
    type Output = CreatedReport;
    const SPEC: CallSpec = Operation::CreateReport.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        validate::list_word("reportType", self.body.report_type.as_str())?;
        validate::time_range(
            "startTime",
            Some(self.body.start_time),
            "endTime",
            Some(self.body.end_time),
        )
    }

    body_and_key!(required);
}

/// The body of Create Report Schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateReportScheduleBody {
    report_type: ReportType,
    schedule_frequency: ScheduleFrequency,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_report_creation_time: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delete_existing_schedule: Option<bool>,
}

/// Create Report Schedule: `POST /report-schedules`, one schedule per report
/// type; answers the new `reportScheduleId`.
///
/// ```json
/// {"reportType":"_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_","scheduleFrequency":"P1D","nextReportCreationTime":"20221114T074550Z","deleteExistingSchedule":false}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateReportSchedule {
    body: CreateReportScheduleBody,
    #[serde(rename = "idempotencyKey")]
    key: IdempotencyKey,
}

impl CreateReportSchedule {
    /// A schedule creating a report of `report_type` every `frequency`.
    pub fn new(
        report_type: ReportType,
        frequency: ScheduleFrequency,
        key: IdempotencyKey,
    ) -> CreateReportSchedule {
        CreateReportSchedule {
            body: CreateReportScheduleBody {
                report_type,
                schedule_frequency: frequency,
                next_report_creation_time: None,
                delete_existing_schedule: None,
            },
            key,
        }
    }

    /// When the first report is created (`nextReportCreationTime`).
    pub fn with_next_report_creation_time(mut self, at: Timestamp) -> Self {
        self.body.next_report_creation_time = Some(at);
        self
    }

    /// Replace the type's existing schedule (`deleteExistingSchedule`);
    /// without it Amazon refuses a second schedule for a type.
    pub fn with_delete_existing_schedule(mut self, delete: bool) -> Self {
        self.body.delete_existing_schedule = Some(delete);
        self
    }
}

impl ApiOperation for CreateReportSchedule {
    type Output = CreatedReportSchedule;
    const SPEC: CallSpec = Operation::CreateReportSchedule.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        validate::list_word("reportType", self.body.report_type.as_str())?;
        validate::list_word("scheduleFrequency", self.body.schedule_frequency.as_str())
    }

    body_and_key!(required);
}

delete_operation! {
    /// Cancel Report Schedule: `DELETE /report-schedules/{reportScheduleId}`,
    /// no body; any 2xx is success.
    CancelReportSchedule(ReportScheduleId, "reportScheduleId") => CancelReportSchedule
}

/// Get Disbursements: `GET /disbursements`, 200, one page of the
/// disbursements whose settlement date lies in `startTime`–`endTime`.
///
/// UNCONFIRMED: Amazon documents no bounds for `pageSize` here; the crate
/// applies Get Reports' 1–100. The next page's call keeps the range and page
/// size and adds `nextToken` (Amazon's example sends all four together).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetDisbursements {
    start_time: Timestamp,
    end_time: Timestamp,
    page_size: Option<u32>,
    next_token: Option<NextToken>,
}

impl GetDisbursements {
    /// The disbursements settled between `start` and `end`.
    pub fn new(start: Timestamp, end: Timestamp) -> GetDisbursements {
        GetDisbursements {
            start_time: start,
            end_time: end,
            page_size: None,
            next_token: None,
        }
    }
}

paging_builders!(GetDisbursements);

impl ApiOperation for GetDisbursements {
    type Output = DisbursementsPage;
    const SPEC: CallSpec = Operation::GetDisbursements.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        validate::time_range(
            "startTime",
            Some(self.start_time),
            "endTime",
            Some(self.end_time),
        )?;
        validate::paging(self.page_size, self.next_token.as_ref())
    }

    body_and_key!(no_body);

    fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = vec![
            ("startTime", self.start_time.basic().as_str().to_owned()),
            ("endTime", self.end_time.basic().as_str().to_owned()),
        ];
        push_paging(&mut query, self.page_size, self.next_token.as_ref());
        query
    }
}

impl Paginated for GetDisbursements {
    fn next_page(&self, page: &DisbursementsPage) -> Option<GetDisbursements> {
        let token = next_token(&page.next_token)?;
        Some(GetDisbursements {
            next_token: Some(token),
            ..self.clone()
        })
    }
}

/// The paging parameters of a paged call's query, when set.
fn push_paging(
    query: &mut Vec<(&'static str, String)>,
    page_size: Option<u32>,
    next_token: Option<&NextToken>,
) {
    if let Some(size) = page_size {
        query.push(("pageSize", size.to_string()));
    }
    if let Some(token) = next_token {
        query.push(("nextToken", token.as_str().to_owned()));
    }
}

/// The token of the page after one, unless it is the last (no token, or
/// an empty one).
fn next_token(token: &Option<NextToken>) -> Option<NextToken> {
    token.clone().filter(|token| !token.as_str().is_empty())
}
