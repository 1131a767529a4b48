//! The table of every Amazon Pay API call the crate knows (spec §5.1, §15),
//! written once: its name in Amazon's documentation, its family, its HTTP
//! method and path template, whether it carries an idempotency key, and
//! whether API path version v1 has it.
//!
//! The typed operations take their [`CallSpec`] from here
//! (`Operation::CaptureCharge.spec()`), the sandbox routes requests with
//! [`Operation::route`], and the documentation below is generated from the
//! same rows.

use std::fmt;

use crate::config::ApiVersion;
use crate::request::Method;

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
    /// Whether API path version v1 has any of the family's calls (some
    /// Checkout calls; every other family was introduced under v2). Each
    /// call's own answer is [`CallSpec::in_v1`].
    pub const fn in_v1(self) -> bool {
        matches!(self, Family::Checkout)
    }
}

/// Whether a call carries an `x-amz-pay-idempotency-key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Idempotency {
    /// The call creates or moves money: its constructor takes a key.
    Required,
    /// Amazon's documents leave it open: sent when you give one.
    Optional,
    /// Not sent.
    None,
}

/// A call's row of the table (spec §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CallSpec {
    /// Which call.
    pub operation: Operation,
    /// The HTTP method.
    pub method: Method,
    /// The path below the API version, ids as `{name}` in Amazon's spelling
    /// (`/charges/{chargeId}/capture`).
    pub path: &'static str,
    /// The idempotency key.
    pub idempotency: Idempotency,
    /// Whether API path version v1 has the call.
    pub in_v1: bool,
}

impl CallSpec {
    /// Whether a request of this call must carry an idempotency key under
    /// `version`: the calls that create or move money, and under API path
    /// version v1 every POST (v1's documents: "you must set the
    /// x-amz-pay-idempotency-key header for all POST requests").
    pub fn needs_idempotency_key(&self, version: ApiVersion) -> bool {
        self.idempotency == Idempotency::Required
            || (version == ApiVersion::V1 && self.method == Method::Post)
    }

    /// The path with `ids` in place of the template's `{name}` segments, in
    /// order (given decoded; they are percent-encoded when signed). A
    /// missing id leaves its segment empty.
    pub fn path_with(&self, ids: &[&str]) -> String {
        let mut ids = ids.iter();
        let mut path = String::with_capacity(self.path.len() + 32);
        for (n, part) in self.path.split('/').enumerate() {
            if n > 0 {
                path.push('/');
            }
            if part.starts_with('{') {
                path.push_str(ids.next().copied().unwrap_or_default());
            } else {
                path.push_str(part);
            }
        }
        path
    }

    /// The ids of `path` if it has this row's shape: as many segments, the
    /// fixed ones equal, every `{name}` a non-empty segment (given as it
    /// arrives, still percent-encoded). `None` otherwise.
    pub fn match_path<'p>(&self, path: &'p str) -> Option<Vec<&'p str>> {
        if !self.fits(path) {
            return None;
        }
        let pairs = self.path.split('/').zip(path.split('/'));
        Some(
            pairs
                .filter(|(part, _)| part.starts_with('{'))
                .map(|(_, segment)| segment)
                .collect(),
        )
    }

    /// Whether `path` has this row's shape (no allocation: the router asks
    /// every row).
    fn fits(&self, path: &str) -> bool {
        let mut template = self.path.split('/');
        let mut given = path.split('/');
        loop {
            match (template.next(), given.next()) {
                (None, None) => return true,
                (Some(part), Some(segment)) if part.starts_with('{') => {
                    if segment.is_empty() {
                        return false;
                    }
                }
                (Some(part), Some(segment)) if part == segment => {}
                _ => return false,
            }
        }
    }
}

macro_rules! method {
    (GET) => {
        Method::Get
    };
    (POST) => {
        Method::Post
    };
    (PATCH) => {
        Method::Patch
    };
    (DELETE) => {
        Method::Delete
    };
}

macro_rules! in_v1 {
    (v1) => {
        true
    };
    (v2) => {
        false
    };
}

macro_rules! versions {
    (v1) => {
        "v1 and v2"
    };
    (v2) => {
        "v2 only"
    };
}

macro_rules! operations {
    ($(
        $(#[$meta:meta])*
        $variant:ident = $name:literal, $family:ident, $method:ident $path:literal,
        $idempotency:ident, $version:ident;
    )+) => {
        /// An Amazon Pay API call (spec §5.1 for the Checkout calls, §15 for
        /// the other families).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Operation {
            $(
                #[doc = concat!(
                    "**", $name, "**: `", stringify!($method), " ", $path, "`; idempotency key ",
                    stringify!($idempotency), "; API path version ", versions!($version), ".",
                )]
                $(#[$meta])*
                $variant,
            )+
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

            /// The call's row: method, path template, idempotency, v1.
            pub const fn spec(self) -> CallSpec {
                match self {
                    $(Operation::$variant => CallSpec {
                        operation: Operation::$variant,
                        method: method!($method),
                        path: $path,
                        idempotency: Idempotency::$idempotency,
                        in_v1: in_v1!($version),
                    },)+
                }
            }
        }
    };
}

impl Operation {
    /// The call a request names, and its ids: the first row whose method
    /// is `method` and whose template `path` fits (path below the API
    /// version, such as `/charges/S01-1-C1/capture`). Where two calls share
    /// a method and path (Register Amazon Pay Account and Create Merchant
    /// Account), the first in the table answers.
    pub fn route(method: Method, path: &str) -> Option<(Operation, Vec<&str>)> {
        Operation::ALL.iter().find_map(|operation| {
            let spec = operation.spec();
            if spec.method != method {
                return None;
            }
            spec.match_path(path).map(|ids| (*operation, ids))
        })
    }
}

operations! {
    CreateCheckoutSession = "Create Checkout Session", Checkout, POST "/checkoutSessions", Required, v1;
    GetCheckoutSession = "Get Checkout Session", Checkout, GET "/checkoutSessions/{checkoutSessionId}", None, v1;
    UpdateCheckoutSession = "Update Checkout Session", Checkout, PATCH "/checkoutSessions/{checkoutSessionId}", None, v1;
    CompleteCheckoutSession = "Complete Checkout Session", Checkout, POST "/checkoutSessions/{checkoutSessionId}/complete", Optional, v2;
    FinalizeCheckoutSession = "Finalize Checkout Session", Checkout, POST "/checkoutSessions/{checkoutSessionId}/finalize", Optional, v2;
    GetChargePermission = "Get Charge Permission", Checkout, GET "/chargePermissions/{chargePermissionId}", None, v1;
    UpdateChargePermission = "Update Charge Permission", Checkout, PATCH "/chargePermissions/{chargePermissionId}", None, v1;
    CloseChargePermission = "Close Charge Permission", Checkout, DELETE "/chargePermissions/{chargePermissionId}/close", None, v1;
    /// On a Charge Permission.
    CreateCharge = "Create Charge", Checkout, POST "/charges", Required, v1;
    GetCharge = "Get Charge", Checkout, GET "/charges/{chargeId}", None, v1;
    CaptureCharge = "Capture Charge", Checkout, POST "/charges/{chargeId}/capture", Required, v1;
    CancelCharge = "Cancel Charge", Checkout, DELETE "/charges/{chargeId}/cancel", None, v1;
    /// On a Charge.
    CreateRefund = "Create Refund", Checkout, POST "/refunds", Required, v1;
    GetRefund = "Get Refund", Checkout, GET "/refunds/{refundId}", None, v1;
    /// Payment service providers only.
    UpdateCharge = "Update Charge", Checkout, PATCH "/charges/{chargeId}", Optional, v1;
    GetBuyer = "Get Buyer", Checkout, GET "/buyers/{buyerToken}", None, v1;
    CreateDeliveryTracker = "Create Delivery Tracker", Checkout, POST "/deliveryTrackers", Optional, v1;
    /// Filtered and paged.
    GetReports = "Get Reports", Reports, GET "/reports", None, v2;
    GetReportById = "Get Report By Id", Reports, GET "/reports/{reportId}", None, v2;
    CreateReport = "Create Report", Reports, POST "/reports", Required, v2;
    GetReportDocument = "Get Report Document", Reports, GET "/report-documents/{reportDocumentId}", None, v2;
    GetReportSchedules = "Get Report Schedules", Reports, GET "/report-schedules", None, v2;
    GetReportScheduleById = "Get Report Schedule By Id", Reports, GET "/report-schedules/{reportScheduleId}", None, v2;
    CreateReportSchedule = "Create Report Schedule", Reports, POST "/report-schedules", Required, v2;
    CancelReportSchedule = "Cancel Report Schedule", Reports, DELETE "/report-schedules/{reportScheduleId}", None, v2;
    /// Filtered and paged.
    GetDisbursements = "Get Disbursements", Disbursements, GET "/disbursements", None, v2;
    /// A non-loginable account.
    RegisterAmazonPayAccount = "Register Amazon Pay Account", Accounts, POST "/merchantAccounts", Optional, v2;
    /// For a registered account.
    UpdateAmazonPayAccount = "Update Amazon Pay Account", Accounts, PATCH "/merchantAccounts/{merchantAccountId}", None, v2;
    DeleteAmazonPayAccount = "Delete Amazon Pay Account", Accounts, DELETE "/merchantAccounts/{merchantAccountId}", None, v2;
    /// A loginable account.
    CreateMerchantAccount = "Create Merchant Account", Accounts, POST "/merchantAccounts", Required, v2;
    /// With the merchant's auth token.
    UpdateMerchantAccount = "Update Merchant Account", Accounts, PATCH "/merchantAccounts/{merchantAccountId}", None, v2;
    ClaimMerchantAccount = "Claim Merchant Account", Accounts, POST "/merchantAccounts/{merchantAccountId}/claim", Optional, v2;
    CreateStore = "Create Store", Accounts, POST "/merchantAccounts/{merchantAccountId}/stores", Optional, v2;
    UpdateStore = "Update Store", Accounts, PATCH "/merchantAccounts/{merchantAccountId}/stores/{storeId}", None, v2;
    CreateDispute = "Create Dispute", Disputes, POST "/disputes", Required, v2;
    GetDispute = "Get Dispute", Disputes, GET "/disputes/{disputeId}", None, v2;
    UpdateDispute = "Update Dispute", Disputes, PATCH "/disputes/{disputeId}", Optional, v2;
    ContestDispute = "Contest Dispute", Disputes, POST "/disputes/{disputeId}/contest", Optional, v2;
    /// Dispute evidence.
    UploadFile = "Upload File", Disputes, POST "/files", Required, v2;
    GetAuthorizationToken = "Get Authorization Token", Delegation, GET "/authorizationTokens/{mwsAuthToken}", None, v2;
    MerchantScan = "Merchant Scan", InStore, POST "/in-store/merchantScan", Optional, v2;
    InStoreCharge = "In-Store Charge", InStore, POST "/in-store/charge", Optional, v2;
    InStoreRefund = "In-Store Refund", InStore, POST "/in-store/refund", Optional, v2;
}

/// As data: the operation's name in Amazon's documentation
/// (`"Capture Charge"`).
impl serde::Serialize for Operation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_is_consistent() {
        for operation in Operation::ALL {
            let spec = operation.spec();
            assert_eq!(spec.operation, *operation);
            assert!(spec.path.starts_with('/'), "{operation}");
            // A call is in v1 only if its family is.
            assert!(!spec.in_v1 || operation.family().in_v1(), "{operation}");
            // Calls that create or move money are never sent without a key
            // by accident: GETs never carry one.
            if spec.method == Method::Get {
                assert_eq!(spec.idempotency, Idempotency::None, "{operation}");
            }
        }
    }

    #[test]
    fn routes_find_the_row_and_its_ids() {
        assert_eq!(
            Operation::route(Method::Post, "/charges/S01-1-C1/capture"),
            Some((Operation::CaptureCharge, vec!["S01-1-C1"]))
        );
        assert_eq!(
            Operation::route(Method::Get, "/charges/S01-1-C1"),
            Some((Operation::GetCharge, vec!["S01-1-C1"]))
        );
        assert_eq!(
            Operation::route(Method::Patch, "/merchantAccounts/A1/stores/S2"),
            Some((Operation::UpdateStore, vec!["A1", "S2"]))
        );
        assert_eq!(
            Operation::route(Method::Post, "/checkoutSessions"),
            Some((Operation::CreateCheckoutSession, vec![]))
        );
        // Wrong method, an empty id, a segment too many or too few.
        assert_eq!(Operation::route(Method::Put, "/charges/S01-1-C1"), None);
        assert_eq!(Operation::route(Method::Get, "/charges/"), None);
        assert_eq!(Operation::route(Method::Get, "/charges/a/b/c"), None);
        assert_eq!(Operation::route(Method::Get, "/charge"), None);
        assert_eq!(
            Operation::UpdateStore.spec().path_with(&["A1", "S/2"]),
            "/merchantAccounts/A1/stores/S/2"
        );
        assert_eq!(Operation::CreateCharge.spec().path_with(&[]), "/charges");
        // Every template routes to its own row (or, where two rows share a
        // method and path, to the first of them).
        for operation in Operation::ALL {
            let spec = operation.spec();
            let path = spec.path.replace('{', "x").replace('}', "");
            let (found, _) = Operation::route(spec.method, &path).expect("every row routes");
            assert_eq!(found.spec().path, spec.path, "{operation}");
        }
    }
}
