//! What the sandbox saw, for its dashboard (`GET /__sandbox/`): the last
//! requests with their answers, the last IPNs queued, and each object's
//! states over time. Plain data: nothing here acts.

use std::collections::{BTreeMap, VecDeque};

use amazon_pay_core::Timestamp;

/// How many requests and IPNs the journal keeps (the oldest go first).
pub const JOURNAL_LENGTH: usize = 50;

/// One request and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestEntry {
    /// The sandbox's time when it answered.
    pub(crate) at: Timestamp,
    pub(crate) method: String,
    pub(crate) path: String,
    /// The call, when the path is one of Amazon's.
    pub(crate) operation: Option<&'static str>,
    pub(crate) status: u16,
    /// Amazon's `reasonCode`, for a refusal.
    pub(crate) reason_code: Option<String>,
}

/// One IPN queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IpnEntry {
    pub(crate) at: Timestamp,
    pub(crate) object_type: &'static str,
    pub(crate) object_id: String,
    pub(crate) state: String,
}

/// An object as the dashboard lists it: kind and id.
pub(crate) type ObjectName = (&'static str, String);

/// A request that could move money (Capture Charge, Create Refund) and
/// was judged — not a replay of a stored answer: what a merchant's
/// crash-safety tests count to show nothing was executed twice.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Execution {
    /// `CaptureCharge` or `CreateRefund`.
    pub operation: &'static str,
    /// The charge it was about.
    pub charge_id: String,
    /// Its idempotency key.
    pub idempotency_key: Option<String>,
    /// The status of the answer (2xx: money moved).
    pub status: u16,
}

/// The journal itself.
#[derive(Debug, Clone, Default)]
pub(crate) struct Journal {
    /// Every money request judged, oldest first, until a reset (not bounded:
    /// for tests, one entry per capture or refund request).
    pub(crate) executions: Vec<Execution>,
    pub(crate) requests: VecDeque<RequestEntry>,
    pub(crate) ipns: VecDeque<IpnEntry>,
    /// Each object's states, oldest first, with the time each was first seen.
    pub(crate) timelines: BTreeMap<ObjectName, Vec<(Timestamp, String)>>,
}

impl Journal {
    pub(crate) fn request(&mut self, entry: RequestEntry) {
        push_bounded(&mut self.requests, entry);
    }

    pub(crate) fn ipn(&mut self, entry: IpnEntry) {
        push_bounded(&mut self.ipns, entry);
    }

    /// Notes `state` of `object` at `at`, when it differs from the last one
    /// noted.
    pub(crate) fn state(&mut self, object: ObjectName, state: &str, at: Timestamp) {
        let timeline = self.timelines.entry(object).or_default();
        if timeline.last().is_none_or(|(_, last)| last != state) {
            timeline.push((at, state.to_owned()));
        }
    }
}

fn push_bounded<T>(queue: &mut VecDeque<T>, entry: T) {
    if queue.len() == JOURNAL_LENGTH {
        queue.pop_front();
    }
    queue.push_back(entry);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_journal_keeps_the_last_entries_and_each_change_once() {
        let at = Timestamp::parse("20261125T120000Z").unwrap();
        let mut journal = Journal::default();
        for i in 0..(JOURNAL_LENGTH + 5) {
            journal.request(RequestEntry {
                at,
                method: "GET".into(),
                path: format!("/v2/charges/{i}"),
                operation: Some("Get Charge"),
                status: 200,
                reason_code: None,
            });
        }
        assert_eq!(journal.requests.len(), JOURNAL_LENGTH);
        assert_eq!(journal.requests[0].path, "/v2/charges/5");
        let charge = ("CHARGE", "S01-1-C1".to_owned());
        journal.state(charge.clone(), "Authorized", at);
        journal.state(charge.clone(), "Authorized", at);
        journal.state(charge.clone(), "Captured", at);
        let states: Vec<&str> = journal.timelines[&charge]
            .iter()
            .map(|(_, s)| s.as_str())
            .collect();
        assert_eq!(states, ["Authorized", "Captured"]);
    }
}
