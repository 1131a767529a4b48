"""Instant Payment Notifications, verified by the core."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, Optional, Union

from . import _native
from .sansio import loads


def ipn_certificate_url(body: Union[str, bytes], trust: Optional[str] = None) -> str:
    """The signing certificate's URL, once the trust policy (JSON; default
    Amazon's SNS) accepts it: fetch it, then call :func:`verify_ipn`."""
    data = body.encode() if isinstance(body, str) else body
    return str(_native.ipn_certificate_url(data, trust))


def verify_ipn(
    body: Union[str, bytes],
    certificate: Union[str, bytes],
    now: Optional[_dt.datetime] = None,
    trust: Optional[str] = None,
) -> Dict[str, Any]:
    """Verifies an SNS envelope with its certificate and reads it:
    ``{"type": "Payment", "messageId", "notification": {…}, "followUp":
    {"operation", "params"}}``; raises
    :class:`~amazon_pay.errors.NotificationError` when it is not authentic."""
    data = body.encode() if isinstance(body, str) else body
    cert = certificate.encode() if isinstance(certificate, str) else certificate
    when = now if now is not None else _dt.datetime.now(_dt.timezone.utc)
    result = loads(_native.verify_ipn(data, cert, int(when.timestamp()), trust))
    return result if isinstance(result, dict) else {}
