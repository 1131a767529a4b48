//! Idempotency as Amazon does it (spec §8.8): same key and same request →
//! the stored answer replayed; same key and a different request →
//! `DuplicateIdempotencyKey`.

use std::collections::HashMap;

use amazon_pay_core::operation::Response;

use crate::answer::{SandboxRequest, error};

/// Answers stored per public key id, then per idempotency key (two levels,
/// so a lookup borrows both keys instead of building a pair).
#[derive(Debug, Clone, Default)]
pub(crate) struct Replays {
    stored: HashMap<String, HashMap<String, Stored>>,
}

#[derive(Debug, Clone)]
struct Stored {
    method: String,
    target: String,
    body: Vec<u8>,
    answer: Response,
}

impl Replays {
    /// The stored answer for this key, if the request is the same one;
    /// `DuplicateIdempotencyKey` if it is not; `None` if the key is new.
    pub(crate) fn replay(
        &self,
        caller: &str,
        key: &str,
        request: &SandboxRequest,
    ) -> Option<Response> {
        let stored = self.stored.get(caller)?.get(key)?;
        if stored.method == request.method
            && stored.target == request.path()
            && stored.body == request.body
        {
            return Some(stored.answer.clone());
        }
        Some(error(
            400,
            "DuplicateIdempotencyKey",
            format!(
                "The idempotency key {key:?} was used with a different request ({} {})",
                stored.method, stored.target
            ),
        ))
    }

    /// Stores a successful answer. Refusals are not stored: repeating a
    /// refused request is judged again (whether Amazon stores error answers
    /// is unconfirmed; judging again never lets through what the first
    /// judgement refused unless the state changed).
    pub(crate) fn store(
        &mut self,
        caller: &str,
        key: &str,
        request: &SandboxRequest,
        answer: &Response,
    ) {
        if answer.is_success() {
            if !self.stored.contains_key(caller) {
                self.stored.insert(caller.to_owned(), HashMap::new());
            }
            let Some(per_key) = self.stored.get_mut(caller) else {
                return;
            };
            per_key.insert(
                key.to_owned(),
                Stored {
                    method: request.method.clone(),
                    target: request.path().to_owned(),
                    body: request.body.clone(),
                    answer: answer.clone(),
                },
            );
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.stored.values().map(HashMap::len).sum()
    }
}
