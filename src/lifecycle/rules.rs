//! Amazon's money and limit rules as plain functions (spec §4.3, §7).
//!
//! Each check returns a [`RuleViolation`] carrying the amounts it compared,
//! so the error says why and by how much. Where the spec leaves a rule
//! unconfirmed, the stricter reading is taken and documented on the item.
//!
//! ```
//! use amazon_pay_core::lifecycle::rules;
//! use amazon_pay_core::{Currency, Price};
//!
//! let usd = |cents| Price::from_minor_units(cents, Currency::Usd);
//! // Captured 100.00: refunds may total 100.00 + min(15 %, 75.00) = 115.00.
//! assert_eq!(rules::refund_allowance(&usd(100_00))?, usd(15_00));
//! assert!(rules::check_refund(&usd(100_00), &usd(100_00), &usd(15_00)).is_ok());
//! assert!(rules::check_refund(&usd(100_00), &usd(100_00), &usd(15_01)).is_err());
//! # Ok::<(), amazon_pay_core::MoneyError>(())
//! ```

use std::cmp::Ordering;

use crate::config::Region;
use crate::lifecycle::error::RuleViolation;
use crate::model::{ChargePermissionType, PaymentIntent};
use crate::money::MoneyError;
use crate::money::{Amount, Currency, Price};
use crate::timestamp::Timestamp;
use crate::validation::{Rule, ValidationError};

/// Create Charge calls allowed on one OneTime Charge Permission.
///
/// Whether declined charges count is unconfirmed (spec §16.9); the ledger
/// counts every charge Amazon created, declined ones included.
pub const MAX_CHARGES_PER_ONE_TIME_PERMISSION: u32 = 25;

/// Refunds on a charge may exceed its capture by at most this share …
pub const REFUND_ALLOWANCE_PERCENT: u32 = 15;

/// … and at most this much: 75 USD/EUR/GBP, 8,400 JPY (spec §7.3).
///
/// For the other presentment currencies Amazon publishes no cap; the crate
/// then allows **no** refund above the captured amount (the safe reading).
pub fn refund_allowance_cap(currency: &Currency) -> Option<Amount> {
    match currency {
        Currency::Usd | Currency::Eur | Currency::Gbp => Some(Amount::from_minor_units(75_00)),
        Currency::Jpy => Some(Amount::from_minor_units(8_400)),
        _ => None,
    }
}

fn same_currency(expected: &Price, found: &Price) -> Result<(), RuleViolation> {
    if expected.currency() == found.currency() {
        Ok(())
    } else {
        Err(RuleViolation::CurrencyMismatch {
            expected: expected.currency().clone(),
            found: found.currency().clone(),
        })
    }
}

fn positive(amount: &Price) -> Result<(), RuleViolation> {
    if amount.is_zero() {
        Err(RuleViolation::NotPositive {
            amount: amount.clone(),
        })
    } else {
        Ok(())
    }
}

/// Refuses an amount above Amazon's per-transaction maximum for its currency.
pub fn check_transaction_maximum(amount: &Price) -> Result<(), RuleViolation> {
    match amount.currency().transaction_maximum() {
        Some(maximum) if amount.amount() > maximum => Err(RuleViolation::AboveTransactionMaximum {
            amount: amount.clone(),
            maximum: Price::new(maximum, amount.currency().clone()),
        }),
        _ => Ok(()),
    }
}

/// Refuses a currency Amazon Pay does not take in `region` (spec §7.2):
/// North America charges only USD and Japan only JPY; Europe and the UK
/// (EUR or GBP ledgers) charge the twelve presentment currencies of
/// multi-currency checkout. The safe reading: an NA permission charged in
/// EUR is refused here rather than escaping the USD monthly cap.
pub fn check_region_currency(region: Region, currency: &Currency) -> Result<(), RuleViolation> {
    let allowed = match region {
        Region::Na => currency == &Currency::Usd,
        Region::Jp => currency == &Currency::Jpy,
        Region::Eu => currency.is_known(),
    };
    if allowed {
        Ok(())
    } else {
        Err(RuleViolation::CurrencyNotInRegion {
            region,
            currency: currency.clone(),
        })
    }
}

/// A capture must be more than zero, in the charge's currency, and at most
/// the authorized amount.
///
/// Capturing more than authorized is unconfirmed in Amazon's documentation
/// (spec §7.3); the crate refuses it.
pub fn check_capture(authorized: &Price, capture: &Price) -> Result<(), RuleViolation> {
    same_currency(authorized, capture)?;
    positive(capture)?;
    if capture.amount() > authorized.amount() {
        return Err(RuleViolation::CaptureExceedsAuthorization {
            capture: capture.clone(),
            authorized: authorized.clone(),
        });
    }
    Ok(())
}

/// What refunds on a charge may add on top of its captured amount: the lesser
/// of 15 % of the capture (rounded down) and 75 USD/EUR/GBP or 8,400 JPY;
/// zero in currencies without a published cap.
pub fn refund_allowance(captured: &Price) -> Result<Price, MoneyError> {
    let Some(cap) = refund_allowance_cap(captured.currency()) else {
        return Ok(Price::zero(captured.currency().clone()));
    };
    let share = captured.percent(REFUND_ALLOWANCE_PERCENT)?;
    share.checked_min(&Price::new(cap, captured.currency().clone()))
}

/// What counts as refunded on a charge for its refund ceiling (spec §3.15,
/// §7.3): Amazon's last reported `refundedAmount` plus the refunds made
/// locally since that report (`local` now, less `local_at_report` then), and
/// never less than the local refunds themselves. With no report, the local
/// refunds. A report whose local base is unknown (`local_at_report` `None`)
/// is taken as made before every local refund: Amazon's figure plus all of
/// them — it may count one twice, but never lets a refund through that
/// Amazon could refuse.
pub fn refunded_total(
    local: &Price,
    reported: Option<&Price>,
    local_at_report: Option<&Price>,
) -> Result<Price, MoneyError> {
    let Some(reported) = reported else {
        return Ok(local.clone());
    };
    let since = match local_at_report {
        Some(base) => local
            .checked_sub(base)
            .unwrap_or_else(|_| Price::zero(local.currency().clone())),
        None => local.clone(),
    };
    let total = reported.checked_add(&since)?;
    Ok(if total.checked_cmp(local)?.is_lt() {
        local.clone()
    } else {
        total
    })
}

/// A refund must be more than zero, in the charge's currency, within the
/// per-refund maximum, and bring the refunds on the charge to at most the
/// captured amount plus [`refund_allowance`].
///
/// `refunded` is what was already refunded or is being refunded on the
/// charge (declined refunds excluded).
pub fn check_refund(
    captured: &Price,
    refunded: &Price,
    refund: &Price,
) -> Result<(), RuleViolation> {
    same_currency(captured, refund)?;
    same_currency(captured, refunded)?;
    positive(refund)?;
    check_transaction_maximum(refund)?;
    let currency = captured.currency();
    let share = captured.amount().percent(REFUND_ALLOWANCE_PERCENT);
    let allowance = match (share, refund_allowance_cap(currency)) {
        (Some(share), Some(cap)) => share.min(cap),
        // No published cap (or an impossible share): nothing on top.
        _ => Amount::ZERO,
    };
    let ceiling = captured.amount().checked_add(allowance);
    let total = refunded.amount().checked_add(refund.amount());
    match (ceiling, total) {
        (Some(ceiling), Some(total)) if total <= ceiling => Ok(()),
        (ceiling, _) => {
            let price = |amount: Amount| Price::new(amount, currency.clone());
            let remaining = ceiling
                .and_then(|ceiling| ceiling.checked_sub(refunded.amount()))
                .unwrap_or(Amount::ZERO);
            Err(RuleViolation::RefundExceedsAllowance {
                refund: refund.clone(),
                refunded: refunded.clone(),
                captured: captured.clone(),
                allowance: price(allowance),
                remaining: price(remaining),
            })
        }
    }
}

/// The most a OneTime permission's charges may total: Amazon's `amountLimit`,
/// compared with what is already committed (authorized or captured).
pub fn check_amount_limit(
    limit: &Price,
    committed: &Price,
    charge: &Price,
) -> Result<(), RuleViolation> {
    same_currency(limit, charge)?;
    same_currency(limit, committed)?;
    let exceeded = || RuleViolation::AmountLimitExceeded {
        charge: charge.clone(),
        committed: committed.clone(),
        limit: limit.clone(),
    };
    let total = committed.checked_add(charge).map_err(|_| exceeded())?;
    match total.checked_cmp(limit) {
        Ok(Ordering::Greater) | Err(_) => Err(exceeded()),
        Ok(_) => Ok(()),
    }
}

/// A charge must fit in the balance Amazon last reported (`amountBalance`).
pub fn check_amount_balance(balance: &Price, charge: &Price) -> Result<(), RuleViolation> {
    same_currency(balance, charge)?;
    if charge.amount() > balance.amount() {
        return Err(RuleViolation::AmountBalanceExceeded {
            charge: charge.clone(),
            balance: balance.clone(),
        });
    }
    Ok(())
}

/// The per-calendar-month cap of a Recurring or PaymentMethodOnFile
/// permission, where Amazon publishes one (spec §4.3):
///
/// | | Recurring | PaymentMethodOnFile |
/// |---|---|---|
/// | na | 1,000 USD | 15,000 USD |
/// | eu | unpublished | 15,000 AUD/CHF/EUR/GBP/NZD/USD; 150,000 DKK/HKD/NOK/SEK/ZAR; 2,000,000 JPY |
/// | jp | 100,000 JPY | 2,000,000 JPY |
///
/// `None` where there is no published figure (then nothing is checked) and for
/// OneTime permissions, which have `amountLimit` instead.
pub fn monthly_limit(
    kind: &ChargePermissionType,
    region: Region,
    currency: &Currency,
) -> Option<Price> {
    let major = |units: u64| {
        let scale = 10u64.pow(u32::from(currency.exponent()));
        Some(Price::from_minor_units(units * scale, currency.clone()))
    };
    match (kind, region, currency) {
        (ChargePermissionType::Recurring, Region::Na, Currency::Usd) => major(1_000),
        (ChargePermissionType::Recurring, Region::Jp, Currency::Jpy) => major(100_000),
        (ChargePermissionType::PaymentMethodOnFile, Region::Na, Currency::Usd) => major(15_000),
        (ChargePermissionType::PaymentMethodOnFile, Region::Jp, Currency::Jpy) => major(2_000_000),
        (ChargePermissionType::PaymentMethodOnFile, Region::Eu, currency) => match currency {
            Currency::Aud
            | Currency::Chf
            | Currency::Eur
            | Currency::Gbp
            | Currency::Nzd
            | Currency::Usd => major(15_000),
            Currency::Dkk | Currency::Hkd | Currency::Nok | Currency::Sek | Currency::Zar => {
                major(150_000)
            }
            Currency::Jpy => major(2_000_000),
            _ => None,
        },
        _ => None,
    }
}

/// The time zones a calendar month may be counted in: from UTC−12:00 to
/// UTC+14:00, every quarter of an hour.
///
/// UNCONFIRMED: in which time zone Amazon counts a month (for monthly caps,
/// and for the month a reported `amountBalance` belongs to) is not
/// published. The crate counts in every zone and takes the strictest
/// answer, so that no second month's cap is let through early in any of
/// them.
pub fn month_zones() -> impl Iterator<Item = time::Duration> {
    (-12 * 4..=14 * 4).map(|quarters| time::Duration::minutes(15 * quarters))
}

/// The calendar month of `at` as seen at `offset` from UTC.
fn month_at(at: Timestamp, offset: time::Duration) -> (i32, time::Month) {
    let local = at.to_offset_date_time() + offset;
    (local.year(), local.month())
}

/// Whether `a` and `b` fall in one calendar month in at least one of the
/// [`month_zones`].
pub fn same_month_somewhere(a: Timestamp, b: Timestamp) -> bool {
    month_zones().any(|offset| month_at(a, offset) == month_at(b, offset))
}

/// The most that `charges` (each with its creation time, `None` where it is
/// unknown: always counted) add up to within the calendar month of `now`,
/// over every zone of [`month_zones`] (UNCONFIRMED zone: the strictest
/// count).
pub fn charged_in_month(
    now: Timestamp,
    zero: &Price,
    charges: &[(Option<Timestamp>, Price)],
) -> Result<Price, MoneyError> {
    let mut most = zero.clone();
    for offset in month_zones() {
        let mut sum = zero.clone();
        for (created, amount) in charges {
            if created.is_none_or(|created| month_at(created, offset) == month_at(now, offset)) {
                sum = sum.checked_add(amount)?;
            }
        }
        if sum.checked_cmp(&most)?.is_gt() {
            most = sum;
        }
    }
    Ok(most)
}

/// A charge must keep the calendar month's total within [`monthly_limit`].
pub fn check_monthly_limit(
    limit: &Price,
    this_month: &Price,
    charge: &Price,
) -> Result<(), RuleViolation> {
    same_currency(limit, charge)?;
    same_currency(limit, this_month)?;
    let exceeded = || RuleViolation::MonthlyLimitExceeded {
        charge: charge.clone(),
        this_month: this_month.clone(),
        limit: limit.clone(),
    };
    let total = this_month.checked_add(charge).map_err(|_| exceeded())?;
    if total.amount() > limit.amount() {
        return Err(exceeded());
    }
    Ok(())
}

/// Complete and Finalize Checkout Session must repeat the session's
/// `chargeAmount` exactly (else Amazon answers `AmountMismatch`).
pub fn check_complete_amount(session: &Price, complete: &Price) -> Result<(), RuleViolation> {
    if session == complete {
        Ok(())
    } else {
        Err(RuleViolation::AmountMismatch {
            expected: session.clone(),
            found: complete.clone(),
        })
    }
}

/// Text on the buyer's statement after `AMZ* `: 1 to 16 characters, no
/// control characters (spec §7.1). Do not put personal data in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SoftDescriptor(String);

impl SoftDescriptor {
    /// The longest soft descriptor, in characters.
    pub const MAX_CHARS: usize = 16;

    /// Checks a soft descriptor (field `softDescriptor`).
    pub fn parse(text: &str) -> Result<SoftDescriptor, ValidationError> {
        let fail = |rule| Err(ValidationError::new("softDescriptor", rule));
        if text.is_empty() {
            return fail(Rule::Empty);
        }
        if text.chars().any(char::is_control) {
            return fail(Rule::ControlCharacter);
        }
        let found = text.chars().count();
        if found > Self::MAX_CHARS {
            return fail(Rule::TooLong {
                max: Self::MAX_CHARS,
                found,
            });
        }
        Ok(SoftDescriptor(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Read back through [`SoftDescriptor::parse`]: a text that breaks its rules
/// is a deserialization error with the rule's words.
impl<'de> serde::Deserialize<'de> for SoftDescriptor {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        SoftDescriptor::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for SoftDescriptor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Where a soft descriptor is being sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoftDescriptorUse<'a> {
    /// `paymentDetails.softDescriptor` of a Checkout Session with this intent.
    CheckoutSession(&'a PaymentIntent),
    /// Create Charge, with or without `captureNow`.
    CreateCharge {
        /// Whether the charge is captured at once.
        capture_now: bool,
    },
    /// Capture Charge.
    CaptureCharge,
    /// Create Refund.
    CreateRefund,
}

/// Amazon takes a soft descriptor only where money moves at once: a Checkout
/// Session with `AuthorizeWithCapture`, Create Charge with `captureNow`,
/// Capture Charge and Create Refund (spec §7.1).
pub fn check_soft_descriptor_use(place: SoftDescriptorUse<'_>) -> Result<(), RuleViolation> {
    let refused = |context| Err(RuleViolation::SoftDescriptorNotAllowed { context });
    match place {
        SoftDescriptorUse::CheckoutSession(PaymentIntent::AuthorizeWithCapture) => Ok(()),
        SoftDescriptorUse::CheckoutSession(_) => {
            refused("a Checkout Session whose paymentIntent is not AuthorizeWithCapture")
        }
        SoftDescriptorUse::CreateCharge { capture_now: true } => Ok(()),
        SoftDescriptorUse::CreateCharge { capture_now: false } => {
            refused("a Create Charge without captureNow")
        }
        SoftDescriptorUse::CaptureCharge | SoftDescriptorUse::CreateRefund => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(cents: u64) -> Price {
        Price::from_minor_units(cents, Currency::Usd)
    }

    #[test]
    fn allowance_is_the_lesser_of_15_percent_and_the_cap() {
        assert_eq!(refund_allowance(&usd(100_00)).unwrap(), usd(15_00));
        assert_eq!(refund_allowance(&usd(500_00)).unwrap(), usd(75_00));
        assert_eq!(refund_allowance(&usd(1_000_00)).unwrap(), usd(75_00));
        assert_eq!(refund_allowance(&usd(99)).unwrap(), usd(14));
        let yen = |n| Price::from_minor_units(n, Currency::Jpy);
        assert_eq!(refund_allowance(&yen(100_000)).unwrap(), yen(8_400));
        assert_eq!(refund_allowance(&yen(10_000)).unwrap(), yen(1_500));
        let aud = Price::from_minor_units(100_00, Currency::Aud);
        assert!(refund_allowance(&aud).unwrap().is_zero());
    }

    #[test]
    fn soft_descriptor_length_counts_characters() {
        assert!(SoftDescriptor::parse("ABCDEFGHIJKLMNOP").is_ok());
        assert!(SoftDescriptor::parse("ÄÖÜÄÖÜÄÖÜÄÖÜÄÖÜÄ").is_ok());
        let err = SoftDescriptor::parse("ABCDEFGHIJKLMNOPQ").unwrap_err();
        assert_eq!(err.rule(), &Rule::TooLong { max: 16, found: 17 });
        assert_eq!(err.field(), "softDescriptor");
        assert_eq!(SoftDescriptor::parse("").unwrap_err().rule(), &Rule::Empty);
        assert_eq!(
            SoftDescriptor::parse("a\nb").unwrap_err().rule(),
            &Rule::ControlCharacter
        );
    }

    #[test]
    fn soft_descriptor_only_where_money_moves() {
        assert!(
            check_soft_descriptor_use(SoftDescriptorUse::CheckoutSession(
                &PaymentIntent::AuthorizeWithCapture
            ))
            .is_ok()
        );
        assert!(
            check_soft_descriptor_use(SoftDescriptorUse::CheckoutSession(
                &PaymentIntent::Authorize
            ))
            .is_err()
        );
        assert!(
            check_soft_descriptor_use(SoftDescriptorUse::CheckoutSession(&PaymentIntent::Confirm))
                .is_err()
        );
        assert!(
            check_soft_descriptor_use(SoftDescriptorUse::CreateCharge { capture_now: true })
                .is_ok()
        );
        assert!(
            check_soft_descriptor_use(SoftDescriptorUse::CreateCharge { capture_now: false })
                .is_err()
        );
        assert!(check_soft_descriptor_use(SoftDescriptorUse::CaptureCharge).is_ok());
        assert!(check_soft_descriptor_use(SoftDescriptorUse::CreateRefund).is_ok());
    }

    #[test]
    fn monthly_limits_where_published() {
        assert_eq!(
            monthly_limit(&ChargePermissionType::Recurring, Region::Na, &Currency::Usd),
            Some(usd(1_000_00))
        );
        assert_eq!(
            monthly_limit(&ChargePermissionType::Recurring, Region::Jp, &Currency::Jpy),
            Some(Price::from_minor_units(100_000, Currency::Jpy))
        );
        assert_eq!(
            monthly_limit(&ChargePermissionType::Recurring, Region::Eu, &Currency::Eur),
            None
        );
        assert_eq!(
            monthly_limit(&ChargePermissionType::OneTime, Region::Na, &Currency::Usd),
            None
        );
        assert_eq!(
            monthly_limit(
                &ChargePermissionType::PaymentMethodOnFile,
                Region::Eu,
                &Currency::Sek
            ),
            Some(Price::from_minor_units(150_000_00, Currency::Sek))
        );
    }
}
