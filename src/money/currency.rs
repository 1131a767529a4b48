//! [`Currency`]: the ISO 4217 codes Amazon Pay accepts, with their decimal
//! places and per-transaction maximums.

use crate::wire::wire_enum;

wire_enum! {
    /// An ISO 4217 currency code as Amazon Pay uses it (spec §7.2).
    ///
    /// USD, EUR, GBP and JPY are the ledger currencies of the US, EU, UK and JP
    /// accounts; together with AUD, CHF, DKK, HKD, NOK, NZD, SEK and ZAR they
    /// are the twelve presentment currencies of multi-currency checkout.
    ///
    /// Codes are matched exactly (upper case); anything else is kept as
    /// [`Currency::Unknown`] and assumed to have two decimal places.
    pub enum Currency {
        /// US dollar.
        Usd = "USD",
        /// Euro.
        Eur = "EUR",
        /// Pound sterling.
        Gbp = "GBP",
        /// Japanese yen (no decimal places).
        Jpy = "JPY",
        /// Australian dollar.
        Aud = "AUD",
        /// Swiss franc.
        Chf = "CHF",
        /// Danish krone.
        Dkk = "DKK",
        /// Hong Kong dollar.
        Hkd = "HKD",
        /// Norwegian krone.
        Nok = "NOK",
        /// New Zealand dollar.
        Nzd = "NZD",
        /// Swedish krona.
        Sek = "SEK",
        /// South African rand.
        Zar = "ZAR",
    }
}

impl Currency {
    /// Number of decimal places (the ISO 4217 minor-unit exponent): 0 for JPY,
    /// 2 for every other currency, including unknown ones.
    ///
    /// Amazon documents only JPY's zero; two places for the others follows
    /// ISO 4217 (spec §7.2 marks DKK, NOK, SEK, HKD and ZAR as unconfirmed).
    pub fn exponent(&self) -> u8 {
        match self {
            Currency::Jpy => 0,
            _ => 2,
        }
    }

    /// Whether this is a ledger currency (USD, EUR, GBP, JPY): the currency an
    /// Amazon Pay merchant account settles in.
    pub fn is_ledger_currency(&self) -> bool {
        matches!(
            self,
            Currency::Usd | Currency::Eur | Currency::Gbp | Currency::Jpy
        )
    }
}
