//! Amazon's error body: `{"reasonCode": "...", "message": "..."}` (spec §5.3, §6).

use crate::wire::{wire_enum, wire_struct};

wire_enum! {
    /// An error `reasonCode`: the generic codes of spec §6 and the business
    /// codes of spec §5.3. Map on this, not on the HTTP status, which Amazon
    /// documents only for some codes.
    pub enum ErrorCode {
        /// A header has an invalid value (e.g. `x-amz-pay-date` in the future).
        InvalidHeaderValue = "InvalidHeaderValue",
        /// The request is invalid; see the message.
        InvalidRequest = "InvalidRequest",
        /// A body or query parameter is invalid.
        InvalidParameterValue = "InvalidParameterValue",
        /// The body is not valid JSON.
        InvalidRequestFormat = "InvalidRequestFormat",
        /// A required header is missing.
        MissingHeader = "MissingHeader",
        /// A header is present but empty.
        MissingHeaderValue = "MissingHeaderValue",
        /// A mandatory parameter is missing.
        MissingParameterValue = "MissingParameterValue",
        /// The body has a field this call does not take.
        UnrecognizedField = "UnrecognizedField",
        /// Invalid sandbox simulation code for this operation.
        InvalidSandboxSimulationSpecified = "InvalidSandboxSimulationSpecified",
        /// The idempotency key was reused with different request values.
        DuplicateIdempotencyKey = "DuplicateIdempotencyKey",
        /// Parameters that cannot be combined.
        InvalidParameterCombination = "InvalidParameterCombination",
        /// The currency differs from the checkout currency.
        CurrencyMismatch = "CurrencyMismatch",
        /// Unsupported API version, or an object of another version.
        InvalidApiVersion = "InvalidAPIVersion",
        /// The merchant may not make this request.
        UnauthorizedAccess = "UnauthorizedAccess",
        /// Authentication failed.
        InvalidAuthentication = "InvalidAuthentication",
        /// The merchant account cannot execute the request.
        InvalidAccountStatus = "InvalidAccountStatus",
        /// The signature did not verify; the message shows the string to sign
        /// Amazon computed.
        InvalidRequestSignature = "InvalidRequestSignature",
        /// The delegated `x-amz-pay-authtoken` is invalid.
        InvalidAuthorizationToken = "InvalidAuthorizationToken",
        /// The object does not exist (or was deleted).
        ResourceNotFound = "ResourceNotFound",
        /// The operation is not supported.
        UnsupportedOperation = "UnsupportedOperation",
        /// The HTTP method is not supported.
        RequestNotSupported = "RequestNotSupported",
        /// The request timed out.
        RequestTimeout = "RequestTimeout",
        /// TLS too old.
        TlsVersionNotSupported = "TLSVersionNotSupported",
        /// Throttled.
        TooManyRequests = "TooManyRequests",
        /// Throttled (rate above the allocated limit).
        RequestThrottled = "RequestThrottled",
        /// Amazon server error.
        InternalServerError = "InternalServerError",
        /// Amazon temporarily unavailable.
        ServiceUnavailable = "ServiceUnavailable",
        /// The Checkout Session is not in a state that allows this.
        InvalidCheckoutSessionStatus = "InvalidCheckoutSessionStatus",
        /// The Checkout Session was canceled; Get it to read why.
        CheckoutSessionCanceled = "CheckoutSessionCanceled",
        /// `chargeAmount` differs from the session's.
        AmountMismatch = "AmountMismatch",
        /// The Charge Permission cannot be modified.
        ChargePermissionNotModifiable = "ChargePermissionNotModifiable",
        /// The Charge Permission is not in a state that allows this.
        InvalidChargePermissionStatus = "InvalidChargePermissionStatus",
        /// The Charge is not in a state that allows this.
        InvalidChargeStatus = "InvalidChargeStatus",
        /// Amount above the permitted limit.
        TransactionAmountExceeded = "TransactionAmountExceeded",
        /// Too many charges, captures or refunds.
        TransactionCountExceeded = "TransactionCountExceeded",
        /// Recurring: monthly limit exceeded.
        PeriodicAmountExceeded = "PeriodicAmountExceeded",
        /// The instrument is not allowed.
        PaymentMethodNotAllowed = "PaymentMethodNotAllowed",
        /// The buyer must complete multi-factor authentication first.
        MfaNotCompleted = "MFANotCompleted",
        /// Declined; a retry may succeed.
        SoftDeclined = "SoftDeclined",
        /// Declined; the buyer must change instrument.
        HardDeclined = "HardDeclined",
        /// Amazon declined.
        AmazonRejected = "AmazonRejected",
        /// Amazon internal error.
        ProcessingFailure = "ProcessingFailure",
        /// Authorization could not finish in time.
        TransactionTimedOut = "TransactionTimedOut",
        /// Delivery Tracker: the body is malformed.
        InvalidInputFormat = "InvalidInputFormat",
    }
}

wire_struct! {
    /// The body of an error response.
    #[derive(Debug)]
    pub struct ErrorResponse {
        /// What went wrong, as a code.
        pub reason_code: Option<ErrorCode>,
        /// Amazon's human-readable explanation.
        pub message: Option<String>,
    }
}
