//! Merchant onboarding, account management and delegation (spec §15,
//! solution providers): Register, Update and Delete Amazon Pay Account;
//! Create, Update and Claim Merchant Account; Create and Update Store; Get
//! Authorization Token.
//!
//! UNCONFIRMED: Amazon's pages for these calls are partner-only; bodies
//! carry the fields of Amazon's SDKs and examples (see
//! [`model::account`](crate::model::account)).

use serde::{Deserialize, Serialize};

use crate::api::{CallSpec, Operation};
use crate::config::Config;
use crate::model::AuthToken;
use crate::model::{
    AccountStatus, AuthorizationToken, BusinessInfo, IntegrationInfo, MerchantAccount,
    MerchantAccountId, Person, RawJson, Store, StoreId,
};
use crate::money::Currency;
use crate::operation::validate::{self, ID_MAX};
use crate::operation::{
    Acknowledged, ApiError, ApiOperation, Response, body_and_key, decode_acknowledged,
    delete_operation, optional_key,
};
use crate::request::IdempotencyKey;
use crate::validation::{Rule, ValidationError};

/// Checks a reference of the provider's own (`uniqueReferenceId`).
fn reference(value: &str) -> Result<(), ValidationError> {
    validate::text("uniqueReferenceId", value, ID_MAX, false)
}

/// Checks a ledger currency: one of USD, EUR, GBP, JPY.
fn ledger_currency(currency: &Currency) -> Result<(), ValidationError> {
    if currency.is_ledger_currency() {
        Ok(())
    } else {
        Err(ValidationError::new(
            "ledgerCurrency",
            Rule::Required {
                because: "to be a ledger currency: USD, EUR, GBP or JPY",
            },
        ))
    }
}

/// The body of Register Amazon Pay Account and Create Merchant Account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountBody {
    unique_reference_id: String,
    ledger_currency: Currency,
    business_info: BusinessInfo,
    #[serde(skip_serializing_if = "Option::is_none")]
    primary_contact_person: Option<Person>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    beneficiary_owners: Vec<Person>,
    #[serde(skip_serializing_if = "Option::is_none")]
    integration_info: Option<IntegrationInfo>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    stores: Vec<Store>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_status: Option<AccountStatus>,
}

impl AccountBody {
    fn new(reference: String, currency: Currency, business: BusinessInfo) -> AccountBody {
        AccountBody {
            unique_reference_id: reference,
            ledger_currency: currency,
            business_info: business,
            primary_contact_person: None,
            beneficiary_owners: Vec::new(),
            integration_info: None,
            stores: Vec::new(),
            merchant_status: None,
        }
    }

    fn validate(&self) -> Result<(), ValidationError> {
        reference(&self.unique_reference_id)?;
        ledger_currency(&self.ledger_currency)?;
        let name = self.business_info.business_legal_name.as_deref();
        validate::text(
            "businessInfo.businessLegalName",
            name.unwrap_or_default(),
            validate::NAME_MAX,
            false,
        )?;
        for store in &self.stores {
            store_fields("stores", store)?;
        }
        Ok(())
    }
}

/// Checks a store's fields: no id when sending one, https URLs.
fn store_fields(prefix: &'static str, store: &Store) -> Result<(), ValidationError> {
    if store.store_id.is_some() {
        return Err(ValidationError::new(
            validate::field(prefix, "storeId"),
            Rule::NotAllowed {
                because: "in a request: Amazon issues the id",
            },
        ));
    }
    for url in store.domain_urls.iter().flatten() {
        validate::return_url(
            validate::field(prefix, "domainUrls"),
            url,
            crate::config::Environment::Live,
        )?;
    }
    if let Some(url) = &store.privacy_policy_url {
        validate::return_url(
            validate::field(prefix, "privacyPolicyUrl"),
            url,
            crate::config::Environment::Live,
        )?;
    }
    Ok(())
}

/// Register Amazon Pay Account: `POST /merchantAccounts`, a non-loginable
/// account for a merchant partner; answers its `merchantAccountId`.
///
/// ```json
/// {"uniqueReferenceId":"ref-1","ledgerCurrency":"JPY","businessInfo":{"businessType":"CORPORATE","countryOfEstablishment":"JP","businessLegalName":"Test Co"}}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterAmazonPayAccount {
    body: AccountBody,
    #[serde(rename = "idempotencyKey")]
    key: Option<IdempotencyKey>,
}

impl RegisterAmazonPayAccount {
    /// An account known to you as `unique_reference_id`, with its ledger
    /// currency and business (`businessLegalName` required).
    pub fn new(
        unique_reference_id: impl Into<String>,
        ledger_currency: Currency,
        business: BusinessInfo,
    ) -> RegisterAmazonPayAccount {
        RegisterAmazonPayAccount {
            body: AccountBody::new(unique_reference_id.into(), ledger_currency, business),
            key: None,
        }
    }

    /// The primary contact (`primaryContactPerson`).
    pub fn with_primary_contact(mut self, person: Person) -> Self {
        self.body.primary_contact_person = Some(person);
        self
    }
}

impl ApiOperation for RegisterAmazonPayAccount {
    type Output = MerchantAccount;
    const SPEC: CallSpec = Operation::RegisterAmazonPayAccount.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        self.body.validate()
    }

    body_and_key!(optional);
}

optional_key!(RegisterAmazonPayAccount, ClaimMerchantAccount, CreateStore);

/// Create Merchant Account: `POST /merchantAccounts` with an idempotency key,
/// a loginable account with its owners, stores and IPN endpoints; answers its
/// `merchantAccountId`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateMerchantAccount {
    body: AccountBody,
    #[serde(rename = "idempotencyKey")]
    key: IdempotencyKey,
}

impl CreateMerchantAccount {
    /// An account known to you as `unique_reference_id`.
    pub fn new(
        unique_reference_id: impl Into<String>,
        ledger_currency: Currency,
        business: BusinessInfo,
        key: IdempotencyKey,
    ) -> CreateMerchantAccount {
        CreateMerchantAccount {
            body: AccountBody::new(unique_reference_id.into(), ledger_currency, business),
            key,
        }
    }

    /// The primary contact (`primaryContactPerson`).
    pub fn with_primary_contact(mut self, person: Person) -> Self {
        self.body.primary_contact_person = Some(person);
        self
    }

    /// The beneficial owners (`beneficiaryOwners`).
    pub fn with_beneficiary_owners(mut self, owners: impl IntoIterator<Item = Person>) -> Self {
        self.body.beneficiary_owners = owners.into_iter().collect();
        self
    }

    /// Where IPNs go (`integrationInfo`).
    pub fn with_integration_info(mut self, info: IntegrationInfo) -> Self {
        self.body.integration_info = Some(info);
        self
    }

    /// The stores (`stores`; no `storeId`).
    pub fn with_stores(mut self, stores: impl IntoIterator<Item = Store>) -> Self {
        self.body.stores = stores.into_iter().collect();
        self
    }

    /// The status the provider reports (`merchantStatus`).
    pub fn with_merchant_status(mut self, status: AccountStatus) -> Self {
        self.body.merchant_status = Some(status);
        self
    }
}

impl ApiOperation for CreateMerchantAccount {
    type Output = MerchantAccount;
    const SPEC: CallSpec = Operation::CreateMerchantAccount.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        self.body.validate()
    }

    body_and_key!(required);
}

/// The body of Update Amazon Pay Account and Update Merchant Account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AccountUpdateBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    business_info: Option<BusinessInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    primary_contact_person: Option<Person>,
}

impl AccountUpdateBody {
    fn validate(&self) -> Result<(), ValidationError> {
        if *self == AccountUpdateBody::default() {
            return Err(ValidationError::new(
                "businessInfo",
                Rule::Required {
                    because: "(or primaryContactPerson): an update needs a field to change",
                },
            ));
        }
        Ok(())
    }
}

/// Declares an account update: `PATCH /merchantAccounts/{merchantAccountId}`
/// with [`AccountUpdateBody`].
macro_rules! account_update {
    ($(#[$meta:meta])* $name:ident, $operation:ident $(, $token:ident)?) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            #[serde(rename = "merchantAccountId")]
            id: MerchantAccountId,
            body: AccountUpdateBody,
            $(#[serde(rename = "authToken")] $token: AuthToken,)?
        }

        impl $name {
            /// Changes the business details (`businessInfo`).
            pub fn with_business_info(mut self, info: BusinessInfo) -> Self {
                self.body.business_info = Some(info);
                self
            }

            /// Changes the primary contact (`primaryContactPerson`).
            pub fn with_primary_contact(mut self, person: Person) -> Self {
                self.body.primary_contact_person = Some(person);
                self
            }
        }

        impl ApiOperation for $name {
            type Output = Acknowledged;
            const SPEC: CallSpec = Operation::$operation.spec();

            fn path(&self) -> String {
                Self::SPEC.path_with(&[self.id.as_str()])
            }

            fn validate(&self, _: &Config) -> Result<(), ValidationError> {
                validate::path_id("merchantAccountId", self.id.as_str())?;
                self.body.validate()
            }

            body_and_key!(none);

            $(
            fn required_headers(&self) -> Vec<(&'static str, &str)> {
                vec![("x-amz-pay-authtoken", self.$token.as_str())]
            }
            )?

            fn decode(&self, response: &Response) -> Result<Acknowledged, ApiError> {
                decode_acknowledged(response, Self::SPEC.operation)
            }
        }
    };
}

account_update! {
    /// Update Amazon Pay Account: `PATCH /merchantAccounts/{merchantAccountId}`
    /// for a registered (non-loginable) account; only fields that keep the
    /// legal entity.
    UpdateAmazonPayAccount, UpdateAmazonPayAccount
}

impl UpdateAmazonPayAccount {
    /// An update of `id`; give at least one field.
    pub fn new(id: MerchantAccountId) -> UpdateAmazonPayAccount {
        UpdateAmazonPayAccount {
            id,
            body: AccountUpdateBody::default(),
        }
    }
}

account_update! {
    /// Update Merchant Account: `PATCH /merchantAccounts/{merchantAccountId}`
    /// for a loginable account, on the merchant's behalf: the call carries
    /// the merchant's `x-amz-pay-authtoken`, which Amazon requires. (Do not
    /// add another auth token with [`CallHeaders`](crate::operation::CallHeaders):
    /// a header given twice is refused at signing.)
    UpdateMerchantAccount, UpdateMerchantAccount, token
}

impl UpdateMerchantAccount {
    /// An update of `id` with the merchant's `token`; give at least one
    /// field.
    pub fn new(id: MerchantAccountId, token: AuthToken) -> UpdateMerchantAccount {
        UpdateMerchantAccount {
            id,
            body: AccountUpdateBody::default(),
            token,
        }
    }
}

delete_operation! {
    /// Delete Amazon Pay Account: `DELETE /merchantAccounts/{merchantAccountId}`,
    /// no body; any 2xx is success.
    DeleteAmazonPayAccount(MerchantAccountId, "merchantAccountId") => DeleteAmazonPayAccount
}

/// How a claim answered. As JSON: `{"location": …}` for the redirect, the
/// body (or `null`) for a claim that went through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ClaimOutcome {
    /// 303: send the merchant to `location` to finish the claim.
    Redirect {
        /// The `Location` header, as sent.
        location: String,
    },
    /// 2xx: the claim went through; Amazon's body, if any.
    Claimed(Option<RawJson>),
}

/// The body of Claim Merchant Account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimMerchantAccountBody {
    unique_reference_id: String,
}

/// Claim Merchant Account: `POST /merchantAccounts/{merchantAccountId}/claim`;
/// Amazon may answer 303 with the page where the merchant completes the
/// claim ([`ClaimOutcome::Redirect`]).
///
/// UNCONFIRMED: the body (`uniqueReferenceId`, as in Amazon's examples).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClaimMerchantAccount {
    #[serde(rename = "merchantAccountId")]
    id: MerchantAccountId,
    body: ClaimMerchantAccountBody,
    #[serde(rename = "idempotencyKey")]
    key: Option<IdempotencyKey>,
}

impl ClaimMerchantAccount {
    /// Starts the claim of `id`, registered as `unique_reference_id`.
    pub fn new(
        id: MerchantAccountId,
        unique_reference_id: impl Into<String>,
    ) -> ClaimMerchantAccount {
        ClaimMerchantAccount {
            id,
            body: ClaimMerchantAccountBody {
                unique_reference_id: unique_reference_id.into(),
            },
            key: None,
        }
    }
}

impl ApiOperation for ClaimMerchantAccount {
    type Output = ClaimOutcome;
    const SPEC: CallSpec = Operation::ClaimMerchantAccount.spec();

    fn path(&self) -> String {
        Self::SPEC.path_with(&[self.id.as_str()])
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        validate::path_id("merchantAccountId", self.id.as_str())?;
        reference(&self.body.unique_reference_id)
    }

    body_and_key!(optional);

    /// 303 with a `Location` is [`ClaimOutcome::Redirect`]; a 303 without
    /// one is an unexpected answer; 2xx is [`ClaimOutcome::Claimed`].
    fn decode(&self, response: &Response) -> Result<ClaimOutcome, ApiError> {
        let operation = Self::SPEC.operation;
        if response.status() == 303 {
            return match response.header("location").filter(|l| !l.is_empty()) {
                Some(location) => Ok(ClaimOutcome::Redirect {
                    location: location.to_owned(),
                }),
                None => Err(ApiError::unexpected(response).for_operation(operation.as_str())),
            };
        }
        let acknowledged = decode_acknowledged(response, operation)?;
        Ok(ClaimOutcome::Claimed(acknowledged.body))
    }
}

/// Create Store: `POST /merchantAccounts/{merchantAccountId}/stores`; answers
/// the store with its `storeId`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateStore {
    #[serde(rename = "merchantAccountId")]
    account: MerchantAccountId,
    body: Store,
    #[serde(rename = "idempotencyKey")]
    key: Option<IdempotencyKey>,
}

impl CreateStore {
    /// Adds `store` (without `storeId`) to `account`.
    pub fn new(account: MerchantAccountId, store: Store) -> CreateStore {
        CreateStore {
            account,
            body: store,
            key: None,
        }
    }
}

impl ApiOperation for CreateStore {
    type Output = Store;
    const SPEC: CallSpec = Operation::CreateStore.spec();

    fn path(&self) -> String {
        Self::SPEC.path_with(&[self.account.as_str()])
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        validate::path_id("merchantAccountId", self.account.as_str())?;
        let name = self.body.store_name.as_deref();
        validate::text(
            "storeName",
            name.unwrap_or_default(),
            validate::NAME_MAX,
            false,
        )?;
        store_fields("", &self.body)
    }

    body_and_key!(optional);
}

/// Update Store: `PATCH /merchantAccounts/{merchantAccountId}/stores/{storeId}`;
/// answers the store.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateStore {
    #[serde(rename = "merchantAccountId")]
    account: MerchantAccountId,
    #[serde(rename = "storeId")]
    store: StoreId,
    body: Store,
}

impl UpdateStore {
    /// Changes `store` of `account` to the fields of `changes` (without
    /// `storeId`; at least one field).
    pub fn new(account: MerchantAccountId, store: StoreId, changes: Store) -> UpdateStore {
        UpdateStore {
            account,
            store,
            body: changes,
        }
    }
}

impl ApiOperation for UpdateStore {
    type Output = Store;
    const SPEC: CallSpec = Operation::UpdateStore.spec();

    fn path(&self) -> String {
        Self::SPEC.path_with(&[self.account.as_str(), self.store.as_str()])
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        validate::path_id("merchantAccountId", self.account.as_str())?;
        validate::path_id("storeId", self.store.as_str())?;
        if self.body == Store::default() {
            return Err(ValidationError::new(
                "storeName",
                Rule::Required {
                    because: "(or another store field): an update needs a field to change",
                },
            ));
        }
        store_fields("", &self.body)
    }

    body_and_key!(none);
}

/// Get Authorization Token: `GET /authorizationTokens/{mwsAuthToken}?merchantId=…`,
/// 200: the token a solution provider sends as `x-amz-pay-authtoken` for a
/// merchant who delegated to it (an active MWS authorization is required).
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetAuthorizationToken {
    mws_auth_token: String,
    merchant_id: String,
}

impl std::fmt::Debug for GetAuthorizationToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GetAuthorizationToken")
            .field("mws_auth_token", &"<redacted>")
            .field("merchant_id", &self.merchant_id)
            .finish()
    }
}

impl GetAuthorizationToken {
    /// The token for `merchant_id`, from its MWS authorization token.
    pub fn new(
        mws_auth_token: impl Into<String>,
        merchant_id: impl Into<String>,
    ) -> GetAuthorizationToken {
        GetAuthorizationToken {
            mws_auth_token: mws_auth_token.into(),
            merchant_id: merchant_id.into(),
        }
    }
}

impl ApiOperation for GetAuthorizationToken {
    type Output = AuthorizationToken;
    const SPEC: CallSpec = Operation::GetAuthorizationToken.spec();

    fn path(&self) -> String {
        Self::SPEC.path_with(&[self.mws_auth_token.as_str()])
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        validate::path_id("mwsAuthToken", &self.mws_auth_token)?;
        validate::list_word("merchantId", &self.merchant_id)
    }

    body_and_key!(no_body);

    fn query(&self) -> Vec<(&'static str, String)> {
        vec![("merchantId", self.merchant_id.clone())]
    }
}
