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

use crate::config::ApiVersion;
use crate::error::{LifecycleError, Refused};
use crate::lifecycle::{Machine, Operation, ScheduledChange, days, first_report};
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
/// as Amazon wrote them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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

    fn one(code: ChargePermissionReasonCode) -> Reasons {
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

/// A OneTime permission lives 180 days …
const ONE_TIME_LIFETIME: time::Duration = days(180);
/// … or 13 months with `extendExpiration`; a Recurring one 13 months.
const EXTENDED_LIFETIME_MONTHS: u32 = 13;
/// OneTime buyer details can be read for 30 days after creation.
const BUYER_DETAILS_WINDOW: time::Duration = days(30);

/// A Charge Permission's state and the facts its rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargePermissionLifecycle {
    state: ChargePermissionState,
    reasons: Reasons,
    kind: ChargePermissionType,
    created_at: Timestamp,
    extend_expiration: bool,
    api_version: ApiVersion,
    amount_limit: Option<Price>,
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
            state: ChargePermissionState::Chargeable,
            reasons: Reasons::default(),
            kind,
            created_at: at,
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

    /// The lifecycle of a permission as Amazon reported it. The type defaults
    /// to OneTime and `creationTimestamp` to `at`; an unknown state is kept.
    pub fn from_model(
        permission: &model::ChargePermission,
        api_version: ApiVersion,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, LifecycleError> {
        let blank = ChargePermissionLifecycle {
            state: ChargePermissionState::Unknown(String::new()),
            kind: permission
                .charge_permission_type
                .clone()
                .unwrap_or(ChargePermissionType::OneTime),
            ..Self::chargeable(
                ChargePermissionType::OneTime,
                permission.creation_timestamp.unwrap_or(at),
                api_version,
            )
        };
        first_report(blank.observe(permission))
    }

    /// The state.
    pub fn state(&self) -> &ChargePermissionState {
        &self.state
    }

    /// The reasons for the state.
    pub fn reasons(&self) -> &Reasons {
        &self.reasons
    }

    /// OneTime, Recurring or PaymentMethodOnFile.
    pub fn kind(&self) -> &ChargePermissionType {
        &self.kind
    }

    /// When the permission was created (confirmed).
    pub fn created_at(&self) -> Timestamp {
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

    /// The operations the state allows: Chargeable: Get, Update, Close,
    /// Create Charge; NonChargeable: Get, Update, Close; Closed: Get.
    pub fn allowed_operations(&self) -> &'static [Operation] {
        match self.state {
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

    /// Refuses `operation` unless the state allows it.
    pub fn require(&self, operation: Operation) -> Result<(), LifecycleError> {
        crate::lifecycle::require(self, operation, self.allowed_operations())
    }

    /// The events the state takes, by name.
    pub fn allowed_events(&self) -> Vec<&'static str> {
        Machine::allowed_events(self)
    }

    /// When the permission expires by itself, if nothing closes it first:
    /// OneTime 180 days after creation (13 months with `extendExpiration`);
    /// Recurring 13 months after creation; PaymentMethodOnFile never.
    ///
    /// Whether each recurring charge restarts the 13 months is unconfirmed
    /// (spec §4.3); the crate assumes it does not, which gives the earlier,
    /// safer date.
    pub fn expires_at(&self) -> Option<Timestamp> {
        match (&self.kind, self.extend_expiration) {
            (ChargePermissionType::OneTime, false) => {
                self.created_at.checked_add(ONE_TIME_LIFETIME)
            }
            (ChargePermissionType::OneTime, true) | (ChargePermissionType::Recurring, _) => {
                self.created_at.checked_add_months(EXTENDED_LIFETIME_MONTHS)
            }
            _ => None,
        }
    }

    /// What happens by itself next: an open permission is Closed (`Expired`)
    /// at [`expires_at`](Self::expires_at).
    pub fn next_change(
        &self,
    ) -> Option<ScheduledChange<ChargePermissionState, ChargePermissionReasonCode>> {
        match self.state {
            ChargePermissionState::Chargeable | ChargePermissionState::NonChargeable => {
                Some(ScheduledChange {
                    at: self.expires_at()?,
                    state: ChargePermissionState::Closed,
                    reason: Some(ChargePermissionReasonCode::Expired),
                })
            }
            _ => None,
        }
    }

    /// Until when Get Charge Permission returns the buyer's details of a
    /// OneTime permission (30 days after creation).
    pub fn buyer_details_until(&self) -> Option<Timestamp> {
        match self.kind {
            ChargePermissionType::OneTime => self.created_at.checked_add(BUYER_DETAILS_WINDOW),
            _ => None,
        }
    }

    /// Applies the changes due at `now`.
    pub fn advance(mut self, now: Timestamp) -> ChargePermissionLifecycle {
        if let Some(change) = self.next_change()
            && now >= change.at
        {
            self.state = change.state;
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
            _ => Self::successor(&self.state, event),
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
    pub fn apply(
        self,
        event: ChargePermissionEvent,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        let mut this = self.advance(at);
        let Some(state) = this.next_state(&event) else {
            return Err(this.illegal(&event));
        };
        let closing = this.closing_reason(&event);
        match event {
            ChargePermissionEvent::NonChargeable(reason) => {
                if this.state != ChargePermissionState::NonChargeable {
                    this.reasons = Reasons::default();
                }
                this.reasons.insert(reason);
            }
            ChargePermissionEvent::ChargeableAgain => this.reasons = Reasons::default(),
            _ => this.reasons = closing.map(Reasons::one).unwrap_or_default(),
        }
        this.state = state;
        Ok(this)
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

    /// The permission expired.
    pub fn expired(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::Expired, at)
    }

    /// Takes in what Amazon now reports for this permission: state, reasons,
    /// type and limits. Refused: a report without a state, or with a state
    /// that cannot follow the known one (anything out of Closed). An unknown
    /// state is kept and reported.
    pub fn observe(
        self,
        permission: &model::ChargePermission,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        let refuse = |lifecycle, error| Err(Refused { lifecycle, error });
        let Some(status) = &permission.status_details else {
            let error = LifecycleError::MismatchedReport {
                object: "Charge Permission",
                reason: "the report has no statusDetails.state",
            };
            return refuse(self, error);
        };
        let Some(state) = &status.state else {
            let error = LifecycleError::MismatchedReport {
                object: "Charge Permission",
                reason: "the report has no statusDetails.state",
            };
            return refuse(self, error);
        };
        self.take_report(state, |next| {
            next.reasons = Reasons::default();
            for code in status.reason_codes() {
                next.reasons.insert(code.clone());
            }
            if let Some(kind) = &permission.charge_permission_type {
                next.kind = kind.clone();
            }
            if let Some(limits) = &permission.limits {
                if limits.amount_limit.is_some() {
                    next.amount_limit = limits.amount_limit.clone();
                }
                if limits.amount_balance.is_some() {
                    next.amount_balance = limits.amount_balance.clone();
                }
            }
        })
    }
}

impl Machine for ChargePermissionLifecycle {
    const OBJECT: &'static str = "Charge Permission";
    type State = ChargePermissionState;
    type Event = ChargePermissionEvent;

    fn events() -> &'static [ChargePermissionEvent] {
        EVENTS
    }

    fn event_name(event: &ChargePermissionEvent) -> &'static str {
        event.name()
    }

    fn state(&self) -> &ChargePermissionState {
        &self.state
    }

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

    fn is_known(state: &ChargePermissionState) -> bool {
        state.is_known()
    }

    fn with_state(mut self, state: ChargePermissionState) -> Self {
        self.state = state;
        self
    }
}
