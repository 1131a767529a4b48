"""Amazon Pay's objects as typed Python values.

Money is :class:`Price` (a :class:`~decimal.Decimal` amount, never a float);
times are timezone-aware :class:`~datetime.datetime` in UTC. Every object
keeps Amazon's whole answer in ``raw`` (numbers as ``Decimal``), so no field
is lost to the typed view.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, Mapping, Optional

__all__ = [
    "ApiObject",
    "Buyer",
    "Charge",
    "ChargePermission",
    "CheckoutSession",
    "Price",
    "Refund",
    "StatusDetails",
    "format_timestamp",
    "parse_timestamp",
]

def parse_timestamp(text: Any) -> Optional[_dt.datetime]:
    """``20191015T210556Z`` or ``2019-10-15T21:05:56Z`` (Amazon writes
    both, sometimes with fractions of a second) as an aware UTC datetime;
    ``None`` for anything else."""
    if not isinstance(text, str):
        return None
    cleaned = text.replace("-", "").replace(":", "").split(".", 1)[0].rstrip("Z")
    if len(cleaned) != 15 or cleaned[8] != "T" or not (cleaned[:8] + cleaned[9:]).isdigit():
        return None
    try:
        return _dt.datetime(
            int(cleaned[0:4]),
            int(cleaned[4:6]),
            int(cleaned[6:8]),
            int(cleaned[9:11]),
            int(cleaned[11:13]),
            int(cleaned[13:15]),
            tzinfo=_dt.timezone.utc,
        )
    except ValueError:
        return None


def format_timestamp(when: _dt.datetime) -> str:
    """An aware datetime as Amazon's basic form ``20191015T210556Z``."""
    if when.tzinfo is None:
        raise ValueError("a timestamp needs a timezone (use datetime.timezone.utc)")
    return when.astimezone(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Price:
    """An amount in a currency: ``Price(Decimal("14.00"), "USD")``."""

    amount: Decimal
    currency_code: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, float):
            raise TypeError("amounts are Decimal or str, never float")
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", Decimal(str(self.amount)))

    @classmethod
    def from_json(cls, data: Any) -> Optional["Price"]:
        """``{"amount": "14.00", "currencyCode": "USD"}``; ``None`` if absent."""
        if not isinstance(data, Mapping) or "amount" not in data:
            return None
        return cls(Decimal(str(data["amount"])), str(data.get("currencyCode", "")))

    def to_json(self) -> Dict[str, str]:
        """As Amazon writes it."""
        return {"amount": format(self.amount, "f"), "currencyCode": self.currency_code}

    def __str__(self) -> str:
        return f"{format(self.amount, 'f')} {self.currency_code}"


@dataclass(frozen=True)
class StatusDetails:
    """``statusDetails``: the state, why, and when it last changed."""

    state: str
    reason_code: Optional[str] = None
    reason_description: Optional[str] = None
    last_updated: Optional[_dt.datetime] = None

    @classmethod
    def from_json(cls, data: Any) -> Optional["StatusDetails"]:
        """Read from Amazon's JSON; ``None`` if absent."""
        if not isinstance(data, Mapping) or "state" not in data:
            return None
        return cls(
            state=str(data["state"]),
            reason_code=_text(data.get("reasonCode")),
            reason_description=_text(data.get("reasonDescription")),
            last_updated=parse_timestamp(data.get("lastUpdatedTimestamp")),
        )


def _text(value: Any) -> Optional[str]:
    return None if value is None else str(value)


def _status(raw: Mapping[str, Any]) -> Optional[StatusDetails]:
    # v1 spells it `statusDetail`.
    return StatusDetails.from_json(raw.get("statusDetails", raw.get("statusDetail")))


@dataclass(frozen=True)
class ApiObject:
    """Any object Amazon answers: its JSON in ``raw``. The calls of the
    reports, accounts, disputes and in-store families answer this type."""

    raw: Dict[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, raw: Any) -> "ApiObject":
        """The object read from Amazon's JSON."""
        return cls(raw=dict(raw) if isinstance(raw, Mapping) else {"value": raw})

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    def get(self, key: str, default: Any = None) -> Any:
        """A member of Amazon's JSON."""
        return self.raw.get(key, default)


@dataclass(frozen=True)
class Buyer(ApiObject):
    """The buyer (Get Buyer, or inside a session or permission)."""

    buyer_id: Optional[str] = None
    name: Optional[str] = None
    email: Optional[str] = None

    @classmethod
    def from_json(cls, raw: Any) -> "Buyer":
        data = dict(raw) if isinstance(raw, Mapping) else {}
        return cls(
            raw=data,
            buyer_id=_text(data.get("buyerId")),
            name=_text(data.get("name")),
            email=_text(data.get("email")),
        )


@dataclass(frozen=True)
class CheckoutSession(ApiObject):
    """A Checkout Session."""

    checkout_session_id: Optional[str] = None
    status: Optional[StatusDetails] = None
    amazon_pay_redirect_url: Optional[str] = None
    charge_amount: Optional[Price] = None
    payment_intent: Optional[str] = None
    charge_permission_id: Optional[str] = None
    charge_id: Optional[str] = None
    buyer: Optional[Buyer] = None
    created: Optional[_dt.datetime] = None
    expires: Optional[_dt.datetime] = None

    @classmethod
    def from_json(cls, raw: Any) -> "CheckoutSession":
        data = dict(raw) if isinstance(raw, Mapping) else {}
        web = data.get("webCheckoutDetails", data.get("webCheckoutDetail")) or {}
        payment = data.get("paymentDetails", data.get("paymentDetail")) or {}
        buyer = data.get("buyer")
        return cls(
            raw=data,
            checkout_session_id=_text(data.get("checkoutSessionId")),
            status=_status(data),
            amazon_pay_redirect_url=_text(web.get("amazonPayRedirectUrl")),
            charge_amount=Price.from_json(payment.get("chargeAmount")),
            payment_intent=_text(payment.get("paymentIntent")),
            charge_permission_id=_text(data.get("chargePermissionId")),
            charge_id=_text(data.get("chargeId")),
            buyer=Buyer.from_json(buyer) if isinstance(buyer, Mapping) else None,
            created=parse_timestamp(data.get("creationTimestamp")),
            expires=parse_timestamp(data.get("expirationTimestamp")),
        )


@dataclass(frozen=True)
class ChargePermission(ApiObject):
    """A Charge Permission."""

    charge_permission_id: Optional[str] = None
    charge_permission_type: Optional[str] = None
    status: Optional[StatusDetails] = None
    amount_limit: Optional[Price] = None
    amount_balance: Optional[Price] = None
    buyer: Optional[Buyer] = None
    created: Optional[_dt.datetime] = None
    expires: Optional[_dt.datetime] = None

    @classmethod
    def from_json(cls, raw: Any) -> "ChargePermission":
        data = dict(raw) if isinstance(raw, Mapping) else {}
        limits = data.get("limits") or {}
        buyer = data.get("buyer")
        return cls(
            raw=data,
            charge_permission_id=_text(data.get("chargePermissionId")),
            charge_permission_type=_text(data.get("chargePermissionType")),
            status=_status(data),
            amount_limit=Price.from_json(limits.get("amountLimit")),
            amount_balance=Price.from_json(limits.get("amountBalance")),
            buyer=Buyer.from_json(buyer) if isinstance(buyer, Mapping) else None,
            created=parse_timestamp(data.get("creationTimestamp")),
            expires=parse_timestamp(data.get("expirationTimestamp")),
        )


@dataclass(frozen=True)
class Charge(ApiObject):
    """A Charge."""

    charge_id: Optional[str] = None
    charge_permission_id: Optional[str] = None
    charge_amount: Optional[Price] = None
    capture_amount: Optional[Price] = None
    refunded_amount: Optional[Price] = None
    soft_descriptor: Optional[str] = None
    status: Optional[StatusDetails] = None
    created: Optional[_dt.datetime] = None
    expires: Optional[_dt.datetime] = None

    @classmethod
    def from_json(cls, raw: Any) -> "Charge":
        data = dict(raw) if isinstance(raw, Mapping) else {}
        return cls(
            raw=data,
            charge_id=_text(data.get("chargeId")),
            charge_permission_id=_text(data.get("chargePermissionId")),
            charge_amount=Price.from_json(data.get("chargeAmount")),
            capture_amount=Price.from_json(data.get("captureAmount")),
            refunded_amount=Price.from_json(data.get("refundedAmount")),
            soft_descriptor=_text(data.get("softDescriptor")),
            status=_status(data),
            created=parse_timestamp(data.get("creationTimestamp")),
            expires=parse_timestamp(data.get("expirationTimestamp")),
        )


@dataclass(frozen=True)
class Refund(ApiObject):
    """A Refund."""

    refund_id: Optional[str] = None
    charge_id: Optional[str] = None
    refund_amount: Optional[Price] = None
    soft_descriptor: Optional[str] = None
    status: Optional[StatusDetails] = None
    created: Optional[_dt.datetime] = None

    @classmethod
    def from_json(cls, raw: Any) -> "Refund":
        data = dict(raw) if isinstance(raw, Mapping) else {}
        return cls(
            raw=data,
            refund_id=_text(data.get("refundId")),
            charge_id=_text(data.get("chargeId")),
            refund_amount=Price.from_json(data.get("refundAmount")),
            soft_descriptor=_text(data.get("softDescriptor")),
            status=_status(data),
            created=parse_timestamp(data.get("creationTimestamp")),
        )
