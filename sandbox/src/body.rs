//! Request bodies: a JSON object whose fields the operation knows, read as
//! the crate's own types.

use std::fmt;

use amazon_pay_core::Environment;
use amazon_pay_core::operation::{RequestBody, Response};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::error::Category;

use crate::answer::error;
use crate::refusal::invalid;

/// The body as a JSON object whose fields are all in `allowed`, read as `T`.
///
/// Amazon's refusals: not JSON → 400 `InvalidRequestFormat`; a field the
/// operation does not know → 400 `UnrecognizedField`; a known field with a
/// value of the wrong shape → 400 `InvalidParameterValue`.
pub(crate) fn read_body<T: DeserializeOwned>(body: &[u8], allowed: &[&str]) -> Result<T, Response> {
    // First pass: the shape and the field names, without building anything.
    let mut reader = serde_json::Deserializer::from_slice(body);
    let unknown = FirstUnknown { allowed }
        .deserialize(&mut reader)
        .and_then(|unknown| reader.end().map(|()| unknown))
        .map_err(|e| match e.classify() {
            Category::Data => error(
                400,
                "InvalidRequestFormat",
                "The body must be a JSON object",
            ),
            _ => error(
                400,
                "InvalidRequestFormat",
                format!("The body is not valid JSON: {e}"),
            ),
        })?;
    if let Some(unknown) = unknown {
        return Err(error(
            400,
            "UnrecognizedField",
            format!("The field {unknown:?} is not recognized for this operation"),
        ));
    }
    // Second pass: the typed value.
    serde_json::from_slice(body).map_err(|e| {
        error(
            400,
            "InvalidParameterValue",
            format!("A field has an invalid value: {e}"),
        )
    })
}

/// The body read as the core's typed request body `B` and checked by its
/// rules ([`RequestBody::validate`]): the same validation a merchant's typed
/// operation runs before sending, so that a raw body breaking a rule is
/// refused as Amazon refuses it. The sandbox answers as Amazon's sandbox
/// environment (return URLs may be `http://`). Call it after
/// [`read_body`], which answers for the body's form and unknown fields.
pub(crate) fn check_body<B: RequestBody>(body: &[u8]) -> Result<B, Response> {
    let typed: B = serde_json::from_slice(body).map_err(|e| {
        let text = e.to_string();
        let code = if text.starts_with("missing field") {
            "MissingParameterValue"
        } else {
            "InvalidParameterValue"
        };
        error(400, code, format!("A field has an invalid value: {text}"))
    })?;
    typed
        .validate(Environment::Sandbox)
        .map_err(|e| invalid(&e))?;
    Ok(typed)
}

/// Reads a JSON object's top-level field names; the first one not in
/// `allowed`, if any. Values are skipped, nothing is built.
struct FirstUnknown<'a> {
    allowed: &'a [&'a str],
}

impl<'de> DeserializeSeed<'de> for FirstUnknown<'_> {
    type Value = Option<String>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FirstUnknown<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut first = None;
        while let Some(name) = map.next_key_seed(Name {
            allowed: self.allowed,
        })? {
            map.next_value::<IgnoredAny>()?;
            if first.is_none() {
                first = name;
            }
        }
        Ok(first)
    }
}

/// One field name: `None` when allowed, else the name.
struct Name<'a> {
    allowed: &'a [&'a str],
}

impl<'de> DeserializeSeed<'de> for Name<'_> {
    type Value = Option<String>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Name<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok((!self.allowed.contains(&name)).then(|| name.to_owned()))
    }
}
