//! The Charge lifecycle (spec §4.4).
//!
//! ```text
//!   Create Charge / Complete          Create Charge / Complete       Create Charge (captureNow)
//!   (canHandlePendingAuthorization)               │                             │
//!               │                                 │                             │
//!               ▼       authorization_succeeded   ▼   capture_requested         ▼
//!   AuthorizationInitiated ────────────────► Authorized ────(≤ 7 days)────► Captured ◄──┐
//!        │   │                                │  │  │                                  │
//!        │   │ authorization_declined         │  │  └──(> 7 days)──► CaptureInitiated ─┘
//!        │   └─────────────────────────┐      │  │                    │  capture_succeeded
//!        │                             ▼      │  │ capture_declined   │ capture_declined
//!        │                         Declined ◄─┼──┘◄───────────────────┤
//!        │                                    │                       │
//!        │ cancel_requested, charge_permission_closed,                │ amazon_canceled,
//!        │ amazon_canceled, buyer_canceled    │ expired (30 days),    │ buyer_canceled
//!        ▼                                    ▼ and the same four     ▼
//!     Canceled ◄──────────────────────────────┴───────────────────────┘
//! ```
//!
//! Captured, Canceled and Declined are final. A Captured charge takes refunds
//! (see [`Ledger`](crate::lifecycle::Ledger)); it has one capture.

mod events;

pub use events::ChargeEvent;

use serde::{Deserialize, Serialize};

use crate::api::Operation;
use crate::lifecycle::error::{LifecycleError, ObjectKind, Refused, RuleViolation};
use crate::lifecycle::machine::{Reported, lifecycle_common};
use crate::lifecycle::{
    DeadlineBasis, FormatVersion, Machine, Observed, ScheduledChange, Status, Track, days, rules,
};
use crate::model::{self, ChargeReasonCode, ChargeState};
use crate::money::MoneyError;
use crate::money::Price;
use crate::timestamp::Timestamp;

/// An authorization lives 30 days.
const AUTHORIZATION_LIFETIME: time::Duration = days(30);
/// A capture more than 7 days after authorization is asynchronous.
const SYNCHRONOUS_CAPTURE_WINDOW: time::Duration = days(7);
/// A pending authorization finishes within 24 hours.
const PENDING_AUTHORIZATION_WINDOW: time::Duration = time::Duration::hours(24);

/// A Charge's state and the facts its rules need.
///
/// Deadlines come from Amazon's `expirationTimestamp` when a report carried
/// one; otherwise from the time of authorization, and when that is not known
/// (a report that shows the charge already past Authorized) from its
/// `creationTimestamp` — the earliest moment it can have been authorized, so
/// the derived expiry is never later than Amazon's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargeLifecycle {
    format_version: FormatVersion,
    status: Track<ChargeState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<ChargeReasonCode>,
    charge_amount: Price,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    captured: Option<Price>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refunded_reported: Option<Price>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    authorized_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<Timestamp>,
}

lifecycle_common!(
    ChargeLifecycle,
    "charge",
    ChargeState,
    /// AuthorizationInitiated: Get and Cancel; Authorized: Get, Capture and
    /// Cancel; Captured: Get and Create Refund; otherwise Get (spec §4.4).
);

impl ChargeLifecycle {
    fn new(state: ChargeState, charge_amount: Price, at: Timestamp) -> ChargeLifecycle {
        let authorized_at =
            matches!(state, ChargeState::Authorized | ChargeState::Captured).then_some(at);
        ChargeLifecycle {
            format_version: FormatVersion,
            captured: (state == ChargeState::Captured).then(|| charge_amount.clone()),
            status: Track::new(state, Some(at)),
            reason: None,
            charge_amount,
            refunded_reported: None,
            created_at: Some(at),
            authorized_at,
            expires_at: None,
        }
    }

    /// A charge authorized at `at` (Create Charge or Complete Checkout Session
    /// with `Authorize`, synchronous).
    pub fn authorized(charge_amount: Price, at: Timestamp) -> ChargeLifecycle {
        Self::new(ChargeState::Authorized, charge_amount, at)
    }

    /// A charge whose authorization is pending
    /// (`canHandlePendingAuthorization`).
    pub fn authorization_initiated(charge_amount: Price, at: Timestamp) -> ChargeLifecycle {
        Self::new(ChargeState::AuthorizationInitiated, charge_amount, at)
    }

    /// A charge authorized and captured at once (`captureNow`,
    /// `AuthorizeWithCapture`).
    pub fn captured_at_creation(charge_amount: Price, at: Timestamp) -> ChargeLifecycle {
        Self::new(ChargeState::Captured, charge_amount, at)
    }

    /// The lifecycle of a Charge as Amazon reported it. Needs `chargeAmount`
    /// and `statusDetails.state`; the dates are Amazon's (a missing
    /// `creationTimestamp` stays unknown — it is never replaced by the time
    /// of reading). An unknown state is kept (see [`ChargeState::is_known`]).
    pub fn from_model(charge: &model::Charge) -> Result<ChargeLifecycle, LifecycleError> {
        let Some(amount) = &charge.charge_amount else {
            return Err(mismatched("the report has no chargeAmount"));
        };
        let blank = ChargeLifecycle {
            format_version: FormatVersion,
            status: Track::blank(ChargeState::Unknown(String::new())),
            reason: None,
            charge_amount: amount.clone(),
            captured: None,
            refunded_reported: None,
            created_at: None,
            authorized_at: None,
            expires_at: None,
        };
        Ok(blank.observe(charge)?.lifecycle)
    }

    /// The reason for the state, if any.
    pub fn reason(&self) -> Option<&ChargeReasonCode> {
        self.reason.as_ref()
    }

    /// The authorized amount (`chargeAmount`).
    pub fn charge_amount(&self) -> &Price {
        &self.charge_amount
    }

    /// The captured amount, once a capture was accepted (pending or done).
    pub fn captured_amount(&self) -> Option<&Price> {
        self.captured.as_ref()
    }

    /// Amazon's `refundedAmount` from the latest report, if any.
    pub fn refunded_amount_reported(&self) -> Option<&Price> {
        self.refunded_reported.as_ref()
    }

    /// When the charge was created, if known.
    pub fn created_at(&self) -> Option<Timestamp> {
        self.created_at
    }

    /// When the authorization succeeded, if known.
    pub fn authorized_at(&self) -> Option<Timestamp> {
        self.authorized_at
    }

    /// Amazon's `expirationTimestamp`, if a report carried one.
    pub fn expiration_reported(&self) -> Option<Timestamp> {
        self.expires_at
    }

    /// Whether the last known state is final (Captured, Canceled, Declined).
    pub fn is_final(&self) -> bool {
        matches!(
            self.status.last_known(),
            Some(ChargeState::Captured | ChargeState::Canceled | ChargeState::Declined)
        )
    }

    /// When the authorization expires: Amazon's `expirationTimestamp`, else
    /// 30 days after authorization (or, when that time is unknown, after
    /// creation). `None` when no date is known at all.
    pub fn authorization_expires_at(&self) -> Option<(Timestamp, DeadlineBasis)> {
        if let Some(at) = self.expires_at {
            return Some((at, DeadlineBasis::Amazon));
        }
        Some((
            self.authorization_time()?
                .checked_add(AUTHORIZATION_LIFETIME)?,
            DeadlineBasis::Derived,
        ))
    }

    /// When the authorization happened, as well as it is known: the time of
    /// the Authorized event or report; else the time Amazon implies by its
    /// `expirationTimestamp` (30 days after authorization, spec §3.15);
    /// else the charge's creation. Every rule that depends on the
    /// authorization's age reads this.
    pub fn authorization_time(&self) -> Option<Timestamp> {
        self.authorized_at
            .or_else(|| self.expires_at?.checked_sub(AUTHORIZATION_LIFETIME))
            .or(self.created_at)
    }

    /// What happens by itself next: an Authorized charge becomes Canceled
    /// (`ExpiredUnused`) when its authorization expires.
    pub fn next_change(&self) -> Option<ScheduledChange<ChargeState, ChargeReasonCode>> {
        if self.state() != &ChargeState::Authorized {
            return None;
        }
        let (at, basis) = self.authorization_expires_at()?;
        Some(ScheduledChange {
            at,
            state: ChargeState::Canceled,
            reason: Some(ChargeReasonCode::ExpiredUnused),
            basis,
        })
    }

    /// From when a capture is asynchronous (7 days after the
    /// [`authorization_time`](Self::authorization_time)): a capture
    /// requested after it goes to CaptureInitiated, not Captured.
    pub fn capture_asynchronous_from(&self) -> Option<Timestamp> {
        self.authorization_time()?
            .checked_add(SYNCHRONOUS_CAPTURE_WINDOW)
    }

    /// By when a pending authorization finishes (24 hours after creation),
    /// while the charge is AuthorizationInitiated. Amazon decides the outcome.
    pub fn authorization_result_due(&self) -> Option<Timestamp> {
        match self.state() {
            ChargeState::AuthorizationInitiated => {
                self.created_at?.checked_add(PENDING_AUTHORIZATION_WINDOW)
            }
            _ => None,
        }
    }

    /// What is left to refund when `refunded` was refunded already: the
    /// captured amount plus [`rules::refund_allowance`], less the larger of
    /// `refunded` and Amazon's reported `refundedAmount`. Zero unless the
    /// charge is Captured.
    pub fn refundable(&self, refunded: &Price) -> Result<Price, MoneyError> {
        let zero = Price::zero(self.charge_amount.currency().clone());
        let (Some(ChargeState::Captured), Some(captured)) =
            (self.status.last_known(), &self.captured)
        else {
            return Ok(zero);
        };
        let ceiling = captured.checked_add(&rules::refund_allowance(captured)?)?;
        let refunded = match &self.refunded_reported {
            Some(reported) if reported.checked_cmp(refunded)?.is_gt() => reported,
            _ => refunded,
        };
        Ok(ceiling.checked_sub(refunded).unwrap_or(zero))
    }

    /// What may be done at `now`, until when, and how much.
    pub fn status(&self, now: Timestamp) -> Status<ChargeState, ChargeReasonCode> {
        let at = self.clone().advance(now);
        let allowed = self.allowed_operations(now);
        let zero = || Price::zero(self.charge_amount.currency().clone());
        let capturable = if allowed.contains(&Operation::CaptureCharge) {
            self.charge_amount.clone()
        } else {
            zero()
        };
        let refundable = if allowed.contains(&Operation::CreateRefund) {
            Some(at.refundable(&zero()).unwrap_or_else(|_| zero()))
        } else if at.state() == &ChargeState::Captured && at.captured.is_none() {
            // Unknown, not zero: Get Charge tells it.
            None
        } else {
            Some(zero())
        };
        Status {
            capturable: Some(capturable),
            refundable,
            ..self.status_at(now)
        }
    }

    /// Applies the changes due at `now` ([`next_change`](Self::next_change))
    /// as predictions.
    pub fn advance(mut self, now: Timestamp) -> ChargeLifecycle {
        self.advance_in_place(now);
        self
    }

    fn advance_in_place(&mut self, now: Timestamp) {
        // As `next_change`, without building it (this is on every event's path).
        if self.state() == &ChargeState::Authorized
            && let Some((due, _)) = self.authorization_expires_at()
            && now >= due
        {
            self.status.predict(ChargeState::Canceled);
            self.reason = Some(ChargeReasonCode::ExpiredUnused);
        }
    }

    /// Takes in what Amazon now reports for this charge (a Get Charge
    /// response, or one fetched after an IPN), and says what it made of it.
    ///
    /// Every move the charge can make is accepted, several steps at once
    /// included (AuthorizationInitiated → Captured), and one that overrules
    /// a predicted expiry. Amounts, reason and dates follow the report. A
    /// report older than the last change (`lastUpdatedTimestamp`) is ignored
    /// as stale. Refused, leaving the lifecycle as it was: a report without
    /// a state; amounts in another currency; a `captureAmount` above the
    /// `chargeAmount`; a state that cannot follow the last known one
    /// (Captured → Authorized, anything out of a final state).
    pub fn observe(
        self,
        charge: &model::Charge,
    ) -> Result<Observed<ChargeLifecycle, ChargeState>, Refused<ChargeLifecycle>> {
        let judged = self.judge_reported(charge, || self.check_report(charge));
        self.conclude(judged, |next, state| next.take_report(charge, state))
    }

    /// The rules a charge report must keep: one currency, and no capture
    /// above the authorization.
    fn check_report(&self, charge: &model::Charge) -> Result<(), LifecycleError> {
        let currency = self.charge_amount.currency();
        let breaks = |violation| LifecycleError::ReportBreaksRule {
            object: ObjectKind::Charge,
            violation,
        };
        for amount in [
            &charge.charge_amount,
            &charge.capture_amount,
            &charge.refunded_amount,
        ]
        .into_iter()
        .flatten()
        {
            if amount.currency() != currency {
                return Err(breaks(RuleViolation::CurrencyMismatch {
                    expected: currency.clone(),
                    found: amount.currency().clone(),
                }));
            }
        }
        let authorized = charge.charge_amount.as_ref().unwrap_or(&self.charge_amount);
        if let Some(captured) = &charge.capture_amount
            && captured.amount() > authorized.amount()
        {
            return Err(breaks(RuleViolation::CaptureExceedsAuthorization {
                capture: captured.clone(),
                authorized: authorized.clone(),
            }));
        }
        Ok(())
    }

    fn take_report(&mut self, charge: &model::Charge, state: ChargeState) {
        let reported_at = charge.reported_at();
        if let Some(amount) = &charge.charge_amount {
            self.charge_amount = amount.clone();
        }
        if let Some(captured) = charge.capture_amount.as_ref().filter(|c| !c.is_zero()) {
            self.captured = Some(captured.clone());
        }
        if charge.refunded_amount.is_some() {
            self.refunded_reported = charge.refunded_amount.clone();
        }
        self.created_at = charge.creation_timestamp.or(self.created_at);
        self.expires_at = charge.expiration_timestamp.or(self.expires_at);
        if state == ChargeState::Authorized && self.authorized_at.is_none() {
            // The state changed to Authorized at the report's timestamp; with
            // none, the authorization time stays unknown (creation is used).
            self.authorized_at = reported_at;
        }
        self.reason = charge.reason_code().cloned();
        self.take(state, reported_at);
    }
}

fn mismatched(reason: &'static str) -> LifecycleError {
    LifecycleError::MismatchedReport {
        object: ObjectKind::Charge,
        reason,
    }
}
