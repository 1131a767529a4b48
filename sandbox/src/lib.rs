//! An offline, stateful Amazon Pay simulator on
//! [amazon-pay-core](amazon_pay_core)'s rule book.
//!
//! [`Sandbox::handle`] takes a request as received and answers as Amazon
//! would: the signature verified (both algorithms), idempotency keys
//! replayed, every decision asked of the core's lifecycles and `Ledger` —
//! no rule is written a second time — and refusals in Amazon's words (`InvalidChargeStatus`,
//! `TransactionAmountExceeded`, `AmountMismatch` …). It is sans-IO: the
//! caller passes the time of arrival; the sandbox's own clock is that time
//! plus however far [`Sandbox::advance`] moved it, and moving it fires every
//! change that falls due (a pending authorization resolved after 30 s, a
//! refund settled, a session canceled after 24 hours and deleted after 30
//! days).
//!
//! ```
//! use amazon_pay_core::operation::{ApiOperation, GetCheckoutSession};
//! use amazon_pay_core::sign::DefaultSigner;
//! use amazon_pay_core::{Config, PublicKeyId, Region, Timestamp};
//! use amazon_pay_sandbox::{Sandbox, SandboxRequest};
//! # const PEM: &str = include_str!("../../tests/vectors/keys/rsa2048.pkcs8.pem");
//!
//! let signer = DefaultSigner::from_pem(PEM)?;
//! let mut sandbox = Sandbox::new(Region::Na);
//! sandbox.register_key("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B", signer.public_key().clone());
//! let config = Config::new(Region::Na, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?)
//!     .with_host(sandbox.host())?;
//!
//! let now = Timestamp::parse("20261125T120000Z")?;
//! let request = GetCheckoutSession::new("no-such-session").into_request(&config)?;
//! let signed = request.sign(&config, &signer, now, &mut |b: &mut [u8]| b.fill(1))?;
//! let answer = sandbox.handle(now, &SandboxRequest::from_signed(&signed));
//! assert_eq!(answer.status(), 404); // ResourceNotFound, after the signature was verified
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod answer;
mod auth;
mod body;
mod buyer;
pub mod faults;
mod idempotency;
pub mod ipn;
mod journal;
mod payment;
mod publish;
mod refusal;
mod render;
mod route;
pub mod server;
mod session;
mod simulation;

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use amazon_pay_core::lifecycle::{CheckoutSessionLifecycle, Ledger};
use amazon_pay_core::model::{ChargeId, ChargePermissionId, RefundId};
use amazon_pay_core::operation::Response;
use amazon_pay_core::sign::PublicKey;
use amazon_pay_core::time::Duration;
use amazon_pay_core::{ApiVersion, Operation, Region, Timestamp};

pub use answer::SandboxRequest;
pub use auth::{FUTURE_TOLERANCE, MAX_AGE, REQUIRED_SIGNED};
pub use buyer::BUYER_TOKEN_LIFETIME;
pub use faults::{Delivery, FaultPlan};
pub use journal::Execution;
pub use server::{ADMIN_PREFIX, Server};
pub use simulation::TestPaymentMethod;

use answer::error;
use route::Route;
use session::record::SessionRecord;

/// How long after its creation a pending authorization of the sandbox
/// resolves (spec §13.1: about 30 s).
pub const PENDING_AUTHORIZATION: Duration = Duration::seconds(30);
/// How long a refund stays `RefundInitiated` in the sandbox before it is
/// `Refunded` (Amazon publishes no figure; refunds are always asynchronous).
pub const REFUND_SETTLES_AFTER: Duration = Duration::seconds(10);
/// How long a `CaptureInitiated` charge waits before its simulated outcome.
pub const CAPTURE_SETTLES_AFTER: Duration = Duration::seconds(30);

/// The simulator's whole state. See the [crate docs](crate).
///
/// Its methods, as quinn sorts a connection's:
///
/// - **Builders and setup**: [`new`](Self::new), [`with_host`](Self::with_host),
///   [`with_host_alias`](Self::with_host_alias), [`with_buyer_base`](Self::with_buyer_base),
///   [`register_key`](Self::register_key), [`set_fault_plan`](Self::set_fault_plan),
///   [`enable_ipn`](Self::enable_ipn), [`set_ipn_duplicates`](Self::set_ipn_duplicates),
///   [`reset`](Self::reset).
/// - **Inputs**, each dated by the caller: [`handle`](Self::handle) (a request as
///   received), [`deliver`](Self::deliver) (the same through the fault plan),
///   [`handle_trusted`](Self::handle_trusted) (signature check skipped, for property
///   tests), the buyer's [`buyer_signs_in`](Self::buyer_signs_in),
///   [`buyer_approves`](Self::buyer_approves) and [`buyer_cancels`](Self::buyer_cancels),
///   and [`advance`](Self::advance) (the virtual clock).
/// - **Outputs**: [`take_ipns`](Self::take_ipns) (the notifications queued by
///   the inputs; [`requeue_ipns`](Self::requeue_ipns) gives back the ones not
///   delivered).
/// - **Getters**: [`clock`](Self::clock), [`offset`](Self::offset), [`host`](Self::host),
///   [`region`](Self::region), [`fault_plan`](Self::fault_plan), [`counts`](Self::counts),
///   [`ledger`](Self::ledger), [`session_lifecycle`](Self::session_lifecycle),
///   [`ipn_signer`](Self::ipn_signer).
///
/// Order: after any input, take the IPNs it queued; an input never depends
/// on an output having been taken.
#[derive(Debug)]
pub struct Sandbox {
    region: Region,
    host: String,
    host_aliases: Vec<String>,
    buyer_base: Option<String>,
    keys: auth::Keys,
    replays: idempotency::Replays,
    sessions: BTreeMap<String, SessionRecord>,
    permissions: BTreeMap<ChargePermissionId, payment::records::PermissionRecord>,
    charges: BTreeMap<ChargeId, ChargePermissionId>,
    refunds: BTreeMap<RefundId, ChargePermissionId>,
    timers: Vec<payment::records::Timer>,
    trackers: u64,
    buyer_tokens: BTreeMap<String, Timestamp>,
    faults: Option<FaultPlan>,
    deliveries: u64,
    offset: Duration,
    clock: Option<Timestamp>,
    next_id: u64,
    seed: u64,
    ipn: Option<ipn::Outbox>,
    journal: journal::Journal,
}

impl Sandbox {
    /// The lock of a shared sandbox, even if a thread panicked while
    /// holding it (the sandbox's state is changed all or nothing, so it
    /// stays usable).
    pub(crate) fn lock(sandbox: &Mutex<Sandbox>) -> MutexGuard<'_, Sandbox> {
        sandbox
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// An empty sandbox serving `region` at the region's API host.
    pub fn new(region: Region) -> Sandbox {
        Sandbox {
            region,
            host: region.host().to_owned(),
            host_aliases: Vec::new(),
            buyer_base: None,
            keys: auth::Keys::default(),
            replays: idempotency::Replays::default(),
            sessions: BTreeMap::new(),
            permissions: BTreeMap::new(),
            charges: BTreeMap::new(),
            refunds: BTreeMap::new(),
            timers: Vec::new(),
            trackers: 0,
            buyer_tokens: BTreeMap::new(),
            faults: None,
            deliveries: 0,
            offset: Duration::ZERO,
            clock: None,
            next_id: 1,
            seed: 0,
            ipn: None,
            journal: journal::Journal::default(),
        }
    }

    /// The ids this sandbox issues come from `seed`: the same seed gives the
    /// same ids in the same order, another seed others. `new` uses seed 0
    /// (the sandbox itself reads no entropy); the `amazon-pay-sandbox` server
    /// draws a fresh seed at every start unless `--seed` names one.
    pub fn with_seed(mut self, seed: u64) -> Sandbox {
        self.seed = seed;
        self
    }

    /// The seed of the ids ([`with_seed`](Self::with_seed)).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Serves `host` (what `x-amz-pay-host` must say), e.g. `127.0.0.1:8443`.
    pub fn with_host(mut self, host: impl Into<String>) -> Sandbox {
        self.host = host.into();
        self
    }

    /// Also accepts requests signed for `host` (a second address of the
    /// same server, e.g. its HTTPS port).
    pub fn with_host_alias(mut self, host: impl Into<String>) -> Sandbox {
        self.host_aliases.push(host.into());
        self
    }

    /// Where the buyer's page is served, e.g. `http://127.0.0.1:8080`; the
    /// `amazonPayRedirectUrl` of a session is this plus
    /// `/__sandbox/buyer/{id}` (default: `https://` and the host).
    pub fn with_buyer_base(mut self, base: impl Into<String>) -> Sandbox {
        self.buyer_base = Some(base.into());
        self
    }

    /// Forgets every object, stored answer and timer, and the clock's
    /// offset; keeps the registered keys, the fault plan, the host and the
    /// region.
    pub fn reset(&mut self) {
        let mut fresh = Sandbox::new(self.region).with_host(self.host.clone());
        fresh.host_aliases = std::mem::take(&mut self.host_aliases);
        fresh.buyer_base = self.buyer_base.take();
        fresh.keys = std::mem::take(&mut self.keys);
        fresh.faults = self.faults.take();
        if let Some(outbox) = self.ipn.take() {
            fresh.ipn = Some(outbox.emptied());
        }
        *self = fresh;
    }

    /// How far the clock was moved ahead of real time.
    pub fn offset(&self) -> Duration {
        self.offset
    }

    /// The host requests must be signed for.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The region served.
    pub fn region(&self) -> Region {
        self.region
    }

    /// Accepts requests signed with `key` under `public_key_id`.
    pub fn register_key(&mut self, public_key_id: &str, key: PublicKey) {
        self.keys.register(public_key_id, key);
    }

    /// The sandbox's clock at the real time `now`: `now` plus every
    /// [`advance`](Self::advance).
    pub fn clock(&self, now: Timestamp) -> Timestamp {
        now.checked_add(self.offset).unwrap_or(now)
    }

    /// Moves the sandbox's clock `by` ahead of real time and fires every
    /// change that falls due, as of the real time `now`.
    pub fn advance(&mut self, now: Timestamp, by: Duration) {
        self.offset += by.max(Duration::ZERO);
        self.catch_up(now);
        self.publish_changes(now);
    }

    /// Applies `plan` to every later [`deliver`](Self::deliver) (`None`: no
    /// faults).
    pub fn set_fault_plan(&mut self, plan: Option<FaultPlan>) {
        self.faults = plan;
        self.deliveries = 0;
    }

    /// The fault plan in force.
    pub fn fault_plan(&self) -> Option<&FaultPlan> {
        self.faults.as_ref()
    }

    /// [`handle`](Self::handle) through the fault plan: what reaches the
    /// client — an answer, an injected refusal (the request not processed),
    /// nothing (processed, answer lost), or a slow answer.
    pub fn deliver(&mut self, now: Timestamp, request: &SandboxRequest) -> Delivery {
        let fault = match &self.faults {
            Some(plan) => {
                self.deliveries += 1;
                plan.draw(self.deliveries)
            }
            None => faults::Fault::None,
        };
        match fault {
            faults::Fault::Refuse(status) => {
                let id = format!("sandbox-{:016x}", self.fresh());
                Delivery::Answer(faults::refusal(status).with_header("x-amz-pay-request-id", id))
            }
            faults::Fault::Lost => {
                let _ = self.handle(now, request);
                Delivery::Lost
            }
            faults::Fault::Slow(delay) => Delivery::Slow(delay, self.handle(now, request)),
            faults::Fault::None => Delivery::Answer(self.handle(now, request)),
        }
    }

    /// Answers `request`, which arrived at the real time `now`.
    pub fn handle(&mut self, now: Timestamp, request: &SandboxRequest) -> Response {
        self.catch_up(now);
        let at = self.clock(now);
        let answer = self.answer(now, at, request);
        self.note_request(at, request, &answer);
        self.publish_changes(now);
        let id = format!("sandbox-{:016x}", self.fresh());
        answer.with_header("x-amz-pay-request-id", id)
    }

    /// Answers `request` as if it had been signed by `public_key_id` and
    /// verified: everything but the signature check (routing, idempotency,
    /// the rule book, simulations, the clock). For property tests, fuzzing
    /// and benchmarks of the simulator itself; a server always calls
    /// [`handle`](Self::handle).
    pub fn handle_trusted(
        &mut self,
        now: Timestamp,
        public_key_id: &str,
        request: &SandboxRequest,
    ) -> Response {
        self.catch_up(now);
        let at = self.clock(now);
        let answer = match Route::parse(&request.method, request.path()) {
            Ok(route) => self.serve(at, public_key_id, &route, request),
            Err(answer) => answer,
        };
        self.note_request(at, request, &answer);
        self.publish_changes(now);
        let id = format!("sandbox-{:016x}", self.fresh());
        answer.with_header("x-amz-pay-request-id", id)
    }

    fn answer(&mut self, now: Timestamp, at: Timestamp, request: &SandboxRequest) -> Response {
        let route = match Route::parse(&request.method, request.path()) {
            Ok(route) => route,
            Err(answer) => return answer,
        };
        let hosts = std::iter::once(&self.host).chain(&self.host_aliases);
        let caller = match self.keys.authenticate(request, now, hosts, self.region) {
            Ok(caller) => caller,
            Err(answer) => return answer,
        };
        self.serve(at, &caller, &route, request)
    }

    /// An authenticated request: idempotency, then the operation.
    fn serve(
        &mut self,
        at: Timestamp,
        caller: &str,
        route: &Route,
        request: &SandboxRequest,
    ) -> Response {
        let version = if request.path().contains("/v1/") {
            ApiVersion::V1
        } else {
            ApiVersion::V2
        };
        if version == ApiVersion::V1 && !route.in_v1() {
            return error(
                400,
                "InvalidAPIVersion",
                "This operation does not exist in API path version v1 (the session completes when the buyer returns)",
            );
        }
        let key = request
            .header("x-amz-pay-idempotency-key")
            .map(str::to_owned);
        // The key's form (at most 32 of A-Z a-z 0-9 _ -, spec §8.8), by
        // the core's own check.
        if let Some(key) = &key
            && let Err(e) = amazon_pay_core::IdempotencyKey::parse(key)
        {
            return error(400, "InvalidHeaderValue", e.to_string());
        }
        if route.requires_idempotency_key(version) && key.is_none() {
            return error(
                400,
                "MissingHeader",
                match version {
                    ApiVersion::V1 => {
                        "The header x-amz-pay-idempotency-key is missing: API path version v1 requires it on every POST"
                    }
                    ApiVersion::V2 => {
                        "The header x-amz-pay-idempotency-key is missing: this call creates or moves money"
                    }
                },
            );
        }
        // v1 spells webCheckoutDetail, paymentDetail, statusDetail (spec
        // §14): read in either spelling, answer in v1's.
        let respelled;
        let request = match version {
            ApiVersion::V1 if !request.body.is_empty() => {
                respelled = SandboxRequest {
                    body: amazon_pay_core::model::respell_body(&request.body, ApiVersion::V2),
                    ..request.clone()
                };
                &respelled
            }
            _ => request,
        };
        if let Some(key) = &key
            && let Some(stored) = self.replays.replay(caller, key, request)
        {
            return stored;
        }
        let answer = self
            .dispatch(at, route, request)
            .unwrap_or_else(|refused| refused);
        self.note_execution(route, key.as_deref(), request, &answer);
        let answer = match version {
            ApiVersion::V1 => answer::respelled(answer, ApiVersion::V1),
            ApiVersion::V2 => answer,
        };
        if let Some(key) = &key {
            self.replays.store(caller, key, request, &answer);
        }
        answer
    }

    fn dispatch(
        &mut self,
        at: Timestamp,
        route: &Route,
        request: &SandboxRequest,
    ) -> answer::Answer {
        let simulation = request.header("x-amz-pay-simulation-code");
        if !matches!(
            route.operation,
            Operation::CompleteCheckoutSession
                | Operation::CreateCharge
                | Operation::CaptureCharge
                | Operation::CloseChargePermission
        ) {
            simulation::simulation(simulation, simulation::SimulatedCall::Other)?;
        }
        let id = route.id.as_str();
        match route.operation {
            Operation::CreateCheckoutSession => self.create_session(at, request),
            Operation::GetCheckoutSession => self.get_session(id, at),
            Operation::UpdateCheckoutSession => self.update_session(id, at, request),
            Operation::FinalizeCheckoutSession => self.finalize_session(id, at, request),
            Operation::CompleteCheckoutSession => {
                self.complete_session(id, at, request, simulation)
            }
            Operation::GetChargePermission => self.get_permission(&id.into(), at),
            Operation::UpdateChargePermission => self.update_permission(&id.into(), at, request),
            Operation::CloseChargePermission => {
                self.close_permission(&id.into(), at, request, simulation)
            }
            Operation::CreateCharge => self.create_charge(at, request, simulation),
            Operation::GetCharge => self.get_charge(&id.into(), at),
            Operation::UpdateCharge => self.update_charge(&id.into(), at, request),
            Operation::CaptureCharge => self.capture_charge(&id.into(), at, request, simulation),
            Operation::CancelCharge => self.cancel_charge(&id.into(), at, request),
            Operation::CreateRefund => self.create_refund(at, request),
            Operation::GetRefund => self.get_refund(&id.into(), at),
            Operation::CreateDeliveryTracker => self.create_tracker(request),
            Operation::GetBuyer => self.get_buyer(id, at),
            // Route::parse gives only the Checkout family's calls.
            other => Err(error(
                404,
                "ResourceNotFound",
                format!("{other} is not simulated by the sandbox"),
            )),
        }
    }

    // ------------------------------------------------------------ the buyer

    /// The buyer signs in on the session's Amazon Pay page, chooses
    /// `method` and returns to the merchant: what Amazon's hosted pages do.
    /// A 3064 card cancels the session (`BuyerCanceled`), 3434 declines it.
    /// The return URL the buyer is sent to, with `amazonCheckoutSessionId`.
    pub fn buyer_approves(
        &mut self,
        now: Timestamp,
        session: &str,
        method: TestPaymentMethod,
    ) -> Result<String, BuyerError> {
        self.catch_up(now);
        let at = self.clock(now);
        let approved = self.approve(session, method, at);
        self.publish_changes(now);
        approved
    }

    /// The buyer cancels on Amazon's page: the session is canceled
    /// (`BuyerCanceled`). The cancel URL the buyer is sent to.
    pub fn buyer_cancels(&mut self, now: Timestamp, session: &str) -> Result<String, BuyerError> {
        self.catch_up(now);
        let at = self.clock(now);
        let canceled = self.cancel_by_buyer(session, at);
        self.publish_changes(now);
        canceled
    }

    // ------------------------------------------------------------ inspection

    /// How many objects the sandbox holds: sessions, permissions, charges,
    /// refunds, stored idempotent answers. Deleted sessions are dropped.
    pub fn counts(&self) -> Counts {
        Counts {
            sessions: self.sessions.len(),
            charge_permissions: self.permissions.len(),
            charges: self.charges.len(),
            refunds: self.refunds.len(),
            delivery_trackers: self.trackers,
            stored_answers: self.replays.len(),
        }
    }

    /// The ledger of a charge permission: the sandbox's truth, for comparing
    /// with a merchant's own.
    pub fn ledger(&self, id: &ChargePermissionId) -> Option<&Ledger> {
        self.permissions.get(id).map(|record| &record.ledger)
    }

    /// Every Capture Charge and Create Refund the sandbox judged (replays
    /// of a stored answer are not judged again), oldest first.
    pub fn executions(&self) -> &[Execution] {
        &self.journal.executions
    }

    /// The lifecycle of a checkout session.
    pub fn session_lifecycle(&self, id: &str) -> Option<&CheckoutSessionLifecycle> {
        self.sessions.get(id).map(|record| &record.lifecycle)
    }

    // ------------------------------------------------------------ internals

    /// Fires every change due by the sandbox's clock at the real time `now`.
    fn catch_up(&mut self, now: Timestamp) {
        let at = self.clock(now);
        // The clock never goes back, even if the caller's does; and when it
        // has not moved, nothing new can be due (every deadline lies after
        // the change that set it).
        if self.clock.is_some_and(|last| last >= at) {
            return;
        }
        self.clock = Some(at);
        self.fire_timers(at);
        self.sessions_catch_up(at);
        self.buyer_tokens_catch_up(at);
        for record in self.permissions.values_mut() {
            record.ledger.advance(at);
        }
    }

    /// A fresh number for ids (deterministic: with one seed, the n-th id is
    /// always the same).
    fn fresh(&mut self) -> u64 {
        let n = self.next_id
            ^ self
                .seed
                .rotate_left(17)
                .wrapping_mul(0x2545_f491_4f6c_dd1d);
        self.next_id += 1;
        // splitmix64: well-spread digits from a counter.
        let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// How many objects a [`Sandbox`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Counts {
    /// Checkout sessions (deleted ones dropped).
    pub sessions: usize,
    /// Charge permissions.
    pub charge_permissions: usize,
    /// Charges.
    pub charges: usize,
    /// Refunds.
    pub refunds: usize,
    /// Delivery trackers created.
    pub delivery_trackers: u64,
    /// Idempotent answers stored for replay.
    pub stored_answers: usize,
}

/// Why the simulated buyer could not act.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuyerError {
    /// No such session (or it was deleted).
    UnknownSession(String),
    /// The session is not ready for the buyer: its return URL or amount is
    /// not set yet, or it is no longer Open.
    NotReady(String),
}

impl std::fmt::Display for BuyerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuyerError::UnknownSession(id) => write!(f, "no checkout session {id:?}"),
            BuyerError::NotReady(why) => write!(f, "the buyer cannot check out yet: {why}"),
        }
    }
}

impl std::error::Error for BuyerError {}

impl BuyerError {
    /// The stable, machine-readable code: `"UnknownSession"` or `"NotReady"`.
    pub fn code(&self) -> &'static str {
        match self {
            BuyerError::UnknownSession(_) => "UnknownSession",
            BuyerError::NotReady(_) => "NotReady",
        }
    }
}

/// As data: `{"code", "message"}`.
impl serde::Serialize for BuyerError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("code", self.code())?;
        map.serialize_entry("message", &self.to_string())?;
        map.end()
    }
}
