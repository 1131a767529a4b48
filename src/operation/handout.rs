//! The rule book hands out operations: a call that passes every rule comes
//! back as the typed operation to send, and a refused one never produces a
//! request. Amazon's answer is then fed back.
//!
//! Naming: `request_*` methods give **Amazon API calls** to send;
//! `*_answered` take Amazon's answer to them; `observe_*` record what
//! Amazon reports or did by itself (a charge created by Complete Checkout
//! Session, an expiry); the plain verbs of [`Ledger`] (`capture`, `refund`,
//! …) record a call Amazon accepted, for callers that send requests their
//! own way.
//!
//! ```
//! use amazon_pay_core::lifecycle::{ChargeCreation, ChargePermissionLifecycle, Ledger};
//! use amazon_pay_core::model::{ChargeId, ChargePermissionId, ChargePermissionType};
//! use amazon_pay_core::operation::{ApiOperation, Response};
//! use amazon_pay_core::{ApiVersion, Config, IdempotencyKey, Price, PublicKeyId, Region, Timestamp};
//!
//! let now = Timestamp::parse("20240301T100000Z")?;
//! let usd = |text| Price::parse(text, "USD");
//! let permission = ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, now, ApiVersion::V2)
//!     .with_limits(Some(usd("14.00")?), None);
//! let mut ledger = Ledger::new(ChargePermissionId::from("S01-5105180-3221187"), permission, Region::Na);
//! let charge = ChargeId::from("S01-5105180-3221187-C056351");
//! ledger.create_charge(charge.clone(), usd("14.00")?, ChargeCreation::Authorize, now)?;
//!
//! // Too much: refused, no request exists.
//! assert!(ledger.request_capture(&charge, usd("14.01")?, IdempotencyKey::parse("k1")?, now).is_err());
//! // Within the rules: the operation to sign and send.
//! let capture = ledger.request_capture(&charge, usd("14.00")?, IdempotencyKey::parse("k2")?, now)?;
//! let config = Config::new(Region::Na, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?);
//! let request = capture.into_request(&config)?;
//! // … Amazon answers; the ledger takes the answer in.
//! let mut body: serde_json::Value = serde_json::from_str(include_str!("../../tests/fixtures/seed_v1_capture_charge.json"))?;
//! body["chargeId"] = charge.as_str().into();
//! body["chargePermissionId"] = "S01-5105180-3221187".into();
//! body["statusDetail"]["lastUpdatedTimestamp"] = "20240301T100100Z".into(); // (the document's is from 2019)
//! let answer = capture.decode(&Response::new(200, serde_json::to_vec(&body)?));
//! ledger.charge_answered(answer.as_ref())?;
//! assert!(ledger.charge(&charge).unwrap().lifecycle().is_final());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::api::Operation;
use crate::lifecycle::{
    CheckoutSessionLifecycle, Ledger, LifecycleError, Observation, RuleViolation,
};
use crate::model::{
    self, ChargeId, ChargePermissionState, ChargeState, CheckoutSessionId, RefundId, RefundState,
};
use crate::money::Price;
use crate::operation::{
    ApiError, CancelCharge, CaptureCharge, CloseChargePermission, CompleteCheckoutSession,
    CreateCharge, CreateRefund,
};
use crate::request::IdempotencyKey;
use crate::timestamp::Timestamp;

/// Why a `*_answered` call of the [`Ledger`] recorded nothing: Amazon's
/// answer was an error, or the report it carried could not be taken in.
///
/// Converting it into the crate's [`Error`](crate::Error) flattens it into
/// `Error::Api` or `Error::Lifecycle`.
///
/// As data: the wrapped error's code and JSON.
#[derive(Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum AnswerError {
    /// Amazon answered with an error; the ledger is unchanged.
    #[error(transparent)]
    Api(ApiError),
    /// Amazon's report contradicts the ledger (another object, another
    /// currency, an impossible transition); the ledger is unchanged.
    #[error(transparent)]
    Lifecycle(#[from] LifecycleError),
}

impl AnswerError {
    /// The wrapped error's stable, machine-readable code (for `Api`,
    /// Amazon's `reasonCode`: [`ApiError::code_str`]).
    pub fn code(&self) -> &str {
        match self {
            AnswerError::Api(error) => error.code_str(),
            AnswerError::Lifecycle(error) => error.code(),
        }
    }
}

impl Ledger {
    /// Create Charge, if every rule allows it at `now`: the operation to
    /// send. Nothing is recorded until Amazon answers
    /// ([`charge_answered`](Self::charge_answered)).
    pub fn request_charge(
        &self,
        amount: Price,
        key: IdempotencyKey,
        now: Timestamp,
    ) -> Result<CreateCharge, LifecycleError> {
        self.check_create_charge(&amount, now)?;
        Ok(CreateCharge::new(self.id().clone(), amount, key))
    }

    /// Capture Charge, if every rule allows it at `now`.
    pub fn request_capture(
        &self,
        charge: &ChargeId,
        amount: Price,
        key: IdempotencyKey,
        now: Timestamp,
    ) -> Result<CaptureCharge, LifecycleError> {
        self.check_capture(charge, &amount, now)?;
        Ok(CaptureCharge::new(charge.clone(), amount, key))
    }

    /// Cancel Charge, if the charge's state allows it at `now`.
    pub fn request_cancel(
        &self,
        charge: &ChargeId,
        reason: impl Into<String>,
        now: Timestamp,
    ) -> Result<CancelCharge, LifecycleError> {
        let entry = self
            .charge(charge)
            .ok_or_else(|| LifecycleError::UnknownObject {
                object: crate::lifecycle::ObjectKind::Charge,
                id: charge.to_string(),
            })?;
        entry.lifecycle().require(Operation::CancelCharge, now)?;
        Ok(CancelCharge::new(charge.clone(), reason))
    }

    /// Create Refund, if every rule allows it at `now`.
    pub fn request_refund(
        &self,
        charge: &ChargeId,
        amount: Price,
        key: IdempotencyKey,
        now: Timestamp,
    ) -> Result<CreateRefund, LifecycleError> {
        self.check_refund(charge, &amount, now)?;
        Ok(CreateRefund::new(charge.clone(), amount, key))
    }

    /// Close Charge Permission, if its state allows it at `now`.
    pub fn request_close(
        &self,
        reason: impl Into<String>,
        cancel_pending_charges: bool,
        now: Timestamp,
    ) -> Result<CloseChargePermission, LifecycleError> {
        self.permission()
            .require(Operation::CloseChargePermission, now)?;
        Ok(CloseChargePermission::new(self.id().clone(), reason)
            .with_cancel_pending_charges(cancel_pending_charges))
    }

    /// Amazon's answer to a Create, Get, Capture or Cancel Charge this ledger
    /// handed out: a charge is taken in as a report (all or nothing); an
    /// error changes nothing and is given back as [`AnswerError::Api`].
    pub fn charge_answered(
        &mut self,
        answer: Result<&model::Charge, &ApiError>,
    ) -> Result<Observation<ChargeState>, AnswerError> {
        match answer {
            Ok(charge) => Ok(self.observe_charge(charge)?),
            Err(error) => Err(AnswerError::Api(error.clone())),
        }
    }

    /// Amazon's answer to a Create or Get Refund: as
    /// [`charge_answered`](Self::charge_answered).
    pub fn refund_answered(
        &mut self,
        answer: Result<&model::Refund, &ApiError>,
    ) -> Result<Observation<RefundState>, AnswerError> {
        match answer {
            Ok(refund) => Ok(self.observe_refund(refund)?),
            Err(error) => Err(AnswerError::Api(error.clone())),
        }
    }

    /// Amazon's answer to a Get, Update or Close Charge Permission: as
    /// [`charge_answered`](Self::charge_answered).
    pub fn permission_answered(
        &mut self,
        answer: Result<&model::ChargePermission, &ApiError>,
    ) -> Result<Observation<ChargePermissionState>, AnswerError> {
        match answer {
            Ok(permission) => Ok(self.observe_permission(permission)?),
            Err(error) => Err(AnswerError::Api(error.clone())),
        }
    }

    /// The refund ids of a charge, for polling Get Refund.
    pub fn refund_ids(&self, charge: &ChargeId) -> Vec<RefundId> {
        self.charge(charge)
            .map(|entry| entry.refunds().iter().map(|r| r.id().clone()).collect())
            .unwrap_or_default()
    }
}

impl CheckoutSessionLifecycle {
    /// Complete Checkout Session, if the session allows it at `now` (Open,
    /// API path version v2) and `amount` repeats the session's
    /// `chargeAmount` (`session_amount`, else Amazon answers
    /// `AmountMismatch`).
    pub fn request_complete(
        &self,
        id: CheckoutSessionId,
        session_amount: &Price,
        amount: Price,
        now: Timestamp,
    ) -> Result<CompleteCheckoutSession, LifecycleError> {
        self.require(Operation::CompleteCheckoutSession, now)?;
        crate::lifecycle::rules::check_complete_amount(session_amount, &amount)
            .map_err(|violation: RuleViolation| LifecycleError::Rule(violation))?;
        Ok(CompleteCheckoutSession::new(id, amount))
    }
}

crate::validation::debug_as_message!(AnswerError);
