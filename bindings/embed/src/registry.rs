//! Every operation by name: its parameters read from JSON into the core's
//! typed operation, which alone validates, builds and decodes.

use amazon_pay_core::Operation;
use amazon_pay_core::exchange::{Exchange, RetryPolicy};
use amazon_pay_core::operation::{self as op, ApiError, ApiOperation, Response};
use amazon_pay_core::{Config, Method, UnsignedRequest, ValidationError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::exchange::Dispatch;
use crate::failure::Failure;

/// A typed operation behind a name: what the facade does with any of them.
pub(crate) trait Dynamic: Send + Sync {
    /// The call's row.
    fn operation(&self) -> Operation;
    /// The validated request.
    fn request(&self, config: &Config) -> Result<UnsignedRequest, ValidationError>;
    /// Amazon's answer, decoded by the typed operation, as JSON.
    fn decode(&self, response: &Response) -> Result<Value, ApiError>;
    /// The call with its retries.
    fn exchange(&self, config: Config, policy: RetryPolicy) -> Box<dyn Dispatch>;
}

/// The typed operation itself.
struct Typed<O>(O);

impl<O> Dynamic for Typed<O>
where
    O: ApiOperation + Clone + Send + Sync + 'static,
    O::Output: Serialize + Send + Sync,
{
    fn operation(&self) -> Operation {
        O::SPEC.operation
    }

    fn request(&self, config: &Config) -> Result<UnsignedRequest, ValidationError> {
        self.0.into_request(config)
    }

    fn decode(&self, response: &Response) -> Result<Value, ApiError> {
        self.0.decode(response).and_then(|output| {
            serde_json::to_value(output).map_err(|_| {
                ApiError::unexpected(response).for_operation(O::SPEC.operation.as_str())
            })
        })
    }

    fn exchange(&self, config: Config, policy: RetryPolicy) -> Box<dyn Dispatch> {
        Box::new(Exchange::new(self.0.clone(), config, policy))
    }
}

/// The operation and parameters of a request given in HTTP terms.
pub(crate) fn route(
    method: &str,
    path: &str,
    body: &str,
    idempotency_key: Option<&str>,
) -> Result<(&'static str, Value), Failure> {
    let method = match method.to_ascii_uppercase().as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        other => {
            return Err(Failure::new(
                "validation",
                "UnknownOperation",
                format!("no Amazon Pay operation uses the method {other:?}"),
            )
            .with_field("method"));
        }
    };
    let (operation, ids) = Operation::route(method, path).ok_or_else(|| {
        Failure::new(
            "validation",
            "UnknownOperation",
            format!("no Amazon Pay operation is {} {path:?}", method.as_str()),
        )
        .with_field("path")
    })?;
    let names = operation
        .spec()
        .path
        .split('/')
        .filter_map(|part| part.strip_prefix('{').and_then(|p| p.strip_suffix('}')));
    let mut params = serde_json::Map::new();
    for (name, id) in names.zip(ids) {
        params.insert(name.to_owned(), Value::String(id.to_owned()));
    }
    if !body.trim().is_empty() {
        let body: Value = serde_json::from_str(body).map_err(|e| {
            Failure::invalid_json("InvalidParameters", "body", &e).with_field("body")
        })?;
        params.insert("body".to_owned(), body);
    }
    if let Some(key) = idempotency_key {
        params.insert("idempotencyKey".to_owned(), Value::String(key.to_owned()));
    }
    Ok((name(operation), Value::Object(params)))
}

/// A typed operation the core handed out, behind the facade.
pub(crate) fn dynamic<O>(operation: O) -> Box<dyn Dynamic>
where
    O: ApiOperation + Clone + Send + Sync + 'static,
    O::Output: Serialize + Send + Sync,
{
    Box::new(Typed(operation))
}

/// Reads `params` as operation `O`.
fn typed<O>(name: &str, params: Value) -> Result<Box<dyn Dynamic>, Failure>
where
    O: ApiOperation + DeserializeOwned + Clone + Send + Sync + 'static,
    O::Output: Serialize + Send + Sync,
{
    let operation: O = serde_json::from_value(params)
        .map_err(|e| Failure::invalid_json("InvalidParameters", name, &e).with_field("params"))?;
    Ok(Box::new(Typed(operation)))
}

macro_rules! registry {
    ($($name:ident),+ $(,)?) => {
        /// The operations' names, in the order of the core's table.
        pub const NAMES: &[&str] = &[$(stringify!($name)),+];

        /// The operation called `name` (`CaptureCharge`, or as Amazon's
        /// documentation writes it, `Capture Charge`).
        pub(crate) fn find(name: &str) -> Option<Operation> {
            $(
                if name == stringify!($name) || name == Operation::$name.as_str() {
                    return Some(Operation::$name);
                }
            )+
            None
        }

        /// The facade's name of `operation`.
        pub(crate) fn name(operation: Operation) -> &'static str {
            match operation {
                $(Operation::$name => stringify!($name),)+
                _ => operation.as_str(),
            }
        }

        /// Reads `params` as the typed operation of `operation`.
        pub(crate) fn build(operation: Operation, params: Value) -> Result<Box<dyn Dynamic>, Failure> {
            match operation {
                $(Operation::$name => typed::<op::$name>(stringify!($name), params),)+
                _ => Err(Failure::unknown_operation(operation.as_str())),
            }
        }
    };
}

registry!(
    CreateCheckoutSession,
    GetCheckoutSession,
    UpdateCheckoutSession,
    CompleteCheckoutSession,
    FinalizeCheckoutSession,
    GetChargePermission,
    UpdateChargePermission,
    CloseChargePermission,
    CreateCharge,
    GetCharge,
    CaptureCharge,
    CancelCharge,
    CreateRefund,
    GetRefund,
    UpdateCharge,
    GetBuyer,
    CreateDeliveryTracker,
    GetReports,
    GetReportById,
    CreateReport,
    GetReportDocument,
    GetReportSchedules,
    GetReportScheduleById,
    CreateReportSchedule,
    CancelReportSchedule,
    GetDisbursements,
    RegisterAmazonPayAccount,
    UpdateAmazonPayAccount,
    DeleteAmazonPayAccount,
    CreateMerchantAccount,
    UpdateMerchantAccount,
    ClaimMerchantAccount,
    CreateStore,
    UpdateStore,
    CreateDispute,
    GetDispute,
    UpdateDispute,
    ContestDispute,
    UploadFile,
    GetAuthorizationToken,
    MerchantScan,
    InStoreCharge,
    InStoreRefund,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_of_the_core_has_a_name_and_a_builder() {
        assert_eq!(NAMES.len(), Operation::ALL.len());
        for &operation in Operation::ALL {
            let name = name(operation);
            assert_eq!(find(name), Some(operation));
            assert_eq!(find(operation.as_str()), Some(operation));
            // An empty object is refused with the shape's own account, never
            // taken for another operation.
            match build(operation, serde_json::json!({})) {
                Ok(built) => assert_eq!(built.operation(), operation),
                Err(failure) => assert_eq!(failure.code(), "InvalidParameters", "{name}"),
            }
        }
        assert_eq!(find("capturecharge"), None);
    }
}
