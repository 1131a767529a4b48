//! Amazon's timestamps: ISO-8601 basic form in UTC, such as `20191015T210556Z`.
//!
//! Amazon writes `creationTimestamp`, `expirationTimestamp`,
//! `lastUpdatedTimestamp` and the `x-amz-pay-date` header in the basic form.
//! The official Node.js SDK sends the extended form `2019-10-15T21:05:56Z`,
//! which Amazon also accepts, so parsing takes both; formatting always writes
//! the basic form. Precision is one second, the precision of both forms.
//!
//! The crate never reads a clock: callers pass `now` as a [`Timestamp`].
//!
//! ```
//! use amazon_pay_core::Timestamp;
//! use time::Duration;
//!
//! let created = Timestamp::parse("20191015T210556Z")?;
//! assert_eq!(created, Timestamp::parse("2019-10-15T21:05:56Z")?);
//! let expires = created.checked_add(Duration::hours(24)).unwrap();
//! assert_eq!(expires.to_string(), "20191016T210556Z");
//! # Ok::<(), amazon_pay_core::ValidationError>(())
//! ```

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time};

use crate::validation::{Rule, ValidationError};

/// A UTC instant with one-second precision, between the years 0000 and 9999.
///
/// Ordered, copyable, and convertible to and from [`time::OffsetDateTime`].
/// Held as seconds since the Unix epoch, so comparing and adding durations
/// cost an integer operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// 0000-01-01T00:00:00Z.
const MIN_SECONDS: i64 = -62_167_219_200;
/// 9999-12-31T23:59:59Z.
const MAX_SECONDS: i64 = 253_402_300_799;

impl Timestamp {
    /// Reads `20191015T210556Z` (basic) or `2019-10-15T21:05:56Z` (extended).
    ///
    /// Nothing else is accepted: no offsets other than `Z`, no fractional
    /// seconds, no lower-case `t`/`z`. Errors name the field `timestamp`.
    pub fn parse(text: &str) -> Result<Timestamp, ValidationError> {
        parse(text.as_bytes()).map_err(|rule| ValidationError::new("timestamp", rule))
    }

    /// The instant `seconds` after 1970-01-01T00:00:00Z, or `None` outside the
    /// years 0000–9999.
    pub const fn from_unix_seconds(seconds: i64) -> Option<Timestamp> {
        if seconds >= MIN_SECONDS && seconds <= MAX_SECONDS {
            Some(Timestamp(seconds))
        } else {
            None
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// Converts any [`OffsetDateTime`] to UTC, dropping fractions of a second.
    /// `None` outside the years 0000–9999.
    ///
    /// This is how a caller turns its own clock reading into `now`:
    /// `Timestamp::from_offset_date_time(OffsetDateTime::now_utc())`.
    pub fn from_offset_date_time(instant: OffsetDateTime) -> Option<Timestamp> {
        Self::from_unix_seconds(instant.unix_timestamp())
    }

    /// The same instant as an [`OffsetDateTime`] in UTC.
    pub fn to_offset_date_time(self) -> OffsetDateTime {
        // In range by construction: every Timestamp is within 0000-9999,
        // which `time` represents.
        OffsetDateTime::from_unix_timestamp(self.0).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// `self + duration`, or `None` outside the years 0000–9999. Fractions of
    /// a second in `duration` are dropped.
    pub const fn checked_add(self, duration: Duration) -> Option<Timestamp> {
        match self.0.checked_add(duration.whole_seconds()) {
            Some(seconds) => Self::from_unix_seconds(seconds),
            None => None,
        }
    }

    /// `self - duration`, or `None` outside the years 0000–9999.
    pub const fn checked_sub(self, duration: Duration) -> Option<Timestamp> {
        match self.0.checked_sub(duration.whole_seconds()) {
            Some(seconds) => Self::from_unix_seconds(seconds),
            None => None,
        }
    }

    /// The same day-of-month and time `months` calendar months later (the last
    /// day of the month when that day does not exist: 31 January + 1 month is
    /// 28 or 29 February). `None` outside the years 0000–9999.
    pub fn checked_add_months(self, months: u32) -> Option<Timestamp> {
        let at = self.to_offset_date_time();
        let month0 = i64::from(u8::from(at.month())) - 1 + i64::from(months);
        let year = i64::from(at.year()) + month0.div_euclid(12);
        let year = i32::try_from(year)
            .ok()
            .filter(|y| (0..=9999).contains(y))?;
        let month = Month::try_from(u8::try_from(month0.rem_euclid(12) + 1).ok()?).ok()?;
        let day = at.day().min(month.length(year));
        let date = Date::from_calendar_date(year, month, day).ok()?;
        Self::from_offset_date_time(PrimitiveDateTime::new(date, at.time()).assume_utc())
    }

    /// The time from `earlier` to `self` (negative if `earlier` is later).
    pub const fn since(self, earlier: Timestamp) -> Duration {
        Duration::seconds(self.0 - earlier.0)
    }

    /// The basic form, as [`Display`](fmt::Display) writes it, without
    /// allocating.
    pub(crate) fn basic(self) -> Digits {
        Formatted {
            at: self.to_offset_date_time(),
            extended: false,
        }
        .digits()
    }

    /// Writes the extended form `2019-10-15T21:05:56Z`, which the official
    /// Node.js SDK sends in `x-amz-pay-date`. Everything else in this crate
    /// uses the basic form of [`Display`](fmt::Display).
    pub fn extended(self) -> impl fmt::Display {
        Formatted {
            at: self.to_offset_date_time(),
            extended: true,
        }
    }
}

struct Formatted {
    at: OffsetDateTime,
    extended: bool,
}

impl fmt::Display for Formatted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.digits().as_str())
    }
}

impl Formatted {
    /// Written digit by digit on the stack: every request's date goes
    /// through here.
    fn digits(&self) -> Digits {
        let at = self.at;
        // A Timestamp is within the years 0000 to 9999.
        let year = u32::try_from(at.year()).unwrap_or(0).min(9999);
        let (date_sep, time_sep) = if self.extended {
            (Some(b'-'), Some(b':'))
        } else {
            (None, None)
        };
        let mut out = Digits::default();
        out.number(year, 4);
        out.separator(date_sep);
        out.number(u32::from(u8::from(at.month())), 2);
        out.separator(date_sep);
        out.number(u32::from(at.day()), 2);
        out.separator(Some(b'T'));
        out.number(u32::from(at.hour()), 2);
        out.separator(time_sep);
        out.number(u32::from(at.minute()), 2);
        out.separator(time_sep);
        out.number(u32::from(at.second()), 2);
        out.separator(Some(b'Z'));
        out
    }
}

/// A fixed buffer for the at most 20 ASCII bytes of a formatted timestamp.
#[derive(Default)]
pub(crate) struct Digits {
    buf: [u8; 20],
    len: usize,
}

impl Digits {
    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }

    fn separator(&mut self, byte: Option<u8>) {
        if let Some(byte) = byte {
            self.push(byte);
        }
    }

    /// `value` in `width` decimal digits, zero-padded.
    fn number(&mut self, value: u32, width: u32) {
        for place in (0..width).rev() {
            let digit = value / 10u32.pow(place) % 10;
            self.push(b'0' + u8::try_from(digit).unwrap_or(0));
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

impl fmt::Display for Timestamp {
    /// The basic form `20191015T210556Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.basic().as_str())
    }
}

/// Reads the number made of the ASCII digits `text[range]`.
fn number(text: &[u8], range: std::ops::Range<usize>) -> Result<u16, Rule> {
    let digits = text.get(range).ok_or(Rule::NotATimestamp)?;
    digits.iter().try_fold(0u16, |value, &b| {
        if b.is_ascii_digit() {
            Ok(value * 10 + u16::from(b - b'0'))
        } else {
            Err(Rule::NotATimestamp)
        }
    })
}

fn parse(text: &[u8]) -> Result<Timestamp, Rule> {
    // Offsets of year, month, day, hour, minute, second, and the separators
    // that must sit between them.
    let (fields, separators): ([usize; 6], &[(usize, u8)]) = match text.len() {
        16 => ([0, 4, 6, 9, 11, 13], &[(8, b'T'), (15, b'Z')]),
        20 => (
            [0, 5, 8, 11, 14, 17],
            &[
                (4, b'-'),
                (7, b'-'),
                (10, b'T'),
                (13, b':'),
                (16, b':'),
                (19, b'Z'),
            ],
        ),
        _ => return Err(Rule::NotATimestamp),
    };
    if separators
        .iter()
        .any(|&(at, byte)| text.get(at) != Some(&byte))
    {
        return Err(Rule::NotATimestamp);
    }
    let [y, mo, d, h, mi, s] = fields;
    let year = number(text, y..y + 4)?;
    let [month, day, hour, minute, second] =
        [mo, d, h, mi, s].map(|at| number(text, at..at + 2).map(|n| n as u8));
    let month = Month::try_from(month?).map_err(|_| Rule::TimestampOutOfRange)?;
    let date = Date::from_calendar_date(i32::from(year), month, day?)
        .map_err(|_| Rule::TimestampOutOfRange)?;
    let time = Time::from_hms(hour?, minute?, second?).map_err(|_| Rule::TimestampOutOfRange)?;
    Ok(Timestamp(
        PrimitiveDateTime::new(date, time)
            .assume_utc()
            .unix_timestamp(),
    ))
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.basic().as_str())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(|err| serde::de::Error::custom(err.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_parse_to_the_same_instant() {
        let basic = Timestamp::parse("20191015T210556Z").unwrap();
        let extended = Timestamp::parse("2019-10-15T21:05:56Z").unwrap();
        assert_eq!(basic, extended);
        assert_eq!(basic.unix_seconds(), 1_571_173_556);
        assert_eq!(extended.to_string(), "20191015T210556Z");
        assert_eq!(basic.extended().to_string(), "2019-10-15T21:05:56Z");
    }

    #[test]
    fn refuses_other_shapes_and_impossible_dates() {
        for text in [
            "",
            "20191015T210556",
            "20191015t210556Z",
            "20191015T210556z",
            "2019-10-15T21:05:56.000Z",
            "2019-10-15T21:05:56+00:00",
            "2019101 T210556Z",
            "+0191015T210556Z",
            "2019-10-15 21:05:56Z",
            "20191015T2105５6Z",
        ] {
            assert_eq!(
                Timestamp::parse(text).unwrap_err().rule(),
                &Rule::NotATimestamp,
                "{text:?}"
            );
        }
        for text in [
            "20191315T210556Z",
            "20190230T210556Z",
            "20191015T240000Z",
            "20191015T216000Z",
            "20191015T210560Z",
            "20190015T210556Z",
        ] {
            assert_eq!(
                Timestamp::parse(text).unwrap_err().rule(),
                &Rule::TimestampOutOfRange,
                "{text:?}"
            );
        }
        assert!(Timestamp::parse("20200229T000000Z").is_ok());
    }

    #[test]
    fn arithmetic_stays_in_range() {
        let start = Timestamp::parse("99991231T235959Z").unwrap();
        assert_eq!(start.checked_add(Duration::seconds(1)), None);
        let zero = Timestamp::parse("00000101T000000Z").unwrap();
        assert_eq!(zero.checked_sub(Duration::seconds(1)), None);
        assert_eq!(zero.to_string(), "00000101T000000Z");
        assert_eq!(Timestamp::from_unix_seconds(i64::MAX), None);
        assert_eq!(
            Timestamp::from_unix_seconds(0).unwrap().to_string(),
            "19700101T000000Z"
        );
    }

    #[test]
    fn calendar_months_clamp_to_the_end_of_the_month() {
        let jan31 = Timestamp::parse("20240131T120000Z").unwrap();
        assert_eq!(
            jan31.checked_add_months(1).unwrap().to_string(),
            "20240229T120000Z"
        );
        assert_eq!(
            jan31.checked_add_months(13).unwrap().to_string(),
            "20250228T120000Z"
        );
        assert_eq!(jan31.checked_add_months(0).unwrap(), jan31);
        let late = Timestamp::parse("99991201T000000Z").unwrap();
        assert_eq!(late.checked_add_months(1), None);
        assert_eq!(late.checked_add_months(u32::MAX), None);
    }

    #[test]
    fn sub_second_precision_is_dropped() {
        let instant = OffsetDateTime::from_unix_timestamp_nanos(1_571_173_556_999_999_999).unwrap();
        let ts = Timestamp::from_offset_date_time(instant).unwrap();
        assert_eq!(ts.to_string(), "20191015T210556Z");
        let offset = instant.to_offset(time::UtcOffset::from_hms(9, 0, 0).unwrap());
        assert_eq!(Timestamp::from_offset_date_time(offset), Some(ts));
    }

    #[test]
    fn serde_uses_the_basic_form() {
        let ts: Timestamp = serde_json::from_str("\"2019-10-15T21:05:56Z\"").unwrap();
        assert_eq!(serde_json::to_string(&ts).unwrap(), "\"20191015T210556Z\"");
        assert!(serde_json::from_str::<Timestamp>("\"yesterday\"").is_err());
    }
}
