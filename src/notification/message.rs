//! The Amazon Pay message inside a notification (spec §12.3), and the call
//! that learns the truth it hints at.

use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};

use super::error::NotificationError;
use crate::model::{ChargeId, ChargePermissionId, RefundId};
use crate::operation::{GetCharge, GetChargePermission, GetRefund};

macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this crate does not know yet, kept as sent.
            Other(String),
        }

        impl $name {
            fn from_wire(text: &str) -> $name {
                match text {
                    $($wire => $name::$variant,)*
                    other => $name::Other(other.to_owned()),
                }
            }

            /// The value as Amazon writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Other(other) => other,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

open_enum! {
    /// The kind of object a notification is about (`ObjectType`).
    ObjectType {
        /// A Charge Permission.
        ChargePermission = "CHARGE_PERMISSION",
        /// A Charge.
        Charge = "CHARGE",
        /// A Refund.
        Refund = "REFUND",
        /// A chargeback (a dispute).
        Chargeback = "CHARGEBACK",
    }
}

open_enum! {
    /// What changed (`NotificationType`).
    NotificationType {
        /// The object's state changed.
        StateChange = "STATE_CHANGE",
        /// Another attribute changed.
        AttributeChange = "ATTRIBUTE_CHANGE",
    }
}

/// An Amazon Pay IPN message: which object changed. A hint only — the
/// object's state is what [`follow_up`](Self::follow_up)'s call returns.
///
/// Keys are read case-insensitively: the current documentation writes them
/// in PascalCase (`ObjectType`), the v1 page in camelCase (`objectType`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaymentNotification {
    /// The merchant (`MerchantID`).
    pub merchant_id: String,
    /// What kind of object changed.
    pub object_type: ObjectType,
    /// Its id.
    pub object_id: String,
    /// The charge permission it belongs to.
    pub charge_permission_id: ChargePermissionId,
    /// What changed.
    pub notification_type: NotificationType,
    /// Amazon's id of this notification, for tracking only.
    pub notification_id: Option<String>,
    /// The message format (`V2`), unrelated to the API path version.
    pub notification_version: Option<String>,
    /// `ReleaseEnvironment` when present (undocumented; read the object's
    /// own `releaseEnvironment` after the Get instead).
    pub release_environment: Option<String>,
}

/// The call that learns the real state of what a notification names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FollowUp {
    /// Get Charge Permission.
    GetChargePermission(GetChargePermission),
    /// Get Charge.
    GetCharge(GetCharge),
    /// Get Refund.
    GetRefund(GetRefund),
    /// No Checkout call reads this kind of object (a chargeback, or a kind
    /// this crate does not know): read its charge permission if you act on it.
    Unsupported {
        /// The kind named.
        object_type: ObjectType,
        /// The permission it belongs to.
        charge_permission: GetChargePermission,
    },
}

impl PaymentNotification {
    /// Reads the `Message` of a notification envelope.
    pub fn parse(message: &str) -> Result<PaymentNotification, NotificationError> {
        let raw: Raw =
            serde_json::from_str(message).map_err(|e| NotificationError::MessageNotJson {
                reason: e.to_string(),
            })?;
        let required = |value: Option<String>, field: &'static str| {
            value
                .filter(|v| !v.is_empty())
                .ok_or(NotificationError::MessageFieldMissing { field })
        };
        Ok(PaymentNotification {
            merchant_id: required(raw.merchant_id, "MerchantID")?,
            object_type: ObjectType::from_wire(&required(raw.object_type, "ObjectType")?),
            object_id: required(raw.object_id, "ObjectId")?,
            charge_permission_id: ChargePermissionId::from(required(
                raw.charge_permission_id,
                "ChargePermissionId",
            )?),
            notification_type: NotificationType::from_wire(&required(
                raw.notification_type,
                "NotificationType",
            )?),
            notification_id: raw.notification_id,
            notification_version: raw.notification_version,
            release_environment: raw.release_environment,
        })
    }

    /// The typed Get call for the object named (IPNs are hints, spec §12.1):
    /// send it, then hand what it returns to your [`Ledger`](crate::lifecycle::Ledger).
    pub fn follow_up(&self) -> FollowUp {
        let id = self.object_id.as_str();
        match self.object_type {
            ObjectType::ChargePermission => FollowUp::GetChargePermission(
                GetChargePermission::new(ChargePermissionId::from(id)),
            ),
            ObjectType::Charge => FollowUp::GetCharge(GetCharge::new(ChargeId::from(id))),
            ObjectType::Refund => FollowUp::GetRefund(GetRefund::new(RefundId::from(id))),
            _ => FollowUp::Unsupported {
                object_type: self.object_type.clone(),
                charge_permission: GetChargePermission::new(self.charge_permission_id.clone()),
            },
        }
    }
}

/// The message's fields, read case-insensitively; every value a string.
#[derive(Default)]
struct Raw {
    merchant_id: Option<String>,
    object_type: Option<String>,
    object_id: Option<String>,
    charge_permission_id: Option<String>,
    notification_type: Option<String>,
    notification_id: Option<String>,
    notification_version: Option<String>,
    release_environment: Option<String>,
}

impl<'de> de::Deserialize<'de> for Raw {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawVisitor;
        impl<'de> Visitor<'de> for RawVisitor {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an Amazon Pay notification message (a JSON object)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
                let mut raw = Raw::default();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let slot = match key.to_ascii_lowercase().as_str() {
                        "merchantid" => &mut raw.merchant_id,
                        "objecttype" => &mut raw.object_type,
                        "objectid" => &mut raw.object_id,
                        "chargepermissionid" => &mut raw.charge_permission_id,
                        "notificationtype" => &mut raw.notification_type,
                        "notificationid" => &mut raw.notification_id,
                        "notificationversion" => &mut raw.notification_version,
                        "releaseenvironment" => &mut raw.release_environment,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    if slot.is_some() {
                        return Err(de::Error::custom(format_args!(
                            "the key {key:?} appears twice"
                        )));
                    }
                    *slot = map.next_value::<Option<String>>()?;
                }
                Ok(raw)
            }
        }
        deserializer.deserialize_map(RawVisitor)
    }
}
