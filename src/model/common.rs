//! Nested types shared by several objects (spec §3.2–§3.12).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::config::Environment;
use crate::model::{Redacted, de};
use crate::money::{Currency, Price};
use crate::timestamp::Timestamp;
use crate::wire::{wire_enum, wire_struct};

/// `statusDetails` of a Checkout Session, Charge or Refund (spec §3.2):
/// the state, why the object is in it, and since when.
///
/// `S` is the object's state enum and `R` its reason-code enum. (A Charge
/// Permission's status has a list of reasons instead; see
/// [`ChargePermissionStatusDetails`](crate::model::ChargePermissionStatusDetails).)
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StatusDetails<S, R> {
    /// The object's state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<S>,
    /// Why the object is in that state; `None` in the "happy" states.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<R>,
    /// Amazon's free-text explanation of the reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_description: Option<String>,
    /// When the state last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_updated_timestamp: Option<Timestamp>,
}

impl<S, R> Default for StatusDetails<S, R> {
    fn default() -> Self {
        StatusDetails {
            state: None,
            reason_code: None,
            reason_description: None,
            last_updated_timestamp: None,
        }
    }
}

impl<'de, S: Deserialize<'de>, R: Deserialize<'de>> Deserialize<'de> for StatusDetails<S, R> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Fields<S, R> {
            #[serde(default = "Option::default")]
            state: Option<S>,
            #[serde(default = "Option::default")]
            reason_code: Option<R>,
            #[serde(default)]
            reason_description: Option<String>,
            #[serde(default)]
            last_updated_timestamp: Option<Timestamp>,
        }
        let fields: Fields<S, R> = crate::wire::object(deserializer)?;
        Ok(StatusDetails {
            state: fields.state,
            reason_code: fields.reason_code,
            reason_description: fields.reason_description,
            last_updated_timestamp: fields.last_updated_timestamp,
        })
    }
}

impl<S, R> StatusDetails<S, R> {
    /// Status details with `state` and nothing else.
    pub fn with_state(state: S) -> Self {
        StatusDetails {
            state: Some(state),
            ..StatusDetails::default()
        }
    }
}

wire_struct! {
    /// A postal address (spec §3.4). Personal data: `Debug` shows only which
    /// fields are present.
    ///
    /// Amazon's maximum lengths (name 50, addressLine1 180, addressLine2/3 60,
    /// city/county/district 50 …) apply to what merchants send; responses are
    /// taken as given.
    pub struct Address {
        /// Recipient name.
        pub name: Option<String>,
        /// First address line.
        pub address_line1: Option<String>,
        /// Second address line.
        pub address_line2: Option<String>,
        /// Third address line.
        pub address_line3: Option<String>,
        /// City (Japanese addresses may have none).
        pub city: Option<String>,
        /// County.
        pub county: Option<String>,
        /// District.
        pub district: Option<String>,
        /// State or region; a two-letter code for US and CA addresses.
        pub state_or_region: Option<String>,
        /// Postal code.
        pub postal_code: Option<String>,
        /// Country code, ISO 3166 alpha-2 in practice.
        pub country_code: Option<String>,
        /// Phone number.
        pub phone_number: Option<String>,
        /// Id of this address in a `shippingAddressList` (PayAndShipMultiAddress).
        pub address_id: Option<String>,
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Address")
            .field("name", &Redacted(&self.name))
            .field("address_line1", &Redacted(&self.address_line1))
            .field("address_line2", &Redacted(&self.address_line2))
            .field("address_line3", &Redacted(&self.address_line3))
            .field("city", &Redacted(&self.city))
            .field("county", &Redacted(&self.county))
            .field("district", &Redacted(&self.district))
            .field("state_or_region", &self.state_or_region)
            .field("postal_code", &Redacted(&self.postal_code))
            .field("country_code", &self.country_code)
            .field("phone_number", &Redacted(&self.phone_number))
            .field("address_id", &self.address_id)
            .finish()
    }
}

wire_struct! {
    /// The address a merchant sends when creating a Checkout Session with
    /// `checkoutMode: ProcessOrder` and `productType: PayAndShip` (spec §3.4).
    /// Personal data: `Debug` shows only which fields are present.
    pub struct AddressDetails {
        /// Recipient name.
        pub name: Option<String>,
        /// First address line.
        pub address_line1: Option<String>,
        /// Second address line.
        pub address_line2: Option<String>,
        /// Third address line.
        pub address_line3: Option<String>,
        /// City.
        pub city: Option<String>,
        /// District or county.
        pub district_or_county: Option<String>,
        /// State or region.
        pub state_or_region: Option<String>,
        /// Postal code.
        pub postal_code: Option<String>,
        /// Country code.
        pub country_code: Option<String>,
        /// Phone number.
        pub phone_number: Option<String>,
    }
}

impl fmt::Debug for AddressDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AddressDetails")
            .field("name", &Redacted(&self.name))
            .field("address_line1", &Redacted(&self.address_line1))
            .field("address_line2", &Redacted(&self.address_line2))
            .field("address_line3", &Redacted(&self.address_line3))
            .field("city", &Redacted(&self.city))
            .field("district_or_county", &Redacted(&self.district_or_county))
            .field("state_or_region", &self.state_or_region)
            .field("postal_code", &Redacted(&self.postal_code))
            .field("country_code", &self.country_code)
            .field("phone_number", &Redacted(&self.phone_number))
            .finish()
    }
}

wire_struct! {
    /// Merchant data attached to an object (spec §3.7). Maximum lengths
    /// (secondary sources): merchantReferenceId 256, merchantStoreName 50,
    /// noteToBuyer 255, customInformation 4096.
    #[derive(Debug)]
    pub struct MerchantMetadata {
        /// The merchant's order id; shown to the buyer.
        pub merchant_reference_id: Option<String>,
        /// Store name shown to the buyer instead of the Seller Central name.
        pub merchant_store_name: Option<String>,
        /// Note included in Amazon's emails to the buyer.
        pub note_to_buyer: Option<String>,
        /// Merchant data never shown to the buyer.
        pub custom_information: Option<String>,
    }
}

wire_enum! {
    /// `webCheckoutDetails.checkoutMode` (spec §3.8).
    pub enum CheckoutMode {
        /// Amazon Pay button with the amount known up front ("pay now").
        ProcessOrder = "ProcessOrder",
    }
}

wire_struct! {
    /// Where Amazon sends the buyer during checkout (spec §3.8).
    #[derive(Debug)]
    pub struct WebCheckoutDetails {
        /// Where the buyer returns after choosing address and payment method.
        pub checkout_review_return_url: Option<String>,
        /// Where the buyer returns after Amazon processed the payment.
        pub checkout_result_return_url: Option<String>,
        /// Where the buyer goes after canceling on Amazon's pages.
        pub checkout_cancel_url: Option<String>,
        /// Response only: where to send the buyer once every constraint is resolved.
        pub amazon_pay_redirect_url: Option<String>,
        /// Request only: `ProcessOrder` for the "pay now" button.
        pub checkout_mode: Option<CheckoutMode>,
        /// Seen in responses; meaning unconfirmed.
        pub authorize_result_return_url: Option<String>,
        /// Seen in responses (sign-in flows); meaning unconfirmed.
        pub sign_in_return_url: Option<String>,
        /// Seen in responses (sign-in flows); meaning unconfirmed.
        pub sign_in_cancel_url: Option<String>,
        /// Seen in responses; meaning unconfirmed.
        pub checkout_error_url: Option<String>,
        /// Seen in responses (sign-in flows); meaning unconfirmed.
        pub sign_in_error_url: Option<String>,
        /// Seen in responses; meaning unconfirmed.
        pub amazon_pay_decline_url: Option<String>,
    }
}

wire_enum! {
    /// What completing a Checkout Session does with the money (spec §4.1).
    pub enum PaymentIntent {
        /// Create a Charge Permission only; charge later.
        Confirm = "Confirm",
        /// Also authorize a Charge; capture later.
        Authorize = "Authorize",
        /// Authorize and capture at once.
        AuthorizeWithCapture = "AuthorizeWithCapture",
    }
}

wire_struct! {
    /// `paymentDetails` of a Checkout Session (spec §3.9).
    #[derive(Debug)]
    pub struct PaymentDetails {
        /// What completion does with the money.
        pub payment_intent: Option<PaymentIntent>,
        /// Whether the merchant accepts an authorization that finishes later.
        pub can_handle_pending_authorization: Option<bool>,
        /// The amount processed at checkout.
        #[serde(deserialize_with = "crate::money::optional_price")]
        pub charge_amount: Option<Price>,
        /// The whole order, when only part of it is charged at checkout.
        #[serde(deserialize_with = "crate::money::optional_price")]
        pub total_order_amount: Option<Price>,
        /// Multi-currency: the buyer's currency (set at creation only).
        pub presentment_currency: Option<Currency>,
        /// Statement text after `AMZ* `; at most 16 characters; only with
        /// `AuthorizeWithCapture`.
        pub soft_descriptor: Option<String>,
        /// Invite-only, creation only: allow charging more than the order.
        pub allow_overcharge: Option<bool>,
        /// Invite-only, creation only: 13-month instead of 180-day permission.
        pub extend_expiration: Option<bool>,
        /// Seen in the .NET SDK; meaning unconfirmed.
        #[serde(deserialize_with = "crate::money::optional_price")]
        pub estimate_order_total: Option<Price>,
    }
}

wire_enum! {
    /// `frequency.unit` of a recurring Charge Permission (spec §3.10).
    pub enum FrequencyUnit {
        /// Yearly.
        Year = "Year",
        /// Monthly.
        Month = "Month",
        /// Weekly.
        Week = "Week",
        /// Daily.
        Day = "Day",
        /// No fixed cycle; `value` must then be 0.
        Variable = "Variable",
    }
}

wire_struct! {
    /// How often a recurring charge happens: `value` units per cycle (spec §3.10).
    #[derive(Debug)]
    pub struct Frequency {
        /// The unit.
        pub unit: Option<FrequencyUnit>,
        /// Units per cycle; 0 for `Variable`. Decoded from a string (`"1"`, as
        /// in Amazon's docs) or a number (as .NET sends); encoded as a string.
        #[serde(deserialize_with = "de::count", serialize_with = "de::count_as_text")]
        pub value: Option<u32>,
    }
}

wire_struct! {
    /// `recurringMetadata` (spec §3.10): used by Amazon for expiry and buyer
    /// messaging only; the merchant still creates each charge.
    #[derive(Debug)]
    pub struct RecurringMetadata {
        /// The cycle.
        pub frequency: Option<Frequency>,
        /// The amount per cycle; `None` when it varies.
        #[serde(deserialize_with = "crate::money::optional_price")]
        pub amount: Option<Price>,
    }
}

wire_struct! {
    /// `limits` of a Charge Permission (spec §3.11).
    #[derive(Debug)]
    pub struct Limits {
        /// The total that may be charged.
        #[serde(deserialize_with = "crate::money::optional_price")]
        pub amount_limit: Option<Price>,
        /// What remains (for recurring permissions in JP, per month).
        #[serde(deserialize_with = "crate::money::optional_price")]
        pub amount_balance: Option<Price>,
    }
}

wire_struct! {
    /// `providerMetadata` (spec §3.12): the payment service provider's reference.
    #[derive(Debug)]
    pub struct ProviderMetadata {
        /// The PSP's reference id.
        pub provider_reference_id: Option<String>,
    }
}

wire_struct! {
    /// One element of `paymentPreferences` (spec §3.12, §14): Amazon's label
    /// for the buyer's payment instrument. Under API path version v1 the
    /// billing address was here too.
    #[derive(Debug)]
    pub struct PaymentPreference {
        /// Amazon's label of the instrument, to be displayed as given.
        pub payment_descriptor: Option<String>,
        /// v1 only: the billing address (v2 has a top-level `billingAddress`).
        pub billing_address: Option<Address>,
    }
}

wire_enum! {
    /// Why a Checkout Session cannot proceed yet (spec §3.12); the list may
    /// be incomplete.
    pub enum ConstraintId {
        /// `checkoutResultReturnUrl` is missing.
        CheckoutResultReturnUrlNotSet = "CheckoutResultReturnUrlNotSet",
        /// `chargeAmount` is missing.
        ChargeAmountNotSet = "ChargeAmountNotSet",
        /// `paymentIntent` is missing.
        PaymentIntentNotSet = "PaymentIntentNotSet",
        /// The buyer has not signed in yet.
        BuyerNotAssociated = "BuyerNotAssociated",
    }
}

wire_struct! {
    /// One unresolved requirement of a Checkout Session.
    #[derive(Debug)]
    pub struct Constraint {
        /// Which requirement.
        pub constraint_id: Option<ConstraintId>,
        /// Amazon's explanation.
        pub description: Option<String>,
    }
}

wire_enum! {
    /// `deliverySpecifications.specialRestrictions` (spec §3.12).
    pub enum SpecialRestriction {
        /// No PO boxes (US, CA, GB, FR, DE, ES, PT, IT, AU).
        RestrictPoBoxes = "RestrictPOBoxes",
        /// No Packstations (DE).
        RestrictPackstations = "RestrictPackstations",
    }
}

wire_enum! {
    /// Whether `addressRestrictions` lists allowed or forbidden places.
    pub enum RestrictionType {
        /// Only the listed places are allowed.
        Allowed = "Allowed",
        /// The listed places are not allowed.
        NotAllowed = "NotAllowed",
    }
}

wire_struct! {
    /// The states and postal codes restricted within one country.
    #[derive(Debug)]
    pub struct StatesAndZipCodes {
        /// States or regions.
        #[serde(deserialize_with = "de::list")]
        pub states_or_regions: Option<Vec<String>>,
        /// Postal codes.
        #[serde(deserialize_with = "de::list")]
        pub zip_codes: Option<Vec<String>>,
    }
}

wire_struct! {
    /// Where the buyer may or may not ship to.
    #[derive(Debug)]
    pub struct AddressRestrictions {
        /// Allowed or NotAllowed.
        #[serde(rename = "type")]
        pub restriction_type: Option<RestrictionType>,
        /// Restrictions per ISO country code.
        pub restrictions: Option<BTreeMap<String, StatesAndZipCodes>>,
    }
}

wire_struct! {
    /// `deliverySpecifications` of a Checkout Session (spec §3.12).
    #[derive(Debug)]
    pub struct DeliverySpecifications {
        /// Special restrictions.
        #[serde(deserialize_with = "de::list")]
        pub special_restrictions: Option<Vec<SpecialRestriction>>,
        /// Address restrictions.
        pub address_restrictions: Option<AddressRestrictions>,
    }
}

wire_struct! {
    /// `paymentMethodOnFileMetadata` (spec §3.12).
    #[derive(Debug)]
    pub struct PaymentMethodOnFileMetadata {
        /// Save the wallet without charging (requires `paymentIntent: Confirm`).
        pub setup_only: Option<bool>,
    }
}

wire_struct! {
    /// One element of `multiAddressesCheckoutMetadata` (PayAndShipMultiAddress).
    #[derive(Debug)]
    pub struct MultiAddressCheckoutMetadata {
        /// The address (an `addressId` of `shippingAddressList`).
        pub address_id: Option<String>,
        /// What is charged for that address.
        #[serde(deserialize_with = "crate::money::optional_price")]
        pub price: Option<Price>,
    }
}

wire_enum! {
    /// Buyer data a Checkout Session or sign-in asks for (`scopes`, spec §3.12).
    /// Without scopes Amazon shares name and email.
    pub enum Scope {
        /// Buyer name.
        Name = "name",
        /// Buyer email.
        Email = "email",
        /// Default postal code.
        PostalCode = "postalCode",
        /// Default shipping address.
        ShippingAddress = "shippingAddress",
        /// Phone number.
        PhoneNumber = "phoneNumber",
        /// Prime membership.
        PrimeStatus = "primeStatus",
        /// Billing address.
        BillingAddress = "billingAddress",
    }
}

wire_enum! {
    /// `productType` of a Checkout Session (spec §3.13).
    pub enum ProductType {
        /// Physical goods, with a shipping address (the default).
        PayAndShip = "PayAndShip",
        /// Digital goods or services, no shipping address.
        PayOnly = "PayOnly",
        /// Several shipping addresses.
        PayAndShipMultiAddress = "PayAndShipMultiAddress",
    }
}

wire_enum! {
    /// What kind of Charge Permission a checkout creates (spec §4.3).
    pub enum ChargePermissionType {
        /// One order, up to 25 charges within the order amount (the default).
        OneTime = "OneTime",
        /// Subscription charges within a monthly cap.
        Recurring = "Recurring",
        /// Saved wallet: ad-hoc charges, never expires.
        PaymentMethodOnFile = "PaymentMethodOnFile",
    }
}

wire_enum! {
    /// `releaseEnvironment` of an object (spec §1.3). Sources disagree on the
    /// casing (`Live`/`live`), so known values are recognised ignoring ASCII
    /// case and written as `Live`/`Sandbox`.
    pub enum ReleaseEnvironment [ignore_ascii_case] {
        /// Live.
        Live = "Live",
        /// Sandbox.
        Sandbox = "Sandbox",
    }
}

impl ReleaseEnvironment {
    /// The environment, if known.
    pub fn environment(&self) -> Option<Environment> {
        match self {
            ReleaseEnvironment::Live => Some(Environment::Live),
            ReleaseEnvironment::Sandbox => Some(Environment::Sandbox),
            ReleaseEnvironment::Unknown(_) => None,
        }
    }
}

/// A JSON value Amazon sends whose meaning is not confirmed (for example
/// `cartDetails` of a Checkout Session or `disbursementDetails` of a Charge,
/// spec §3.13, §3.15, §3.16), kept exactly as received so it can be read and
/// written back unchanged.
///
/// The crate never interprets it. `Debug` shows only its shape (it may hold
/// buyer data); read the content with [`as_value`](Self::as_value).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawJson(serde_json::Value);

impl RawJson {
    /// The value as Amazon sent it.
    pub fn as_value(&self) -> &serde_json::Value {
        &self.0
    }

    /// The value as Amazon sent it, by value.
    pub fn into_value(self) -> serde_json::Value {
        self.0
    }
}

impl From<serde_json::Value> for RawJson {
    fn from(value: serde_json::Value) -> Self {
        RawJson(value)
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use serde_json::Value;
        match &self.0 {
            Value::Null => f.write_str("RawJson(null)"),
            Value::Bool(_) | Value::Number(_) | Value::String(_) => {
                f.write_str("RawJson(<redacted scalar>)")
            }
            Value::Array(items) => write!(f, "RawJson(<array of {}>)", items.len()),
            Value::Object(fields) => write!(f, "RawJson(<object with {} fields>)", fields.len()),
        }
    }
}
