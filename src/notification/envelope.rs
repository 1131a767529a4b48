//! The SNS envelope (spec §12.2): the JSON body Amazon SNS POSTs to an IPN
//! endpoint, read field by field with every value kept as received.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::error::NotificationError;

/// The largest envelope read: SNS messages are at most 256 KiB; the
/// envelope around one adds a few hundred bytes.
pub const MAX_ENVELOPE_BYTES: usize = 300 * 1024;

/// Which of SNS's three messages an envelope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnvelopeType {
    /// A notification: for Amazon Pay, an IPN whose `Message` names an object.
    Notification,
    /// SNS asks the endpoint to confirm a subscription (visit `SubscribeURL`).
    SubscriptionConfirmation,
    /// SNS tells the endpoint it was unsubscribed.
    UnsubscribeConfirmation,
}

impl EnvelopeType {
    /// The `Type` value on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            EnvelopeType::Notification => "Notification",
            EnvelopeType::SubscriptionConfirmation => "SubscriptionConfirmation",
            EnvelopeType::UnsubscribeConfirmation => "UnsubscribeConfirmation",
        }
    }
}

impl fmt::Display for EnvelopeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An SNS envelope as received, not yet verified.
///
/// Every field is the JSON-decoded string exactly as SNS sent it: the string
/// to sign is built from these, never from values parsed and written again.
/// Both spellings of the URL keys are read (`SigningCertURL`, and
/// `SigningCertUrl` as Lambda deliveries write it); an envelope carrying both
/// spellings of one key, or any key twice, is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    kind: EnvelopeType,
    message_id: String,
    topic_arn: String,
    subject: Option<String>,
    message: String,
    timestamp: String,
    signature_version: String,
    signature: String,
    signing_cert_url: String,
    subscribe_url: Option<String>,
    unsubscribe_url: Option<String>,
    token: Option<String>,
}

impl Envelope {
    /// Reads an envelope from the POSTed body (SNS sends it as `text/plain`).
    ///
    /// Refused: a body over [`MAX_ENVELOPE_BYTES`], anything but a JSON
    /// object, a known field that is not a string (`null` counts as absent),
    /// a field given twice, an unknown `Type`, a missing required field
    /// (`Token` and `SubscribeURL` are required on both confirmations).
    /// Unknown fields (`MessageAttributes`, …) are ignored.
    pub fn parse(body: &[u8]) -> Result<Envelope, NotificationError> {
        if body.len() > MAX_ENVELOPE_BYTES {
            return Err(NotificationError::TooLarge {
                bytes: body.len(),
                max: MAX_ENVELOPE_BYTES,
            });
        }
        let mut reader = serde_json::Deserializer::from_slice(body);
        let mut problem = None;
        let fields = FieldsSeed {
            problem: &mut problem,
        }
        .deserialize(&mut reader)
        .and_then(|fields| reader.end().map(|()| fields));
        match (fields, problem) {
            (_, Some(problem)) => Err(problem),
            (Ok(fields), None) => fields.into_envelope(),
            (Err(e), None) => Err(NotificationError::NotJson {
                reason: e.to_string(),
            }),
        }
    }

    /// Which message this is.
    pub fn kind(&self) -> EnvelopeType {
        self.kind
    }

    /// SNS's id of this message: the same on every redelivery, so the key
    /// to de-duplicate on.
    pub fn message_id(&self) -> &str {
        &self.message_id
    }

    /// The topic that sent it.
    pub fn topic_arn(&self) -> &str {
        &self.topic_arn
    }

    /// The subject, when the publisher gave one.
    pub fn subject(&self) -> Option<&str> {
        self.subject.as_deref()
    }

    /// The message: for an Amazon Pay notification, a JSON document.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// When SNS published it, as sent (`2027-01-01T12:00:00.123Z`).
    pub fn timestamp(&self) -> &str {
        &self.timestamp
    }

    /// `"1"` (SHA1withRSA) or `"2"` (SHA256withRSA); anything else is
    /// refused at verification.
    pub fn signature_version(&self) -> &str {
        &self.signature_version
    }

    /// The base64 signature.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// Where the signing certificate is, as sent. Fetch it only after
    /// [`TrustPolicy::certificate_url`](super::TrustPolicy::certificate_url)
    /// accepts it.
    pub fn signing_cert_url(&self) -> &str {
        &self.signing_cert_url
    }

    /// The URL that confirms a subscription (confirmations only).
    pub fn subscribe_url(&self) -> Option<&str> {
        self.subscribe_url.as_deref()
    }

    /// The URL that unsubscribes the endpoint (notifications; not signed).
    pub fn unsubscribe_url(&self) -> Option<&str> {
        self.unsubscribe_url.as_deref()
    }

    /// The confirmation token (confirmations only).
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// What SNS signed: for each field of the type's list that is present,
    /// in byte order of the names, the name, a newline, the value, a newline.
    /// Notifications: `Message`, `MessageId`, `Subject` (when present),
    /// `Timestamp`, `TopicArn`, `Type`; both confirmations: `Message`,
    /// `MessageId`, `SubscribeURL`, `Timestamp`, `Token`, `TopicArn`, `Type`.
    pub fn string_to_sign(&self) -> String {
        let mut text = String::with_capacity(self.message.len() + 512);
        let mut field = |name: &str, value: Option<&str>| {
            if let Some(value) = value {
                text.push_str(name);
                text.push('\n');
                text.push_str(value);
                text.push('\n');
            }
        };
        field("Message", Some(&self.message));
        field("MessageId", Some(&self.message_id));
        match self.kind {
            EnvelopeType::Notification => {
                field("Subject", self.subject.as_deref());
                field("Timestamp", Some(&self.timestamp));
            }
            EnvelopeType::SubscriptionConfirmation | EnvelopeType::UnsubscribeConfirmation => {
                field("SubscribeURL", self.subscribe_url.as_deref());
                field("Timestamp", Some(&self.timestamp));
                field("Token", self.token.as_deref());
            }
        }
        field("TopicArn", Some(&self.topic_arn));
        field("Type", Some(self.kind.as_str()));
        text
    }
}

/// The envelope's known fields: the canonical name and its spellings.
const FIELDS: &[(&str, &[&str])] = &[
    ("Type", &["Type"]),
    ("MessageId", &["MessageId"]),
    ("TopicArn", &["TopicArn"]),
    ("Subject", &["Subject"]),
    ("Message", &["Message"]),
    ("Timestamp", &["Timestamp"]),
    ("SignatureVersion", &["SignatureVersion"]),
    ("Signature", &["Signature"]),
    ("SigningCertURL", &["SigningCertURL", "SigningCertUrl"]),
    ("SubscribeURL", &["SubscribeURL", "SubscribeUrl"]),
    ("UnsubscribeURL", &["UnsubscribeURL", "UnsubscribeUrl"]),
    ("Token", &["Token"]),
];

fn canonical(name: &str) -> Option<usize> {
    FIELDS
        .iter()
        .position(|(_, spellings)| spellings.contains(&name))
}

/// The values read, by position in [`FIELDS`].
struct Fields([Option<String>; 12]);

impl Fields {
    fn take(&mut self, name: &'static str) -> Option<String> {
        canonical(name)
            .and_then(|i| self.0.get_mut(i))
            .and_then(Option::take)
    }

    fn required(&mut self, name: &'static str) -> Result<String, NotificationError> {
        self.take(name)
            .ok_or(NotificationError::MissingField { field: name })
    }

    fn into_envelope(mut self) -> Result<Envelope, NotificationError> {
        let kind = match self.required("Type")?.as_str() {
            "Notification" => EnvelopeType::Notification,
            "SubscriptionConfirmation" => EnvelopeType::SubscriptionConfirmation,
            "UnsubscribeConfirmation" => EnvelopeType::UnsubscribeConfirmation,
            other => {
                return Err(NotificationError::UnknownType {
                    found: other.chars().take(64).collect(),
                });
            }
        };
        let confirmation = kind != EnvelopeType::Notification;
        let mut optional_unless = |name: &'static str, required: bool| {
            let value = self.take(name);
            if required && value.is_none() {
                Err(NotificationError::MissingField { field: name })
            } else {
                Ok(value)
            }
        };
        let subscribe_url = optional_unless("SubscribeURL", confirmation)?;
        let token = optional_unless("Token", confirmation)?;
        let subject = optional_unless("Subject", false)?;
        let unsubscribe_url = optional_unless("UnsubscribeURL", false)?;
        Ok(Envelope {
            kind,
            message_id: self.required("MessageId")?,
            topic_arn: self.required("TopicArn")?,
            message: self.required("Message")?,
            timestamp: self.required("Timestamp")?,
            signature_version: self.required("SignatureVersion")?,
            signature: self.required("Signature")?,
            signing_cert_url: self.required("SigningCertURL")?,
            subject,
            subscribe_url,
            unsubscribe_url,
            token,
        })
    }
}

/// Reads the envelope's object, recording a field-level problem in
/// `problem` (serde's error type cannot carry our own values).
struct FieldsSeed<'p> {
    problem: &'p mut Option<NotificationError>,
}

impl<'de> DeserializeSeed<'de> for FieldsSeed<'_> {
    type Value = Fields;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Fields, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed<'_> {
    type Value = Fields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an SNS envelope (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = Fields(Default::default());
        let mut seen = [false; 12];
        while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let Some(index) = canonical(&name) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let field = FIELDS.get(index).map_or("", |(n, _)| *n);
            if seen.get_mut(index).map(|s| std::mem::replace(s, true)) == Some(true) {
                *self.problem = Some(NotificationError::DuplicateField { field });
                return Err(de::Error::custom("duplicate field"));
            }
            match map.next_value::<Text>()? {
                Text::Value(value) => {
                    if let Some(slot) = fields.0.get_mut(index) {
                        *slot = Some(value);
                    }
                }
                Text::Null => {}
                Text::Other => {
                    *self.problem = Some(NotificationError::FieldNotText { field });
                    return Err(de::Error::custom("not a string"));
                }
            }
        }
        Ok(fields)
    }
}

/// A field's value: a string, `null`, or anything else (read to its end).
enum Text {
    Value(String),
    Null,
    Other,
}

impl<'de> de::Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Value(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text::Value(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text::Null)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Text, E> {
                Ok(Text::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Text, E> {
                Ok(Text::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Text, E> {
                Ok(Text::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Text, E> {
                Ok(Text::Other)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Text::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Text::Other)
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}
