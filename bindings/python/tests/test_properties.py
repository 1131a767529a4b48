"""Properties, checked by hypothesis against the sandbox server."""

from __future__ import annotations

from decimal import Decimal
from typing import List

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amazon_pay import AmazonPayClient, Price, RuleViolation
from conftest import usd
from test_checkout import approved_session

CAPTURED = Decimal("20.00")
# The allowance: the captured amount plus the lesser of 15 % and 75 USD.
ALLOWANCE = CAPTURED + min(CAPTURED * Decimal("0.15"), Decimal("75"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cents=st.lists(st.integers(min_value=1, max_value=1_500), min_size=1, max_size=6))
def test_the_client_never_lets_refunds_exceed_the_allowance(
    client: AmazonPayClient, sandbox_url: str, cents: List[int]
) -> None:
    session = approved_session(client, sandbox_url, "20.00", intent="AuthorizeWithCapture")
    completed = client.complete_checkout_session(session, {"chargeAmount": usd("20.00")})
    assert completed.charge_permission_id and completed.charge_id
    ledger = client.load_ledger(completed.charge_permission_id)
    client.observe_charge(ledger, completed.charge_id)
    refunded = Decimal("0")
    for amount in cents:
        price = Price(Decimal(amount) / 100, "USD")
        try:
            refund = client.refund_within(ledger, completed.charge_id, price)
        except RuleViolation as refused:
            # Refused only when it would pass the allowance.
            assert refunded + price.amount > ALLOWANCE, refused.message
            continue
        assert refund.refund_id
        refunded += price.amount
        assert refunded <= ALLOWANCE
    # Amazon's side (the sandbox) holds exactly the refunds the client let
    # through, for the same total.
    on_amazon = Decimal("0")
    for refund_id in ledger.refund_ids(completed.charge_id):
        held = client.get_refund(refund_id)
        assert held.refund_amount is not None
        on_amazon += held.refund_amount.amount
    assert on_amazon == refunded <= ALLOWANCE


@settings(max_examples=200, deadline=None)
@given(amount=st.decimals(min_value=Decimal("-1"), max_value=Decimal("200000"), places=3, allow_nan=False, allow_infinity=False))
def test_an_amount_is_refused_before_sending_or_built_exactly(amount: Decimal) -> None:
    from amazon_pay import Core, ValidationError

    core = Core("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B", "us")
    params = {
        "chargeId": "S01-1-C1",
        "body": {"captureAmount": {"amount": format(amount, "f"), "currencyCode": "USD"}},
        "idempotencyKey": "k-1",
    }
    valid = Decimal("0") < amount <= Decimal("150000") and amount == amount.quantize(Decimal("0.01"))
    try:
        call = core.call("CaptureCharge", params)
    except ValidationError as refused:
        assert not valid, refused.to_dict()
        return
    assert valid, amount
    assert call.operation == "CaptureCharge"
