"""``AmazonPayClient`` and ``AsyncAmazonPayClient``: every Amazon Pay call
over httpx, with amazon-pay-core's rules checked before sending and its
retries (same idempotency key, each attempt re-signed)."""

from __future__ import annotations

import asyncio
import datetime as _dt
import os
import time
from typing import Any, Callable, Dict, Generic, Optional, TypeVar, Union

import httpx

from ._async_operations import _AsyncOperations
from ._keys import new_idempotency_key
from ._sync_operations import _SyncOperations
from .errors import AmazonPayError
from .sansio import (
    Call,
    Core,
    Done,
    Exchange,
    Ledger,
    PrivateKey,
    Response,
    Send,
    Signer,
    Wait,
)
from .objects import Charge, ChargePermission, Price, Refund

__all__ = ["AmazonPayClient", "AsyncAmazonPayClient"]

R = TypeVar("R")
Clock = Callable[[], _dt.datetime]


def _utc_now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def _signer(private_key: Union[str, bytes, Signer]) -> Signer:
    if isinstance(private_key, (str, bytes)):
        data = private_key.encode() if isinstance(private_key, str) else private_key
        key: Signer = PrivateKey(data)
        return key
    if not callable(getattr(private_key, "sign", None)):
        raise TypeError("private_key is a PEM/DER key or an object with sign(message: bytes) -> bytes")
    return private_key


def _transport_kind(error: httpx.TransportError) -> str:
    """How far a failed attempt got, as the core names it."""
    if isinstance(error, (httpx.ConnectTimeout, httpx.PoolTimeout)):
        return "TimeoutBeforeSent"
    if isinstance(error, httpx.ConnectError):
        return "ConnectRefused"
    if isinstance(error, httpx.TimeoutException):
        return "TimeoutAfterSent"
    return "ConnectionReset"


H = TypeVar("H", httpx.Client, httpx.AsyncClient)


class _Base(Generic[H]):
    """What both clients share: settings, signer, clock, HTTP client."""

    def __init__(
        self,
        public_key_id: str,
        private_key: Union[str, bytes, Signer],
        region: str = "us",
        *,
        sandbox: Optional[bool] = None,
        endpoint: Optional[str] = None,
        api_version: str = "v2",
        algorithm: Optional[str] = None,
        max_retries: Optional[int] = None,
        http: Optional[H] = None,
        timeout: float = 30.0,
        clock: Clock = _utc_now,
    ) -> None:
        self.core = Core(
            public_key_id,
            region,
            sandbox=sandbox,
            endpoint=endpoint,
            api_version=api_version,
            algorithm=algorithm,
            max_retries=max_retries,
        )
        self.signer = _signer(private_key)
        self.clock = clock
        self._owns_http = http is None
        self._http: H = http if http is not None else self._new_http(timeout)

    def _new_http(self, timeout: float) -> H:
        raise NotImplementedError

    def _step(self, exchange: Exchange) -> Union[Send, Wait, Done]:
        return exchange.step(self.clock(), self.signer, os.urandom(16))

    def _answered(self, exchange: Exchange, answer: httpx.Response) -> None:
        exchange.handle_response(
            self.clock(), Response(answer.status_code, list(answer.headers.multi_items()), answer.content)
        )

    def _key(self, given: Optional[str]) -> str:
        return given if given is not None else new_idempotency_key()

    def button_signature(self, payload: Union[str, Dict[str, Any]]) -> str:
        """The Amazon Pay button's signature (base64) over ``payload``."""
        return self.core.button_signature(self.signer, payload)


def _taken(ledger: Ledger, call: Call, result: Callable[[Any], R], answer: Dict[str, Any]) -> R:
    """Amazon's answer to a call the ledger handed out, taken back into it."""
    typed = result(answer)
    ledger.observe(call.operation, typed)
    return typed


class AmazonPayClient(_Base[httpx.Client], _SyncOperations):
    """Every Amazon Pay call, blocking, over an ``httpx.Client``.

    ``private_key`` is the PEM (or DER) of your key — held in Rust, never
    copied back — or any object with ``sign(message: bytes) -> bytes``
    (a KMS or HSM). ``sandbox`` chooses the environment where the key id
    does not imply it; ``endpoint`` replaces Amazon's host (``http://`` on
    loopback only, for an offline sandbox); ``max_retries`` caps the
    retries after the first attempt (default 3); ``http`` is your own
    ``httpx.Client`` (closed by you); ``clock`` gives ``now`` (aware).
    """

    def _new_http(self, timeout: float) -> httpx.Client:
        return httpx.Client(timeout=timeout, follow_redirects=False)

    def __enter__(self) -> "AmazonPayClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes the HTTP client if this client made it."""
        if self._owns_http:
            self._http.close()

    def send(self, call: Call) -> Dict[str, Any]:
        """Runs ``call`` with its retries: Amazon's decoded answer."""
        exchange = call.exchange()
        last: Optional[BaseException] = None
        while True:
            try:
                step = self._step(exchange)
            except AmazonPayError as error:
                if last is not None and error.__cause__ is None:
                    raise error from last
                raise
            if isinstance(step, Done):
                return step.result
            if isinstance(step, Wait):
                time.sleep(max(0.0, step.until.timestamp() - time.time()))
                continue
            request = step.request
            try:
                answer = self._http.request(
                    request.method, request.url, headers=request.headers, content=request.body
                )
            except httpx.TransportError as error:
                last = error
                exchange.handle_transport_error(self.clock(), _transport_kind(error))
                continue
            self._answered(exchange, answer)

    def _run(self, operation: str, params: Dict[str, Any], result: Callable[[Any], R]) -> R:
        return result(self.send(self.core.call(operation, params)))

    # ------------------------------------------------ within a ledger's rules

    def load_ledger(self, charge_permission_id: str) -> Ledger:
        """The ledger of a permission, from Get Charge Permission."""
        permission = self.get_charge_permission(charge_permission_id)
        return Ledger.from_permission(permission, self.core.region, self.core.api_version)

    def observe_charge(self, ledger: Ledger, charge_id: str) -> Charge:
        """Get Charge, taken into ``ledger``."""
        charge = self.get_charge(charge_id)
        ledger.observe("GetCharge", charge)
        return charge

    def capture_within(
        self, ledger: Ledger, charge_id: str, amount: Price, *, idempotency_key: Optional[str] = None
    ) -> Charge:
        """Capture Charge, only if ``ledger`` allows it (raises
        :class:`~amazon_pay.errors.RuleViolation` otherwise, nothing sent);
        the answer is taken into the ledger."""
        call = ledger.request_capture(self.core, charge_id, amount, self._key(idempotency_key), self.clock())
        return _taken(ledger, call, Charge.from_json, self.send(call))

    def refund_within(
        self, ledger: Ledger, charge_id: str, amount: Price, *, idempotency_key: Optional[str] = None
    ) -> Refund:
        """Create Refund, only within the allowance ``ledger`` knows
        (refunds in flight counted); the answer is taken in."""
        call = ledger.request_refund(self.core, charge_id, amount, self._key(idempotency_key), self.clock())
        return _taken(ledger, call, Refund.from_json, self.send(call))

    def cancel_within(self, ledger: Ledger, charge_id: str, reason: str) -> Charge:
        """Cancel Charge, only if the charge may still be canceled."""
        call = ledger.request_cancel(self.core, charge_id, reason, self.clock())
        return _taken(ledger, call, Charge.from_json, self.send(call))

    def close_within(self, ledger: Ledger, reason: str, *, cancel_pending_charges: bool = False) -> ChargePermission:
        """Close Charge Permission, only if it may be closed."""
        call = ledger.request_close(self.core, reason, cancel_pending_charges, self.clock())
        return _taken(ledger, call, ChargePermission.from_json, self.send(call))


class AsyncAmazonPayClient(_Base[httpx.AsyncClient], _AsyncOperations):
    """Every Amazon Pay call as a coroutine, over an ``httpx.AsyncClient``
    (arguments as :class:`AmazonPayClient`)."""

    def _new_http(self, timeout: float) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=timeout, follow_redirects=False)

    async def __aenter__(self) -> "AsyncAmazonPayClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Closes the HTTP client if this client made it."""
        if self._owns_http:
            await self._http.aclose()

    async def send(self, call: Call) -> Dict[str, Any]:
        """Runs ``call`` with its retries: Amazon's decoded answer."""
        exchange = call.exchange()
        last: Optional[BaseException] = None
        while True:
            try:
                step = self._step(exchange)
            except AmazonPayError as error:
                if last is not None and error.__cause__ is None:
                    raise error from last
                raise
            if isinstance(step, Done):
                return step.result
            if isinstance(step, Wait):
                await asyncio.sleep(max(0.0, step.until.timestamp() - time.time()))
                continue
            request = step.request
            try:
                answer = await self._http.request(
                    request.method, request.url, headers=request.headers, content=request.body
                )
            except httpx.TransportError as error:
                last = error
                exchange.handle_transport_error(self.clock(), _transport_kind(error))
                continue
            self._answered(exchange, answer)

    async def _run(self, operation: str, params: Dict[str, Any], result: Callable[[Any], R]) -> R:
        return result(await self.send(self.core.call(operation, params)))

    async def load_ledger(self, charge_permission_id: str) -> Ledger:
        """The ledger of a permission, from Get Charge Permission."""
        permission = await self.get_charge_permission(charge_permission_id)
        return Ledger.from_permission(permission, self.core.region, self.core.api_version)

    async def observe_charge(self, ledger: Ledger, charge_id: str) -> Charge:
        """Get Charge, taken into ``ledger``."""
        charge = await self.get_charge(charge_id)
        ledger.observe("GetCharge", charge)
        return charge

    async def capture_within(
        self, ledger: Ledger, charge_id: str, amount: Price, *, idempotency_key: Optional[str] = None
    ) -> Charge:
        """Capture Charge, only if ``ledger`` allows it."""
        call = ledger.request_capture(self.core, charge_id, amount, self._key(idempotency_key), self.clock())
        return _taken(ledger, call, Charge.from_json, await self.send(call))

    async def refund_within(
        self, ledger: Ledger, charge_id: str, amount: Price, *, idempotency_key: Optional[str] = None
    ) -> Refund:
        """Create Refund, only within the allowance ``ledger`` knows."""
        call = ledger.request_refund(self.core, charge_id, amount, self._key(idempotency_key), self.clock())
        return _taken(ledger, call, Refund.from_json, await self.send(call))

    async def cancel_within(self, ledger: Ledger, charge_id: str, reason: str) -> Charge:
        """Cancel Charge, only if the charge may still be canceled."""
        call = ledger.request_cancel(self.core, charge_id, reason, self.clock())
        return _taken(ledger, call, Charge.from_json, await self.send(call))

    async def close_within(
        self, ledger: Ledger, reason: str, *, cancel_pending_charges: bool = False
    ) -> ChargePermission:
        """Close Charge Permission, only if it may be closed."""
        call = ledger.request_close(self.core, reason, cancel_pending_charges, self.clock())
        return _taken(ledger, call, ChargePermission.from_json, await self.send(call))
