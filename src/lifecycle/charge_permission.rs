//! The Charge Permission lifecycle (spec §4.3, §14).
//!
//! ```text
//!   Checkout Session completed
//!        │
//!        ▼        non_chargeable (PaymentMethodInvalid, …, ChargeInProgress, MFAFailed)
//!   Chargeable ─────────────────────────────────────► NonChargeable ──┐ non_chargeable
//!        ▲   │                                          │   │  ▲      │ (another reason)
//!        │   │                                          │   │  └──────┘
//!        │   └──────────── chargeable_again ◄───────────┘   │
//!        │                                                  │
//!        │ merchant_closed (MerchantClosed; v1 MerchantCanceled),
//!        │ buyer_closed (BuyerClosed; v1 BuyerCanceled), amazon_canceled,
//!        │ expired (OneTime 180 days / 13 months; Recurring 13 months),
//!        │ fully_captured (OneTime: AmazonClosed; v1: after the one capture)
//!        ▼                                                  ▼
//!      Closed ◄─────────────────────────────────────────────┘
//! ```
//!
//! Closed is final. Several reasons can hold at once ([`Reasons`]).

use serde::{Deserialize, Serialize};

use crate::api::Operation;
use crate::config::ApiVersion;
use crate::lifecycle::error::{
    LifecycleError, ObjectEvent, ObjectKind, ObjectState, Refused, Remedy, RuleViolation,
};
use crate::lifecycle::machine::{Judgement, machine_plumbing};
use crate::lifecycle::{
    DeadlineBasis, FormatVersion, Machine, Observed, ScheduledChange, Status, Track, days,
};
use crate::model::{self, ChargePermissionReasonCode, ChargePermissionState, ChargePermissionType};
use crate::money::Price;
use crate::timestamp::Timestamp;

/// Something that happens to a Charge Permission.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChargePermissionEvent {
    /// Amazon made the permission NonChargeable for this reason (instrument
    /// invalid, deleted or expired, charge in progress, MFA failed …).
    NonChargeable(ChargePermissionReasonCode),
    /// The cause was resolved (the buyer fixed the instrument, the charge in
    /// progress finished). Amazon's exact triggers are unconfirmed.
    ChargeableAgain,
    /// The merchant called Close Charge Permission.
    MerchantClosed,
    /// The buyer closed the permission (for example on pay.amazon.com).
    BuyerClosed,
    /// Amazon closed the permission (`AmazonCanceled`).
    AmazonCanceled,
    /// The order amount was fully captured (OneTime only; `AmazonClosed`).
    FullyCaptured,
    /// The permission expired (`Expired`; not PaymentMethodOnFile).
    Expired,
}

const EVENTS: &[ChargePermissionEvent] = &[
    ChargePermissionEvent::NonChargeable(ChargePermissionReasonCode::PaymentMethodInvalid),
    ChargePermissionEvent::ChargeableAgain,
    ChargePermissionEvent::MerchantClosed,
    ChargePermissionEvent::BuyerClosed,
    ChargePermissionEvent::AmazonCanceled,
    ChargePermissionEvent::FullyCaptured,
    ChargePermissionEvent::Expired,
];

impl ChargePermissionEvent {
    /// The event's name, as in the lifecycle's methods.
    pub fn name(&self) -> &'static str {
        match self {
            ChargePermissionEvent::NonChargeable(_) => "non_chargeable",
            ChargePermissionEvent::ChargeableAgain => "chargeable_again",
            ChargePermissionEvent::MerchantClosed => "merchant_closed",
            ChargePermissionEvent::BuyerClosed => "buyer_closed",
            ChargePermissionEvent::AmazonCanceled => "amazon_canceled",
            ChargePermissionEvent::FullyCaptured => "fully_captured",
            ChargePermissionEvent::Expired => "expired",
        }
    }
}

/// The reasons a Charge Permission gives for its state; several can hold at
/// once. Known reasons are kept in a bit set (no allocation), unknown ones
/// as Amazon wrote them. Stored as a JSON list of Amazon's reason codes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(
    into = "Vec<ChargePermissionReasonCode>",
    from = "Vec<ChargePermissionReasonCode>"
)]
pub struct Reasons {
    known: u32,
    unknown: Vec<ChargePermissionReasonCode>,
}

impl Reasons {
    fn bit(code: &ChargePermissionReasonCode) -> Option<u32> {
        let index = ChargePermissionReasonCode::KNOWN
            .iter()
            .position(|known| known == code)?;
        Some(1 << index)
    }

    pub(crate) fn one(code: ChargePermissionReasonCode) -> Reasons {
        let mut reasons = Reasons::default();
        reasons.insert(code);
        reasons
    }

    fn insert(&mut self, code: ChargePermissionReasonCode) {
        match Self::bit(&code) {
            Some(bit) => self.known |= bit,
            None if !self.unknown.contains(&code) => self.unknown.push(code),
            None => {}
        }
    }

    /// Whether `code` is among the reasons.
    pub fn contains(&self, code: &ChargePermissionReasonCode) -> bool {
        match Self::bit(code) {
            Some(bit) => self.known & bit != 0,
            None => self.unknown.contains(code),
        }
    }

    /// Whether there is no reason.
    pub fn is_empty(&self) -> bool {
        self.known == 0 && self.unknown.is_empty()
    }

    /// The reasons: known ones in Amazon's documentation order, then unknown ones.
    pub fn iter(&self) -> impl Iterator<Item = &ChargePermissionReasonCode> {
        ChargePermissionReasonCode::KNOWN
            .iter()
            .enumerate()
            .filter(|(index, _)| self.known & (1 << index) != 0)
            .map(|(_, code)| code)
            .chain(&self.unknown)
    }
}

impl From<Reasons> for Vec<ChargePermissionReasonCode> {
    fn from(reasons: Reasons) -> Self {
        reasons.iter().cloned().collect()
    }
}

impl From<Vec<ChargePermissionReasonCode>> for Reasons {
    fn from(codes: Vec<ChargePermissionReasonCode>) -> Self {
        let mut reasons = Reasons::default();
        for code in codes {
            reasons.insert(code);
        }
        reasons
    }
}

/// A OneTime permission lives 180 days …
const ONE_TIME_LIFETIME: time::Duration = days(180);
/// … or 13 months with `extendExpiration`; a Recurring one 13 months.
const EXTENDED_LIFETIME_MONTHS: u32 = 13;
/// OneTime buyer details can be read for 30 days after creation.
const BUYER_DETAILS_WINDOW: time::Duration = days(30);

/// A Charge Permission's state and the facts its rules need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargePermissionLifecycle {
    format_version: FormatVersion,
    status: Track<ChargePermissionState>,
    #[serde(default)]
    reasons: Reasons,
    kind: ChargePermissionType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<Timestamp>,
    #[serde(default)]
    extend_expiration: bool,
    api_version: ApiVersion,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    amount_limit: Option<Price>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    amount_balance: Option<Price>,
}

impl ChargePermissionLifecycle {
    /// A permission of `kind` created (Chargeable) at `at`.
    pub fn chargeable(
        kind: ChargePermissionType,
        at: Timestamp,
        api_version: ApiVersion,
    ) -> ChargePermissionLifecycle {
        ChargePermissionLifecycle {
            format_version: FormatVersion,
            status: Track::new(ChargePermissionState::Chargeable, Some(at)),
            reasons: Reasons::default(),
            kind,
            created_at: Some(at),
            expires_at: None,
            extend_expiration: false,
            api_version,
            amount_limit: None,
            amount_balance: None,
        }
    }

    /// With Amazon's `limits`: the total that may be charged and what remains.
    pub fn with_limits(
        mut self,
        amount_limit: Option<Price>,
        amount_balance: Option<Price>,
    ) -> ChargePermissionLifecycle {
        self.amount_limit = amount_limit;
        self.amount_balance = amount_balance;
        self
    }

    /// With `extendExpiration` (a OneTime permission then lives 13 months).
    pub fn with_extended_expiration(mut self, extend: bool) -> ChargePermissionLifecycle {
        self.extend_expiration = extend;
        self
    }

    /// With Amazon's `expirationTimestamp`.
    pub fn with_expiration(mut self, expires_at: Option<Timestamp>) -> ChargePermissionLifecycle {
        self.expires_at = expires_at;
        self
    }

    /// The lifecycle of a permission as Amazon reported it. The type
    /// defaults to OneTime; the dates are Amazon's (a missing
    /// `creationTimestamp` stays unknown). An unknown state is kept.
    pub fn from_model(
        permission: &model::ChargePermission,
        api_version: ApiVersion,
    ) -> Result<ChargePermissionLifecycle, LifecycleError> {
        let blank = ChargePermissionLifecycle {
            format_version: FormatVersion,
            status: Track::blank(ChargePermissionState::Unknown(String::new())),
            reasons: Reasons::default(),
            kind: ChargePermissionType::OneTime,
            created_at: None,
            expires_at: None,
            extend_expiration: false,
            api_version,
            amount_limit: None,
            amount_balance: None,
        };
        blank
            .observe(permission)
            .map(|observed| observed.lifecycle)
            .map_err(|refused| refused.error)
    }

    /// The current state: the last one reported or applied, possibly one
    /// this crate does not know.
    pub fn state(&self) -> &ChargePermissionState {
        self.status.state()
    }

    /// The last state this crate knows; the rules use it.
    pub fn last_known_state(&self) -> Option<&ChargePermissionState> {
        self.status.last_known()
    }

    /// Whether the current state is the crate's prediction (an expiry, or a
    /// consequence of a charge) rather than a confirmed change.
    pub fn is_predicted(&self) -> bool {
        self.status.is_predicted()
    }

    /// When the last confirmed change happened.
    pub fn updated_at(&self) -> Option<Timestamp> {
        self.status.updated_at()
    }

    /// The reasons for the state.
    pub fn reasons(&self) -> &Reasons {
        &self.reasons
    }

    /// OneTime, Recurring or PaymentMethodOnFile.
    pub fn kind(&self) -> &ChargePermissionType {
        &self.kind
    }

    /// When the permission was created (confirmed), if known.
    pub fn created_at(&self) -> Option<Timestamp> {
        self.created_at
    }

    /// The API path version.
    pub fn api_version(&self) -> ApiVersion {
        self.api_version
    }

    /// `limits.amountLimit`, if known.
    pub fn amount_limit(&self) -> Option<&Price> {
        self.amount_limit.as_ref()
    }

    /// `limits.amountBalance`, as Amazon last reported it.
    pub fn amount_balance(&self) -> Option<&Price> {
        self.amount_balance.as_ref()
    }

    fn operations_in(state: &ChargePermissionState) -> &'static [Operation] {
        match state {
            ChargePermissionState::Chargeable => &[
                Operation::GetChargePermission,
                Operation::UpdateChargePermission,
                Operation::CloseChargePermission,
                Operation::CreateCharge,
            ],
            ChargePermissionState::NonChargeable => &[
                Operation::GetChargePermission,
                Operation::UpdateChargePermission,
                Operation::CloseChargePermission,
            ],
            _ => &[Operation::GetChargePermission],
        }
    }

    /// The operations allowed at `now`, after the changes due by then:
    /// Chargeable: Get, Update, Close, Create Charge; NonChargeable: Get,
    /// Update, Close; Closed, or a state this crate does not know: Get.
    pub fn allowed_operations(&self, now: Timestamp) -> &'static [Operation] {
        match self.next_change() {
            Some(change) if now >= change.at => Self::operations_in(&change.state),
            _ => Self::operations_in(self.state()),
        }
    }

    /// Refuses `operation` unless it is allowed at `now`. A refusal caused
    /// by the permission's expiry is [`LifecycleError::Expired`].
    pub fn require(&self, operation: Operation, now: Timestamp) -> Result<(), LifecycleError> {
        self.require_at(operation, now)
    }

    /// The events the state takes, by name.
    pub fn allowed_events(&self) -> Vec<&'static str> {
        Machine::allowed_events(self)
    }

    /// When the permission expires by itself, if nothing closes it first:
    /// Amazon's `expirationTimestamp` when reported; else OneTime 180 days
    /// after creation (13 months with `extendExpiration`), Recurring 13
    /// months after creation, PaymentMethodOnFile never.
    ///
    /// Whether each recurring charge restarts the 13 months is unconfirmed
    /// (spec §4.3); the crate assumes it does not, which gives the earlier,
    /// safer date.
    pub fn expires_at(&self) -> Option<(Timestamp, DeadlineBasis)> {
        if let Some(at) = self.expires_at {
            return Some((at, DeadlineBasis::Amazon));
        }
        let created = self.created_at?;
        let at = match (&self.kind, self.extend_expiration) {
            (ChargePermissionType::OneTime, false) => created.checked_add(ONE_TIME_LIFETIME),
            (ChargePermissionType::OneTime, true) | (ChargePermissionType::Recurring, _) => {
                created.checked_add_months(EXTENDED_LIFETIME_MONTHS)
            }
            _ => None,
        }?;
        Some((at, DeadlineBasis::Derived))
    }

    /// What happens by itself next: an open permission is Closed (`Expired`)
    /// at [`expires_at`](Self::expires_at).
    pub fn next_change(
        &self,
    ) -> Option<ScheduledChange<ChargePermissionState, ChargePermissionReasonCode>> {
        match self.state() {
            ChargePermissionState::Chargeable | ChargePermissionState::NonChargeable => {
                let (at, basis) = self.expires_at()?;
                Some(ScheduledChange {
                    at,
                    state: ChargePermissionState::Closed,
                    reason: Some(ChargePermissionReasonCode::Expired),
                    basis,
                })
            }
            _ => None,
        }
    }

    /// Until when Get Charge Permission returns the buyer's details of a
    /// OneTime permission (30 days after creation).
    pub fn buyer_details_until(&self) -> Option<Timestamp> {
        match self.kind {
            ChargePermissionType::OneTime => self.created_at?.checked_add(BUYER_DETAILS_WINDOW),
            _ => None,
        }
    }

    /// What may be done at `now`, until when, and how much (from Amazon's
    /// last reported balance, else the amount limit; the
    /// [`Ledger`](crate::lifecycle::Ledger) also counts the charges it knows).
    pub fn status(
        &self,
        now: Timestamp,
    ) -> Status<ChargePermissionState, ChargePermissionReasonCode> {
        let at = self.clone().advance(now);
        let allowed = self.allowed_operations(now);
        let chargeable = self.amount_balance.as_ref().or(self.amount_limit.as_ref());
        let chargeable = chargeable.map(|price| {
            if allowed.contains(&Operation::CreateCharge) {
                price.clone()
            } else {
                Price::zero(price.currency().clone())
            }
        });
        Status {
            state: at.state().clone(),
            last_known_state: at.last_known_state().cloned(),
            predicted: at.is_predicted(),
            allowed_operations: allowed.to_vec(),
            next_change: at.next_change(),
            capturable: None,
            refundable: None,
            chargeable,
        }
    }

    /// Applies the changes due at `now`, as predictions.
    pub fn advance(mut self, now: Timestamp) -> ChargePermissionLifecycle {
        if let Some(change) = self.next_change()
            && now >= change.at
        {
            self.status.predict(change.state);
            self.reasons = change.reason.map(Reasons::one).unwrap_or_default();
        }
        self
    }

    fn next_state(&self, event: &ChargePermissionEvent) -> Option<ChargePermissionState> {
        match (&self.kind, event) {
            (kind, ChargePermissionEvent::FullyCaptured)
                if *kind != ChargePermissionType::OneTime =>
            {
                None
            }
            (ChargePermissionType::PaymentMethodOnFile, ChargePermissionEvent::Expired) => None,
            _ => Self::successor(self.state(), event),
        }
    }

    fn closing_reason(&self, event: &ChargePermissionEvent) -> Option<ChargePermissionReasonCode> {
        let v1 = self.api_version == ApiVersion::V1;
        Some(match event {
            ChargePermissionEvent::MerchantClosed if v1 => {
                ChargePermissionReasonCode::MerchantCanceled
            }
            ChargePermissionEvent::MerchantClosed => ChargePermissionReasonCode::MerchantClosed,
            ChargePermissionEvent::BuyerClosed if v1 => ChargePermissionReasonCode::BuyerCanceled,
            ChargePermissionEvent::BuyerClosed => ChargePermissionReasonCode::BuyerClosed,
            ChargePermissionEvent::AmazonCanceled => ChargePermissionReasonCode::AmazonCanceled,
            ChargePermissionEvent::FullyCaptured => ChargePermissionReasonCode::AmazonClosed,
            ChargePermissionEvent::Expired => ChargePermissionReasonCode::Expired,
            _ => return None,
        })
    }

    /// Applies `event` at `at`, after the changes due by then.
    ///
    /// Refused, leaving the lifecycle as it was: an event the state or the
    /// permission's type does not take, an event dated before the
    /// permission's last change, and `expired` before it is due.
    pub fn apply(
        self,
        event: ChargePermissionEvent,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        let this = match event {
            ChargePermissionEvent::Expired => self,
            _ => self.advance(at),
        };
        if let Some(error) = this.time_error(at) {
            return Err(Refused {
                lifecycle: this,
                error,
            });
        }
        if !this.accepts(&event) {
            return Err(this.illegal(&event));
        }
        if event == ChargePermissionEvent::Expired
            && let Some((due, _)) = this.expires_at()
            && at < due
        {
            return Err(Refused {
                lifecycle: this,
                error: LifecycleError::TooEarly {
                    object: ObjectKind::ChargePermission,
                    event: "expired",
                    at,
                    due,
                },
            });
        }
        let predicted = event == ChargePermissionEvent::Expired;
        this.transition(event, Some(at), predicted)
    }

    /// A change the crate predicts as a consequence of another object (a
    /// pending authorization, an `AmazonRejected` decline, a full capture):
    /// applied, marked as predicted, until Amazon reports.
    pub(crate) fn predict(
        self,
        event: ChargePermissionEvent,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.transition(event, None, true)
    }

    fn transition(
        mut self,
        event: ChargePermissionEvent,
        at: Option<Timestamp>,
        predicted: bool,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        let Some(state) = self.next_state(&event) else {
            return Err(self.illegal(&event));
        };
        let closing = self.closing_reason(&event);
        match event {
            ChargePermissionEvent::NonChargeable(reason) => {
                if self.state() != &ChargePermissionState::NonChargeable {
                    self.reasons = Reasons::default();
                }
                self.reasons.insert(reason);
            }
            ChargePermissionEvent::ChargeableAgain => self.reasons = Reasons::default(),
            _ => self.reasons = closing.map(Reasons::one).unwrap_or_default(),
        }
        match (at, predicted) {
            (Some(at), false) => self.status.set(state, at),
            _ => self.status.predict(state),
        }
        Ok(self)
    }

    /// Amazon made the permission NonChargeable.
    pub fn non_chargeable(
        self,
        reason: ChargePermissionReasonCode,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::NonChargeable(reason), at)
    }

    /// The cause was resolved.
    pub fn chargeable_again(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::ChargeableAgain, at)
    }

    /// The merchant closed the permission.
    pub fn merchant_closed(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::MerchantClosed, at)
    }

    /// The buyer closed the permission.
    pub fn buyer_closed(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::BuyerClosed, at)
    }

    /// Amazon closed the permission.
    pub fn amazon_canceled(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::AmazonCanceled, at)
    }

    /// The order amount was fully captured.
    pub fn fully_captured(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::FullyCaptured, at)
    }

    /// The permission expired. Refused before it is due; the result is a
    /// prediction until Amazon reports it.
    pub fn expired(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::Expired, at)
    }

    /// Takes in what Amazon now reports for this permission — state,
    /// reasons, type, limits and dates — and says what it made of it.
    ///
    /// A report older than the last change (`lastUpdatedTimestamp`) is
    /// ignored as stale; one that overrules a prediction is taken. Refused,
    /// leaving the lifecycle as it was: a report without a state, limits in
    /// another currency, or a state that cannot follow the last known one
    /// (anything out of Closed).
    pub fn observe(
        self,
        permission: &model::ChargePermission,
    ) -> Result<
        Observed<ChargePermissionLifecycle, ChargePermissionState>,
        Refused<ChargePermissionLifecycle>,
    > {
        let judged = self.judge_report(permission);
        self.conclude(judged, |next, state| next.take_report(permission, state))
    }

    fn judge_report(
        &self,
        permission: &model::ChargePermission,
    ) -> Result<(ChargePermissionState, Judgement<ChargePermissionState>), LifecycleError> {
        let Some(state) = permission.state() else {
            return Err(LifecycleError::MismatchedReport {
                object: ObjectKind::ChargePermission,
                reason: "the report has no statusDetails.state",
            });
        };
        if let Some(limits) = &permission.limits {
            let expected = self
                .amount_limit
                .as_ref()
                .or(limits.amount_limit.as_ref())
                .map(Price::currency);
            for amount in [&limits.amount_limit, &limits.amount_balance]
                .into_iter()
                .flatten()
            {
                if let Some(expected) = expected
                    && amount.currency() != expected
                {
                    return Err(LifecycleError::ReportBreaksRule {
                        object: ObjectKind::ChargePermission,
                        violation: RuleViolation::CurrencyMismatch {
                            expected: expected.clone(),
                            found: amount.currency().clone(),
                        },
                    });
                }
            }
        }
        let reported_at = permission
            .status_details
            .as_ref()
            .and_then(|s| s.last_updated_timestamp);
        Ok((state.clone(), self.judge(state, reported_at)?))
    }

    fn take_report(&mut self, permission: &model::ChargePermission, state: ChargePermissionState) {
        let status = permission.status_details.as_ref();
        self.reasons = Reasons::default();
        for code in status.into_iter().flat_map(|s| s.reason_codes()) {
            self.reasons.insert(code.clone());
        }
        if let Some(kind) = &permission.charge_permission_type {
            self.kind = kind.clone();
        }
        if let Some(limits) = &permission.limits {
            if limits.amount_limit.is_some() {
                self.amount_limit = limits.amount_limit.clone();
            }
            if limits.amount_balance.is_some() {
                self.amount_balance = limits.amount_balance.clone();
            }
        }
        self.created_at = permission.creation_timestamp.or(self.created_at);
        self.expires_at = permission.expiration_timestamp.or(self.expires_at);
        let reported_at = status.and_then(|s| s.last_updated_timestamp);
        self.take(state, reported_at);
    }
}

impl Machine for ChargePermissionLifecycle {
    const KIND: ObjectKind = ObjectKind::ChargePermission;
    type State = ChargePermissionState;
    type Event = ChargePermissionEvent;
    machine_plumbing!(
        ChargePermission,
        ChargePermissionState,
        ChargePermissionEvent
    );

    fn successor(
        state: &ChargePermissionState,
        event: &ChargePermissionEvent,
    ) -> Option<ChargePermissionState> {
        use ChargePermissionEvent as E;
        use ChargePermissionState as S;
        match (state, event) {
            (S::Chargeable | S::NonChargeable, E::NonChargeable(_)) => Some(S::NonChargeable),
            (S::NonChargeable, E::ChargeableAgain) => Some(S::Chargeable),
            (
                S::Chargeable | S::NonChargeable,
                E::MerchantClosed
                | E::BuyerClosed
                | E::AmazonCanceled
                | E::FullyCaptured
                | E::Expired,
            ) => Some(S::Closed),
            _ => None,
        }
    }

    fn accepts(&self, event: &ChargePermissionEvent) -> bool {
        self.next_state(event).is_some()
    }

    fn expiry(&self) -> Option<Remedy> {
        (self.state() == &ChargePermissionState::Closed
            && self.reasons.contains(&ChargePermissionReasonCode::Expired))
        .then_some(Remedy::NewCheckoutSession)
    }

    fn expired_at(&self) -> Option<Timestamp> {
        self.expires_at().map(|(at, _)| at)
    }

    fn operations_at(&self, now: Timestamp) -> &'static [Operation] {
        self.allowed_operations(now)
    }

    fn advanced(&self, now: Timestamp) -> Self {
        self.clone().advance(now)
    }

    fn reason_texts(&self) -> Vec<String> {
        self.reasons.iter().map(ToString::to_string).collect()
    }
}
