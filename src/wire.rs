//! The two shapes every wire type shares.
//!
//! Amazon adds states, reason codes and options over time. Each such word is
//! an enum with one variant per value this crate knows and `Unknown(String)`
//! for anything else, kept exactly as Amazon sent it. Parsing never fails;
//! `as_str()` gives the wire text back.
//!
//! Amazon's objects are structs of optional camelCase fields that may be
//! missing or `null`, and are left out when encoding if `None`.

/// Declares a vocabulary enum with `Unknown(String)`, `as_str`, `Display`,
/// infallible parsing and string (de)serialisation.
///
/// `ignore_ascii_case` after the name makes parsing case-insensitive for the
/// known values (used where Amazon's own casing is in doubt).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident $([$mode:ident])? {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $text:literal
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("\n\nWire value `", $text, "`.")]
                $variant,
            )+
            /// A value this version of the crate does not know, kept exactly as
            /// Amazon sent it.
            Unknown(String),
        }

        impl $name {
            /// Every value this version of the crate knows, in the order of
            /// Amazon's documentation.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The text Amazon uses for this value (the original text for
            /// [`Unknown`](Self::Unknown)).
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Unknown(text) => text,
                }
            }

            /// Reads Amazon's text. Never fails: unknown text becomes
            /// [`Unknown`](Self::Unknown).
            pub fn parse(text: &str) -> Self {
                Self::known(text).unwrap_or_else(|| $name::Unknown(text.to_owned()))
            }

            /// Whether this is a value the crate knows (not `Unknown`).
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }

            fn known(text: &str) -> Option<Self> {
                const IGNORE_ASCII_CASE: bool = wire_enum!(@ignore_case $($mode)?);
                let same = |wire: &str| {
                    if IGNORE_ASCII_CASE { text.eq_ignore_ascii_case(wire) } else { text == wire }
                };
                $(
                    if same($text) {
                        return Some($name::$variant);
                    }
                )+
                None
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::parse(text)
            }
        }

        impl ::std::convert::From<String> for $name {
            fn from(text: String) -> Self {
                Self::known(&text).unwrap_or($name::Unknown(text))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(text))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(text))
            }
        }
    };
    (@ignore_case) => { false };
    (@ignore_case ignore_ascii_case) => { true };
}

/// Declares a wire object: camelCase names, `#[non_exhaustive]`, and every
/// field optional — missing or `null` decodes to `None`, `None` is not encoded.
/// Only a JSON object decodes into it: an array is refused, never read by
/// position.
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Default, ::serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: $ty,
            )*
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                #[serde(rename_all = "camelCase")]
                struct Fields {
                    $(
                        $(#[$fmeta])*
                        #[serde(default)]
                        $field: $ty,
                    )*
                }
                let fields: Fields = $crate::wire::object(deserializer)?;
                Ok($name { $($field: fields.$field),* })
            }
        }
    };
}

/// Decodes `T` from a JSON object only. serde's derived structs also accept
/// an array, field by field in order; Amazon never sends one, and reading
/// one by position would invent meaning, so it is refused.
pub(crate) fn object<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    struct ObjectOnly<T>(std::marker::PhantomData<T>);
    impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for ObjectOnly<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    deserializer.deserialize_map(ObjectOnly(std::marker::PhantomData))
}

pub(crate) use {wire_enum, wire_struct};
