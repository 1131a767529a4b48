"""The C ABI from Python's ctypes, with no binding of its own: a Capture
Charge built, refused when the rules say so, and signed by a key the
library holds.

    cargo build -p amazon-pay-c
    python3 bindings/c/examples/ctypes_capture.py target/debug/libamazon_pay.so tests/vectors/keys/rsa2048.pkcs8.pem
"""

import ctypes
import json
import sys
import time

library = ctypes.CDLL(sys.argv[1])
OK = 0
out = ctypes.c_void_p


def check(status: int) -> None:
    """Raises the error shape of a failed call."""
    if status != OK:
        error = library.amzp_last_error()
        shape = json.loads(ctypes.cast(error, ctypes.c_char_p).value or b"{}")
        library.amzp_string_free(error)
        raise RuntimeError(f"status {status}: {shape['code']}: {shape['message']}")


def string(pointer: ctypes.c_void_p) -> str:
    """A string the library handed out, freed after reading."""
    text = ctypes.cast(pointer, ctypes.c_char_p).value or b""
    library.amzp_string_free(pointer)
    return text.decode()


for name in ("amzp_last_error",):
    getattr(library, name).restype = ctypes.c_void_p
library.amzp_string_free.argtypes = [ctypes.c_void_p]
library.amzp_call_sign.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64, ctypes.POINTER(ctypes.c_void_p)]

client, call, key, request = out(), out(), out(), out()
check(library.amzp_client_new(b'{"publicKeyId":"SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B","region":"us"}', ctypes.byref(client)))
pem = open(sys.argv[2], "rb").read()
check(library.amzp_key_new(pem, len(pem), ctypes.byref(key)))

too_much = b'{"chargeId":"S01-1-C1","body":{"captureAmount":{"amount":"150000.01","currencyCode":"USD"}},"idempotencyKey":"k1"}'
try:
    check(library.amzp_call_new(client, b"CaptureCharge", too_much, ctypes.byref(call)))
except RuntimeError as refused:
    print("refused before signing:", refused)

params = b'{"chargeId":"S01-1-C1","body":{"captureAmount":{"amount":"14.00","currencyCode":"USD"}},"idempotencyKey":"k2"}'
check(library.amzp_call_new(client, b"CaptureCharge", params, ctypes.byref(call)))
check(library.amzp_call_sign(call, key, int(time.time()), ctypes.byref(request)))
signed = json.loads(string(request))
print(signed["method"], signed["url"])
print(dict(signed["headers"])["authorization"][:60], "...")
for handle, free in ((call, library.amzp_call_free), (key, library.amzp_key_free), (client, library.amzp_client_free)):
    free.argtypes = [ctypes.c_void_p]
    free(handle)
