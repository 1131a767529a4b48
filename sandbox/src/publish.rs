//! The sandbox's hooks after each step: what changed (each object's state,
//! for the journal and for IPNs), the IPNs queued (see [`ipn`](crate::ipn)),
//! the request answered and the money requests judged (for the journal).

use std::collections::BTreeMap;

use amazon_pay_core::{Operation, Timestamp};

use amazon_pay_core::operation::Response;

use crate::Sandbox;
use crate::answer::SandboxRequest;
use crate::ipn::{IpnSigner, ObjectKey, Outbox, QueuedIpn};
use crate::journal::{IpnEntry, RequestEntry};
use crate::route::Route;

impl Sandbox {
    /// Emits IPNs from now on, signed by `signer`, whose certificate is at
    /// `certificate_url` (the server serves it at
    /// `https://{its HTTPS address}`[`CERTIFICATE_PATH`](crate::ipn::CERTIFICATE_PATH)).
    pub fn enable_ipn(&mut self, signer: IpnSigner, certificate_url: impl Into<String>) {
        let mut outbox = Outbox::new(signer, certificate_url.into());
        // What exists already is not news.
        outbox.announced = self.object_states();
        self.ipn = Some(outbox);
    }

    /// Queues every `every`-th IPN twice (0: never), as SNS may deliver a
    /// message more than once.
    pub fn set_ipn_duplicates(&mut self, every: u32) {
        if let Some(outbox) = &mut self.ipn {
            outbox.duplicate_every = every;
        }
    }

    /// The IPN signer, when IPNs are on.
    pub fn ipn_signer(&self) -> Option<&IpnSigner> {
        self.ipn.as_ref().map(Outbox::signer)
    }

    /// Takes every queued IPN, oldest first.
    pub fn take_ipns(&mut self) -> Vec<QueuedIpn> {
        self.ipn
            .as_mut()
            .map(|outbox| outbox.queue.drain(..).collect())
            .unwrap_or_default()
    }

    /// Puts IPNs back at the front of the queue (a delivery that failed).
    pub fn requeue_ipns(&mut self, ipns: Vec<QueuedIpn>) {
        if let Some(outbox) = &mut self.ipn {
            for ipn in ipns.into_iter().rev() {
                outbox.queue.push_front(ipn);
            }
        }
    }

    /// Every permission's, charge's and refund's state now, with the
    /// permission each belongs to.
    fn object_states(&self) -> BTreeMap<ObjectKey, (String, String)> {
        let mut states = BTreeMap::new();
        for (id, record) in &self.permissions {
            let ledger = &record.ledger;
            states.insert(
                ("CHARGE_PERMISSION", id.as_str().to_owned()),
                (
                    ledger.permission().state().as_str().to_owned(),
                    id.as_str().to_owned(),
                ),
            );
            for charge in ledger.charges() {
                states.insert(
                    ("CHARGE", charge.id().as_str().to_owned()),
                    (
                        charge.lifecycle().state().as_str().to_owned(),
                        id.as_str().to_owned(),
                    ),
                );
                for refund in charge.refunds() {
                    states.insert(
                        ("REFUND", refund.id().as_str().to_owned()),
                        (
                            refund.lifecycle().state().as_str().to_owned(),
                            id.as_str().to_owned(),
                        ),
                    );
                }
            }
        }
        states
    }

    /// Queues an IPN for every object whose state changed (or that appeared)
    /// since the last call; forgets objects that are gone.
    pub(crate) fn publish_changes(&mut self, now: Timestamp) {
        // The envelope is dated by the sandbox's virtual clock, as the
        // objects' own timestamps are.
        let at = self.clock(now);
        let states = self.object_states();
        for ((kind, id), (state, _)) in &states {
            self.journal.state((kind, id.clone()), state, at);
        }
        for (id, record) in &self.sessions {
            let state = record.lifecycle.state().as_str();
            self.journal
                .state(("CHECKOUT_SESSION", id.clone()), state, at);
        }
        let Some(outbox) = &mut self.ipn else {
            return;
        };
        for ((kind, id), (state, permission)) in &states {
            let known = outbox.announced.get(&(*kind, id.clone()));
            if known.is_some_and(|(before, _)| before == state) {
                continue;
            }
            let Some((message_id, body)) = outbox.envelope(at, kind, id, permission) else {
                continue;
            };
            let ipn = QueuedIpn {
                message_id,
                object_type: kind,
                object_id: id.clone(),
                state: state.clone(),
                body,
            };
            let twice = outbox.duplicate_every > 0
                && outbox.published % u64::from(outbox.duplicate_every) == 0;
            self.journal.ipn(IpnEntry {
                at,
                object_type: kind,
                object_id: id.clone(),
                state: state.clone(),
            });
            if twice {
                outbox.queue.push_back(ipn.clone());
            }
            outbox.queue.push_back(ipn);
        }
        outbox.announced = states;
    }

    /// Notes a request and its answer in the journal.
    pub(crate) fn note_request(
        &mut self,
        at: Timestamp,
        request: &SandboxRequest,
        answer: &Response,
    ) {
        let reason_code = (answer.status() >= 400)
            .then(|| serde_json::from_slice::<serde_json::Value>(answer.body()).ok())
            .flatten()
            .and_then(|body| body.get("reasonCode")?.as_str().map(str::to_owned));
        self.journal.request(RequestEntry {
            at,
            method: request.method.chars().take(16).collect(),
            path: request.path().chars().take(200).collect(),
            operation: Route::parse(&request.method, request.path())
                .ok()
                .map(|route| route.operation.as_str()),
            status: answer.status(),
            reason_code,
        });
    }

    /// Notes a money request that was judged (not replayed).
    pub(crate) fn note_execution(
        &mut self,
        route: &Route,
        key: Option<&str>,
        request: &SandboxRequest,
        answer: &Response,
    ) {
        let (operation, charge_id) = match route.operation {
            Operation::CaptureCharge => ("CaptureCharge", route.id.clone()),
            Operation::CreateRefund => (
                "CreateRefund",
                serde_json::from_slice::<serde_json::Value>(&request.body)
                    .ok()
                    .and_then(|body| body.get("chargeId")?.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            ),
            _ => return,
        };
        self.journal.executions.push(crate::journal::Execution {
            operation,
            charge_id,
            idempotency_key: key.map(str::to_owned),
            status: answer.status(),
        });
    }
}
