//! What arrives (a request as received) and what goes back (Amazon-shaped
//! answers, errors included).

use amazon_pay_core::operation::Response;
use amazon_pay_core::{ApiVersion, SignedRequest};
use serde_json::json;

/// A request as the sandbox receives it: method, target (path and query, as
/// sent), headers in the order and case received, body bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxRequest {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The request target: path and optional `?query`, percent-encoded.
    pub target: String,
    /// Every header received, in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl SandboxRequest {
    /// The request as it would arrive over HTTP: the target of its URL.
    pub fn from_signed(request: &SignedRequest) -> SandboxRequest {
        let url = request.url();
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let target = after_scheme
            .find('/')
            .and_then(|i| after_scheme.get(i..))
            .unwrap_or("/");
        SandboxRequest {
            method: request.method().as_str().to_owned(),
            target: target.to_owned(),
            headers: request
                .headers()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect(),
            body: request.body().to_vec(),
        }
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(p, _)| p)
    }

    /// Every value of header `name` (ignoring case).
    pub(crate) fn header_values<'a, 'n>(
        &'a self,
        name: &'n str,
    ) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of header `name` (ignoring case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.header_values(name).next()
    }
}

/// An Amazon error answer: `{"reasonCode": …, "message": …}` with a request id.
pub(crate) fn error(status: u16, code: &str, message: impl Into<String>) -> Response {
    let body = json!({ "reasonCode": code, "message": message.into() });
    json_answer(status, &body)
}

/// A JSON answer.
pub(crate) fn json_answer(status: u16, body: &impl serde::Serialize) -> Response {
    // Most answers fit: one allocation instead of a series of regrowths.
    let mut bytes = Vec::with_capacity(1024);
    if serde_json::to_writer(&mut bytes, body).is_err() {
        bytes = b"{}".to_vec();
    }
    Response::new(status, bytes).with_header("content-type", "application/json")
}

/// The refusal and its answer, for `?` in handlers.
pub(crate) type Answer = Result<Response, Response>;

/// `answer` with its JSON body in `version`'s spelling
/// ([`respell_body`](amazon_pay_core::model::respell_body)), status and
/// headers unchanged.
pub(crate) fn respelled(answer: Response, version: ApiVersion) -> Response {
    let body = amazon_pay_core::model::respell_body(answer.body(), version);
    if body == answer.body() {
        return answer;
    }
    answer.headers().iter().fold(
        Response::new(answer.status(), body),
        |out, (name, value)| out.with_header(name.clone(), value.clone()),
    )
}
