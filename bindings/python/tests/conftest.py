"""Fixtures: the sandbox server (the `amazon-pay-sandbox` binary on a free
loopback port, stopped at the end), the test key pair, clients on it."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Iterator

import httpx
import pytest

import amazon_pay
from amazon_pay import AmazonPayClient, Price

REPO = Path(__file__).resolve().parents[3]
KEYS = REPO / "tests" / "vectors" / "keys"
KEY_ID = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("AMAZON_PAY_EXPECT_INSTALLED") == "1":
        location = Path(amazon_pay.__file__).resolve()
        if "site-packages" not in location.parts:
            raise pytest.UsageError(f"amazon_pay imported from {location}, not an installed wheel")


@pytest.fixture(scope="session")
def private_pem() -> str:
    return (KEYS / "rsa2048.pkcs8.pem").read_text()


@pytest.fixture(scope="session")
def public_pem() -> str:
    return (KEYS / "rsa2048.spki.pem").read_text()


@pytest.fixture(scope="session")
def sandbox_url() -> Iterator[str]:
    """The sandbox server's base URL (plain HTTP on 127.0.0.1)."""
    binary = Path(os.environ.get("AMAZON_PAY_SANDBOX_BIN", REPO / "target" / "debug" / "amazon-pay-sandbox"))
    if not binary.exists():
        pytest.fail(
            f"the sandbox binary {binary} is missing: build it with "
            "`cargo build -p amazon-pay-sandbox --bin amazon-pay-sandbox` or set AMAZON_PAY_SANDBOX_BIN"
        )
    process = subprocess.Popen(
        [str(binary), "--listen", "127.0.0.1:0", "--key", f"{KEY_ID}={KEYS / 'rsa2048.spki.pem'}", "--seed", "11"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = None
        assert process.stdout is not None
        for line in process.stdout:
            found = re.search(r"on (http://127\.0\.0\.1:\d+)/v2", line)
            if found:
                url = found.group(1)
            if "ids seeded" in line:
                break
        if url is None:
            pytest.fail("the sandbox did not say where it listens")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture()
def client(sandbox_url: str, private_pem: str) -> Iterator[AmazonPayClient]:
    with AmazonPayClient(public_key_id=KEY_ID, private_key=private_pem, region="us", endpoint=sandbox_url) as c:
        yield c


def buyer_approves(sandbox_url: str, session_id: str, card: str = "1111") -> str:
    """The buyer's click on the sandbox's page: the 302's Location (not followed)."""
    answer = httpx.get(f"{sandbox_url}/__sandbox/buyer/{session_id}/approve", params={"card": card})
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


def usd(text: str) -> Price:
    from decimal import Decimal

    return Price(Decimal(text), "USD")
