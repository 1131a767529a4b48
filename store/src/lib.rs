//! Nothing lost in a crash, no double capture across servers: a durable
//! journal of Amazon Pay calls and the store of each Charge Permission's
//! [`Ledger`](amazon_pay_core::lifecycle::Ledger), for
//! [amazon-pay-client](amazon_pay_client).
//!
//! A capture, refund, charge, cancel or close runs through a [`Journal`]:
//! the ledger checks the rules, the **intent** (operation, idempotency key,
//! request fingerprint, time) is written to the [`Store`] *before* the call
//! is sent, and Amazon's answer is recorded together with the updated
//! ledger. If the process dies in between, [`Journal::recover`] finishes the
//! intent with the same key and body (Amazon keeps idempotency keys
//! indefinitely, so it acts once), or, for a cancel or close, asks Amazon
//! first. Two servers deciding on one permission are serialized by the
//! ledger's version and by at most one unfinished intent per permission:
//! the loser gets a typed [`Conflict`], never a second capture.
//!
//! ```
//! use amazon_pay_client::{Client, TransportFailure};
//! use amazon_pay_core::lifecycle::{ChargeCreation, ChargePermissionLifecycle, Ledger};
//! use amazon_pay_core::model::{ChargeId, ChargePermissionId, ChargePermissionType};
//! use amazon_pay_core::operation::Response;
//! use amazon_pay_core::sign::{Algorithm, SignError, Signature, Signer};
//! use amazon_pay_core::{ApiVersion, Config, Entropy, Price, PublicKeyId, Region, SignedRequest};
//! use amazon_pay_store::{Journal, JournalError, MemoryStore, Store};
//! # struct MySigner;
//! # impl Signer for MySigner {
//! #     fn sign(&self, _: Algorithm, _: &[u8], _: &mut dyn Entropy) -> Result<Signature, SignError> {
//! #         Ok(Signature::from_bytes(vec![1; 256]))
//! #     }
//! # }
//!
//! let config = Config::new(Region::Na, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?);
//! // Amazon, as far as this example needs it: every capture succeeds.
//! let amazon = |request: SignedRequest| -> Result<Response, TransportFailure> {
//!     assert!(request.url().ends_with("/capture"));
//!     Ok(Response::new(200, br#"{"chargeId":"S01-1-C1","chargePermissionId":"S01-1",
//!         "chargeAmount":{"amount":"10.00","currencyCode":"USD"},
//!         "captureAmount":{"amount":"10.00","currencyCode":"USD"},
//!         "statusDetails":{"state":"Captured","lastUpdatedTimestamp":"20300101T000000Z"}}"#.to_vec()))
//! };
//! let journal = Journal::new(MemoryStore::new(), Client::new(config, MySigner, amazon));
//!
//! // A permission with one authorized charge, as the checkout left it.
//! let now = amazon_pay_client::now()?; // the journal reads the system clock too
//! let usd = |text| Price::parse(text, "USD");
//! let permission = ChargePermissionId::from("S01-1");
//! let charge = ChargeId::from("S01-1-C1");
//! let lifecycle = ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, now, ApiVersion::V2);
//! let mut ledger = Ledger::new(permission.clone(), lifecycle, Region::Na);
//! ledger.create_charge(charge.clone(), usd("10.00")?, ChargeCreation::Authorize, now)?;
//! journal.store().create(&ledger)?;
//!
//! let captured = journal.capture(&permission, &charge, usd("10.00")?)?;
//! assert_eq!(captured.capture_amount, Some(usd("10.00")?));
//! // The intent is finished, the ledger saved with the capture: a second
//! // capture is refused before anything is written or sent.
//! assert!(journal.store().unfinished()?.is_empty());
//! let again = journal.capture(&permission, &charge, usd("10.00")?).unwrap_err();
//! assert!(matches!(again, JournalError::Refused(_)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Stores
//!
//! - [`SqliteStore`] (feature `sqlite`, default): one file in WAL mode,
//!   with SQLite built in — nothing to install. [`Durability::Full`]
//!   (default) flushes every commit to the disk.
//! - `PostgresStore` (feature `postgres`): one database for all the
//!   servers of a shop.
//! - [`MemoryStore`]: the same rules, nothing durable (tests, baselines).
//!
//! Both databases carry a schema version ([`SCHEMA_VERSION`]); an older
//! database is migrated when opened, a newer one refused
//! ([`StoreError::NewerSchema`]) before anything is read. A row that does
//! not read back (a ledger that is not JSON, an intent whose request no
//! longer matches its fingerprint) is [`StoreError::Corrupt`], named and
//! left in place.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod atomic;
mod error;
mod intent;
mod journal;
mod memory;
#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
mod postgres;
mod schema;
#[cfg(feature = "sqlite")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlite")))]
mod sqlite;
mod store;
mod version;

pub use error::{Conflict, StoreError};
pub use intent::{Intent, IntentCall, IntentRecord, IntentRow, Outcome, StoredIntent};
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub use journal::AsyncJournal;
pub use journal::{Answer, Journal, JournalError, Recovery};
pub use memory::MemoryStore;
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
pub use schema::SCHEMA_VERSION;
#[cfg(feature = "sqlite")]
pub use sqlite::{Durability, SqliteStore};
pub use store::Store;
pub use version::Version;
