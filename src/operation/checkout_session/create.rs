//! Create Checkout Session: the buyer's start (spec §5.2).

use serde::{Deserialize, Serialize};

use crate::api::{CallSpec, Operation};
use crate::config::{Config, Environment};
use crate::model::{
    AddressDetails, ChargePermissionId, ChargePermissionType, CheckoutMode, CheckoutSession,
    DeliverySpecifications, MerchantMetadata, MultiAddressCheckoutMetadata,
    PaymentMethodOnFileMetadata, ProductType, ProviderMetadata, RecurringMetadata, Scope,
};
use crate::operation::checkout_session::payment::CheckoutSessionPaymentDetails;
use crate::operation::checkout_session::{PaymentFields, validate_shared};
use crate::operation::validate;
use crate::operation::{ApiOperation, RequestBody, body_and_key, json};
use crate::request::IdempotencyKey;
use crate::validation::{Rule, ValidationError};

/// `webCheckoutDetails` of Create Checkout Session: where the buyer goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The body of Create Checkout Session — also the payload the Amazon Pay
/// button carries (spec §9): sign it with
/// [`ButtonSignature`](crate::ButtonSignature) via
/// [`CreateCheckoutSession::payload_json`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCheckoutSession {
    body: CreateCheckoutSessionBody,
    #[serde(rename = "idempotencyKey")]
    key: IdempotencyKey,
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
    shared_setters!(CheckoutSessionPaymentDetails);
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
    /// [`ButtonSignature`](crate::ButtonSignature).
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
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, config: &Config) -> Result<(), ValidationError> {
        self.body.validate(config.environment())
    }

    body_and_key!(required);
}

impl RequestBody for CreateCheckoutSessionBody {
    fn validate(&self, environment: Environment) -> Result<(), ValidationError> {
        let body = self;
        validate::text("storeId", &body.store_id, validate::ID_MAX, false)?;
        body.web_checkout_details.validate(environment)?;
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
        validate_shared(
            payment.map(|p| PaymentFields {
                intent: p.payment_intent.as_ref(),
                charge: p.charge_amount.as_ref(),
                total: p.total_order_amount.as_ref(),
                soft_descriptor: p.soft_descriptor.is_some(),
            }),
            body.merchant_metadata.as_ref(),
            body.platform_id.as_deref(),
            body.supplementary_data.as_deref(),
        )?;
        if let Some(id) = &body.charge_permission_id {
            validate::text("chargePermissionId", id.as_str(), validate::ID_MAX, false)?;
        }
        if body.scopes.as_ref().is_some_and(Vec::is_empty) {
            return Err(ValidationError::new("scopes", Rule::Empty));
        }
        Ok(())
    }
}
