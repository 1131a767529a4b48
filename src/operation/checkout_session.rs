//! Checkout Sessions: Create, Get, Update, Complete and Finalize Checkout
//! Session (spec §5.1, §5.2, §9).

use serde::Serialize;

use crate::api::{CallSpec, Operation};
use crate::config::{Config, Environment};
use crate::lifecycle::SoftDescriptor;
use crate::model::{
    AddressDetails, ChargePermissionId, ChargePermissionType, CheckoutMode, CheckoutSession,
    CheckoutSessionId, DeliverySpecifications, MerchantMetadata, MultiAddressCheckoutMetadata,
    PaymentIntent, PaymentMethodOnFileMetadata, ProductType, ProviderMetadata, RecurringMetadata,
    Scope,
};
use crate::money::{Currency, Price};
use crate::operation::charge::positive_amount;
use crate::operation::validate::{self, CUSTOM_INFORMATION_MAX};
use crate::operation::{ApiOperation, body_and_key, get_operation, json};
use crate::request::IdempotencyKey;
use crate::validation::{Rule, ValidationError};

/// `supplementaryData`: its limit is unpublished; the crate takes 4096 bytes.
pub(crate) const SUPPLEMENTARY_DATA_MAX: usize = CUSTOM_INFORMATION_MAX;

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

/// `webCheckoutDetails` of Create Checkout Session: where the buyer goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutWebDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    checkout_review_return_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checkout_result_return_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checkout_cancel_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checkout_mode: Option<CheckoutMode>,
}

impl CheckoutWebDetails {
    /// The standard flow: the buyer returns to `url` to review the order.
    pub fn review(url: impl Into<String>) -> CheckoutWebDetails {
        CheckoutWebDetails {
            checkout_review_return_url: Some(url.into()),
            checkout_result_return_url: None,
            checkout_cancel_url: None,
            checkout_mode: None,
        }
    }

    /// The "pay now" button (`checkoutMode: ProcessOrder`): Amazon processes
    /// the payment and the buyer returns to `result_url`. Needs
    /// `paymentDetails`, and `addressDetails` for PayAndShip.
    pub fn process_order(result_url: impl Into<String>) -> CheckoutWebDetails {
        CheckoutWebDetails {
            checkout_review_return_url: None,
            checkout_result_return_url: Some(result_url.into()),
            checkout_cancel_url: None,
            checkout_mode: Some(CheckoutMode::ProcessOrder),
        }
    }

    /// Where the buyer goes after canceling on Amazon's pages.
    pub fn with_cancel_url(mut self, url: impl Into<String>) -> CheckoutWebDetails {
        self.checkout_cancel_url = Some(url.into());
        self
    }

    /// Where the buyer returns after Amazon processed the payment.
    pub fn with_result_url(mut self, url: impl Into<String>) -> CheckoutWebDetails {
        self.checkout_result_return_url = Some(url.into());
        self
    }

    fn process_order_mode(&self) -> bool {
        self.checkout_mode == Some(CheckoutMode::ProcessOrder)
    }

    fn validate(&self, environment: Environment) -> Result<(), ValidationError> {
        let urls = [
            ("checkoutReviewReturnUrl", &self.checkout_review_return_url),
            ("checkoutResultReturnUrl", &self.checkout_result_return_url),
            ("checkoutCancelUrl", &self.checkout_cancel_url),
        ];
        for (name, url) in urls {
            if let Some(url) = url {
                validate::return_url(
                    validate::field("webCheckoutDetails", name),
                    url,
                    environment,
                )?;
            }
        }
        let required = |name, because| {
            Err(ValidationError::new(
                validate::field("webCheckoutDetails", name),
                Rule::Required { because },
            ))
        };
        if self.process_order_mode() {
            if self.checkout_result_return_url.is_none() {
                return required("checkoutResultReturnUrl", "with checkoutMode ProcessOrder");
            }
            if self.checkout_review_return_url.is_some() {
                return Err(ValidationError::new(
                    "webCheckoutDetails.checkoutReviewReturnUrl",
                    Rule::NotAllowed {
                        because: "with checkoutMode ProcessOrder (there is no review step)",
                    },
                ));
            }
        } else if self.checkout_review_return_url.is_none() {
            return required(
                "checkoutReviewReturnUrl",
                "unless checkoutMode is ProcessOrder",
            );
        }
        Ok(())
    }
}

/// `paymentDetails` of Create Checkout Session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutSessionPaymentDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_intent: Option<PaymentIntent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    can_handle_pending_authorization: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    charge_amount: Option<Price>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_order_amount: Option<Price>,
    #[serde(skip_serializing_if = "Option::is_none")]
    presentment_currency: Option<Currency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    soft_descriptor: Option<SoftDescriptor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allow_overcharge: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extend_expiration: Option<bool>,
}

impl CheckoutSessionPaymentDetails {
    /// `amount` processed with `intent` when the checkout completes.
    pub fn new(intent: PaymentIntent, amount: Price) -> CheckoutSessionPaymentDetails {
        CheckoutSessionPaymentDetails {
            payment_intent: Some(intent),
            charge_amount: Some(amount),
            ..Default::default()
        }
    }

    payment_setters!();

    /// Multi-currency (EU/UK): the buyer's currency (creation only).
    pub fn with_presentment_currency(mut self, currency: Currency) -> Self {
        self.presentment_currency = Some(currency);
        self
    }

    /// Invite-only, creation only: allow charging more than the order.
    pub fn with_allow_overcharge(mut self, allow: bool) -> Self {
        self.allow_overcharge = Some(allow);
        self
    }

    /// Invite-only, creation only: a 13-month OneTime permission.
    pub fn with_extend_expiration(mut self, extend: bool) -> Self {
        self.extend_expiration = Some(extend);
        self
    }
}

/// The money fields of `paymentDetails`, checked the same way on create and
/// update.
fn validate_payment(
    intent: Option<&PaymentIntent>,
    charge: Option<&Price>,
    total: Option<&Price>,
    soft_descriptor: bool,
) -> Result<(), ValidationError> {
    if let Some(amount) = charge {
        positive_amount("paymentDetails.chargeAmount", amount)?;
    }
    if let Some(total) = total {
        positive_amount("paymentDetails.totalOrderAmount", total)?;
        if let Some(charge) = charge
            && charge.currency() != total.currency()
        {
            return Err(ValidationError::new(
                "paymentDetails.totalOrderAmount.currencyCode",
                Rule::Required {
                    because: "to be the currency of chargeAmount",
                },
            ));
        }
    }
    if soft_descriptor && intent != Some(&PaymentIntent::AuthorizeWithCapture) {
        return Err(ValidationError::new(
            "paymentDetails.softDescriptor",
            Rule::NotAllowed {
                because: "unless paymentIntent is AuthorizeWithCapture",
            },
        ));
    }
    Ok(())
}

/// The body of Create Checkout Session — also the payload the Amazon Pay
/// button carries (spec §9): sign it with
/// [`ButtonSignature`](crate::sign::ButtonSignature) via
/// [`CreateCheckoutSession::payload_json`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCheckoutSessionBody {
    web_checkout_details: CheckoutWebDetails,
    store_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_type: Option<ProductType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    charge_permission_type: Option<ChargePermissionType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recurring_metadata: Option<RecurringMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_method_on_file_metadata: Option<PaymentMethodOnFileMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    charge_permission_id: Option<ChargePermissionId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_details: Option<CheckoutSessionPaymentDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_metadata: Option<MerchantMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider_metadata: Option<ProviderMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplementary_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delivery_specifications: Option<DeliverySpecifications>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address_details: Option<AddressDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scopes: Option<Vec<Scope>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multi_addresses_checkout_metadata: Option<Vec<MultiAddressCheckoutMetadata>>,
}

/// Create Checkout Session: `POST /checkoutSessions`, 201. Takes an
/// idempotency key.
///
/// ```json
/// {"webCheckoutDetails":{"checkoutReviewReturnUrl":"https://shop.example/review"},
///  "storeId":"amzn1.application-oa2-client.8b5e45312b5248b69eeaStoreId"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateCheckoutSession {
    body: CreateCheckoutSessionBody,
    key: IdempotencyKey,
}

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

impl CreateCheckoutSession {
    /// A session for the store `store_id` (the Login with Amazon client id).
    pub fn new(
        store_id: impl Into<String>,
        web: CheckoutWebDetails,
        key: IdempotencyKey,
    ) -> CreateCheckoutSession {
        CreateCheckoutSession {
            body: CreateCheckoutSessionBody {
                web_checkout_details: web,
                store_id: store_id.into(),
                product_type: None,
                charge_permission_type: None,
                recurring_metadata: None,
                payment_method_on_file_metadata: None,
                charge_permission_id: None,
                payment_details: None,
                merchant_metadata: None,
                platform_id: None,
                provider_metadata: None,
                supplementary_data: None,
                delivery_specifications: None,
                address_details: None,
                scopes: None,
                multi_addresses_checkout_metadata: None,
            },
            key,
        }
    }

    setter!(
        /// PayAndShip (the default), PayOnly or PayAndShipMultiAddress.
        with_product_type, product_type: ProductType
    );
    setter!(
        /// OneTime (the default), Recurring or PaymentMethodOnFile.
        with_charge_permission_type, charge_permission_type: ChargePermissionType
    );
    setter!(
        /// Recurring: the cycle and amount.
        with_recurring_metadata, recurring_metadata: RecurringMetadata
    );
    setter!(
        /// Saved wallet options.
        with_payment_method_on_file_metadata, payment_method_on_file_metadata: PaymentMethodOnFileMetadata
    );
    setter!(
        /// Saved wallet: re-use this Charge Permission.
        with_charge_permission_id, charge_permission_id: ChargePermissionId
    );
    setter!(
        /// Payment intent and amounts.
        with_payment_details, payment_details: CheckoutSessionPaymentDetails
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
    setter!(
        /// Where the buyer may ship to.
        with_delivery_specifications, delivery_specifications: DeliverySpecifications
    );
    setter!(
        /// ProcessOrder with PayAndShip: the shipping address.
        with_address_details, address_details: AddressDetails
    );
    setter!(
        /// The buyer data to share.
        with_scopes, scopes: Vec<Scope>
    );
    setter!(
        /// PayAndShipMultiAddress: what is charged per address.
        with_multi_address_metadata, multi_addresses_checkout_metadata: Vec<MultiAddressCheckoutMetadata>
    );

    /// The body as it is sent, and as the button payload carries it.
    pub fn request_body(&self) -> &CreateCheckoutSessionBody {
        &self.body
    }

    /// The button payload (`payloadJSON`): the body's JSON, validated for
    /// `config`, to sign byte for byte with
    /// [`ButtonSignature`](crate::sign::ButtonSignature).
    pub fn payload_json(&self, config: &Config) -> Result<String, ValidationError> {
        self.validate(config)?;
        let bytes = json(&self.body)?;
        String::from_utf8(bytes).map_err(|_| {
            ValidationError::new(
                "body",
                Rule::Required {
                    because: "as UTF-8 JSON",
                },
            )
        })
    }
}

impl ApiOperation for CreateCheckoutSession {
    type Output = CheckoutSession;
    const SPEC: CallSpec = Operation::CreateCheckoutSession.spec();

    fn path(&self) -> String {
        "/checkoutSessions".to_owned()
    }

    fn validate(&self, config: &Config) -> Result<(), ValidationError> {
        let body = &self.body;
        validate::text("storeId", &body.store_id, validate::ID_MAX, false)?;
        body.web_checkout_details.validate(config.environment())?;
        let process_order = body.web_checkout_details.process_order_mode();
        let payment = body.payment_details.as_ref();
        if process_order {
            let required =
                |field, because| Err(ValidationError::new(field, Rule::Required { because }));
            match payment {
                None => return required("paymentDetails", "with checkoutMode ProcessOrder"),
                Some(p) if p.payment_intent.is_none() => {
                    return required(
                        "paymentDetails.paymentIntent",
                        "with checkoutMode ProcessOrder",
                    );
                }
                Some(p) if p.charge_amount.is_none() => {
                    return required(
                        "paymentDetails.chargeAmount",
                        "with checkoutMode ProcessOrder",
                    );
                }
                Some(_) => {}
            }
            let ships = matches!(body.product_type, None | Some(ProductType::PayAndShip));
            if ships && body.address_details.is_none() {
                return required(
                    "addressDetails",
                    "with checkoutMode ProcessOrder and productType PayAndShip",
                );
            }
        } else if body.address_details.is_some() {
            return Err(ValidationError::new(
                "addressDetails",
                Rule::NotAllowed {
                    because: "unless checkoutMode is ProcessOrder",
                },
            ));
        }
        if let Some(p) = payment {
            validate_payment(
                p.payment_intent.as_ref(),
                p.charge_amount.as_ref(),
                p.total_order_amount.as_ref(),
                p.soft_descriptor.is_some(),
            )?;
        }
        if let Some(metadata) = &body.merchant_metadata {
            validate::merchant_metadata("merchantMetadata", metadata)?;
        }
        if let Some(platform) = &body.platform_id {
            validate::text("platformId", platform, validate::ID_MAX, false)?;
        }
        if let Some(data) = &body.supplementary_data {
            validate::text("supplementaryData", data, SUPPLEMENTARY_DATA_MAX, true)?;
        }
        if let Some(id) = &body.charge_permission_id {
            validate::text("chargePermissionId", id.as_str(), validate::ID_MAX, false)?;
        }
        if body.scopes.as_ref().is_some_and(Vec::is_empty) {
            return Err(ValidationError::new("scopes", Rule::Empty));
        }
        Ok(())
    }

    body_and_key!(required);
}

get_operation! {
    /// Get Checkout Session: `GET /checkoutSessions/{checkoutSessionId}`, 200.
    /// Buyer details come back only while the session is Open.
    GetCheckoutSession(CheckoutSessionId, "checkoutSessionId") => "/checkoutSessions/{}",
    GetCheckoutSession, CheckoutSession
}

/// `webCheckoutDetails` of Update Checkout Session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct UpdateWebDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    checkout_result_return_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checkout_cancel_url: Option<String>,
}

/// `paymentDetails` of Update Checkout Session: no `presentmentCurrency`
/// (change `chargeAmount.currencyCode` instead), `allowOvercharge` or
/// `extendExpiration` (creation only) — they cannot be sent here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePaymentDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_intent: Option<PaymentIntent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    can_handle_pending_authorization: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    charge_amount: Option<Price>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_order_amount: Option<Price>,
    #[serde(skip_serializing_if = "Option::is_none")]
    soft_descriptor: Option<SoftDescriptor>,
}

impl UpdatePaymentDetails {
    /// `amount` processed with `intent` when the checkout completes.
    pub fn new(intent: PaymentIntent, amount: Price) -> UpdatePaymentDetails {
        UpdatePaymentDetails {
            payment_intent: Some(intent),
            charge_amount: Some(amount),
            ..Default::default()
        }
    }

    payment_setters!();
}

/// The body of Update Checkout Session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCheckoutSessionBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    web_checkout_details: Option<UpdateWebDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_details: Option<UpdatePaymentDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_metadata: Option<MerchantMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider_metadata: Option<ProviderMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplementary_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    charge_permission_type: Option<ChargePermissionType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recurring_metadata: Option<RecurringMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multi_addresses_checkout_metadata: Option<Vec<MultiAddressCheckoutMetadata>>,
}

/// Update Checkout Session: `PATCH /checkoutSessions/{checkoutSessionId}`,
/// 200, while Open. The answer carries `amazonPayRedirectUrl` once every
/// constraint is resolved.
///
/// ```json
/// {"webCheckoutDetails":{"checkoutResultReturnUrl":"https://shop.example/result"},
///  "paymentDetails":{"paymentIntent":"Authorize","chargeAmount":{"amount":"14.00","currencyCode":"USD"}}}
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateCheckoutSession {
    id: CheckoutSessionId,
    body: UpdateCheckoutSessionBody,
}

impl UpdateCheckoutSession {
    /// An update of `id`; give at least one field.
    pub fn new(id: CheckoutSessionId) -> UpdateCheckoutSession {
        UpdateCheckoutSession {
            id,
            body: UpdateCheckoutSessionBody::default(),
        }
    }

    /// Where the buyer returns after Amazon processed the payment.
    pub fn with_checkout_result_return_url(mut self, url: impl Into<String>) -> Self {
        let web = self
            .body
            .web_checkout_details
            .get_or_insert_with(Default::default);
        web.checkout_result_return_url = Some(url.into());
        self
    }

    /// Where the buyer goes after canceling on Amazon's pages.
    pub fn with_checkout_cancel_url(mut self, url: impl Into<String>) -> Self {
        let web = self
            .body
            .web_checkout_details
            .get_or_insert_with(Default::default);
        web.checkout_cancel_url = Some(url.into());
        self
    }

    setter!(
        /// Payment intent and amounts.
        with_payment_details, payment_details: UpdatePaymentDetails
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
    setter!(
        /// OneTime, Recurring or PaymentMethodOnFile.
        with_charge_permission_type, charge_permission_type: ChargePermissionType
    );
    setter!(
        /// Recurring: the cycle and amount.
        with_recurring_metadata, recurring_metadata: RecurringMetadata
    );
    setter!(
        /// PayAndShipMultiAddress: what is charged per address.
        with_multi_address_metadata, multi_addresses_checkout_metadata: Vec<MultiAddressCheckoutMetadata>
    );
}

impl ApiOperation for UpdateCheckoutSession {
    type Output = CheckoutSession;
    const SPEC: CallSpec = Operation::UpdateCheckoutSession.spec();

    fn path(&self) -> String {
        format!("/checkoutSessions/{}", self.id)
    }

    fn validate(&self, config: &Config) -> Result<(), ValidationError> {
        let body = &self.body;
        validate::path_id("checkoutSessionId", self.id.as_str())?;
        if body == &UpdateCheckoutSessionBody::default() {
            return Err(ValidationError::new(
                "body",
                Rule::Required {
                    because: "with at least one field to change",
                },
            ));
        }
        if let Some(web) = &body.web_checkout_details {
            let urls = [
                ("checkoutResultReturnUrl", &web.checkout_result_return_url),
                ("checkoutCancelUrl", &web.checkout_cancel_url),
            ];
            for (name, url) in urls {
                if let Some(url) = url {
                    let field = validate::field("webCheckoutDetails", name);
                    validate::return_url(field, url, config.environment())?;
                }
            }
        }
        if let Some(p) = &body.payment_details {
            validate_payment(
                p.payment_intent.as_ref(),
                p.charge_amount.as_ref(),
                p.total_order_amount.as_ref(),
                p.soft_descriptor.is_some(),
            )?;
        }
        if let Some(metadata) = &body.merchant_metadata {
            validate::merchant_metadata("merchantMetadata", metadata)?;
        }
        if let Some(platform) = &body.platform_id {
            validate::text("platformId", platform, validate::ID_MAX, false)?;
        }
        if let Some(data) = &body.supplementary_data {
            validate::text("supplementaryData", data, SUPPLEMENTARY_DATA_MAX, true)?;
        }
        Ok(())
    }

    body_and_key!(none);
}

pub(crate) use setter;
