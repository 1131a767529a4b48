"""The examples run against the sandbox server, as the README shows them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import KEYS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("name", ["checkout.py", "async_checkout.py", "kms_signer.py"])
def test_the_example_runs(name: str, sandbox_url: str) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name), sandbox_url, str(KEYS / "rsa2048.pkcs8.pem")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the example printed nothing"


def test_the_checkout_example_is_under_40_lines() -> None:
    assert len((EXAMPLES / "checkout.py").read_text().splitlines()) < 40
