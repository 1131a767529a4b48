"""The sans-IO layer: build, sign and read Amazon Pay calls with your own
HTTP client, clock and key.

The rules, the signing and the decoding are amazon-pay-core's (Rust); this
module only shapes them for Python::

    core = Core(public_key_id="SANDBOX-…", region="us")
    call = core.call("GetCharge", {"chargeId": "S01-…"})
    request = call.sign(PrivateKey(pem), datetime.now(timezone.utc))
    # … send request.method, request.url, request.headers, request.body …
    charge = call.decode(Response(status, headers, body))
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Protocol, Sequence, Tuple, Union

from . import _native
from .objects import ChargePermission, Price, format_timestamp

__all__ = [
    "Call",
    "Core",
    "Done",
    "Exchange",
    "Ledger",
    "PreparedRequest",
    "PrivateKey",
    "Request",
    "Response",
    "Send",
    "Signer",
    "Wait",
    "dumps",
    "loads",
    "operations",
]

PrivateKey = _native.PrivateKey


class Signer(Protocol):
    """Anything that signs: ``sign(message: bytes) -> bytes`` with
    RSASSA-PSS (SHA-256, MGF1-SHA-256, salt length 32 for
    ``AMZN-PAY-RSASSA-PSS-V2``). A :class:`PrivateKey` is one; so is a
    KMS or HSM client wrapped in a small class."""

    def sign(self, message: bytes) -> bytes:
        """The signature of ``message``."""
        ...


def operations() -> List[str]:
    """The names of the 43 operations (``CreateCheckoutSession`` …)."""
    return list(_native.operations())


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Price):
        return value.to_json()
    if isinstance(value, _dt.datetime):
        return format_timestamp(value)
    if isinstance(value, float):
        raise TypeError("amounts are Decimal or str, never float")
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(value: Any) -> str:
    """JSON for Amazon: ``Decimal`` as its digits, :class:`Price` as
    ``{"amount", "currencyCode"}``, datetimes in Amazon's basic form; a
    float is refused (money is never a float)."""
    return json.dumps(value, default=_default, separators=(",", ":"))


def _check_no_float(value: Any) -> None:
    kind = type(value)
    if kind is float:
        raise TypeError("amounts are Decimal or str, never float")
    if kind is dict:
        for item in value.values():
            if type(item) not in (str, int, bool, Decimal) and item is not None:
                _check_no_float(item)
    elif kind is list or kind is tuple:
        for item in value:
            _check_no_float(item)
    elif kind not in (str, int, bool, Decimal) and isinstance(value, Mapping):
        for item in value.values():
            _check_no_float(item)


def loads(text: Union[str, bytes]) -> Any:
    """Amazon's JSON, numbers with fractions as ``Decimal``."""
    return json.loads(text, parse_float=Decimal)


def _seconds(now: _dt.datetime) -> int:
    if now.tzinfo is None:
        raise ValueError("now needs a timezone (datetime.now(timezone.utc))")
    return int(now.timestamp())


@dataclass(frozen=True)
class Request:
    """A signed request to send as it is."""

    method: str
    url: str
    headers: List[Tuple[str, str]]
    body: bytes

    @classmethod
    def _of(cls, wire: Tuple[str, str, List[Tuple[str, str]], bytes]) -> "Request":
        method, url, headers, body = wire
        return cls(method, url, list(headers), bytes(body))


@dataclass(frozen=True)
class Response:
    """Amazon's answer as your HTTP client received it."""

    status: int
    headers: Sequence[Tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


class PreparedRequest:
    """A request dated and ready for a signature made elsewhere: sign
    :attr:`string_to_sign`, then :meth:`finish`."""

    def __init__(self, native: Any) -> None:
        self._native = native

    @property
    def string_to_sign(self) -> str:
        """What to sign (UTF-8)."""
        return str(self._native.string_to_sign)

    @property
    def algorithm(self) -> str:
        """``AMZN-PAY-RSASSA-PSS-V2`` or ``AMZN-PAY-RSASSA-PSS``."""
        return str(self._native.algorithm)

    def finish(self, signature: bytes) -> Request:
        """The signed request (once)."""
        return Request._of(self._native.finish(signature))


@dataclass(frozen=True)
class Send:
    """Send :attr:`request`, then give the answer to the exchange."""

    request: Request


@dataclass(frozen=True)
class Wait:
    """Nothing to send before :attr:`until` (a backoff or ``Retry-After``)."""

    until: _dt.datetime


@dataclass(frozen=True)
class Done:
    """The call is over: Amazon's answer, decoded."""

    result: Dict[str, Any]


class Exchange:
    """One call with the core's retries, driven by your HTTP client: each
    attempt re-signed with the same idempotency key, retryable answers and
    transport failures retried with jittered backoff, ``Retry-After``
    honoured. A failure that ends the call is raised by :meth:`step`."""

    def __init__(self, native: Any) -> None:
        self._native = native

    def step(self, now: _dt.datetime, signer: Signer, entropy: bytes) -> Union[Send, Wait, Done]:
        """What to do at ``now``; ``entropy`` (``os.urandom(16)``) draws
        the jitter."""
        kind, value = self._native.step(_seconds(now), signer, entropy)
        if kind == "send":
            return Send(Request._of(value))
        if kind == "wait":
            return Wait(_dt.datetime.fromtimestamp(int(value), _dt.timezone.utc))
        result = loads(value)
        return Done(result if isinstance(result, dict) else {"value": result})

    def handle_response(self, now: _dt.datetime, response: Response) -> None:
        """Amazon's answer to the attempt in flight."""
        self._native.handle_response(
            _seconds(now), response.status, [(str(k), str(v)) for k, v in response.headers], response.body
        )

    def handle_transport_error(self, now: _dt.datetime, kind: str) -> None:
        """The attempt failed in transport: ``ConnectRefused``,
        ``TimeoutBeforeSent`` (nothing reached Amazon), ``TimeoutAfterSent``
        or ``ConnectionReset`` (Amazon may have acted)."""
        self._native.handle_transport_error(_seconds(now), kind)

    @property
    def attempts(self) -> int:
        """Attempts sent so far."""
        return int(self._native.attempts)


class Call:
    """One operation with its parameters, validated by the core."""

    def __init__(self, native: Any) -> None:
        self._native = native

    @property
    def operation(self) -> str:
        """The operation's name (``CaptureCharge``)."""
        return str(self._native.operation)

    @property
    def idempotency_key(self) -> Optional[str]:
        """The idempotency key it sends, if any."""
        key = self._native.idempotency_key
        return None if key is None else str(key)

    def prepare(self, now: _dt.datetime) -> PreparedRequest:
        """The request dated ``now``, for a signature made elsewhere."""
        return PreparedRequest(self._native.prepare(_seconds(now)))

    def sign(self, signer: Signer, now: _dt.datetime) -> Request:
        """The request signed at ``now`` (a :class:`PrivateKey` signs in
        Rust with the GIL released)."""
        return Request._of(self._native.sign(signer, _seconds(now)))

    def decode(self, response: Response) -> Dict[str, Any]:
        """Amazon's answer read by the core: the result's JSON, or the
        :class:`~amazon_pay.errors.ApiError` raised."""
        text = self._native.decode(
            response.status, [(str(k), str(v)) for k, v in response.headers], response.body
        )
        result = loads(text)
        return result if isinstance(result, dict) else {"value": result}

    def exchange(self) -> Exchange:
        """The call with its retries."""
        return Exchange(self._native.exchange())


class Core:
    """The client's settings, without transport: operations by name."""

    def __init__(
        self,
        public_key_id: str,
        region: str = "us",
        *,
        sandbox: Optional[bool] = None,
        endpoint: Optional[str] = None,
        api_version: str = "v2",
        algorithm: Optional[str] = None,
        max_retries: Optional[int] = None,
    ) -> None:
        settings: Dict[str, Any] = {
            "publicKeyId": public_key_id,
            "region": region,
            "apiVersion": api_version,
        }
        if sandbox is not None:
            settings["sandbox"] = sandbox
        if endpoint is not None:
            settings["endpoint"] = endpoint
        if algorithm is not None:
            settings["algorithm"] = algorithm
        if max_retries is not None:
            settings["retry"] = {"maxRetries": max_retries}
        self.region = region
        self.api_version = api_version
        self._native = _native.NativeClient(json.dumps(settings))

    def call(self, operation: str, params: Mapping[str, Any]) -> Call:
        """Operation ``operation`` with ``params``: path ids under Amazon's
        names, ``body`` as Amazon documents it, ``idempotencyKey``. Refused
        values raise :class:`~amazon_pay.errors.ValidationError` here."""
        _check_no_float(params)
        return Call(self._native.call(operation, dumps(params)))

    def button_signature(self, signer: Signer, payload: Union[str, Mapping[str, Any]]) -> str:
        """The Amazon Pay button's signature (base64) over ``payload``."""
        text = payload if isinstance(payload, str) else dumps(payload)
        return str(self._native.sign_button(signer, text))


class Ledger:
    """A charge permission's ledger: the rule book that hands out charges,
    captures, refunds, cancels and closes only when Amazon's rules allow
    them (refunds in flight counted), fed with Amazon's answers."""

    def __init__(self, native: Any) -> None:
        self._native = native

    @classmethod
    def from_permission(
        cls, permission: Union[ChargePermission, Mapping[str, Any]], region: str = "us", api_version: str = "v2"
    ) -> "Ledger":
        """The ledger of the permission Amazon answered."""
        raw = permission.raw if isinstance(permission, ChargePermission) else permission
        return cls(_native.NativeLedger.from_permission(dumps(raw), region, api_version))

    @classmethod
    def from_json(cls, text: str) -> "Ledger":
        """A ledger kept with :meth:`to_json`."""
        return cls(_native.NativeLedger.from_json(text))

    def to_json(self) -> str:
        """The ledger as JSON, to keep between requests."""
        return str(self._native.to_json())

    @property
    def charge_permission_id(self) -> str:
        """The permission's id."""
        return str(self._native.id)

    def status(self, now: _dt.datetime) -> Dict[str, Any]:
        """What may be done at ``now``, until when and how much."""
        result = loads(self._native.status(_seconds(now)))
        return result if isinstance(result, dict) else {}

    def request_charge(self, core: Core, amount: Price, key: str, now: _dt.datetime) -> Call:
        """Create Charge of ``amount``, if the permission takes it."""
        return Call(self._native.request_charge(core._native, _digits(amount), amount.currency_code, key, _seconds(now)))

    def request_capture(self, core: Core, charge_id: str, amount: Price, key: str, now: _dt.datetime) -> Call:
        """Capture Charge, if the rules allow it."""
        return Call(
            self._native.request_capture(core._native, charge_id, _digits(amount), amount.currency_code, key, _seconds(now))
        )

    def request_refund(self, core: Core, charge_id: str, amount: Price, key: str, now: _dt.datetime) -> Call:
        """Create Refund, if it stays within the allowance."""
        return Call(
            self._native.request_refund(core._native, charge_id, _digits(amount), amount.currency_code, key, _seconds(now))
        )

    def request_cancel(self, core: Core, charge_id: str, reason: str, now: _dt.datetime) -> Call:
        """Cancel Charge, if it may still be canceled."""
        return Call(self._native.request_cancel(core._native, charge_id, reason, _seconds(now)))

    def request_close(self, core: Core, reason: str, cancel_pending_charges: bool, now: _dt.datetime) -> Call:
        """Close Charge Permission, if it may be closed."""
        return Call(self._native.request_close(core._native, reason, cancel_pending_charges, _seconds(now)))

    def observe(self, operation: str, answer: Union[Mapping[str, Any], Any]) -> None:
        """Takes in Amazon's answer to ``operation`` (a Charge, Refund or
        Charge Permission, typed or as JSON)."""
        raw = getattr(answer, "raw", answer)
        self._native.answered(operation, dumps(raw))

    def refund_ids(self, charge_id: str) -> List[str]:
        """The refunds the ledger knows on ``charge_id``."""
        return [str(r) for r in self._native.refund_ids(charge_id)]


def _digits(amount: Price) -> str:
    return format(amount.amount, "f")
