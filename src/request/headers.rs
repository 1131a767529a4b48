//! The headers of a signed request, kept in one buffer: a request carries
//! seven or more headers, and one allocation beats fourteen.

use std::fmt;
use std::iter::FusedIterator;
use std::ops::Range;

/// Header names and values back to back in one string, with their spans.
#[derive(Clone, PartialEq, Eq, Default)]
pub(crate) struct HeaderBlock {
    text: String,
    /// (name, value) byte ranges in `text`.
    spans: Vec<(Range<usize>, Range<usize>)>,
}

impl HeaderBlock {
    pub(crate) fn with_capacity(bytes: usize, count: usize) -> HeaderBlock {
        HeaderBlock {
            text: String::with_capacity(bytes),
            spans: Vec::with_capacity(count),
        }
    }

    pub(crate) fn push(&mut self, name: &str, value: &str) {
        self.push_with(name, |text| text.push_str(value));
    }

    /// Adds header `name` whose value `write` appends to the buffer.
    pub(crate) fn push_with(&mut self, name: &str, write: impl FnOnce(&mut String)) {
        let name_start = self.text.len();
        self.text.push_str(name);
        let value_start = self.text.len();
        write(&mut self.text);
        self.spans
            .push((name_start..value_start, value_start..self.text.len()));
    }

    pub(crate) fn iter(&self) -> Headers<'_> {
        Headers {
            block: self,
            next: 0..self.spans.len(),
        }
    }
}

impl fmt::Debug for HeaderBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.iter().fmt(f)
    }
}

/// A header value as `Debug` shows it: the signature in `authorization`
/// redacted.
pub(crate) fn shown<'v>(name: &str, value: &'v str) -> std::borrow::Cow<'v, str> {
    match value.split_once("Signature=") {
        Some((head, _)) if name.eq_ignore_ascii_case("authorization") => {
            format!("{head}Signature=<redacted>").into()
        }
        _ => value.into(),
    }
}

/// The headers of a [`SignedRequest`](crate::SignedRequest), in order:
/// `(name, value)` pairs with lower-case names.
#[derive(Clone)]
pub struct Headers<'a> {
    block: &'a HeaderBlock,
    next: Range<usize>,
}

impl<'a> Headers<'a> {
    fn get(&self, index: usize) -> Option<(&'a str, &'a str)> {
        let (name, value) = self.block.spans.get(index)?;
        let text = self.block.text.as_str();
        Some((text.get(name.clone())?, text.get(value.clone())?))
    }
}

impl<'a> Iterator for Headers<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let index = self.next.next()?;
        self.get(index)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.next.size_hint()
    }
}

impl DoubleEndedIterator for Headers<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let index = self.next.next_back()?;
        self.get(index)
    }
}

impl ExactSizeIterator for Headers<'_> {}
impl FusedIterator for Headers<'_> {}

/// Shows the signature in `authorization` redacted.
impl fmt::Debug for Headers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.clone().map(|(name, value)| (name, shown(name, value))))
            .finish()
    }
}
