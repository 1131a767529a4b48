//! Conversions to and from the [`http`] crate (feature `http`): a
//! [`SignedRequest`] becomes an `http::Request<Vec<u8>>` for any client
//! built on it (hyper, reqwest's `http` interop, tower), and an
//! `http::Response` becomes a [`Response`].

use crate::operation::Response;
use crate::request::SignedRequest;

impl TryFrom<&SignedRequest> for http::Request<Vec<u8>> {
    type Error = http::Error;

    /// The method, URL, every header as signed, and the body. Fails only if
    /// the `http` crate refuses a value (it accepts everything the crate
    /// signs).
    fn try_from(request: &SignedRequest) -> Result<Self, Self::Error> {
        let mut builder = http::Request::builder()
            .method(request.method().as_str())
            .uri(request.url());
        for (name, value) in request.headers() {
            builder = builder.header(name, value);
        }
        builder.body(request.body().to_vec())
    }
}

impl<B: AsRef<[u8]>> From<http::Response<B>> for Response {
    /// The status, the headers whose values are text (others are dropped;
    /// Amazon sends none), and the body bytes.
    fn from(response: http::Response<B>) -> Response {
        let (parts, body) = response.into_parts();
        let mut out = Response::new(parts.status.as_u16(), body.as_ref().to_vec());
        for (name, value) in &parts.headers {
            if let Ok(value) = value.to_str() {
                out = out.with_header(name.as_str(), value);
            }
        }
        out
    }
}
