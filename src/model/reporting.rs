//! Reports, report documents, report schedules and disbursements (spec §15).

use crate::model::ids::{NextToken, ReportDocumentId, ReportId, ReportScheduleId};
use crate::timestamp::Timestamp;
use crate::wire::{wire_enum, wire_struct};

wire_enum! {
    /// A report type.
    pub enum ReportType {
        /// Settlement report.
        Settlement = "_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_",
        /// Settlement report of the Sandbox (the only type the Sandbox has).
        SandboxSettlement = "_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_",
        /// Order reference (Charge Permission) report.
        OrderReference = "_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_",
        /// Billing agreement report.
        BillingAgreement = "_GET_FLAT_FILE_OFFAMAZONPAYMENTS_BILLING_AGREEMENT_DATA_",
        /// Authorization report.
        Authorization = "_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_",
        /// Capture report.
        Capture = "_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_",
        /// Refund report.
        Refund = "_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_",
    }
}

wire_enum! {
    /// How far a report has got.
    pub enum ProcessingStatus {
        /// Being generated.
        InProgress = "IN_PROGRESS",
        /// Generated; its document can be fetched.
        Completed = "COMPLETED",
        /// Aborted by a fatal error.
        Failed = "FAILED",
        /// Cancelled before it was generated.
        Cancelled = "CANCELLED",
    }
}

wire_enum! {
    /// How often a report schedule creates a report (ISO 8601 durations).
    pub enum ScheduleFrequency {
        /// Every 5 minutes.
        Minutes5 = "PT5M",
        /// Every 15 minutes.
        Minutes15 = "PT15M",
        /// Every 30 minutes.
        Minutes30 = "PT30M",
        /// Every hour.
        Hours1 = "PT1H",
        /// Every 2 hours.
        Hours2 = "PT2H",
        /// Every 4 hours.
        Hours4 = "PT4H",
        /// Every 8 hours.
        Hours8 = "PT8H",
        /// Every 12 hours.
        Hours12 = "PT12H",
        /// Every 24 hours.
        Hours24 = "PT24H",
        /// Every 84 hours.
        Hours84 = "PT84H",
        /// Every day.
        Days1 = "P1D",
        /// Every 2 days.
        Days2 = "P2D",
        /// Every 3 days.
        Days3 = "P3D",
        /// Every 7 days.
        Days7 = "P7D",
        /// Every 14 days.
        Days14 = "P14D",
        /// Every 15 days.
        Days15 = "P15D",
        /// Every 18 days.
        Days18 = "P18D",
        /// Every 30 days.
        Days30 = "P30D",
    }
}

wire_struct! {
    /// A report and where it is in its generation.
    #[derive(Debug)]
    pub struct Report {
        /// The report's id.
        pub report_id: Option<ReportId>,
        /// Its type.
        pub report_type: Option<ReportType>,
        /// The start of the period it covers.
        pub start_time: Option<Timestamp>,
        /// The end of the period it covers.
        pub end_time: Option<Timestamp>,
        /// When it was requested.
        pub created_time: Option<Timestamp>,
        /// How far it has got.
        pub processing_status: Option<ProcessingStatus>,
        /// When its processing started.
        pub processing_start_time: Option<Timestamp>,
        /// When its processing ended.
        pub processing_end_time: Option<Timestamp>,
        /// The document to fetch once it is `COMPLETED`.
        pub report_document_id: Option<ReportDocumentId>,
    }
}

wire_struct! {
    /// One page of Get Reports.
    #[derive(Debug)]
    pub struct ReportsPage {
        /// The reports on this page.
        #[serde(deserialize_with = "crate::model::de::list")]
        pub reports: Option<Vec<Report>>,
        /// The token of the next page; `None` on the last page.
        pub next_token: Option<NextToken>,
    }
}

wire_struct! {
    /// Where to download a report.
    #[derive(Debug)]
    pub struct ReportDocument {
        /// The document's id.
        pub report_document_id: Option<ReportDocumentId>,
        /// A pre-signed download URL, valid for 30 seconds.
        pub url: Option<String>,
        /// The compression of the content (Amazon: always `N/A` for now).
        pub compression_algorithm: Option<String>,
    }
}

wire_struct! {
    /// A report schedule.
    #[derive(Debug)]
    pub struct ReportSchedule {
        /// The schedule's id.
        pub report_schedule_id: Option<ReportScheduleId>,
        /// The type of report it creates.
        pub report_type: Option<ReportType>,
        /// How often.
        pub schedule_frequency: Option<ScheduleFrequency>,
        /// When it next creates a report.
        pub next_report_creation_time: Option<Timestamp>,
    }
}

wire_struct! {
    /// The answer of Get Report Schedules.
    #[derive(Debug)]
    pub struct ReportSchedules {
        /// The schedules that match.
        #[serde(deserialize_with = "crate::model::de::list")]
        pub report_schedules: Option<Vec<ReportSchedule>>,
    }
}

wire_struct! {
    /// The answer of Create Report.
    #[derive(Debug)]
    pub struct CreatedReport {
        /// The new report's id.
        pub report_id: Option<ReportId>,
    }
}

wire_struct! {
    /// The answer of Create Report Schedule.
    #[derive(Debug)]
    pub struct CreatedReportSchedule {
        /// The new schedule's id.
        pub report_schedule_id: Option<ReportScheduleId>,
    }
}

wire_struct! {
    /// One disbursement to the merchant's bank account.
    #[derive(Debug)]
    pub struct Disbursement {
        /// The merchant's seller id.
        pub seller_id: Option<String>,
        /// The settlement it pays out.
        pub settlement_id: Option<String>,
        /// The reference on the bank statement.
        pub amazon_disbursement_reference_id: Option<String>,
        /// The amount, as decimal text (as Amazon sends it, without its
        /// currency; see `currency_code`); a JSON number is kept as its
        /// decimal text.
        #[serde(deserialize_with = "crate::model::de::decimal_text")]
        pub amount: Option<String>,
        /// The currency of `amount`.
        pub currency_code: Option<String>,
        /// When it was made, as Amazon wrote it (the documentation shows
        /// milliseconds, `2022-12-07T17:08:26.717Z`, so it is kept as text).
        pub transaction_time: Option<String>,
    }
}

wire_struct! {
    /// One page of Get Disbursements.
    #[derive(Debug)]
    pub struct DisbursementsPage {
        /// The disbursements on this page.
        #[serde(deserialize_with = "crate::model::de::list")]
        pub disbursements: Option<Vec<Disbursement>>,
        /// The token of the next page; `None` on the last page.
        pub next_token: Option<NextToken>,
    }
}
