#!/usr/bin/env python3
"""Writes tests/vectors/signing.json: canonical requests computed independently
of the crate, straight from spec section 8 (Python's hashlib and urllib only).

Run from the repository root: python3 tests/vectors/generate.py
The crate's test (tests/vectors.rs) must reproduce every expected field.
"""
import hashlib
import json
import re
from urllib.parse import quote

HOSTS = {"na": "pay-api.amazon.com", "eu": "pay-api.amazon.eu", "jp": "pay-api.amazon.jp"}
ALGORITHMS = ["AMZN-PAY-RSASSA-PSS-V2", "AMZN-PAY-RSASSA-PSS"]
LEGACY_KEY = "AHEGSJCM3L2S637RBGABLAFW"
SANDBOX_KEY = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B"
LIVE_KEY = "LIVE-AFVX7ULWSGBZ5535PCUQOY7B"


def enc(text, safe=""):
    # RFC 3986: only A-Z a-z 0-9 - . _ ~ stay; UTF-8; upper-case hex.
    return quote(text.encode("utf-8"), safe=safe)


def normalise(value):
    return re.sub(r"[ \t]+", " ", value.strip(" \t"))


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def expected(case):
    key = case["publicKeyId"]
    prefixed = key.upper().startswith("LIVE-") or key.upper().startswith("SANDBOX-")
    prefix = "/" + case["apiVersion"] if prefixed else "/%s/%s" % (case.get("environment") or "sandbox", case["apiVersion"])
    path = prefix + case["path"]
    headers = {
        "accept": "application/json",
        "content-type": "application/json",
        "x-amz-pay-date": case["date"],
        "x-amz-pay-host": HOSTS[case["region"]],
        "x-amz-pay-region": case["region"],
    }
    if case.get("idempotencyKey"):
        headers["x-amz-pay-idempotency-key"] = case["idempotencyKey"]
    for name, value in case.get("headers", []):
        if name.lower().startswith("x-amz-pay-"):
            headers[name.lower()] = normalise(value)
    names = sorted(headers)
    pairs = sorted((enc(n), enc(v)) for n, v in case.get("query", []))
    query = "&".join("%s=%s" % p for p in pairs)
    body = case.get("body", "").encode("utf-8")
    canonical = "\n".join(
        [case["method"], enc(path, safe="/"), query]
        + ["%s:%s" % (n, headers[n]) for n in names]
        + ["", ";".join(names), sha256_hex(body)]
    )
    digest = sha256_hex(canonical.encode("utf-8"))
    url = "https://" + HOSTS[case["region"]] + enc(path, safe="/") + ("?" + query if query else "")
    return {
        "url": url,
        "signedHeaders": ";".join(names),
        "canonicalRequest": canonical,
        "canonicalRequestHash": digest,
        "stringToSign": case["algorithm"] + "\n" + digest,
    }


def case(name, method, path, **kw):
    c = {
        "name": name,
        "region": kw.pop("region", "na"),
        "publicKeyId": kw.pop("key", SANDBOX_KEY),
        "environment": kw.pop("environment", None),
        "apiVersion": kw.pop("api_version", "v2"),
        "algorithm": kw.pop("algorithm", ALGORITHMS[0]),
        "method": method,
        "path": path,
        "query": kw.pop("query", []),
        "headers": kw.pop("headers", []),
        "idempotencyKey": kw.pop("idempotency_key", None),
        "date": kw.pop("date", "20240101T000000Z"),
        "body": kw.pop("body", ""),
    }
    assert not kw, kw
    c["expected"] = expected(c)
    return c


CS = "acf951ea-32ee-4dea-916b-2caa9b218e4a"
CP = "S01-5105180-3221187"
CH = CP + "-C056351"
RF = CP + "-R022311"
KEY = "LfOgvmFXJvfGLpLP"
PRICE = '{"amount":"14.00","currencyCode":"USD"}'
YEN = '{"amount":"8400","currencyCode":"JPY"}'

cases = [
    # Every Checkout v2 operation's path (spec 5.1), with its method.
    case("create checkout session", "POST", "/checkoutSessions", idempotency_key=KEY,
         body='{"webCheckoutDetails":{"checkoutReviewReturnUrl":"https://example.test/review"},"storeId":"amzn1.application-oa2-client.0000"}'),
    case("get checkout session", "GET", "/checkoutSessions/" + CS),
    case("update checkout session", "PATCH", "/checkoutSessions/" + CS,
         body='{"paymentDetails":{"paymentIntent":"Authorize","chargeAmount":' + PRICE + '}}'),
    case("complete checkout session", "POST", "/checkoutSessions/%s/complete" % CS,
         body='{"chargeAmount":' + PRICE + '}'),
    case("finalize checkout session", "POST", "/checkoutSessions/%s/finalize" % CS, idempotency_key=KEY,
         body='{"chargeAmount":' + PRICE + ',"paymentIntent":"AuthorizeWithCapture"}'),
    case("get charge permission", "GET", "/chargePermissions/" + CP),
    case("update charge permission", "PATCH", "/chargePermissions/" + CP,
         body='{"merchantMetadata":{"merchantReferenceId":"order-1042"}}'),
    case("close charge permission (DELETE with body)", "DELETE", "/chargePermissions/%s/close" % CP,
         body='{"closureReason":"No more charges required","cancelPendingCharges":false}'),
    case("create charge", "POST", "/charges", idempotency_key=KEY,
         body='{"chargePermissionId":"%s","chargeAmount":%s,"captureNow":true,"softDescriptor":"Descriptor"}' % (CP, PRICE)),
    case("get charge", "GET", "/charges/" + CH),
    case("update charge (PSP)", "PATCH", "/charges/" + CH, idempotency_key=KEY,
         body='{"statusDetails":{"state":"Canceled","reasonCode":"ExpiredUnused"}}'),
    case("capture charge", "POST", "/charges/%s/capture" % CH, idempotency_key=KEY,
         body='{"captureAmount":' + PRICE + ',"softDescriptor":"Descriptor"}'),
    case("cancel charge (DELETE with body)", "DELETE", "/charges/%s/cancel" % CH,
         body='{"cancellationReason":"Buyer canceled the order"}'),
    case("create refund", "POST", "/refunds", idempotency_key=KEY,
         body='{"chargeId":"%s","refundAmount":%s,"softDescriptor":"Descriptor"}' % (CH, PRICE)),
    case("get refund", "GET", "/refunds/" + RF),
    case("get buyer", "GET", "/buyers/AEBZ5YDYUNAL6KGN2VBMBB5SRQEA"),
    case("create delivery tracker", "POST", "/deliveryTrackers",
         body='{"chargePermissionId":"%s","deliveryDetails":[{"trackingNumber":"1Z999AA10123456784","carrierCode":"UPS"}]}' % CP),
    case("get reports with list query", "GET", "/reports",
         query=[("reportTypes", "_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_,_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_"),
                ("createdSince", "20240101T000000Z")], region="eu", key=LEGACY_KEY, environment="live"),
    case("get report by id", "GET", "/reports/1234567890"),
    case("get report document", "GET", "/report-documents/amzn1.tortuga.4.na.abc"),
    case("create report schedule", "POST", "/report-schedules", idempotency_key=KEY,
         body='{"reportType":"_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_","scheduleFrequency":"P14D"}'),
    case("delete report schedule", "DELETE", "/report-schedules/50012345"),
    case("get disbursements", "GET", "/disbursements",
         query=[("startTime", "20240301T000000Z"), ("endTime", "20240302T000000Z"), ("pageSize", "10")]),
    case("get authorization token", "GET", "/authorizationTokens/amzn.mws.d6ac8f2d-6a5f-b06a-bc12-1d0dbf4ca63d",
         query=[("merchantId", "A3URCZVLO0Q6BB")]),
    # Query encoding.
    case("query with reserved characters", "GET", "/reports",
         query=[("a", "b&c=d/e?f#g[h]i@j!k$l'm(n)o*p,q;r:s")]),
    case("query with space, tilde and plus", "GET", "/reports",
         query=[("q", "a b~c+d"), ("tilde~name", "~")]),
    case("query with unicode", "GET", "/reports",
         query=[("name", "café ☕ 日本"), ("é", "ü")]),
    case("query with repeated names and empty values", "GET", "/reports",
         query=[("reportTypes", "B"), ("reportTypes", "A"), ("empty", ""), ("reportTypes", "")]),
    case("query with percent and unicode names sorting by encoded bytes", "GET", "/reports",
         query=[("Z", "1"), ("a", "1"), ("%", "pct"), ("_", "u"), ("-", "h")]),
    # Paths needing encoding.
    case("path with characters outside unreserved", "GET", "/charges/odd id:é+x"),
    # Bodies.
    case("unicode body", "PATCH", "/checkoutSessions/" + CS,
         body='{"merchantMetadata":{"merchantStoreName":"Café München 東京","noteToBuyer":"Grüße ✓"}}'),
    case("empty-body POST", "POST", "/checkoutSessions/%s/complete" % CS),
    case("JPY body", "POST", "/charges/%s/capture" % CH, idempotency_key=KEY, region="jp", key=LIVE_KEY,
         body='{"captureAmount":' + YEN + '}'),
    # Regions and key ids.
    case("na region, legacy key, sandbox", "GET", "/charges/" + CH, region="na", key=LEGACY_KEY),
    case("na region, legacy key, live", "GET", "/charges/" + CH, region="na", key=LEGACY_KEY, environment="live"),
    case("eu region, legacy key, live", "GET", "/charges/" + CH, region="eu", key=LEGACY_KEY, environment="live"),
    case("jp region, legacy key, sandbox", "GET", "/charges/" + CH, region="jp", key=LEGACY_KEY),
    case("eu region, LIVE- key", "GET", "/charges/" + CH, region="eu", key=LIVE_KEY),
    case("jp region, SANDBOX- key", "GET", "/refunds/" + RF, region="jp", key=SANDBOX_KEY),
    case("lower-case sandbox- key prefix", "GET", "/refunds/" + RF, key="sandbox-AFVX7ULWSGBZ5535PCUQOY7B"),
    # Algorithms.
    case("older algorithm AMZN-PAY-RSASSA-PSS", "POST", "/charges/%s/capture" % CH, idempotency_key=KEY,
         algorithm=ALGORITHMS[1], body='{"captureAmount":' + PRICE + '}'),
    case("older algorithm on a GET", "GET", "/chargePermissions/" + CP, algorithm=ALGORITHMS[1], region="eu",
         key=LEGACY_KEY, environment="live"),
    # API path version v1 (the seed documents).
    case("v1 get checkout session", "GET", "/checkoutSessions/bd504926-f659-4ad7-a1a9-9a747aaf5275",
         api_version="v1", key=LEGACY_KEY, environment="live"),
    case("v1 capture charge", "POST", "/charges/P21-1111111-1111111-C111111/capture", api_version="v1",
         key=LEGACY_KEY, idempotency_key="AVLo5tI10BHgEk2jEXAMPLEKEY", body='{"captureAmount":' + PRICE + ',"softDescriptor":"Descriptor"}'),
    # Extra x-amz-pay-* headers (signed) and others (not signed).
    case("simulation code header", "POST", "/checkoutSessions/%s/complete" % CS,
         headers=[("x-amz-pay-simulation-code", "BuyerCanceled")], body='{"chargeAmount":' + PRICE + '}'),
    case("integrator headers with whitespace to normalise", "GET", "/charges/" + CH,
         headers=[("X-Amz-Pay-Integrator-Id", "  AXXXXXXXXXXXXX  "), ("x-amz-pay-integrator-version", "1.0.0"),
                  ("x-amz-pay-platform-version", "\t2.4.6   build\t 7 "), ("user-agent", "shop/1.0 (not signed)")]),
    case("delegated auth token", "GET", "/chargePermissions/" + CP,
         headers=[("x-amz-pay-authtoken", "Atza|IwEBIA-token")]),
    case("date in the far future", "GET", "/charges/" + CH, date="99991231T235959Z"),
    case("idempotency key of 32 characters", "POST", "/refunds", idempotency_key="0123456789abcdef0123456789ABCDEF",
         body='{"chargeId":"%s","refundAmount":%s}' % (CH, YEN), region="jp"),
]

# Spec 8.9 vector A, B and C must be reproduced by the crate's text layer too;
# check the generator agrees with them before writing anything.
a = case("spec 8.9 vector A", "POST", "/checkoutSessions", idempotency_key="abc123",
         key=LEGACY_KEY, environment="sandbox",
         body='{"webCheckoutDetails":{"checkoutReviewReturnUrl":"https://example.test/review"},"storeId":"amzn1.application-oa2-client.0000"}')
assert a["expected"]["canonicalRequestHash"] == "95d9b3c6edbeedc2b71dbc099d36b22b8f6c8c255883f29a745932b9a13745f2"
b = case("spec 8.9 vector B", "GET", "/charges/S01-0000000-0000000-C000000", key=LEGACY_KEY, environment="live", region="eu")
assert b["expected"]["canonicalRequestHash"] == "41e9506f188b9d1ecddf3a93057e20c2b8450bb5057d6a2683b7cb5b514592f1"
c = cases[17]
c2 = case("spec 8.9 vector C", "GET", "/reports", region="eu", key=LEGACY_KEY, environment="live",
          query=c["query"])
assert c2["expected"]["canonicalRequestHash"] == "c76453d3ed5b2b3e501dda0afbefc318a57fbd2e6745411c6f08da546a4c9ee2"
cases += [a, b, c2]

names = [c["name"] for c in cases]
assert len(names) == len(set(names)), "case names must be unique"
with open("tests/vectors/signing.json", "w", encoding="utf-8") as out:
    json.dump(cases, out, ensure_ascii=False, indent=2)
    out.write("\n")
print("wrote %d cases" % len(cases))
