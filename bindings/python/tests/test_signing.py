"""Signatures made by the package verify with ``cryptography``; a signature
made by ``cryptography`` finishes a prepared request the sandbox accepts."""

from __future__ import annotations

import base64
import datetime as dt
import re

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from amazon_pay import AmazonPayClient, Core, PrivateKey, Request
from conftest import KEY_ID

NOW = dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.timezone.utc)
PSS32 = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)


def signature_of(request: Request) -> bytes:
    authorization = dict(request.headers)["authorization"]
    found = re.search(r"Signature=([A-Za-z0-9+/=]+)", authorization)
    assert found, authorization
    return base64.b64decode(found.group(1))


class CryptographySigner:
    """A signer the way a KMS or HSM client is wrapped: ``sign(message)``."""

    def __init__(self, pem: str) -> None:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        self.key = key

    def sign(self, message: bytes) -> bytes:
        return self.key.sign(message, PSS32, hashes.SHA256())


def test_a_signature_from_the_package_verifies_with_cryptography(private_pem: str, public_pem: str) -> None:
    core = Core(KEY_ID, "us")
    call = core.call(
        "CaptureCharge",
        {"chargeId": "S01-1-C1", "body": {"captureAmount": {"amount": "14.00", "currencyCode": "USD"}}, "idempotencyKey": "k-1"},
    )
    request = call.sign(PrivateKey(private_pem.encode()), NOW)
    string_to_sign = call.prepare(NOW).string_to_sign
    public = serialization.load_pem_public_key(public_pem.encode())
    assert isinstance(public, rsa.RSAPublicKey)
    public.verify(signature_of(request), string_to_sign.encode(), PSS32, hashes.SHA256())
    # The key's public half is the vector's.
    der = PrivateKey(private_pem.encode()).public_key_der()
    assert der == public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def test_a_cryptography_signature_finishes_the_prepared_request(private_pem: str, sandbox_url: str) -> None:
    core = Core(KEY_ID, "us", endpoint=sandbox_url)
    call = core.call("GetCharge", {"chargeId": "S01-1-C1"})
    now = dt.datetime.now(dt.timezone.utc)
    prepared = call.prepare(now)
    assert prepared.algorithm == "AMZN-PAY-RSASSA-PSS-V2"
    signature = CryptographySigner(private_pem).sign(prepared.string_to_sign.encode())
    request = prepared.finish(signature)
    one_step = call.sign(PrivateKey(private_pem.encode()), now)
    # Byte-identical but for the (randomized) PSS signature itself.
    assert (request.method, request.url, request.body) == (one_step.method, one_step.url, one_step.body)
    def strip(r: Request) -> list[tuple[str, str]]:
        return [(k, re.sub(r"Signature=\S+", "", v)) for k, v in r.headers]

    assert strip(request) == strip(one_step)
    assert signature_of(request) == signature
    # The sandbox verifies it: a signature it refused would be 401.
    answer = httpx.request(request.method, request.url, headers=request.headers, content=request.body)
    assert answer.status_code == 404, answer.text  # the charge does not exist; the signature was fine


def test_a_python_signer_drives_the_whole_client(private_pem: str, sandbox_url: str) -> None:
    with AmazonPayClient(KEY_ID, CryptographySigner(private_pem), "us", endpoint=sandbox_url) as client:
        created = client.create_checkout_session(
            {"webCheckoutDetails": {"checkoutReviewReturnUrl": "https://shop.example/review"}, "storeId": "store-1"}
        )
        assert created.checkout_session_id
        assert client.get_checkout_session(created.checkout_session_id).checkout_session_id == created.checkout_session_id


def test_the_button_signature_verifies(private_pem: str, public_pem: str) -> None:
    payload = '{"webCheckoutDetails":{"checkoutReviewReturnUrl":"https://shop.example/review"},"storeId":"s"}'
    signature = Core(KEY_ID, "us").button_signature(PrivateKey(private_pem.encode()), payload)
    import hashlib

    text = "AMZN-PAY-RSASSA-PSS-V2\n" + hashlib.sha256(payload.encode()).hexdigest()
    public = serialization.load_pem_public_key(public_pem.encode())
    assert isinstance(public, rsa.RSAPublicKey)
    public.verify(base64.b64decode(signature), text.encode(), PSS32, hashes.SHA256())
