//! Merchant accounts, stores and delegation (spec §15, solution providers).
//!
//! The fields are those of Amazon's SDKs (.NET types for Register Amazon Pay
//! Account; SDK examples for the rest). UNCONFIRMED where marked: Amazon's
//! pages for these calls are partner-only.

use std::fmt;

use crate::model::de as wire_de;
use crate::model::ids::{MerchantAccountId, StoreId};
use crate::money::{Currency, Price};
use crate::wire::wire_struct;

wire_struct! {
    /// A postal address in account data (`businessAddress`,
    /// `residentialAddress`).
    #[derive(Debug)]
    pub struct AccountAddress {
        /// First line.
        pub address_line1: Option<String>,
        /// Second line.
        pub address_line2: Option<String>,
        /// City.
        pub city: Option<String>,
        /// State or region.
        pub state_or_region: Option<String>,
        /// Postal code.
        pub postal_code: Option<String>,
        /// ISO 3166 country code.
        pub country_code: Option<String>,
    }
}

wire_struct! {
    /// The business behind a merchant account (`businessInfo`).
    ///
    /// `email`, `businessDisplayName`, `businessCategory` and
    /// `annualSalesVolume` are UNCONFIRMED (Create Merchant Account examples
    /// only); Register Amazon Pay Account is documented with the other four.
    #[derive(Debug)]
    pub struct BusinessInfo {
        /// The legal form, in Amazon's words.
        pub business_type: Option<String>,
        /// ISO 3166 country where the business is established.
        pub country_of_establishment: Option<String>,
        /// The legal name.
        pub business_legal_name: Option<String>,
        /// The registered address.
        pub business_address: Option<AccountAddress>,
        /// Contact email.
        pub email: Option<String>,
        /// The name buyers see.
        pub business_display_name: Option<String>,
        /// The business category, in Amazon's words.
        pub business_category: Option<String>,
        /// Yearly sales.
        pub annual_sales_volume: Option<Price>,
    }
}

wire_struct! {
    /// A person: the primary contact or a beneficial owner. Personal data:
    /// `Debug` shows only which fields are present.
    pub struct Person {
        /// Full name.
        pub person_full_name: Option<String>,
        /// Home address.
        pub residential_address: Option<AccountAddress>,
        /// Date of birth, as Amazon's examples write it (`19800101`).
        pub date_of_birth: Option<String>,
    }
}

impl fmt::Debug for Person {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::model::Redacted;
        f.debug_struct("Person")
            .field("person_full_name", &Redacted(&self.person_full_name))
            .field("residential_address", &Redacted(&self.residential_address))
            .field("date_of_birth", &Redacted(&self.date_of_birth))
            .finish()
    }
}

wire_struct! {
    /// A state with its reason (`storeStatus`, `merchantStatus`).
    #[derive(Debug)]
    pub struct AccountStatus {
        /// Who reports the status (`merchantStatus` only), such as the
        /// payment service provider's name.
        pub status_provider: Option<String>,
        /// The state, in Amazon's words (`ACTIVE`, `Active`, …).
        pub state: Option<String>,
        /// Why, if not active.
        pub reason_code: Option<String>,
    }
}

wire_struct! {
    /// A store of a merchant account.
    #[derive(Debug)]
    pub struct Store {
        /// Its id (in answers; never sent when creating one).
        pub store_id: Option<StoreId>,
        /// The shop's domains.
        #[serde(deserialize_with = "wire_de::list")]
        pub domain_urls: Option<Vec<String>>,
        /// Its name.
        pub store_name: Option<String>,
        /// Its privacy policy.
        pub privacy_policy_url: Option<String>,
        /// Its status.
        pub store_status: Option<AccountStatus>,
    }
}

wire_struct! {
    /// Where Amazon sends the account's IPNs (`integrationInfo`).
    #[derive(Debug)]
    pub struct IntegrationInfo {
        /// The endpoints.
        #[serde(deserialize_with = "wire_de::list")]
        pub ipn_endpoint_urls: Option<Vec<String>>,
    }
}

wire_struct! {
    /// A merchant account as Register Amazon Pay Account and Create Merchant
    /// Account answer it.
    #[derive(Debug)]
    pub struct MerchantAccount {
        /// The provider's own reference, echoed.
        pub unique_reference_id: Option<String>,
        /// The new account's id.
        pub merchant_account_id: Option<MerchantAccountId>,
        /// The account's ledger currency, when Amazon echoes it.
        pub ledger_currency: Option<Currency>,
    }
}

wire_struct! {
    /// The answer of Get Authorization Token: the delegated merchant's token
    /// for `x-amz-pay-authtoken`. A credential: `Debug` does not show it.
    ///
    /// UNCONFIRMED: Amazon's name for the field; both `authorizationToken`
    /// and `authToken` are read.
    pub struct AuthorizationToken {
        /// The token.
        #[serde(alias = "authToken")]
        pub authorization_token: Option<String>,
    }
}

impl AuthorizationToken {
    /// The token as a checked header value, if Amazon sent one that can be
    /// sent back.
    pub fn auth_token(&self) -> Option<crate::model::AuthToken> {
        crate::model::AuthToken::parse(self.authorization_token.as_deref()?).ok()
    }
}

impl fmt::Debug for AuthorizationToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::model::Redacted;
        f.debug_struct("AuthorizationToken")
            .field("authorization_token", &Redacted(&self.authorization_token))
            .finish()
    }
}
