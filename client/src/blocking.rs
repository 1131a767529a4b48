//! The blocking driver: [`Client`] over any [`Transport`].

use amazon_pay_core::exchange::RetryPolicy;
use amazon_pay_core::operation::{ApiOperation, Paginated, Response};
use amazon_pay_core::sign::Signer;
use amazon_pay_core::{Config, SignedRequest};

use crate::drive::{Driver, Parts, Step};
use crate::error::{Error, TransportFailure};

/// Sends one signed request and waits for the answer — the one thing a
/// blocking HTTP client must do for [`Client`].
///
/// Send [`SignedRequest::method`] to [`SignedRequest::url`] with every one
/// of [`SignedRequest::headers`] and [`SignedRequest::body`], exactly as
/// given, and do not follow redirects. Any status is an answer (`Ok`),
/// including 4xx and 5xx; only a request that did not complete is a
/// [`TransportFailure`]. A closure with this signature is a transport.
///
/// ```
/// use amazon_pay_client::{Transport, TransportFailure};
/// use amazon_pay_core::exchange::TransportError;
/// use amazon_pay_core::operation::Response;
/// use amazon_pay_core::SignedRequest;
///
/// // Any client: curl, hyper, attohttpc… Here, one that always fails.
/// fn send(request: SignedRequest) -> Result<Response, TransportFailure> {
///     let _ = (request.method(), request.url(), request.headers(), request.body());
///     Err(TransportFailure::new(TransportError::ConnectRefused, "no network here"))
/// }
/// fn assert_transport(_: impl Transport) {}
/// assert_transport(send);
/// ```
pub trait Transport {
    /// Sends `request`; Amazon's answer, whatever its status, or how the
    /// request failed to complete.
    fn send(&self, request: SignedRequest) -> Result<Response, TransportFailure>;
}

impl<F> Transport for F
where
    F: Fn(SignedRequest) -> Result<Response, TransportFailure>,
{
    fn send(&self, request: SignedRequest) -> Result<Response, TransportFailure> {
        self(request)
    }
}

/// Runs operations over a blocking [`Transport`], retrying as the
/// [`RetryPolicy`] says: every attempt signed afresh with the system clock's
/// date and the operation's idempotency key, sleeping between attempts.
///
/// Cheap to share by reference across threads when the transport is `Sync`.
pub struct Client<T> {
    parts: Parts,
    transport: T,
}

impl<T: Transport> Client<T> {
    crate::drive::client_parts!(Client);

    /// Runs `operation` to its outcome: Amazon's typed answer, or why there
    /// is none. Blocks, sleeping between attempts.
    pub fn call<O: ApiOperation>(&self, operation: O) -> Result<O::Output, Error> {
        let mut driver = Driver::new(&self.parts, operation);
        loop {
            match driver.step() {
                Step::Send(request) => driver.handle(self.transport.send(request)),
                Step::Sleep(duration) => std::thread::sleep(duration),
                Step::Done(outcome) => return outcome,
            }
        }
    }
}

impl<T: Transport> Client<T> {
    /// Every page of a paged call (Get Reports, Get Disbursements), one
    /// [`call`](Self::call) per page, starting with `first` and following
    /// `nextToken` until the last page. An error ends the walk after it is
    /// yielded.
    ///
    /// ```no_run
    /// # fn run(client: amazon_pay_client::Client<amazon_pay_client::UreqTransport>) -> Result<(), amazon_pay_client::Error> {
    /// use amazon_pay_core::operation::GetReports;
    /// for page in client.pages(GetReports::new()) {
    ///     for report in page?.reports.unwrap_or_default() {
    ///         println!("{:?} {:?}", report.report_id, report.processing_status);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages<O>(&self, first: O) -> Pages<'_, T, O>
    where
        O: Paginated + Clone,
    {
        Pages {
            client: self,
            next: Some(first),
        }
    }
}

/// The pages of a paged call, from [`Client::pages`].
pub struct Pages<'a, T, O> {
    client: &'a Client<T>,
    next: Option<O>,
}

impl<T: Transport, O: Paginated + Clone> Iterator for Pages<'_, T, O> {
    type Item = Result<O::Output, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let call = self.next.take()?;
        let page = self.client.call(call.clone());
        if let Ok(page) = &page {
            self.next = call.next_page(page);
        }
        Some(page)
    }
}

impl<T, O> std::fmt::Debug for Pages<'_, T, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("done", &self.next.is_none())
            .finish_non_exhaustive()
    }
}

impl<T> std::fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.parts.config)
            .field("policy", &self.parts.policy)
            .finish_non_exhaustive()
    }
}
