"""The Python binding measured beside the Rust core, in one run; prints
ratios (the machine is shared and noisy: only ratios travel).

    python benches/bench.py            # after installing the release wheel

1. A Capture Charge built and signed: from Python (``Core.call`` +
   ``Call.sign`` with a ``PrivateKey``) vs the core alone in Rust (the
   typed operation signed by AWS-LC, no Python in its loop:
   ``_native._reference_capture_ns``), alternated in small blocks in this
   process so that the machine's load falls on both sides.
2. A Charge answer decoded: ``Call.decode`` + ``Charge.from_json`` vs the
   core's decode.
3. A checkout flow against the sandbox in process (create, update, buyer,
   complete, get permission, get charge, capture, refund: 7 signed calls),
   signed by the key in Rust vs by a pure-Python signer on ``cryptography``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from amazon_pay import Charge, Core, PrivateKey, Response, Signer
from amazon_pay import _native

REPO = Path(__file__).resolve().parents[3]
KEY_ID = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B"
PRIVATE = (REPO / "tests/vectors/keys/rsa2048.pkcs8.pem").read_text()
PUBLIC = (REPO / "tests/vectors/keys/rsa2048.spki.pem").read_text()
CHARGE = (REPO / "tests/fixtures/v2_charge_authorized.json").read_bytes()
NOW = dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.timezone.utc)
PSS32 = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)


class CryptographySigner:
    def __init__(self, pem: str) -> None:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        self.key = key

    def sign(self, message: bytes) -> bytes:
        return self.key.sign(message, PSS32, hashes.SHA256())


def per_op(rounds: int, body: Callable[[], Any]) -> float:
    """Nanoseconds per call over one block of ``rounds``."""
    started = time.perf_counter_ns()
    for _ in range(rounds):
        body()
    return (time.perf_counter_ns() - started) / rounds


def flow(core: Core, signer: Signer) -> None:
    sandbox = _native.NativeSandbox("us", 5)
    sandbox.register_key(KEY_ID, PUBLIC)
    now = int(NOW.timestamp())

    def run(name: str, params: Dict[str, Any]) -> Dict[str, Any]:
        call = core.call(name, params)
        request = call.sign(signer, NOW)
        target = "/" + request.url.split("/", 3)[3]
        status, headers, body = sandbox.send(now, request.method, target, request.headers, request.body)
        return call.decode(Response(status, headers, body))

    amount = {"amount": "14.00", "currencyCode": "USD"}
    session = run("CreateCheckoutSession", {"body": {"webCheckoutDetails": {"checkoutReviewReturnUrl": "https://s.example/r"}, "storeId": "s"}, "idempotencyKey": "c1"})
    sid = session["checkoutSessionId"]
    run("UpdateCheckoutSession", {"checkoutSessionId": sid, "body": {"webCheckoutDetails": {"checkoutResultReturnUrl": "https://s.example/x"}, "paymentDetails": {"paymentIntent": "Authorize", "chargeAmount": amount}}})
    sandbox.buyer_approves(now, sid, "1111")
    done = run("CompleteCheckoutSession", {"checkoutSessionId": sid, "body": {"chargeAmount": amount}})
    run("GetChargePermission", {"chargePermissionId": done["chargePermissionId"]})
    charge = done["chargeId"]
    run("GetCharge", {"chargeId": charge})
    run("CaptureCharge", {"chargeId": charge, "body": {"captureAmount": amount}, "idempotencyKey": "k2"})
    run("CreateRefund", {"body": {"chargeId": charge, "refundAmount": {"amount": "5.00", "currencyCode": "USD"}}, "idempotencyKey": "k3"})


def median(values: List[float]) -> float:
    return sorted(values)[len(values) // 2]


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    core = Core(KEY_ID, "us")
    key = PrivateKey(PRIVATE.encode())
    python_signer = CryptographySigner(PRIVATE)
    params = {"chargeId": "S01-5105180-3221187-C056351", "body": {"captureAmount": {"amount": "14.00", "currencyCode": "USD"}}, "idempotencyKey": "bench-key-1"}
    get = core.call("GetCharge", {"chargeId": "S01-5105180-3221187-C056351"})
    answer = Response(200, [], CHARGE)
    # Interleaved blocks, so that a change in the machine's load falls on
    # both sides of a ratio; the median ratio over the pairs is reported.
    core.call("CaptureCharge", params).sign(key, NOW)  # warm
    capture: List[float] = []
    decode: List[float] = []
    flows: List[float] = []
    figures: Dict[str, List[float]] = {"capture_py": [], "capture_rust": [], "decode_py": [], "decode_rust": [], "flow_rust": [], "flow_py": []}
    for _ in range(pairs):
        rust_capture = _native._reference_capture_ns(PRIVATE.encode(), int(NOW.timestamp()), rounds)
        capture_ns = per_op(rounds, lambda: core.call("CaptureCharge", params).sign(key, NOW))
        rust_decode = _native._reference_decode_ns(CHARGE, rounds * 20)
        decode_ns = per_op(rounds * 20, lambda: Charge.from_json(get.decode(answer)))
        flow_rust_ns = per_op(max(rounds // 30, 3), lambda: flow(core, key))
        flow_py_ns = per_op(max(rounds // 30, 3), lambda: flow(core, python_signer))
        capture.append(rust_capture / capture_ns)
        decode.append(decode_ns / rust_decode)
        flows.append(flow_py_ns / flow_rust_ns)
        for name, value in (("capture_py", capture_ns), ("capture_rust", float(rust_capture)),
                            ("decode_py", decode_ns), ("decode_rust", float(rust_decode)),
                            ("flow_rust", flow_rust_ns), ("flow_py", flow_py_ns)):
            figures[name].append(value)
    m = {name: median(values) for name, values in figures.items()}
    print(f"capture built+signed: Python {m['capture_py'] / 1000:.1f} us, Rust {m['capture_rust'] / 1000:.1f} us "
          f"-> Python at {median(capture):.2f}x the Rust throughput (median of {pairs} pairs: "
          f"{', '.join(f'{r:.2f}' for r in capture)})")
    print(f"Charge decoded (typed): Python {m['decode_py'] / 1000:.2f} us, Rust {m['decode_rust'] / 1000:.2f} us "
          f"-> {median(decode):.1f}x the Rust time")
    print(f"checkout flow in process (7 signed calls): key in Rust {1e9 / m['flow_rust']:.0f} flows/s, "
          f"cryptography signer {1e9 / m['flow_py']:.0f} flows/s -> key in Rust {median(flows):.2f}x as fast")
    print(json.dumps({"capture_ratio": median(capture), "decode_ratio": median(decode), "flow_ratio": median(flows), **m}))


if __name__ == "__main__":
    main()
