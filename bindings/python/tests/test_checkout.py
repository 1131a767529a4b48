"""The seed documents' whole checkout against the sandbox server, with the
blocking and the asyncio client."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import pytest

from amazon_pay import (
    AmazonPayClient,
    AsyncAmazonPayClient,
    Charge,
    CheckoutSession,
    Ledger,
    Price,
    Refund,
    RuleViolation,
)
from conftest import KEY_ID, buyer_approves, usd

REVIEW = {"checkoutReviewReturnUrl": "https://shop.example/review"}
STORE = "amzn1.application-oa2-client.8b5e45312b5248b69eeaStoreId"


def approved_session(client: AmazonPayClient, sandbox_url: str, amount: str, intent: str = "Authorize") -> str:
    created = client.create_checkout_session({"webCheckoutDetails": REVIEW, "storeId": STORE})
    assert isinstance(created, CheckoutSession) and created.checkout_session_id
    session = created.checkout_session_id
    updated = client.update_checkout_session(
        session,
        {
            "webCheckoutDetails": {"checkoutResultReturnUrl": "https://shop.example/result"},
            "paymentDetails": {"paymentIntent": intent, "chargeAmount": usd(amount)},
        },
    )
    assert updated.amazon_pay_redirect_url
    back = buyer_approves(sandbox_url, session)
    assert f"amazonCheckoutSessionId={session}" in back
    return session


def test_the_seed_checkout_blocking(client: AmazonPayClient, sandbox_url: str) -> None:
    session_id = approved_session(client, sandbox_url, "14.00")
    # The seed flow: Get Checkout Session, Complete, Capture, Refund, Get
    # Refund until final, Create Delivery Tracker.
    session = client.get_checkout_session(session_id)
    assert session.status is not None and session.status.state == "Open"
    assert session.charge_amount == Price(Decimal("14.00"), "USD")
    assert isinstance(session.created, dt.datetime) and session.created.tzinfo is not None
    completed = client.complete_checkout_session(session_id, {"chargeAmount": usd("14.00")})
    assert completed.status is not None and completed.status.state == "Completed"
    assert completed.charge_permission_id and completed.charge_id

    ledger = client.load_ledger(completed.charge_permission_id)
    charge = client.observe_charge(ledger, completed.charge_id)
    assert charge.status is not None and charge.status.state == "Authorized"

    captured = client.capture_within(ledger, completed.charge_id, usd("14.00"))
    assert isinstance(captured, Charge)
    assert captured.status is not None and captured.status.state == "Captured"
    assert captured.capture_amount == usd("14.00")

    with pytest.raises(RuleViolation) as refused:
        client.refund_within(ledger, completed.charge_id, usd("16.11"))
    assert refused.value.code == "RefundExceedsAllowance"
    assert refused.value.rule == "RefundExceedsAllowance"
    assert not refused.value.retryable

    refund = client.refund_within(ledger, completed.charge_id, usd("5.00"))
    assert isinstance(refund, Refund) and refund.refund_id
    assert refund.refund_amount == usd("5.00")
    final = client.get_refund(refund.refund_id)
    for _ in range(40):
        if final.status is not None and final.status.state in ("Refunded", "Declined"):
            break
        ledger.observe("GetRefund", final)
        final = client.get_refund(refund.refund_id)
    assert final.status is not None and final.status.state in ("RefundInitiated", "Refunded")

    tracker = client.create_delivery_tracker(
        {
            "chargePermissionId": completed.charge_permission_id,
            "deliveryDetails": [{"trackingNumber": "1Z999AA10123456784", "carrierCode": "UPS"}],
        }
    )
    assert tracker.raw

    # The ledger keeps through JSON.
    kept = Ledger.from_json(ledger.to_json())
    assert kept.to_json() == ledger.to_json()
    status = kept.status(dt.datetime.now(dt.timezone.utc))
    assert status["charges"][0]["id"] == completed.charge_id


def test_the_seed_checkout_asyncio(sandbox_url: str, private_pem: str) -> None:
    async def checkout() -> None:
        async with AsyncAmazonPayClient(KEY_ID, private_pem, "us", endpoint=sandbox_url) as client:
            created = await client.create_checkout_session({"webCheckoutDetails": REVIEW, "storeId": STORE})
            assert created.checkout_session_id
            session = created.checkout_session_id
            await client.update_checkout_session(
                session,
                {
                    "webCheckoutDetails": {"checkoutResultReturnUrl": "https://shop.example/result"},
                    "paymentDetails": {"paymentIntent": "Authorize", "chargeAmount": usd("20.00")},
                },
            )
            await asyncio.to_thread(buyer_approves, sandbox_url, session)
            completed = await client.complete_checkout_session(session, {"chargeAmount": usd("20.00")})
            assert completed.charge_permission_id and completed.charge_id
            ledger = await client.load_ledger(completed.charge_permission_id)
            await client.observe_charge(ledger, completed.charge_id)
            # Three captures at once would exceed the authorization: the
            # ledger hands out one; the tasks run concurrently.
            captured = await client.capture_within(ledger, completed.charge_id, usd("20.00"))
            assert captured.status is not None and captured.status.state == "Captured"
            refunds = await asyncio.gather(
                client.refund_within(ledger, completed.charge_id, usd("3.00")),
                client.get_charge(completed.charge_id),
            )
            assert isinstance(refunds[0], Refund)
            with pytest.raises(RuleViolation):
                await client.capture_within(ledger, completed.charge_id, usd("1.00"))

    asyncio.run(checkout())
