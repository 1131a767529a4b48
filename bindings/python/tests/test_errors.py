"""Every exception kind, each carrying the error shape's fields."""

from __future__ import annotations

import datetime as dt
import socket
from decimal import Decimal

import pytest

import amazon_pay
from amazon_pay import (
    AmazonPayClient,
    AmazonPayError,
    ApiError,
    Core,
    KeyFormatError,
    NotificationError,
    Price,
    PrivateKey,
    RuleViolation,
    SandboxError,
    SignatureError,
    TransportError,
    ValidationError,
    verify_ipn,
)
from amazon_pay import _native
from conftest import KEY_ID, usd

NOW = dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.timezone.utc)


def test_a_refused_value_is_a_validation_error_and_a_value_error() -> None:
    core = Core(KEY_ID, "us")
    with pytest.raises(ValidationError) as refused:
        core.call(
            "CaptureCharge",
            {"chargeId": "S01-1-C1", "body": {"captureAmount": usd("150000.01")}, "idempotencyKey": "k1"},
        )
    error = refused.value
    assert isinstance(error, ValueError)
    assert (error.kind, error.code) == ("validation", "AboveTransactionMaximum")
    assert error.field is not None and "captureAmount" in error.field
    assert error.to_dict()["code"] == "AboveTransactionMaximum"
    # Unknown operation, unknown member: refused, never dropped.
    with pytest.raises(ValidationError) as unknown:
        core.call("CaptureCharges", {})
    assert unknown.value.code == "UnknownOperation"
    with pytest.raises(ValidationError) as typo:
        core.call("GetCharge", {"chargeID": "S01-1-C1"})
    assert typo.value.code == "InvalidParameters"


def test_money_is_never_a_float() -> None:
    core = Core(KEY_ID, "us")
    with pytest.raises(TypeError):
        core.call("CreateRefund", {"body": {"chargeId": "S01-1-C1", "refundAmount": {"amount": 1.5, "currencyCode": "USD"}}})
    with pytest.raises(TypeError):
        Price(1.5, "USD")  # type: ignore[arg-type]
    assert Price("1.50", "USD").amount == Decimal("1.50")  # type: ignore[arg-type]


def test_a_rule_violation_says_why(client: AmazonPayClient, sandbox_url: str) -> None:
    from test_checkout import approved_session

    session = approved_session(client, sandbox_url, "10.00")
    completed = client.complete_checkout_session(session, {"chargeAmount": usd("10.00")})
    assert completed.charge_permission_id and completed.charge_id
    ledger = client.load_ledger(completed.charge_permission_id)
    client.observe_charge(ledger, completed.charge_id)
    with pytest.raises(RuleViolation) as refused:
        client.capture_within(ledger, completed.charge_id, usd("10.01"))
    assert refused.value.kind == "rule"
    assert "10.01" in refused.value.message


def test_amazons_refusal_is_an_api_error(client: AmazonPayClient) -> None:
    with pytest.raises(ApiError) as answered:
        client.get_charge("S01-0000000-0000000-C000000")
    error = answered.value
    assert error.reason_code == "ResourceNotFound"
    assert error.status == 404
    assert error.retryable is False


def test_no_answer_is_a_transport_error(private_pem: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on `port` now.
    with AmazonPayClient(KEY_ID, private_pem, "us", endpoint=f"http://127.0.0.1:{port}", max_retries=1) as client:
        with pytest.raises(TransportError) as failed:
            client.get_charge("S01-1-C1")
    assert failed.value.kind == "transport"
    assert failed.value.retryable
    assert failed.value.__cause__ is not None


def test_an_unreadable_key_is_a_key_format_error() -> None:
    with pytest.raises(KeyFormatError) as refused:
        PrivateKey(b"-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    assert isinstance(refused.value, ValueError)
    with pytest.raises(KeyFormatError):
        AmazonPayClient(KEY_ID, "not a key at all", "us")


def test_a_signer_that_raises_is_a_signature_error() -> None:
    class Broken:
        def sign(self, message: bytes) -> bytes:
            raise RuntimeError("the HSM is offline")

    call = Core(KEY_ID, "us").call("GetCharge", {"chargeId": "S01-1-C1"})
    with pytest.raises(SignatureError) as failed:
        call.sign(Broken(), NOW)
    assert "the HSM is offline" in failed.value.message


def test_an_unauthentic_ipn_is_a_notification_error() -> None:
    with pytest.raises(NotificationError):
        verify_ipn(b'{"Type":"Notification"}', b"", NOW)


def test_a_refused_buyer_step_is_a_sandbox_error() -> None:
    sandbox = _native.NativeSandbox("us", 1)
    with pytest.raises(SandboxError) as refused:
        sandbox.buyer_approves(int(NOW.timestamp()), "no-such-session", "1111")
    assert refused.value.kind == "sandbox"
    with pytest.raises(SandboxError):
        sandbox.buyer_approves(int(NOW.timestamp()), "no-such-session", "9999")


def test_a_bug_is_an_amazon_pay_error_never_a_panic() -> None:
    with pytest.raises(AmazonPayError) as caught:
        _native._panic_for_tests()
    assert type(caught.value) is AmazonPayError
    assert caught.value.kind == "internal"
    assert "a deliberate panic" in caught.value.message


def test_every_exception_is_exported() -> None:
    for name in amazon_pay.errors.__all__:
        assert issubclass(getattr(amazon_pay, name), AmazonPayError)
