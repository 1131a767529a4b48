//! What the four lifecycles share: the state with its last known value, its
//! prediction mark and the time of its last change ([`Track`]), and one
//! transition function per object from which the allowed events, the error
//! values and the judgement of Amazon's reports are all derived
//! ([`Machine`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::api::Operation;
use crate::lifecycle::error::{
    Expired, IllegalTransition, LifecycleError, ObjectEvent, ObjectKind, ObjectState,
    OperationNotAllowed, Refused, Remedy,
};
use crate::lifecycle::{Observation, Observed, ScheduledChange, Status, latest};
use crate::model;
use crate::timestamp::Timestamp;

/// An object's state as far as the rules are concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    bound(serialize = "S: Serialize", deserialize = "S: Deserialize<'de>")
)]
pub(crate) struct Track<S> {
    /// The current state: the last one reported or applied, possibly one
    /// this crate does not know.
    state: S,
    /// The last state this crate knows; the rules use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_known: Option<S>,
    /// While `state` is only predicted: the known state before the
    /// prediction, from which Amazon's reports are judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    predicted_from: Option<S>,
    /// When the last confirmed change happened (an event, or a report's
    /// `lastUpdatedTimestamp`): the later of the two clocks below.
    /// Predictions do not move it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated_at: Option<Timestamp>,
    /// The latest report taken in, on Amazon's clock: reports are ordered
    /// against each other only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reported_at: Option<Timestamp>,
    /// The latest event of the merchant's own, on the merchant's clock:
    /// events are ordered against each other only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    local_at: Option<Timestamp>,
}

impl<S: Clone + PartialEq> Track<S> {
    /// A known state, confirmed at `at`.
    pub(crate) fn new(state: S, at: Option<Timestamp>) -> Track<S> {
        Track {
            last_known: Some(state.clone()),
            state,
            predicted_from: None,
            updated_at: at,
            reported_at: None,
            local_at: at,
        }
    }

    /// No report yet: `placeholder` stands for the state until the first one.
    pub(crate) fn blank(placeholder: S) -> Track<S> {
        Track {
            state: placeholder,
            last_known: None,
            predicted_from: None,
            updated_at: None,
            reported_at: None,
            local_at: None,
        }
    }

    pub(crate) fn state(&self) -> &S {
        &self.state
    }

    pub(crate) fn last_known(&self) -> Option<&S> {
        self.last_known.as_ref()
    }

    pub(crate) fn updated_at(&self) -> Option<Timestamp> {
        self.updated_at
    }

    /// The latest report's time, on Amazon's clock. A track stored before
    /// the two clocks were kept apart has only `updated_at`, which stands
    /// for both.
    pub(crate) fn reported_at(&self) -> Option<Timestamp> {
        self.reported_at.or(self.legacy())
    }

    /// The latest merchant event's time, on the merchant's clock (with the
    /// same fallback).
    pub(crate) fn local_at(&self) -> Option<Timestamp> {
        self.local_at.or(self.legacy())
    }

    /// A track stored before the clocks were kept apart takes its one time
    /// as both, before either moves.
    fn split_legacy(&mut self) {
        if let Some(at) = self.legacy() {
            self.reported_at = Some(at);
            self.local_at = Some(at);
        }
    }

    fn legacy(&self) -> Option<Timestamp> {
        match (self.reported_at, self.local_at) {
            (None, None) => self.updated_at,
            _ => None,
        }
    }

    pub(crate) fn is_predicted(&self) -> bool {
        self.predicted_from.is_some()
    }

    /// A confirmed change at `at` (a merchant call Amazon accepts, or an
    /// event the caller learnt of).
    pub(crate) fn set(&mut self, state: S, at: Timestamp) {
        self.split_legacy();
        self.last_known = Some(state.clone());
        self.state = state;
        self.predicted_from = None;
        self.local_at = latest(self.local_at, Some(at));
        self.updated_at = latest(self.updated_at, Some(at));
    }

    /// A predicted change: the state before it is kept for judging reports.
    pub(crate) fn predict(&mut self, state: S) {
        if self.predicted_from.is_none() {
            self.predicted_from = self.last_known.clone();
        }
        if self.predicted_from.as_ref() == Some(&state) {
            self.predicted_from = None;
        }
        self.last_known = Some(state.clone());
        self.state = state;
    }

    /// A report taken in.
    fn accept(&mut self, state: S, known: bool, at: Option<Timestamp>) {
        self.split_legacy();
        if known {
            self.last_known = Some(state.clone());
            self.predicted_from = None;
        }
        self.state = state;
        self.reported_at = latest(self.reported_at, at);
        self.updated_at = latest(self.updated_at, at);
    }
}

/// What every report of Amazon's carries for the rules: a state (possibly
/// missing) and the time of its last change (`lastUpdatedTimestamp`).
pub(crate) trait Reported {
    type State;
    fn reported_state(&self) -> Option<&Self::State>;
    fn reported_at(&self) -> Option<Timestamp>;
}

macro_rules! reported {
    ($($model:ident => $state:ident),+) => {$(
        impl Reported for model::$model {
            type State = model::$state;

            fn reported_state(&self) -> Option<&model::$state> {
                self.state()
            }

            fn reported_at(&self) -> Option<Timestamp> {
                self.status_details.as_ref()?.last_updated_timestamp
            }
        }
    )+};
}

reported!(
    Charge => ChargeState,
    ChargePermission => ChargePermissionState,
    CheckoutSession => CheckoutSessionState,
    Refund => RefundState
);

/// How a report is judged, before anything is changed.
pub(crate) enum Judgement<S> {
    /// Older than the last applied change: ignore.
    Stale(Observation<S>),
    /// Take it in, and say this.
    Take(Observation<S>),
}

/// One object's state machine.
pub(crate) trait Machine: Sized + Clone {
    const KIND: ObjectKind;
    type State: Clone + PartialEq + fmt::Display;
    type Event: Clone + 'static;
    type Reason;

    /// One event of every kind.
    fn events() -> &'static [Self::Event];
    fn event_name(event: &Self::Event) -> &'static str;
    fn track(&self) -> &Track<Self::State>;
    fn track_mut(&mut self) -> &mut Track<Self::State>;
    /// The state `event` leads to from `state`, ignoring everything else the
    /// object knows (used for reports, where Amazon decides).
    fn successor(state: &Self::State, event: &Self::Event) -> Option<Self::State>;
    /// Whether this object, with everything it knows, takes `event`.
    fn accepts(&self, event: &Self::Event) -> bool;
    /// Whether the state is one this crate knows (not `Unknown`).
    fn is_known(state: &Self::State) -> bool;
    fn object_state(state: Self::State) -> ObjectState;
    fn object_event(event: Self::Event) -> ObjectEvent;
    /// Whether the state is the result of an expiry, and what to do then.
    fn expiry(&self) -> Option<Remedy>;
    /// When the expiry happened or was due, where known.
    fn expired_at(&self) -> Option<Timestamp>;
    /// Amazon's reasons for the current state, as text.
    fn reason_texts(&self) -> Vec<String>;
    /// What to do when the state refuses an operation, where its reasons
    /// say.
    fn remedy(&self) -> Option<Remedy> {
        None
    }
    /// The operations `state` allows: the object's table (spec §4).
    fn operations_in(&self, state: &Self::State) -> &'static [Operation];
    /// The change due next by itself, if any (the lifecycle's `next_change`).
    fn change_due(&self) -> Option<ScheduledChange<Self::State, Self::Reason>>;
    /// The lifecycle with the changes due at `now` applied (its `advance`).
    fn advanced(&self, now: Timestamp) -> Self;

    /// The operations allowed at `now`, after the changes due by then.
    fn operations_at(&self, now: Timestamp) -> &'static [Operation] {
        match self.change_due() {
            Some(change) if now >= change.at => self.operations_in(&change.state),
            _ => self.operations_in(self.track().state()),
        }
    }

    /// What every lifecycle's `status(now)` says alike: the state at `now`
    /// (the changes due by then applied), the operations allowed, the next
    /// change. The amounts are each object's own; they start as `None`.
    fn status_at(&self, now: Timestamp) -> Status<Self::State, Self::Reason> {
        let at = self.advanced(now);
        let track = at.track();
        Status {
            state: track.state().clone(),
            last_known_state: track.last_known().cloned(),
            predicted: track.is_predicted(),
            allowed_operations: self.operations_at(now).to_vec(),
            next_change: at.change_due(),
            capturable: None,
            refundable: None,
            chargeable: None,
        }
    }

    /// Refuses `operation` unless it is allowed at `now`; an expiry's
    /// refusal is an [`Expired`].
    fn require_at(&self, operation: Operation, now: Timestamp) -> Result<(), LifecycleError> {
        let allowed = self.operations_at(now);
        if allowed.contains(&operation) {
            return Ok(());
        }
        Err(self.advanced(now).not_allowed(operation, allowed))
    }

    /// The events the current state takes.
    fn allowed_events(&self) -> Vec<&'static str> {
        Self::events()
            .iter()
            .filter(|event| self.accepts(event))
            .map(Self::event_name)
            .collect()
    }

    /// The refusal for `event`, giving `self` back.
    fn illegal(self, event: &Self::Event) -> Refused<Self> {
        let error = IllegalTransition {
            state: Self::object_state(self.track().state().clone()),
            event: Self::object_event(event.clone()),
            allowed: self.allowed_events(),
        };
        Refused {
            lifecycle: self,
            error: error.into(),
        }
    }

    /// The refusal of an event of the merchant's dated `at`, if that is
    /// before the merchant's last event on this object. Only the merchant's
    /// own clock is compared: a report dated by Amazon's clock a little
    /// ahead of it never makes a call refused (spec §12.1, §16.6).
    fn time_error(&self, at: Timestamp) -> Option<LifecycleError> {
        match self.track().local_at() {
            Some(known) if at < known => Some(LifecycleError::TimeWentBackwards {
                object: Self::KIND,
                at,
                known,
            }),
            _ => None,
        }
    }

    /// Whether `to` can follow `from` through zero or more transitions.
    fn reachable(from: &Self::State, to: &Self::State) -> bool {
        let mut seen = vec![from.clone()];
        let mut next = 0;
        while let Some(state) = seen.get(next).cloned() {
            if &state == to {
                return true;
            }
            for event in Self::events() {
                if let Some(successor) = Self::successor(&state, event)
                    && !seen.contains(&successor)
                {
                    seen.push(successor);
                }
            }
            next += 1;
        }
        false
    }

    /// Judges a report of `reported`, last changed at `reported_at`.
    fn judge(
        &self,
        reported: &Self::State,
        reported_at: Option<Timestamp>,
    ) -> Result<Judgement<Self::State>, LifecycleError> {
        let track = self.track();
        // Reports are ordered against Amazon's earlier reports only: one
        // dated a few seconds before the merchant's own record of its call
        // (clock skew) is not stale.
        if let (Some(reported_at), Some(last_applied)) = (reported_at, track.reported_at())
            && reported_at < last_applied
        {
            return Ok(Judgement::Stale(Observation::Stale {
                reported_at,
                last_applied,
            }));
        }
        if !Self::is_known(reported) {
            return Ok(Judgement::Take(Observation::UnknownState {
                reported: reported.clone(),
                last_known: track.last_known().cloned(),
            }));
        }
        let base = track.predicted_from.as_ref().or(track.last_known());
        if let Some(base) = base
            && !Self::reachable(base, reported)
        {
            return Err(LifecycleError::ImpossibleObservation {
                from: Self::object_state(base.clone()),
                to: Self::object_state(reported.clone()),
            });
        }
        let from = track.state().clone();
        Ok(Judgement::Take(match track.predicted_from {
            Some(_) if &from != reported => Observation::PredictionOverruled {
                predicted: from,
                reported: reported.clone(),
            },
            _ => Observation::Applied {
                from,
                to: reported.clone(),
            },
        }))
    }

    /// Judges Amazon's `report`: refused when it carries no state, then
    /// when `check` (the object's own rules on the report: currencies,
    /// amounts) refuses it; otherwise [`judge`](Self::judge)d by its state
    /// and `lastUpdatedTimestamp`.
    fn judge_reported<R: Reported<State = Self::State>>(
        &self,
        report: &R,
        check: impl FnOnce() -> Result<(), LifecycleError>,
    ) -> Result<(Self::State, Judgement<Self::State>), LifecycleError> {
        let Some(state) = report.reported_state() else {
            return Err(LifecycleError::MismatchedReport {
                object: Self::KIND,
                reason: "the report has no statusDetails.state",
            });
        };
        check()?;
        Ok((state.clone(), self.judge(state, report.reported_at())?))
    }

    /// Concludes an observation: a refusal gives `self` back unchanged, a
    /// stale report leaves it as it is, any other report is taken in by
    /// `take` (the report's details, then [`take`](Self::take)).
    fn conclude(
        self,
        judged: Result<(Self::State, Judgement<Self::State>), LifecycleError>,
        take: impl FnOnce(&mut Self, Self::State),
    ) -> Result<Observed<Self, Self::State>, Refused<Self>> {
        match judged {
            Err(error) => Err(Refused {
                lifecycle: self,
                error,
            }),
            Ok((_, Judgement::Stale(observation))) => Ok(Observed {
                lifecycle: self,
                observation,
            }),
            Ok((state, Judgement::Take(observation))) => {
                let mut next = self;
                take(&mut next, state);
                Ok(Observed {
                    lifecycle: next,
                    observation,
                })
            }
        }
    }

    /// Takes a judged report in: the state, and the time of the change.
    fn take(&mut self, reported: Self::State, reported_at: Option<Timestamp>) {
        let known = Self::is_known(&reported);
        self.track_mut().accept(reported, known, reported_at);
    }

    /// The refusal for an operation the state does not allow: an
    /// [`Expired`] when an expiry caused it.
    fn not_allowed(&self, operation: Operation, allowed: &[Operation]) -> LifecycleError {
        if let Some(remedy) = self.expiry() {
            return Expired {
                object: Self::KIND,
                operation,
                at: self.expired_at(),
                predicted: self.track().is_predicted(),
                remedy,
            }
            .into();
        }
        OperationNotAllowed {
            state: Self::object_state(self.track().state().clone()),
            reasons: self.reason_texts(),
            operation,
            allowed: allowed.to_vec(),
            remedy: self.remedy(),
        }
        .into()
    }
}

/// The [`Machine`] items every lifecycle implements the same way: its
/// events table (`EVENTS`), its [`Track`] (field `status`), the wrapping of
/// its state and events into [`ObjectState`] and [`ObjectEvent`], and the
/// hooks that lead to its own `next_change` and `advance`.
macro_rules! machine_plumbing {
    ($kind:ident, $state:ty, $event:ty, $reason:ty) => {
        type State = $state;
        type Event = $event;
        type Reason = $reason;

        fn events() -> &'static [$event] {
            EVENTS
        }

        fn event_name(event: &$event) -> &'static str {
            event.name()
        }

        fn track(&self) -> &Track<$state> {
            &self.status
        }

        fn track_mut(&mut self) -> &mut Track<$state> {
            &mut self.status
        }

        fn is_known(state: &$state) -> bool {
            state.is_known()
        }

        fn object_state(state: $state) -> ObjectState {
            ObjectState::$kind(state)
        }

        fn object_event(event: $event) -> ObjectEvent {
            ObjectEvent::$kind(event)
        }

        fn change_due(&self) -> Option<$crate::lifecycle::ScheduledChange<$state, $reason>> {
            self.next_change()
        }

        fn advanced(&self, now: $crate::timestamp::Timestamp) -> Self {
            self.clone().advance(now)
        }
    };
}

pub(crate) use machine_plumbing;

/// The public surface every lifecycle shares, written once: its state, the
/// last state it knows, whether that is predicted, when it last changed,
/// the operations allowed at a time, the refusal of any other, and the
/// events it takes. `$ops` documents the object's table of operations.
macro_rules! lifecycle_common {
    ($lifecycle:ident, $object:literal, $state:ty, $(#[$ops:meta])*) => {
        impl $lifecycle {
            #[doc = concat!(
                "The ", $object, "'s current state: the last one reported or applied, ",
                "possibly one this crate does not know."
            )]
            pub fn state(&self) -> &$state {
                self.status.state()
            }

            /// The last state this crate knows; the rules use it.
            pub fn last_known_state(&self) -> Option<&$state> {
                self.status.last_known()
            }

            /// Whether the current state is the crate's prediction (an expiry
            /// by the clock, a consequence of another object's change) rather
            /// than a change confirmed by a call or by Amazon's report.
            pub fn is_predicted(&self) -> bool {
                self.status.is_predicted()
            }

            /// When the last confirmed change happened.
            pub fn updated_at(&self) -> Option<$crate::timestamp::Timestamp> {
                self.status.updated_at()
            }

            #[doc = concat!(
                "The operations the ", $object, " allows at `now`, after the changes due by ",
                "then ([`next_change`](Self::next_change)); in a state this crate does not ",
                "know, only the Get."
            )]
            ///
            $(#[$ops])*
            pub fn allowed_operations(
                &self,
                now: $crate::timestamp::Timestamp,
            ) -> &'static [$crate::api::Operation] {
                $crate::lifecycle::machine::Machine::operations_at(self, now)
            }

            #[doc = concat!(
                "Refuses `operation` unless the ", $object, " allows it at `now`. A ",
                "refusal caused by an expiry is [`LifecycleError::Expired`]",
                "(crate::lifecycle::LifecycleError::Expired)."
            )]
            pub fn require(
                &self,
                operation: $crate::api::Operation,
                now: $crate::timestamp::Timestamp,
            ) -> Result<(), $crate::lifecycle::LifecycleError> {
                $crate::lifecycle::machine::Machine::require_at(self, operation, now)
            }

            /// The events the state takes, by name.
            pub fn allowed_events(&self) -> Vec<&'static str> {
                $crate::lifecycle::machine::Machine::allowed_events(self)
            }
        }
    };
}

pub(crate) use lifecycle_common;
