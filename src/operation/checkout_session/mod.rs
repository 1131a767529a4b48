//! Checkout Sessions: Create, Get, Update, Complete and Finalize Checkout
//! Session (spec §5.1, §5.2, §9).

/// A builder method setting one optional body field.
macro_rules! setter {
    ($(#[$meta:meta])* $name:ident, $field:ident: $ty:ty) => {
        $(#[$meta])*
        pub fn $name(mut self, value: $ty) -> Self {
            self.body.$field = Some(value);
            self
        }
    };
}

/// The builder methods both `paymentDetails` types share.
macro_rules! payment_setters {
    () => {
        /// Accept an authorization that finishes later.
        pub fn with_pending_authorization(mut self, allowed: bool) -> Self {
            self.can_handle_pending_authorization = Some(allowed);
            self
        }

        /// The whole order, when only part of it is charged at checkout.
        pub fn with_total_order_amount(mut self, total: Price) -> Self {
            self.total_order_amount = Some(total);
            self
        }

        /// The statement text (only with `AuthorizeWithCapture`).
        pub fn with_soft_descriptor(mut self, text: &str) -> Result<Self, ValidationError> {
            self.soft_descriptor = Some(SoftDescriptor::parse(text)?);
            Ok(self)
        }
    };
}

/// The setters Create and Update Checkout Session share; `$payment` is
/// the call's `paymentDetails` type.
macro_rules! shared_setters {
    ($payment:ty) => {
        setter!(
            /// Payment intent and amounts.
            with_payment_details, payment_details: $payment
        );
        setter!(
            /// Merchant order data.
            with_merchant_metadata, merchant_metadata: MerchantMetadata
        );
        setter!(
            /// The solution provider id.
            with_platform_id, platform_id: String
        );
        setter!(
            /// The payment service provider's reference.
            with_provider_metadata, provider_metadata: ProviderMetadata
        );
        setter!(
            /// Amazon Pay system data.
            with_supplementary_data, supplementary_data: String
        );
    };
}

mod complete;
mod create;
mod payment;
mod update;

pub use complete::{
    CompleteCheckoutSession, CompleteCheckoutSessionBody, FinalizeCheckoutSession,
    FinalizeCheckoutSessionBody,
};
pub use create::{CheckoutWebDetails, CreateCheckoutSession, CreateCheckoutSessionBody};
pub use payment::CheckoutSessionPaymentDetails;
pub use update::{UpdateCheckoutSession, UpdateCheckoutSessionBody, UpdatePaymentDetails};

use crate::model::{CheckoutSession, CheckoutSessionId, MerchantMetadata, PaymentIntent};
use crate::money::Price;
use crate::operation::get_operation;
use crate::operation::validate::{self, CUSTOM_INFORMATION_MAX};
use crate::validation::ValidationError;

get_operation! {
    /// Get Checkout Session: `GET /checkoutSessions/{checkoutSessionId}`, 200.
    /// Buyer details come back only while the session is Open.
    GetCheckoutSession(CheckoutSessionId, "checkoutSessionId") => GetCheckoutSession, CheckoutSession
}

/// `supplementaryData`: its limit is unpublished; the crate takes 4096 bytes.
pub(crate) const SUPPLEMENTARY_DATA_MAX: usize = CUSTOM_INFORMATION_MAX;

/// The `paymentDetails` members Create and Update Checkout Session check
/// alike.
pub(crate) struct PaymentFields<'a> {
    pub(crate) intent: Option<&'a PaymentIntent>,
    pub(crate) charge: Option<&'a Price>,
    pub(crate) total: Option<&'a Price>,
    pub(crate) soft_descriptor: bool,
}

/// What Create and Update Checkout Session check alike: the payment, the
/// merchant's metadata, the platform id and the supplementary data. One
/// place, so that the two calls never disagree.
pub(crate) fn validate_shared(
    payment: Option<PaymentFields<'_>>,
    merchant_metadata: Option<&MerchantMetadata>,
    platform_id: Option<&str>,
    supplementary_data: Option<&str>,
) -> Result<(), ValidationError> {
    if let Some(p) = payment {
        payment::validate_payment(p.intent, p.charge, p.total, p.soft_descriptor)?;
    }
    if let Some(metadata) = merchant_metadata {
        validate::merchant_metadata("merchantMetadata", metadata)?;
    }
    if let Some(platform) = platform_id {
        validate::text("platformId", platform, validate::ID_MAX, false)?;
    }
    if let Some(data) = supplementary_data {
        validate::text("supplementaryData", data, SUPPLEMENTARY_DATA_MAX, true)?;
    }
    Ok(())
}
