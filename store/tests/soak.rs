//! Proof by killing it. A merchant process (this test binary, re-run in the
//! role `merchant`) does random checkouts — create charge, capture, partial
//! refunds, cancels — against the sandbox server with its fault plan on
//! (answers lost after processing, 503, 429), and is killed with SIGKILL at
//! random instants. Each new process recovers first. At the end the test
//! recovers once more and checks: every intent finished, every stored
//! Ledger equal to the sandbox's, no capture or refund executed twice.
//!
//! Short runs by default (`.ci/run`); `store/scripts/soak.sh` runs the
//! full one (`AMZP_SOAK_KILLS`, `AMZP_SOAK_CHECKOUTS`).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use amazon_pay_core::Price;
use amazon_pay_core::lifecycle::Ledger;
use amazon_pay_core::model::{ChargeId, ChargePermissionId, ChargeState};
use amazon_pay_sandbox::{FaultPlan, Server};
use amazon_pay_store::{IntentRecord, Journal, JournalError, Outcome, SqliteStore, Store};

const ROLE: &str = "AMZP_SOAK_ROLE";

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A store named `sqlite:PATH` or `postgres:PARAMS`.
fn open_store(spec: &str) -> Box<dyn Store> {
    if let Some(path) = spec.strip_prefix("sqlite:") {
        return Box::new(SqliteStore::open(path).unwrap());
    }
    #[cfg(feature = "postgres")]
    if let Some(params) = spec.strip_prefix("postgres:") {
        return Box::new(amazon_pay_store::PostgresStore::connect(params).unwrap());
    }
    panic!("not a store this build can open: {spec}")
}

/// xorshift64*: the merchant's dice (seeded per process, printed on failure).
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

fn text(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn cents(cents: u64) -> Price {
    Price::parse(&text(cents), "USD").unwrap()
}

fn price_cents(price: &Price) -> u64 {
    price.amount().minor_units()
}

/// The merchant: recovers, then runs random money calls until killed.
#[test]
fn merchant_process() {
    if std::env::var(ROLE).as_deref() != Ok("merchant") {
        return;
    }
    let store = open_store(&std::env::var("AMZP_SOAK_STORE").unwrap());
    let addr = std::env::var("AMZP_SOAK_SANDBOX").unwrap().parse().unwrap();
    let journal = Journal::new(store, support::client(addr));
    let recovery = journal.recover().unwrap();
    for (id, error) in &recovery.failed {
        // Unknown outcomes stay for the next recovery, and Amazon may refuse
        // a call by now (another process's recovery made it); anything else
        // is a bug.
        if !matches!(
            error,
            JournalError::Unfinished { .. } | JournalError::Amazon(_)
        ) {
            eprintln!("recovery of {id} failed: {error}");
            std::process::exit(3);
        }
    }
    let mut dice = Dice(env_number("AMZP_SOAK_SEED", 1) ^ u64::from(std::process::id()) << 20 | 1);
    // The permissions with something left to do, as the store has them now
    // (with two merchants, both start from the same ones and race on them).
    let mut active: Vec<ChargePermissionId> = journal
        .store()
        .permissions()
        .unwrap()
        .into_iter()
        .filter(|id| {
            journal
                .ledger(id)
                .unwrap()
                .is_some_and(|(ledger, _)| has_work(&ledger))
        })
        .collect();
    loop {
        if active.is_empty() || dice.below(100) < 25 {
            let amount = 1_000 + dice.below(9_000);
            if let Some((permission, _)) = support::checkout(&journal, addr, &text(amount)) {
                active.push(permission);
            }
            continue;
        }
        let index = dice.below(active.len() as u64) as usize;
        let permission = active[index].clone();
        if let Err(error) = act(&journal, &permission, &mut dice) {
            match error {
                JournalError::Refused(_)
                | JournalError::Amazon(_)
                | JournalError::Unfinished { .. }
                | JournalError::Unrecorded { .. }
                | JournalError::Client(_) => {}
                JournalError::Store(amazon_pay_store::StoreError::Conflict(_)) => {}
                other => {
                    eprintln!("unexpected: {other}");
                    std::process::exit(4);
                }
            }
        }
        if !journal
            .ledger(&permission)
            .unwrap()
            .is_some_and(|(ledger, _)| has_work(&ledger))
        {
            active.swap_remove(index);
        }
    }
}

/// Whether a ledger has a charge to capture or cancel, or to refund (up to
/// three refunds a charge).
fn has_work(ledger: &Ledger) -> bool {
    ledger.charges().iter().any(has_work_on)
}

/// One random money call on `permission`, as its ledger allows (and
/// sometimes one it refuses).
fn act<S: Store>(
    journal: &Journal<S, amazon_pay_client::UreqTransport>,
    permission: &ChargePermissionId,
    dice: &mut Dice,
) -> Result<(), JournalError> {
    let Some((ledger, _)) = journal.ledger(permission)? else {
        return Ok(());
    };
    let charges: Vec<_> = ledger
        .charges()
        .iter()
        .filter(|charge| has_work_on(charge))
        .collect();
    let Some(charge) = charges.get(dice.below(charges.len() as u64) as usize) else {
        return Ok(());
    };
    let id = charge.id().clone();
    let amount = price_cents(charge.lifecycle().charge_amount());
    match charge.lifecycle().state() {
        ChargeState::Authorized if dice.below(100) < 15 => {
            journal.cancel(permission, &id, "Out of stock").map(drop)
        }
        ChargeState::Authorized if dice.below(100) < 10 && ledger.charge_count() < 3 => {
            // A second charge on the permission, then the capture later.
            journal
                .create_charge(permission, cents(100 + dice.below(amount / 2)))
                .map(drop)
        }
        ChargeState::Authorized => {
            let capture = if dice.below(2) == 0 {
                amount
            } else {
                100 + dice.below(amount - 99)
            };
            journal.capture(permission, &id, cents(capture)).map(drop)
        }
        _ => {
            // Up to a little more than the rest: the ledger refuses the excess.
            let captured = charge
                .lifecycle()
                .captured_amount()
                .map_or(amount, price_cents);
            let refund = 1 + dice.below(captured / 2 + 200);
            journal.refund(permission, &id, cents(refund)).map(drop)
        }
    }
}

fn has_work_on(charge: &amazon_pay_core::lifecycle::LedgerCharge) -> bool {
    match charge.lifecycle().state() {
        ChargeState::Authorized => true,
        ChargeState::Captured => charge.refunds().len() < 3,
        _ => false,
    }
}

/// A charge's state, capture, and refunds (id, amount).
type ChargeFacts = (String, Option<String>, BTreeSet<(String, String)>);

/// What must agree between the merchant's ledger and the sandbox's: each
/// charge's state, capture and refunds (ids and amounts).
fn projection(ledger: &Ledger) -> BTreeMap<String, ChargeFacts> {
    ledger
        .charges()
        .iter()
        .map(|charge| {
            let lifecycle = charge.lifecycle();
            let refunds = charge
                .refunds()
                .iter()
                .map(|refund| {
                    (
                        refund.id().to_string(),
                        refund.lifecycle().amount().to_string(),
                    )
                })
                .collect();
            (
                charge.id().to_string(),
                (
                    lifecycle.state().to_string(),
                    lifecycle.captured_amount().map(Price::to_string),
                    refunds,
                ),
            )
        })
        .collect()
}

fn spawn_merchant(store: &str, addr: &str, seed: u64, log: &std::path::Path) -> Child {
    let stderr = std::fs::File::create(log).unwrap();
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "merchant_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(ROLE, "merchant")
        .env("AMZP_SOAK_STORE", store)
        .env("AMZP_SOAK_SANDBOX", addr)
        .env("AMZP_SOAK_SEED", seed.to_string())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap()
}

/// Runs `merchants` processes on `store`, killing them all at random
/// instants until there were `kills` kills and `checkouts` checkouts;
/// then recovers and checks.
fn soak(server: &Server, spec: &str, merchants: usize, name: &str) -> Figures {
    let kills_wanted = env_number("AMZP_SOAK_KILLS", 12);
    let checkouts_wanted = env_number("AMZP_SOAK_CHECKOUTS", 100) as usize;
    let deadline = Instant::now() + Duration::from_secs(env_number("AMZP_SOAK_SECONDS", 600));
    let addr = server.addr().to_string();
    let observer = open_store(spec);
    let mut dice = Dice(0x5eed ^ env_number("AMZP_SOAK_SEED", 7));
    let logs = std::env::temp_dir().join(format!("amzp-soak-logs-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&logs).unwrap();
    let mut kills = 0;
    let mut kills_in_flight = 0;
    loop {
        let checkouts = observer.permissions().unwrap().len();
        if kills >= kills_wanted && checkouts >= checkouts_wanted {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the soak ran out of time: {kills} kills, {checkouts} checkouts"
        );
        let mut children: Vec<(Child, std::path::PathBuf)> = (0..merchants)
            .map(|n| {
                let log = logs.join(format!("merchant-{kills}-{n}.log"));
                (spawn_merchant(spec, &addr, dice.below(u64::MAX), &log), log)
            })
            .collect();
        std::thread::sleep(Duration::from_millis(150 + dice.below(1_200)));
        for (child, log) in &mut children {
            if let Some(status) = child.try_wait().unwrap() {
                panic!(
                    "a merchant stopped by itself ({status}): {}",
                    std::fs::read_to_string(log).unwrap_or_default()
                );
            }
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
        }
        kills += 1;
        // A kill that left an intent unfinished: the next process recovers it.
        if !observer.unfinished().unwrap().is_empty() {
            kills_in_flight += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&logs);

    // Recovery with the faults off, then the checks.
    server.sandbox().set_fault_plan(None);
    let journal = Journal::new(observer, support::client(server.addr()));
    let recovery = journal.recover().unwrap();
    assert!(
        recovery.failed.is_empty(),
        "recovery failed: {:?}",
        recovery.failed
    );
    assert!(
        journal.store().unfinished().unwrap().is_empty(),
        "every intent is finished"
    );

    let permissions = journal.store().permissions().unwrap();
    let sandbox = server.sandbox();
    let mut intents = 0;
    let mut refunds_accepted: BTreeMap<String, usize> = BTreeMap::new();
    let mut capture_intents: BTreeMap<String, usize> = BTreeMap::new();
    let mut keys = BTreeSet::new();
    for permission in &permissions {
        let (ours, _) = journal.store().load(permission).unwrap().unwrap();
        let theirs = sandbox
            .ledger(permission)
            .expect("the sandbox knows every stored permission");
        assert_eq!(
            projection(&ours),
            projection(theirs),
            "the stored ledger of {permission} is the sandbox's"
        );
        for stored in journal.store().intents(permission).unwrap() {
            let record = IntentRecord::from_stored(stored, journal.client().config()).unwrap();
            intents += 1;
            keys.insert(record.intent.id.clone());
            let accepted = matches!(
                record.answered,
                Some((_, Outcome::Accepted(_) | Outcome::Observed(_)))
            );
            let params = record.intent.call.params();
            match record.intent.call.operation() {
                "CaptureCharge" => {
                    *capture_intents
                        .entry(params["chargeId"].as_str().unwrap().to_owned())
                        .or_default() += 1;
                }
                "CreateRefund" if accepted => {
                    *refunds_accepted
                        .entry(params["body"]["chargeId"].as_str().unwrap().to_owned())
                        .or_default() += 1;
                }
                _ => {}
            }
        }
    }
    assert!(
        capture_intents.values().all(|&n| n == 1),
        "one capture intent per charge at most"
    );
    // The sandbox's side: what it judged, by charge.
    let mut capture_keys: BTreeMap<&str, BTreeSet<Option<&str>>> = BTreeMap::new();
    let mut refunds_executed: BTreeMap<String, usize> = BTreeMap::new();
    for execution in sandbox.executions() {
        let key = execution.idempotency_key.as_deref();
        assert!(
            key.is_some_and(|key| keys.contains(key)),
            "every money request came from a journaled intent: {execution:?}"
        );
        match execution.operation {
            "CaptureCharge" => {
                capture_keys
                    .entry(&execution.charge_id)
                    .or_default()
                    .insert(key);
            }
            "CreateRefund" if (200..300).contains(&execution.status) => {
                *refunds_executed
                    .entry(execution.charge_id.clone())
                    .or_default() += 1;
            }
            _ => {}
        }
    }
    assert!(
        capture_keys.values().all(|keys| keys.len() == 1),
        "no charge saw two capture requests"
    );
    assert_eq!(
        refunds_executed, refunds_accepted,
        "each refund intent executed exactly once"
    );
    Figures {
        kills,
        kills_in_flight,
        checkouts: permissions.len(),
        intents,
    }
}

/// What a soak did.
struct Figures {
    kills: u64,
    kills_in_flight: u64,
    checkouts: usize,
    intents: usize,
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} SIGKILLs ({} with an intent in flight), {} checkouts, {} intents",
            self.kills, self.kills_in_flight, self.checkouts, self.intents
        )
    }
}

fn faulty_sandbox() -> Server {
    let server = support::sandbox();
    server.sandbox().set_fault_plan(Some(FaultPlan {
        seed: env_number("AMZP_SOAK_SEED", 7),
        throttle_percent: 3,
        unavailable_percent: 3,
        lost_percent: 6,
        ..FaultPlan::default()
    }));
    server
}

#[test]
fn killed_merchants_lose_nothing_on_sqlite() {
    if std::env::var_os(ROLE).is_some() {
        return;
    }
    let server = faulty_sandbox();
    let dir = std::env::temp_dir().join(format!("amzp-soak-sqlite-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = format!("sqlite:{}", dir.join("merchant.db").display());
    let started = Instant::now();
    let figures = soak(&server, &spec, 1, "sqlite");
    println!("sqlite soak: {figures}, {} s", started.elapsed().as_secs());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(feature = "postgres")]
#[test]
fn two_killed_merchants_race_on_postgres() {
    if std::env::var_os(ROLE).is_some() {
        return;
    }
    let Some(server_params) = support::postgres() else {
        return;
    };
    let params = support::fresh_database(&server_params, "soak");
    let server = faulty_sandbox();
    let started = Instant::now();
    let figures = soak(&server, &format!("postgres:{params}"), 2, "postgres");
    println!(
        "postgres soak, two merchants killed together: {figures}, {} s",
        started.elapsed().as_secs()
    );
}

/// A capturer: waits for the start instant, then captures each charge of
/// `AMZP_RACE_CHARGES` (`permission charge amount` per line) in full, and
/// prints one line per charge: `charge code`.
#[test]
fn capturer_process() {
    if std::env::var(ROLE).as_deref() != Ok("capturer") {
        return;
    }
    let store = open_store(&std::env::var("AMZP_SOAK_STORE").unwrap());
    let addr = std::env::var("AMZP_SOAK_SANDBOX").unwrap().parse().unwrap();
    let journal = Journal::new(store, support::client(addr));
    let start = env_number("AMZP_RACE_START_MS", 0);
    while (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64)
        < start
    {
        std::thread::sleep(Duration::from_millis(1));
    }
    for line in std::env::var("AMZP_RACE_CHARGES").unwrap().lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        let (permission, charge) = (ChargePermissionId::from(parts[0]), ChargeId::from(parts[1]));
        let code = match journal.capture(&permission, &charge, cents(parts[2].parse().unwrap())) {
            Ok(_) => "Captured",
            Err(error) => error.code(),
        };
        println!("RACE {} {code}", charge.as_str());
    }
}

#[cfg(feature = "postgres")]
#[test]
fn two_servers_capture_each_charge_once_on_postgres() {
    if std::env::var_os(ROLE).is_some() {
        return;
    }
    let Some(server_params) = support::postgres() else {
        return;
    };
    let params = support::fresh_database(&server_params, "race");
    let spec = format!("postgres:{params}");
    let server = support::sandbox();
    let journal = Journal::new(open_store(&spec), support::client(server.addr()));
    let mut charges = String::new();
    for n in 0..20 {
        let amount = 2_000 + n * 37;
        let (permission, charge) =
            support::checkout(&journal, server.addr(), &text(amount)).unwrap();
        charges.push_str(&format!(
            "{} {} {amount}\n",
            permission.as_str(),
            charge.as_str()
        ));
    }
    let start = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
        + 1_500;
    let children: Vec<Child> = (0..2)
        .map(|_| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "capturer_process",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(ROLE, "capturer")
                .env("AMZP_SOAK_STORE", &spec)
                .env("AMZP_SOAK_SANDBOX", server.addr().to_string())
                .env("AMZP_RACE_START_MS", start.to_string())
                .env("AMZP_RACE_CHARGES", charges.trim_end())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut outcomes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success());
        for line in String::from_utf8(output.stdout).unwrap().lines() {
            // libtest may print "test capturer_process ... " before the first line.
            if let Some(rest) = line.split_once("RACE ").map(|(_, rest)| rest) {
                let (charge, code) = rest.split_once(' ').unwrap();
                outcomes
                    .entry(charge.to_owned())
                    .or_default()
                    .push(code.to_owned());
            }
        }
    }
    assert_eq!(outcomes.len(), 20);
    let mut conflicts = 0;
    for (charge, mut codes) in outcomes {
        codes.sort();
        assert_eq!(codes.len(), 2, "{charge}: {codes:?}");
        assert_eq!(
            codes.iter().filter(|c| *c == "Captured").count(),
            1,
            "{charge}: exactly one capture: {codes:?}"
        );
        let loser = codes.iter().find(|c| *c != "Captured").unwrap();
        // The loser either raced the winner's write (a typed conflict) or
        // came after it and the ledger refused a second capture.
        assert!(
            loser.starts_with("Conflict.") || loser == "Refused",
            "{charge}: {loser}"
        );
        conflicts += usize::from(loser.starts_with("Conflict."));
    }
    let sandbox = server.sandbox();
    let captures = sandbox
        .executions()
        .iter()
        .filter(|e| e.operation == "CaptureCharge")
        .count();
    assert_eq!(
        captures, 20,
        "the sandbox saw one capture request per charge"
    );
    println!(
        "race: 20 charges, 20 captures, {conflicts} losers got a conflict, {} a refusal",
        20 - conflicts
    );
}
