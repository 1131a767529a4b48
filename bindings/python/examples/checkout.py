"""A whole checkout against the offline sandbox: python examples/checkout.py ENDPOINT private.pem"""

import sys
from decimal import Decimal

import httpx

from amazon_pay import AmazonPayClient, Price, RuleViolation



def usd(text: str) -> Price:
    return Price(Decimal(text), "USD")


endpoint, key_file = sys.argv[1], sys.argv[2]
with AmazonPayClient("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B", open(key_file).read(), "us", endpoint=endpoint) as client:
    web = {"checkoutReviewReturnUrl": "https://shop.example/review"}
    session = client.create_checkout_session({"webCheckoutDetails": web, "storeId": "amzn1.application-oa2-client.demo"})
    sid = session.checkout_session_id or ""
    client.update_checkout_session(sid, {
        "webCheckoutDetails": {"checkoutResultReturnUrl": "https://shop.example/result"},
        "paymentDetails": {"paymentIntent": "Authorize", "chargeAmount": usd("14.00")},
    })
    httpx.get(f"{endpoint}/__sandbox/buyer/{sid}/approve?card=1111")  # the buyer pays (sandbox only)
    done = client.complete_checkout_session(sid, {"chargeAmount": usd("14.00")})
    assert done.charge_permission_id and done.charge_id
    ledger = client.load_ledger(done.charge_permission_id)
    client.observe_charge(ledger, done.charge_id)
    charge = client.capture_within(ledger, done.charge_id, usd("14.00"))
    try:
        client.refund_within(ledger, done.charge_id, usd("20.00"))
    except RuleViolation as refused:
        print("refused before sending:", refused.code)
    refund = client.refund_within(ledger, done.charge_id, usd("5.00"))
    print("charge", charge.charge_id, charge.status.state if charge.status else "?", "refund", refund.refund_id)
