"""The core's retries through the Python client, against the sandbox
server's fault plan: refused attempts are retried with the same
idempotency key, each re-signed; an answer lost after Amazon acted is
retried with the same key and never makes a second capture."""

from __future__ import annotations

from typing import Any, Dict, Iterator

import httpx
import pytest

from amazon_pay import AmazonPayClient, TransportError
from conftest import KEY_ID, usd
from test_checkout import approved_session


@pytest.fixture()
def faults(sandbox_url: str) -> Iterator[Any]:
    def plan(**percent: int) -> None:
        body: Dict[str, Any] = {"seed": 7, **percent}
        answer = httpx.put(f"{sandbox_url}/__sandbox/faults", json=body)
        assert answer.status_code in (200, 204), answer.text

    yield plan
    httpx.delete(f"{sandbox_url}/__sandbox/faults")


def test_throttling_and_unavailability_are_retried(
    sandbox_url: str, private_pem: str, faults: Any
) -> None:
    with AmazonPayClient(KEY_ID, private_pem, "us", endpoint=sandbox_url, max_retries=8) as client:
        session = approved_session(client, sandbox_url, "14.00")
        faults(throttlePercent=25, unavailablePercent=25)
        completed = client.complete_checkout_session(session, {"chargeAmount": usd("14.00")})
        assert completed.charge_id and completed.charge_permission_id
        ledger = client.load_ledger(completed.charge_permission_id)
        client.observe_charge(ledger, completed.charge_id)
        captured = client.capture_within(ledger, completed.charge_id, usd("14.00"))
        assert captured.status is not None and captured.status.state == "Captured"


def test_a_lost_answer_never_makes_a_second_capture(
    sandbox_url: str, private_pem: str, faults: Any
) -> None:
    with AmazonPayClient(KEY_ID, private_pem, "us", endpoint=sandbox_url, max_retries=2) as client:
        session = approved_session(client, sandbox_url, "14.00")
        completed = client.complete_checkout_session(session, {"chargeAmount": usd("14.00")})
        assert completed.charge_id
        faults(lostPercent=100)
        with pytest.raises(TransportError) as lost:
            client.capture_charge(completed.charge_id, {"captureAmount": usd("14.00")}, idempotency_key="lost-capture-1")
        assert lost.value.retryable
        assert isinstance(lost.value.__cause__, httpx.TransportError)
        httpx.delete(f"{sandbox_url}/__sandbox/faults")
        # The same key again: Amazon's answer to the first capture, replayed.
        again = client.capture_charge(completed.charge_id, {"captureAmount": usd("14.00")}, idempotency_key="lost-capture-1")
        assert again.status is not None and again.status.state == "Captured"
        charge = client.get_charge(completed.charge_id)
        assert charge.capture_amount == usd("14.00")
