//! The Buyer (spec §3.5, §3.6).

use std::fmt;

use crate::model::common::Address;
use crate::model::{Redacted, de as wire_de};
use crate::wire::{wire_enum, wire_struct};

wire_enum! {
    /// A Prime membership type (allow-listed merchants only).
    pub enum PrimeMembershipType {
        /// Prime.
        PrimeGeneral = "PRIME_GENERAL",
        /// Prime Student.
        PrimeStudent = "PRIME_STUDENT",
        /// Prime (US).
        PrimeGeneralUs = "PRIME_GENERAL_US",
    }
}

wire_struct! {
    /// The buyer, both as nested in a Checkout Session or Charge Permission
    /// (`buyerId`, `name`, `email`, `phoneNumber`, `primeMembershipTypes`) and
    /// as returned by Get Buyer, which adds the default `postalCode`,
    /// `countryCode`, `shippingAddress` and `billingAddress`.
    ///
    /// Personal data: `Debug` shows `buyerId` and `countryCode`, and only
    /// whether the other fields are present.
    pub struct Buyer {
        /// Amazon Pay's stable id for the buyer.
        pub buyer_id: Option<String>,
        /// Name.
        pub name: Option<String>,
        /// Email address.
        pub email: Option<String>,
        /// Phone number (only when requested through scopes).
        pub phone_number: Option<String>,
        /// Prime memberships: `None` when the merchant is not allow-listed,
        /// empty when the buyer has none.
        #[serde(deserialize_with = "wire_de::list")]
        pub prime_membership_types: Option<Vec<PrimeMembershipType>>,
        /// Get Buyer: postal code of the default shipping address.
        pub postal_code: Option<String>,
        /// Get Buyer: country of the default shipping address.
        pub country_code: Option<String>,
        /// Get Buyer: default shipping address.
        pub shipping_address: Option<Address>,
        /// Get Buyer: billing address.
        pub billing_address: Option<Address>,
    }
}

impl fmt::Debug for Buyer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Buyer")
            .field("buyer_id", &self.buyer_id)
            .field("name", &Redacted(&self.name))
            .field("email", &Redacted(&self.email))
            .field("phone_number", &Redacted(&self.phone_number))
            .field("prime_membership_types", &self.prime_membership_types)
            .field("postal_code", &Redacted(&self.postal_code))
            .field("country_code", &self.country_code)
            .field("shipping_address", &self.shipping_address)
            .field("billing_address", &self.billing_address)
            .finish()
    }
}
