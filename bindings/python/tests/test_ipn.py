"""IPNs: the sandbox in process signs them; the package verifies them and
names the call that learns the object's state."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict

import pytest

from amazon_pay import Core, NotificationError, PrivateKey, Response, ipn_certificate_url, verify_ipn
from amazon_pay import _native
from conftest import KEY_ID


def test_the_sandboxs_ipns_verify_and_name_their_follow_up(private_pem: str, public_pem: str) -> None:
    sandbox = _native.NativeSandbox("us", 9)
    sandbox.register_key(KEY_ID, public_pem)
    certificate, trust = sandbox.enable_ipn()
    core = Core(KEY_ID, "us")
    key = PrivateKey(private_pem.encode())
    now = dt.datetime.now(dt.timezone.utc)
    seconds = int(now.timestamp())

    def run(operation: str, params: Dict[str, Any]) -> Dict[str, Any]:
        call = core.call(operation, params)
        request = call.sign(key, now)
        target = "/" + request.url.split("/", 3)[3]
        status, headers, body = sandbox.send(seconds, request.method, target, request.headers, request.body)
        return call.decode(Response(status, headers, body))

    amount = {"amount": "14.00", "currencyCode": "USD"}
    session = run(
        "CreateCheckoutSession",
        {"body": {"webCheckoutDetails": {"checkoutReviewReturnUrl": "https://s.example/r"}, "storeId": "s"}, "idempotencyKey": "ipn-1"},
    )
    sid = session["checkoutSessionId"]
    run(
        "UpdateCheckoutSession",
        {
            "checkoutSessionId": sid,
            "body": {
                "webCheckoutDetails": {"checkoutResultReturnUrl": "https://s.example/x"},
                "paymentDetails": {"paymentIntent": "AuthorizeWithCapture", "chargeAmount": amount},
            },
        },
    )
    sandbox.buyer_approves(seconds, sid, "1111")
    run("CompleteCheckoutSession", {"checkoutSessionId": sid, "body": {"chargeAmount": amount}})
    envelopes = sandbox.take_ipns()
    assert envelopes
    for envelope in envelopes:
        assert ipn_certificate_url(envelope, trust).endswith("/__sandbox/sns/signing.pem")
        ipn = verify_ipn(envelope, certificate, now, trust)
        assert ipn["type"] == "Payment"
        follow = ipn["followUp"]
        # The follow-up is a call of the package, answered by the sandbox.
        answer = run(follow["operation"], follow["params"])
        assert answer
    with pytest.raises(NotificationError):
        verify_ipn(envelopes[0], certificate, now)  # Amazon's own policy refuses the sandbox
    with pytest.raises(NotificationError):
        verify_ipn(envelopes[0].replace(b"CHARGE", b"REFUND", 1), certificate, now, trust)
