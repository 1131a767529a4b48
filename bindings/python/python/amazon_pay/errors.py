"""The exceptions of ``amazon_pay``: one hierarchy over the core's one error shape.

Every exception carries the structured fields of the shape
``{kind, code, message, field?, rule?, reasonCode?, retryable, details}``
as attributes (``reasonCode`` as ``reason_code``).

::

    AmazonPayError
    ├── ValidationError (also a ValueError)   kinds "validation", "money"
    ├── RuleViolation                          kinds "rule", "lifecycle"
    ├── ApiError                               kinds "api", "clock_skew"
    ├── TransportError                         kind "transport"
    ├── KeyFormatError (also a ValueError)     kind "key"
    ├── SignatureError                         kinds "sign", "verify"
    ├── NotificationError                      kind "notification"
    └── SandboxError                           kind "sandbox"

A bug inside the package surfaces as a plain ``AmazonPayError`` of kind
``internal``, never as a crash or a ``PanicException``.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional, Type

__all__ = [
    "AmazonPayError",
    "ApiError",
    "KeyFormatError",
    "NotificationError",
    "RuleViolation",
    "SandboxError",
    "SignatureError",
    "TransportError",
    "ValidationError",
]


class AmazonPayError(Exception):
    """Why an Amazon Pay call gave no result."""

    kind: str
    code: str
    message: str
    field: Optional[str]
    rule: Optional[str]
    reason_code: Optional[str]
    retryable: bool
    details: Dict[str, Any]

    def __init__(self, shape: Dict[str, Any]) -> None:
        self.kind = str(shape.get("kind", "internal"))
        self.code = str(shape.get("code", "InternalError"))
        self.message = str(shape.get("message", ""))
        field = shape.get("field")
        self.field = None if field is None else str(field)
        rule = shape.get("rule")
        self.rule = None if rule is None else str(rule)
        reason = shape.get("reasonCode")
        self.reason_code = None if reason is None else str(reason)
        self.retryable = bool(shape.get("retryable", False))
        details = shape.get("details")
        self.details = details if isinstance(details, dict) else {}
        super().__init__(self.message)

    def to_dict(self) -> Dict[str, Any]:
        """The error shape, as the core serializes it."""
        shape: Dict[str, Any] = {
            "kind": self.kind,
            "code": self.code,
            "message": self.message,
            "retryable": self.retryable,
            "details": self.details,
        }
        if self.field is not None:
            shape["field"] = self.field
        if self.rule is not None:
            shape["rule"] = self.rule
        if self.reason_code is not None:
            shape["reasonCode"] = self.reason_code
        return shape

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class ValidationError(AmazonPayError, ValueError):
    """A value the rules refuse (an amount, an id, a URL, a parameter):
    nothing was sent."""


class RuleViolation(AmazonPayError):
    """A call Amazon's rules forbid in the object's state (a capture above
    the authorization, a refund beyond the allowance, an expired charge):
    refused before anything was sent."""


class ApiError(AmazonPayError):
    """Amazon answered with an error.

    ``status`` is the HTTP status; ``reason_code`` Amazon's ``reasonCode``;
    ``retryable`` whether the same call (same idempotency key) may succeed
    later.
    """

    @property
    def status(self) -> Optional[int]:
        """The HTTP status of Amazon's answer."""
        status = self.details.get("status")
        if status is None and isinstance(self.details.get("cause"), dict):
            status = self.details["cause"].get("status")
        return int(status) if isinstance(status, int) else None


class TransportError(AmazonPayError):
    """Every attempt the retry policy allowed failed to reach Amazon or to
    come back."""


class KeyFormatError(AmazonPayError, ValueError):
    """The private or public key could not be read."""


class SignatureError(AmazonPayError):
    """Signing failed (a signer that raised) or a signature did not verify."""


class NotificationError(AmazonPayError):
    """An IPN that is not authentic, not trusted or not readable."""


class SandboxError(AmazonPayError):
    """The offline sandbox refused a buyer step."""


_CLASSES: Dict[str, Type[AmazonPayError]] = {
    "validation": ValidationError,
    "money": ValidationError,
    "rule": RuleViolation,
    "lifecycle": RuleViolation,
    "api": ApiError,
    "clock_skew": ApiError,
    "transport": TransportError,
    "key": KeyFormatError,
    "sign": SignatureError,
    "verify": SignatureError,
    "notification": NotificationError,
    "sandbox": SandboxError,
}


def _from_shape(text: str) -> AmazonPayError:
    """The exception for a shape in JSON (called by the native module)."""
    try:
        shape = json.loads(text)
    except ValueError:
        shape = {"kind": "internal", "code": "InternalError", "message": text}
    if not isinstance(shape, dict):
        shape = {"kind": "internal", "code": "InternalError", "message": str(shape)}
    cls = _CLASSES.get(str(shape.get("kind")), AmazonPayError)
    return cls(shape)
