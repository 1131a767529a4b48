//! The rule book: every lifecycle's table, the rules of spec §7, the
//! ledger across objects, the operations it hands out, and properties of
//! all of it (the proptest kit included).

#[path = "../support/mod.rs"]
mod support;

mod handout;
mod ledger_reports;
mod lifecycle_properties;
mod lifecycle_rules;
mod lifecycle_tables;
mod properties;
mod refusal_messages;
mod rule_book;
mod rule_book_rules;
mod self_reports;
mod strategy;
