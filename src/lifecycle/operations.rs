//! The table of every Amazon Pay API call the crate knows (spec §5.1, §15):
//! its name in Amazon's documentation and the family it belongs to. One
//! row per call; the enum, the names, the families and [`Operation::ALL`]
//! are all generated from it.

use std::fmt;

/// The API family a call belongs to (spec §15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Family {
    /// Checkout Sessions, Charge Permissions, Charges, Refunds, Buyer and
    /// Delivery Trackers: the calls of spec §5.1, the ones the lifecycles
    /// govern.
    Checkout,
    /// Reports, report documents and report schedules.
    Reports,
    /// Disbursements to the merchant's bank account.
    Disbursements,
    /// Merchant onboarding and account management (solution providers).
    Accounts,
    /// Disputes and the evidence files for them (payment service providers).
    Disputes,
    /// Delegated authorization for solution providers.
    Delegation,
    /// In-store payments.
    InStore,
}

impl Family {
    /// Whether API path version v1 has the family's calls (only some
    /// Checkout calls; every other family was introduced under v2).
    pub const fn in_v1(self) -> bool {
        matches!(self, Family::Checkout)
    }
}

macro_rules! operations {
    ($(
        $(#[$meta:meta])*
        $variant:ident = $name:literal, $family:ident;
    )+) => {
        /// An Amazon Pay API call (spec §5.1 for the Checkout calls, §15 for
        /// the other families).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Operation {
            $($(#[$meta])* $variant,)+
        }

        impl Operation {
            /// Every call, in the order of the table: the 17 Checkout calls
            /// first, then the other families.
            pub const ALL: &'static [Operation] = &[$(Operation::$variant),+];

            /// The operation's name in Amazon's documentation.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Operation::$variant => $name,)+
                }
            }

            /// The family the call belongs to.
            pub const fn family(self) -> Family {
                match self {
                    $(Operation::$variant => Family::$family,)+
                }
            }
        }
    };
}

operations! {
    /// `POST /checkoutSessions`.
    CreateCheckoutSession = "Create Checkout Session", Checkout;
    /// `GET /checkoutSessions/{id}`.
    GetCheckoutSession = "Get Checkout Session", Checkout;
    /// `PATCH /checkoutSessions/{id}`.
    UpdateCheckoutSession = "Update Checkout Session", Checkout;
    /// `POST /checkoutSessions/{id}/complete`.
    CompleteCheckoutSession = "Complete Checkout Session", Checkout;
    /// `POST /checkoutSessions/{id}/finalize`.
    FinalizeCheckoutSession = "Finalize Checkout Session", Checkout;
    /// `GET /chargePermissions/{id}`.
    GetChargePermission = "Get Charge Permission", Checkout;
    /// `PATCH /chargePermissions/{id}`.
    UpdateChargePermission = "Update Charge Permission", Checkout;
    /// `DELETE /chargePermissions/{id}/close`.
    CloseChargePermission = "Close Charge Permission", Checkout;
    /// `POST /charges` on a Charge Permission.
    CreateCharge = "Create Charge", Checkout;
    /// `GET /charges/{id}`.
    GetCharge = "Get Charge", Checkout;
    /// `POST /charges/{id}/capture`.
    CaptureCharge = "Capture Charge", Checkout;
    /// `DELETE /charges/{id}/cancel`.
    CancelCharge = "Cancel Charge", Checkout;
    /// `POST /refunds` on a Charge.
    CreateRefund = "Create Refund", Checkout;
    /// `GET /refunds/{id}`.
    GetRefund = "Get Refund", Checkout;
    /// `PATCH /charges/{id}` (payment service providers only).
    UpdateCharge = "Update Charge", Checkout;
    /// `GET /buyers/{buyerToken}`.
    GetBuyer = "Get Buyer", Checkout;
    /// `POST /deliveryTrackers`.
    CreateDeliveryTracker = "Create Delivery Tracker", Checkout;
    /// `GET /reports`, filtered and paged.
    GetReports = "Get Reports", Reports;
    /// `GET /reports/{reportId}`.
    GetReportById = "Get Report By Id", Reports;
    /// `POST /reports`.
    CreateReport = "Create Report", Reports;
    /// `GET /report-documents/{reportDocumentId}`.
    GetReportDocument = "Get Report Document", Reports;
    /// `GET /report-schedules`.
    GetReportSchedules = "Get Report Schedules", Reports;
    /// `GET /report-schedules/{reportScheduleId}`.
    GetReportScheduleById = "Get Report Schedule By Id", Reports;
    /// `POST /report-schedules`.
    CreateReportSchedule = "Create Report Schedule", Reports;
    /// `DELETE /report-schedules/{reportScheduleId}`.
    CancelReportSchedule = "Cancel Report Schedule", Reports;
    /// `GET /disbursements`, filtered and paged.
    GetDisbursements = "Get Disbursements", Disbursements;
    /// `POST /merchantAccounts`: a non-loginable account.
    RegisterAmazonPayAccount = "Register Amazon Pay Account", Accounts;
    /// `PATCH /merchantAccounts/{merchantAccountId}` for a registered account.
    UpdateAmazonPayAccount = "Update Amazon Pay Account", Accounts;
    /// `DELETE /merchantAccounts/{merchantAccountId}`.
    DeleteAmazonPayAccount = "Delete Amazon Pay Account", Accounts;
    /// `POST /merchantAccounts`: a loginable account.
    CreateMerchantAccount = "Create Merchant Account", Accounts;
    /// `PATCH /merchantAccounts/{merchantAccountId}` with the merchant's auth token.
    UpdateMerchantAccount = "Update Merchant Account", Accounts;
    /// `POST /merchantAccounts/{merchantAccountId}/claim`.
    ClaimMerchantAccount = "Claim Merchant Account", Accounts;
    /// `POST /merchantAccounts/{merchantAccountId}/stores`.
    CreateStore = "Create Store", Accounts;
    /// `PATCH /merchantAccounts/{merchantAccountId}/stores/{storeId}`.
    UpdateStore = "Update Store", Accounts;
    /// `POST /disputes`.
    CreateDispute = "Create Dispute", Disputes;
    /// `GET /disputes/{disputeId}`.
    GetDispute = "Get Dispute", Disputes;
    /// `PATCH /disputes/{disputeId}`.
    UpdateDispute = "Update Dispute", Disputes;
    /// `POST /disputes/{disputeId}/contest`.
    ContestDispute = "Contest Dispute", Disputes;
    /// `POST /files`: dispute evidence.
    UploadFile = "Upload File", Disputes;
    /// `GET /authorizationTokens/{mwsAuthToken}?merchantId=…`.
    GetAuthorizationToken = "Get Authorization Token", Delegation;
    /// `POST /in-store/merchantScan`.
    MerchantScan = "Merchant Scan", InStore;
    /// `POST /in-store/charge`.
    InStoreCharge = "In-Store Charge", InStore;
    /// `POST /in-store/refund`.
    InStoreRefund = "In-Store Refund", InStore;
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
