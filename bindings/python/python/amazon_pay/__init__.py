"""Amazon Pay for Python, on amazon-pay-core's rule book.

::

    from decimal import Decimal
    from amazon_pay import AmazonPayClient, Price

    client = AmazonPayClient(public_key_id="SANDBOX-…", private_key=open("key.pem").read(), region="us")
    charge = client.capture_charge("S01-…", {"captureAmount": Price(Decimal("14.00"), "USD")})

Every call's values are checked by the core before anything is sent; every
failure is an :class:`~amazon_pay.errors.AmazonPayError`.
"""

from __future__ import annotations

from ._keys import new_idempotency_key
from .client import AmazonPayClient, AsyncAmazonPayClient
from .errors import (
    AmazonPayError,
    ApiError,
    KeyFormatError,
    NotificationError,
    RuleViolation,
    SandboxError,
    SignatureError,
    TransportError,
    ValidationError,
)
from .ipn import verify_ipn, ipn_certificate_url
from .sansio import (
    Call,
    Core,
    Done,
    Exchange,
    Ledger,
    PreparedRequest,
    PrivateKey,
    Request,
    Response,
    Send,
    Signer,
    Wait,
    operations,
)
from .objects import (
    ApiObject,
    Buyer,
    Charge,
    ChargePermission,
    CheckoutSession,
    Price,
    Refund,
    StatusDetails,
)

__version__ = "0.1.0"

__all__ = [
    "AmazonPayClient",
    "AmazonPayError",
    "ApiError",
    "ApiObject",
    "AsyncAmazonPayClient",
    "Buyer",
    "Call",
    "Charge",
    "ChargePermission",
    "CheckoutSession",
    "Core",
    "Done",
    "Exchange",
    "KeyFormatError",
    "Ledger",
    "NotificationError",
    "PreparedRequest",
    "Price",
    "PrivateKey",
    "Refund",
    "Request",
    "Response",
    "RuleViolation",
    "SandboxError",
    "Send",
    "SignatureError",
    "Signer",
    "StatusDetails",
    "TransportError",
    "ValidationError",
    "Wait",
    "ipn_certificate_url",
    "new_idempotency_key",
    "operations",
    "verify_ipn",
]
