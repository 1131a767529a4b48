//! What the sandbox keeps of a Checkout Session. Plain data: nothing here acts.

use amazon_pay_core::lifecycle::CheckoutSessionLifecycle;
use amazon_pay_core::model::CheckoutSession;

use crate::simulation::TestPaymentMethod;

/// A session: the merchant's data, its lifecycle, the buyer's choice.
#[derive(Debug, Clone)]
pub(crate) struct SessionRecord {
    pub(crate) data: CheckoutSession,
    pub(crate) lifecycle: CheckoutSessionLifecycle,
    pub(crate) method: Option<TestPaymentMethod>,
    /// Whether the buyer came back from `amazonPayRedirectUrl` since the
    /// last Update Checkout Session (the second redirect, spec §4.2): only
    /// then may the session be completed.
    pub(crate) confirmed: bool,
}

/// The result URL, once Amazon could redirect the buyer: a return URL, a
/// payment intent and an amount are set.
pub(crate) fn redirect_ready(data: &CheckoutSession) -> Option<String> {
    let web = data.web_checkout_details.as_ref()?;
    let details = data.payment_details.as_ref()?;
    details.payment_intent.as_ref()?;
    details.charge_amount.as_ref()?;
    web.checkout_result_return_url.clone()
}
