"""A key that never enters the package: any object with
``sign(message: bytes) -> bytes`` signs. Here ``cryptography`` stands in for
a KMS or HSM client.

    python examples/kms_signer.py ENDPOINT private.pem
"""

import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from amazon_pay import AmazonPayClient


class KmsSigner:
    """RSASSA-PSS, SHA-256, MGF1-SHA-256, salt length 32 (AMZN-PAY-RSASSA-PSS-V2)."""

    def __init__(self, pem: bytes) -> None:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise TypeError("an RSA key is needed")
        self._key = key

    def sign(self, message: bytes) -> bytes:
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        return self._key.sign(message, pss, hashes.SHA256())


if __name__ == "__main__":
    endpoint, key_file = sys.argv[1], sys.argv[2]
    signer = KmsSigner(open(key_file, "rb").read())
    with AmazonPayClient("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B", signer, "us", endpoint=endpoint) as client:
        web = {"checkoutReviewReturnUrl": "https://shop.example/review"}
        session = client.create_checkout_session({"webCheckoutDetails": web, "storeId": "store-1"})
        print("signed by the Python signer; session", session.checkout_session_id)
