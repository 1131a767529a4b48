//! What the host's HTTP client received, as the core reads it.

use amazon_pay_core::operation::Response;

/// An HTTP answer as the core reads it.
pub(crate) fn response(status: u16, headers: &[(String, String)], body: &[u8]) -> Response {
    headers
        .iter()
        .fold(Response::new(status, body), |response, (name, value)| {
            response.with_header(name.as_str(), value.as_str())
        })
}
