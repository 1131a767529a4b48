#!/usr/bin/env python3
"""Writes the IPN test vectors: three certificates and SNS envelopes signed
as SNS signs them (SignatureVersion 1 = SHA1withRSA, 2 = SHA256withRSA).

Run once by hand (needs Python's `cryptography`); the outputs are committed
and the tests only read them. The keys are throwaway test keys."""
import base64
import datetime
import json
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = datetime.timezone.utc
CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem"
EXPIRED_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-01d088a6f77103d0fe307c0069e40ed6.pem"
TOPIC = "arn:aws:sns:us-east-1:291180941288:A01234567890ABCDEFGHI"


def certificate(name, organization, common_name, not_before, not_after):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    cert = (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .sign(key, hashes.SHA256()))
    with open(os.path.join(HERE, name + ".cert.pem"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return key


def string_to_sign(envelope):
    if envelope["Type"] == "Notification":
        keys = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
    else:
        keys = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
    text = ""
    for k in keys:
        if k in envelope and envelope[k] is not None:
            text += k + "\n" + envelope[k] + "\n"
    return text.encode("utf-8")


def sign(envelope, key):
    digest = hashes.SHA1() if envelope["SignatureVersion"] == "1" else hashes.SHA256()
    sig = key.sign(string_to_sign(envelope), padding.PKCS1v15(), digest)
    envelope["Signature"] = base64.b64encode(sig).decode()
    return envelope


def write(name, envelope, rename=None):
    if rename:  # Lambda-style spellings, after signing (not signed themselves)
        envelope = {rename.get(k, k): v for k, v in envelope.items()}
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(envelope, f, indent=2, ensure_ascii=False)
        f.write("\n")


def message(**fields):
    return json.dumps(fields, separators=(",", ":"))


def main():
    sns = certificate("sns", "Amazon", "sns.amazonaws.com",
                      datetime.datetime(2026, 1, 1, tzinfo=UTC), datetime.datetime(2036, 1, 1, tzinfo=UTC))
    expired = certificate("expired", "Amazon", "sns.amazonaws.com",
                          datetime.datetime(2020, 1, 1, tzinfo=UTC), datetime.datetime(2021, 1, 1, tzinfo=UTC))
    certificate("other", "Evil Corp", "sns.amazonaws.com.evil.example",
                datetime.datetime(2026, 1, 1, tzinfo=UTC), datetime.datetime(2036, 1, 1, tzinfo=UTC))
    charge = message(MerchantID="A01234567890", ObjectType="CHARGE", ObjectId="S01-1234567-1234567-C000001",
                     ChargePermissionId="S01-1234567-1234567", NotificationType="STATE_CHANGE",
                     NotificationId="f5fa0a3d-5c4b-4bd5-9c8f-2c8c3a5f2b41", NotificationVersion="V2")
    refund = message(merchantID="A01234567890", objectType="REFUND", objectId="S01-1234567-1234567-R000001",
                     chargePermissionId="S01-1234567-1234567", notificationType="STATE_CHANGE",
                     notificationId="0c8c3a5f-2b41-4bd5-9c8f-f5fa0a3d5c4b", notificationVersion="V2")
    unknown = message(MerchantID="A01234567890", ObjectType="PAYOUT", ObjectId="P-1",
                      ChargePermissionId="S01-1234567-1234567", NotificationType="NEW_KIND",
                      NotificationId="n-1", NotificationVersion="V3")

    def notification(version, msg, subject=True, url=CERT_URL, key=sns, timestamp="2027-01-01T12:00:00.123Z",
                     message_id="c8e3c0a2-0b2c-5b1e-9f2e-3b1f7c1d2a11"):
        envelope = {"Type": "Notification", "MessageId": message_id, "TopicArn": TOPIC, "Message": msg,
                    "Timestamp": timestamp, "SignatureVersion": version, "SigningCertURL": url,
                    "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + TOPIC + ":1"}
        if subject:
            envelope["Subject"] = "Amazon Pay – Zustandsänderung"  # non-ASCII on purpose
        return sign(envelope, key)

    def confirmation(kind, version):
        envelope = {"Type": kind, "MessageId": "165545c9-2a5c-472c-8df2-7ff2be2b3b1b", "Token": "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736",
                    "TopicArn": TOPIC, "Message": "You have chosen to subscribe to the topic " + TOPIC + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.",
                    "SubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=2336412f37",
                    "Timestamp": "2027-01-01T12:00:00.000Z", "SignatureVersion": version, "SigningCertURL": CERT_URL}
        return sign(envelope, sns)

    write("notification-v1", notification("1", charge))
    write("notification-v2", notification("2", refund, subject=False))
    write("notification-unknown", notification("2", unknown))
    write("notification-other-topic", sign({**notification("2", charge), "TopicArn": "arn:aws:sns:us-east-1:999999999999:Other"}, sns))
    write("notification-expired-cert", notification("2", charge, url=EXPIRED_URL, key=expired))
    lambda_style = notification("1", charge, subject=False)
    lambda_style["Subject"] = None
    write("notification-lambda", lambda_style, rename={"SigningCertURL": "SigningCertUrl", "UnsubscribeURL": "UnsubscribeUrl"})
    write("subscription-v1", confirmation("SubscriptionConfirmation", "1"))
    write("subscription-v2", confirmation("SubscriptionConfirmation", "2"))
    write("unsubscribe-v1", confirmation("UnsubscribeConfirmation", "1"))
    write("unsubscribe-v2", confirmation("UnsubscribeConfirmation", "2"))


if __name__ == "__main__":
    main()
