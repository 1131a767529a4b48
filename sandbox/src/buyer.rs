//! The sandbox's test buyer, and Get Buyer: a buyer signs in with the
//! "Sign in with Amazon Pay" button and the merchant receives a
//! `buyerToken`, valid for 24 hours (spec §5.2).

use amazon_pay_core::Timestamp;
use amazon_pay_core::model::{Address, Buyer, CheckoutSession, PaymentPreference, ProductType};
use amazon_pay_core::time::Duration;

use crate::Sandbox;
use crate::answer::{Answer, error, json_answer};
use crate::simulation::TestPaymentMethod;

/// How long a buyer token can be read.
pub const BUYER_TOKEN_LIFETIME: Duration = Duration::hours(24);

/// The test buyer every sandbox session uses.
pub(crate) fn test_buyer() -> Buyer {
    let mut buyer = Buyer::default();
    buyer.buyer_id = Some("amzn1.account.SANDBOXTESTBUYER".into());
    buyer.name = Some("Sandbox Buyer".into());
    buyer.email = Some("buyer@sandbox.example".into());
    buyer.postal_code = Some("98109".into());
    buyer.country_code = Some("US".into());
    buyer
}

/// The test buyer's address: shipping (PayAndShip) and billing.
pub(crate) fn test_address() -> Address {
    let mut address = Address::default();
    address.name = Some("Sandbox Buyer".into());
    address.address_line1 = Some("410 Terry Ave N".into());
    address.city = Some("Seattle".into());
    address.state_or_region = Some("WA".into());
    address.postal_code = Some("98109".into());
    address.country_code = Some("US".into());
    address.phone_number = Some("800-000-0000".into());
    address
}

/// Whether the session's product ships (PayAndShip, the default): only then
/// does Amazon share a shipping address.
pub(crate) fn ships(session: &CheckoutSession) -> bool {
    matches!(session.product_type, None | Some(ProductType::PayAndShip))
}

/// `paymentPreferences`: Amazon's label of the card the buyer chose.
pub(crate) fn payment_preferences(method: TestPaymentMethod) -> Vec<PaymentPreference> {
    let mut preference = PaymentPreference::default();
    preference.payment_descriptor = Some(format!("Visa ****{}", method.last_digits()));
    vec![preference]
}

impl Sandbox {
    /// The test buyer signs in: the `buyerToken` Amazon hands the merchant.
    pub fn buyer_signs_in(&mut self, now: Timestamp) -> String {
        self.catch_up(now);
        let at = self.clock(now);
        let token = format!("sandbox-buyer-{:016x}{:016x}", self.fresh(), self.fresh());
        self.buyer_tokens.insert(token.clone(), at);
        token
    }

    pub(crate) fn get_buyer(&self, token: &str, at: Timestamp) -> Answer {
        match self.buyer_tokens.get(token) {
            Some(issued) if at < issued.checked_add(BUYER_TOKEN_LIFETIME).unwrap_or(*issued) => {
                Ok(json_answer(200, &test_buyer()))
            }
            _ => Err(error(
                404,
                "ResourceNotFound",
                "No buyer for this buyerToken (unknown, or older than 24 hours)",
            )),
        }
    }

    /// Expired buyer tokens are forgotten.
    pub(crate) fn buyer_tokens_catch_up(&mut self, at: Timestamp) {
        self.buyer_tokens
            .retain(|_, issued| at < issued.checked_add(BUYER_TOKEN_LIFETIME).unwrap_or(*issued));
    }
}
