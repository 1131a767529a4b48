//! Checkout Sessions: create, get, update, complete; the buyer's approval
//! and cancellation; expiry and deletion by the clock.

pub(crate) mod record;

use record::{SessionRecord, redirect_ready};

use amazon_pay_core::Operation;
use amazon_pay_core::lifecycle::rules::SoftDescriptorUse;
use amazon_pay_core::lifecycle::{
    ChargeCreation, CheckoutSessionLifecycle, LifecycleError, Refused, rules,
};
use amazon_pay_core::model::{
    ChargePermissionType, CheckoutSession, CheckoutSessionId, CheckoutSessionState, PaymentDetails,
    PaymentIntent,
};
use amazon_pay_core::{ApiVersion, Price, Timestamp};

use crate::answer::{Answer, SandboxRequest, error, json_answer};
use crate::body::{check_body, read_body};
use crate::refusal::{check_soft_descriptor, refusal};
use crate::simulation::{SimulatedCall, Simulation, TestPaymentMethod, simulation};
use crate::{BuyerError, Sandbox};

/// Fields Create Checkout Session accepts (spec §5.2).
const CREATE_FIELDS: &[&str] = &[
    "storeId",
    "webCheckoutDetails",
    "productType",
    "chargePermissionType",
    "recurringMetadata",
    "paymentMethodOnFileMetadata",
    "chargePermissionId",
    "paymentDetails",
    "merchantMetadata",
    "platformId",
    "providerMetadata",
    "supplementaryData",
    "deliverySpecifications",
    "scopes",
    "addressDetails",
    "multiAddressesCheckoutMetadata",
];

/// Fields Update Checkout Session accepts.
const UPDATE_FIELDS: &[&str] = &[
    "webCheckoutDetails",
    "paymentDetails",
    "merchantMetadata",
    "platformId",
    "providerMetadata",
    "supplementaryData",
    "chargePermissionType",
    "recurringMetadata",
    "multiAddressesCheckoutMetadata",
];

fn api_version(request: &SandboxRequest) -> ApiVersion {
    if request.path().contains("/v1/") {
        ApiVersion::V1
    } else {
        ApiVersion::V2
    }
}

impl Sandbox {
    pub(crate) fn create_session(&mut self, at: Timestamp, request: &SandboxRequest) -> Answer {
        let mut data: CheckoutSession = read_body(&request.body, CREATE_FIELDS)?;
        check_body::<amazon_pay_core::operation::CreateCheckoutSessionBody>(&request.body)?;
        check_session_soft_descriptor(data.payment_details.as_ref(), None)?;
        if data.store_id.as_deref().is_none_or(str::is_empty) {
            return Err(error(400, "MissingParameterValue", "storeId is required"));
        }
        let web = data.web_checkout_details.as_ref();
        if web.is_none_or(|w| {
            w.checkout_review_return_url.is_none() && w.checkout_result_return_url.is_none()
        }) {
            return Err(error(
                400,
                "MissingParameterValue",
                "webCheckoutDetails.checkoutReviewReturnUrl (or checkoutResultReturnUrl) is required",
            ));
        }
        self.check_currency(data.payment_details.as_ref())?;
        let n = self.fresh();
        let id = format!(
            "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
            n >> 32,
            (n >> 16) & 0xffff,
            n & 0xfff,
            (n >> 20) & 0xfff,
            self.fresh() & 0xffff_ffff_ffff
        );
        data.checkout_session_id = Some(CheckoutSessionId::from(id.clone()));
        let record = SessionRecord {
            data,
            lifecycle: CheckoutSessionLifecycle::created(at, api_version(request)),
            method: None,
            confirmed: false,
        };
        let answer = json_answer(201, &self.render_session(&id, &record));
        self.sessions.insert(id, record);
        Ok(answer)
    }

    pub(crate) fn get_session(&self, id: &str, _at: Timestamp) -> Answer {
        self.session_answer(id, 200)
    }

    pub(crate) fn update_session(
        &mut self,
        id: &str,
        at: Timestamp,
        request: &SandboxRequest,
    ) -> Answer {
        let changes: CheckoutSession = read_body(&request.body, UPDATE_FIELDS)?;
        check_body::<amazon_pay_core::operation::UpdateCheckoutSessionBody>(&request.body)?;
        if changes
            .payment_details
            .as_ref()
            .is_some_and(|p| p.presentment_currency.is_some())
        {
            return Err(error(
                400,
                "InvalidParameterValue",
                "presentmentCurrency cannot be updated; change chargeAmount.currencyCode instead",
            ));
        }
        self.check_currency(changes.payment_details.as_ref())?;
        let record = self.session_allowing(id, Operation::UpdateCheckoutSession, at)?;
        let stored_intent = record
            .data
            .payment_details
            .as_ref()
            .and_then(|p| p.payment_intent.clone());
        check_session_soft_descriptor(changes.payment_details.as_ref(), stored_intent)?;
        let lifecycle = record
            .lifecycle
            .clone()
            .updated(at)
            .map_err(|refused| refusal(&refused.error))?;
        let record = self.sessions.get_mut(id).ok_or_else(|| not_found(id))?;
        merge(&mut record.data, changes);
        record.lifecycle = lifecycle;
        // What the buyer confirmed before is not what the session says now:
        // the buyer goes to amazonPayRedirectUrl again.
        record.confirmed = false;
        self.session_answer(id, 200)
    }

    pub(crate) fn complete_session(
        &mut self,
        id: &str,
        at: Timestamp,
        request: &SandboxRequest,
        code: Option<&str>,
    ) -> Answer {
        let body: PaymentDetails = read_body(&request.body, &["chargeAmount", "totalOrderAmount"])?;
        check_body::<amazon_pay_core::operation::CompleteCheckoutSessionBody>(&request.body)?;
        let simulated = simulation(code, SimulatedCall::Complete)?;
        let record = self.session(id)?;
        let details = record.data.payment_details.clone().unwrap_or_default();
        let session_amount = details.charge_amount.clone().ok_or_else(|| {
            error(
                422,
                "InvalidCheckoutSessionStatus",
                "The session has no chargeAmount yet",
            )
        })?;
        let amount = body
            .charge_amount
            .ok_or_else(|| error(400, "MissingParameterValue", "chargeAmount is required"))?;
        record
            .lifecycle
            .request_complete(
                CheckoutSessionId::from(id),
                &session_amount,
                amount.clone(),
                at,
            )
            .map_err(|e| refusal(&e))?;
        let method = approved(record)?;
        if let Some(Simulation::CompleteCanceled(reason)) = simulated {
            self.cancel_session(id, at, reason)
                .map_err(|e| refusal(&e))?;
            return Err(error(
                422,
                "CheckoutSessionCanceled",
                format!("The checkout session was canceled ({reason}); read its statusDetails"),
            ));
        }
        let status = self.finish_checkout(
            id,
            at,
            &amount,
            method,
            simulated,
            CheckoutSessionLifecycle::completed,
        )?;
        self.session_answer(id, status)
    }

    /// Finalize Checkout Session (Buy Now / JS flows): the amount must match
    /// the session's; the body may set the payment intent and pending
    /// authorizations; then as Complete.
    pub(crate) fn finalize_session(
        &mut self,
        id: &str,
        at: Timestamp,
        request: &SandboxRequest,
    ) -> Answer {
        const FIELDS: &[&str] = &[
            "chargeAmount",
            "totalOrderAmount",
            "supplementaryData",
            "shippingAddress",
            "billingAddress",
            "paymentIntent",
            "canHandlePendingAuthorization",
        ];
        let body: PaymentDetails = read_body(&request.body, FIELDS)?;
        check_body::<amazon_pay_core::operation::FinalizeCheckoutSessionBody>(&request.body)?;
        let record = self.session_allowing(id, Operation::FinalizeCheckoutSession, at)?;
        let amount = body
            .charge_amount
            .clone()
            .ok_or_else(|| error(400, "MissingParameterValue", "chargeAmount is required"))?;
        let session_amount = record
            .data
            .payment_details
            .as_ref()
            .and_then(|d| d.charge_amount.clone())
            .unwrap_or(amount.clone());
        rules::check_complete_amount(&session_amount, &amount)
            .map_err(|rule| refusal(&LifecycleError::Rule(rule)))?;
        let method = approved(record)?;
        let record = self.sessions.get_mut(id).ok_or_else(|| not_found(id))?;
        let details = record
            .data
            .payment_details
            .get_or_insert_with(Default::default);
        details.charge_amount = Some(amount.clone());
        overlay(&mut details.payment_intent, body.payment_intent);
        overlay(
            &mut details.can_handle_pending_authorization,
            body.can_handle_pending_authorization,
        );
        overlay(&mut details.total_order_amount, body.total_order_amount);
        let status = self.finish_checkout(
            id,
            at,
            &amount,
            method,
            None,
            CheckoutSessionLifecycle::completed,
        )?;
        self.session_answer(id, status)
    }

    /// What completing a session does (Complete in v2, the buyer's return
    /// in v1): the permission and, by the payment intent, its charge; the
    /// session moved by `transition`. The answer's status: 202 when the
    /// authorization is pending, else 200.
    fn finish_checkout(
        &mut self,
        id: &str,
        at: Timestamp,
        amount: &Price,
        method: TestPaymentMethod,
        simulated: Option<Simulation>,
        transition: fn(
            CheckoutSessionLifecycle,
            Timestamp,
        )
            -> Result<CheckoutSessionLifecycle, Refused<CheckoutSessionLifecycle>>,
    ) -> Result<u16, amazon_pay_core::operation::Response> {
        let record = self.session(id)?;
        let details = record.data.payment_details.clone().unwrap_or_default();
        let intent = details
            .payment_intent
            .clone()
            .unwrap_or(PaymentIntent::Authorize);
        let pending = method.is_pending() || simulated == Some(Simulation::CompletePending);
        let can_pend = details.can_handle_pending_authorization == Some(true);
        let creation = match intent {
            PaymentIntent::Confirm => None,
            PaymentIntent::AuthorizeWithCapture => Some(ChargeCreation::CaptureNow),
            _ if pending && !can_pend => {
                return Err(error(
                    422,
                    "TransactionTimedOut",
                    "The authorization could not complete synchronously; set canHandlePendingAuthorization to accept pending authorizations",
                ));
            }
            _ if pending => Some(ChargeCreation::AuthorizePending),
            _ => Some(ChargeCreation::Authorize),
        };
        let kind = record
            .data
            .charge_permission_type
            .clone()
            .unwrap_or(ChargePermissionType::OneTime);
        let version = record.lifecycle.api_version();
        let completed =
            transition(record.lifecycle.clone(), at).map_err(|refused| refusal(&refused.error))?;
        let limit = details.total_order_amount.clone().unwrap_or(amount.clone());
        let data = record.data.clone();
        let (permission, charge) =
            self.open_permission(&data, kind, limit, method, version, at, creation, amount)?;
        let record = self.sessions.get_mut(id).ok_or_else(|| not_found(id))?;
        record.lifecycle = completed;
        record.data.charge_permission_id = Some(permission);
        record.data.charge_id = charge;
        Ok(if creation == Some(ChargeCreation::AuthorizePending) {
            202
        } else {
            200
        })
    }

    // ------------------------------------------------------------ the buyer

    pub(crate) fn approve(
        &mut self,
        id: &str,
        method: TestPaymentMethod,
        at: Timestamp,
    ) -> Result<String, BuyerError> {
        let record = self.buyer_session(id)?;
        let result_url = self.ready_for_buyer(record)?;
        let back = format!(
            "{result_url}{}amazonCheckoutSessionId={id}",
            separator(&result_url)
        );
        let outcome = match method {
            TestPaymentMethod::BuyerCanceled => self.cancel_session(id, at, "BuyerCanceled"),
            TestPaymentMethod::Declined => self.cancel_session(id, at, "Declined"),
            _ => Ok(()),
        };
        outcome.map_err(|_| BuyerError::NotReady("the session is no longer Open".into()))?;
        let mut v1_ready = None;
        if let Some(record) = self.sessions.get_mut(id) {
            record.method = Some(method);
            // Back on the result page: the second redirect is done.
            record.confirmed = redirect_ready(&record.data).is_some();
            let amount = record
                .data
                .payment_details
                .as_ref()
                .and_then(|d| d.charge_amount.clone());
            if record.lifecycle.api_version() == ApiVersion::V1
                && record.lifecycle.state() == &CheckoutSessionState::Open
                && redirect_ready(&record.data).is_some()
            {
                v1_ready = amount;
            }
        }
        // API path version v1 has no Complete: the session completes when the
        // buyer returns (spec §14).
        if let Some(amount) = v1_ready {
            self.finish_checkout(
                id,
                at,
                &amount,
                method,
                None,
                CheckoutSessionLifecycle::buyer_returned,
            )
            .map_err(|answer| {
                let refused = amazon_pay_core::operation::ApiError::from_response(&answer);
                BuyerError::NotReady(refused.to_string())
            })?;
        }
        Ok(back)
    }

    pub(crate) fn cancel_by_buyer(
        &mut self,
        id: &str,
        at: Timestamp,
    ) -> Result<String, BuyerError> {
        let record = self.buyer_session(id)?;
        let web = record.data.web_checkout_details.clone().unwrap_or_default();
        let url = web
            .checkout_cancel_url
            .or(web.checkout_review_return_url)
            .or(web.checkout_result_return_url)
            .unwrap_or_default();
        self.cancel_session(id, at, "BuyerCanceled")
            .map_err(|_| BuyerError::NotReady("the session is no longer Open".into()))?;
        Ok(url)
    }

    /// What the buyer's page shows: the session, its amount and state.
    pub(crate) fn buyer_summary(&self, id: &str) -> Option<String> {
        let record = self.sessions.get(id)?;
        let amount = record
            .data
            .payment_details
            .as_ref()
            .and_then(|d| d.charge_amount.as_ref())
            .map_or("no amount yet".to_owned(), ToString::to_string);
        Some(format!(
            "Checkout Session {id}: {amount} ({})",
            record.lifecycle.state()
        ))
    }

    /// The URL the buyer returns to: the result URL once the session is
    /// ready for payment, else the review URL (the buyer signed in and chose
    /// a payment method; the merchant updates the session next).
    fn ready_for_buyer(&self, record: &SessionRecord) -> Result<String, BuyerError> {
        if record.lifecycle.state() != &CheckoutSessionState::Open {
            return Err(BuyerError::NotReady(format!(
                "the session is {}",
                record.lifecycle.state()
            )));
        }
        let review = record
            .data
            .web_checkout_details
            .as_ref()
            .and_then(|w| w.checkout_review_return_url.clone());
        redirect_ready(&record.data)
            .or(review)
            .ok_or_else(|| BuyerError::NotReady("the session has no return URL".into()))
    }

    /// Cancels a session with Amazon's `reason`, through its lifecycle.
    fn cancel_session(
        &mut self,
        id: &str,
        at: Timestamp,
        reason: &str,
    ) -> Result<(), LifecycleError> {
        let Some(record) = self.sessions.get_mut(id) else {
            return Ok(());
        };
        let lifecycle = record.lifecycle.clone();
        let next = match reason {
            "Declined" => lifecycle.declined(at),
            "AmazonCanceled" => lifecycle.amazon_canceled(at),
            _ => lifecycle.buyer_canceled(at),
        };
        record.lifecycle = next.map_err(|refused| refused.error)?;
        Ok(())
    }

    /// Sessions expire after 24 hours (the lifecycle's own deadline) and are
    /// dropped when Amazon deletes them, 30 days after creation.
    pub(crate) fn sessions_catch_up(&mut self, at: Timestamp) {
        self.sessions.retain(|_, record| {
            record.lifecycle = record.lifecycle.clone().advance(at);
            record
                .lifecycle
                .deleted_at()
                .is_none_or(|deleted| at < deleted)
        });
    }

    /// The session `id` as Amazon answers it, with `status`.
    fn session_answer(&self, id: &str, status: u16) -> Answer {
        let record = self.session(id)?;
        Ok(json_answer(status, &self.render_session(id, record)))
    }

    /// The session `id`, if its lifecycle allows `operation` at `at`;
    /// otherwise Amazon's refusal.
    fn session_allowing(
        &self,
        id: &str,
        operation: Operation,
        at: Timestamp,
    ) -> Result<&SessionRecord, amazon_pay_core::operation::Response> {
        let record = self.session(id)?;
        record
            .lifecycle
            .require(operation, at)
            .map_err(|e| refusal(&e))?;
        Ok(record)
    }

    /// The session `id` the buyer acts on.
    fn buyer_session(&self, id: &str) -> Result<&SessionRecord, BuyerError> {
        self.sessions
            .get(id)
            .ok_or_else(|| BuyerError::UnknownSession(id.to_owned()))
    }

    fn session(&self, id: &str) -> Result<&SessionRecord, amazon_pay_core::operation::Response> {
        self.sessions.get(id).ok_or_else(|| not_found(id))
    }

    fn check_currency(
        &self,
        details: Option<&PaymentDetails>,
    ) -> Result<(), amazon_pay_core::operation::Response> {
        let prices = details
            .into_iter()
            .flat_map(|d| [d.charge_amount.as_ref(), d.total_order_amount.as_ref()])
            .flatten();
        for price in prices {
            rules::check_region_currency(self.region, price.currency())
                .map_err(|rule| refusal(&LifecycleError::Rule(rule)))?;
        }
        Ok(())
    }
}

/// The payment method the buyer chose; refused until the buyer approved.
fn approved(
    record: &SessionRecord,
) -> Result<TestPaymentMethod, amazon_pay_core::operation::Response> {
    let method = record.method.ok_or_else(|| {
        error(
            422,
            "InvalidCheckoutSessionStatus",
            "The buyer has not approved the checkout on the Amazon Pay page yet",
        )
    })?;
    if !record.confirmed {
        return Err(error(
            422,
            "InvalidCheckoutSessionStatus",
            "The buyer has not returned from amazonPayRedirectUrl since the last update; \
             send the buyer there, then complete",
        ));
    }
    Ok(method)
}

fn separator(url: &str) -> char {
    if url.contains('?') { '&' } else { '?' }
}

fn not_found(id: &str) -> amazon_pay_core::operation::Response {
    error(
        404,
        "ResourceNotFound",
        format!("No checkout session {id:?}"),
    )
}

/// Update Checkout Session: the fields sent replace the stored ones; nested
/// objects merge field by field.
fn merge(data: &mut CheckoutSession, changes: CheckoutSession) {
    if let Some(web) = changes.web_checkout_details {
        let into = data
            .web_checkout_details
            .get_or_insert_with(Default::default);
        overlay(
            &mut into.checkout_result_return_url,
            web.checkout_result_return_url,
        );
        overlay(&mut into.checkout_cancel_url, web.checkout_cancel_url);
    }
    if let Some(details) = changes.payment_details {
        let into = data.payment_details.get_or_insert_with(Default::default);
        overlay(&mut into.payment_intent, details.payment_intent);
        overlay(
            &mut into.can_handle_pending_authorization,
            details.can_handle_pending_authorization,
        );
        overlay(&mut into.charge_amount, details.charge_amount);
        overlay(&mut into.total_order_amount, details.total_order_amount);
        overlay(&mut into.soft_descriptor, details.soft_descriptor);
    }
    overlay(&mut data.merchant_metadata, changes.merchant_metadata);
    overlay(&mut data.platform_id, changes.platform_id);
    overlay(&mut data.provider_metadata, changes.provider_metadata);
    overlay(&mut data.supplementary_data, changes.supplementary_data);
    overlay(
        &mut data.charge_permission_type,
        changes.charge_permission_type,
    );
    overlay(&mut data.recurring_metadata, changes.recurring_metadata);
}

/// `value`, where the request gives one; what `slot` held otherwise (an
/// update changes only the fields it names).
fn overlay<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

/// `paymentDetails.softDescriptor`, by the core's rules: its form, and only
/// with the `AuthorizeWithCapture` intent (the body's, else the session's).
fn check_session_soft_descriptor(
    details: Option<&PaymentDetails>,
    stored_intent: Option<PaymentIntent>,
) -> Result<(), amazon_pay_core::operation::Response> {
    let Some(details) = details else {
        return Ok(());
    };
    let intent = details
        .payment_intent
        .clone()
        .or(stored_intent)
        .unwrap_or(PaymentIntent::Confirm);
    check_soft_descriptor(
        details.soft_descriptor.as_deref(),
        SoftDescriptorUse::CheckoutSession(&intent),
    )
}
