"""One method per Amazon Pay operation in every binding, from the table
below (one source for all): writes the Python package's
``_sync_operations.py`` and ``_async_operations.py`` and the npm package's
``operations.js`` (the table as data) and ``operations.d.ts`` (the 43
method signatures).

Run it after changing the table; ``.ci/run`` fails when a file differs from
what this script writes (``--check``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import List, Tuple

# (method, operation, result, summary, arguments). An argument is
# (python name, JSON name, kind): "id" (a path id), "body" / "body?" (the
# request body, required or optional), "key" / "key?" (the idempotency key,
# generated when not given / sent only when given), "arg" / "arg?" (another
# parameter), "list?" (a list filter).
Arg = Tuple[str, str, str]
OPERATIONS: List[Tuple[str, str, str, str, List[Arg]]] = [
    ("create_checkout_session", "CreateCheckoutSession", "CheckoutSession", "POST /checkoutSessions", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key")]),
    ("get_checkout_session", "GetCheckoutSession", "CheckoutSession", "GET /checkoutSessions/{checkoutSessionId}", [("checkout_session_id", "checkoutSessionId", "id")]),
    ("update_checkout_session", "UpdateCheckoutSession", "CheckoutSession", "PATCH /checkoutSessions/{checkoutSessionId}", [("checkout_session_id", "checkoutSessionId", "id"), ("payload", "body", "body")]),
    ("complete_checkout_session", "CompleteCheckoutSession", "CheckoutSession", "POST /checkoutSessions/{checkoutSessionId}/complete", [("checkout_session_id", "checkoutSessionId", "id"), ("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key?")]),
    ("finalize_checkout_session", "FinalizeCheckoutSession", "CheckoutSession", "POST /checkoutSessions/{checkoutSessionId}/finalize", [("checkout_session_id", "checkoutSessionId", "id"), ("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key?")]),
    ("get_charge_permission", "GetChargePermission", "ChargePermission", "GET /chargePermissions/{chargePermissionId}", [("charge_permission_id", "chargePermissionId", "id")]),
    ("update_charge_permission", "UpdateChargePermission", "ChargePermission", "PATCH /chargePermissions/{chargePermissionId}", [("charge_permission_id", "chargePermissionId", "id"), ("payload", "body", "body")]),
    ("close_charge_permission", "CloseChargePermission", "ChargePermission", "DELETE /chargePermissions/{chargePermissionId}/close", [("charge_permission_id", "chargePermissionId", "id"), ("payload", "body", "body")]),
    ("create_charge", "CreateCharge", "Charge", "POST /charges", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key")]),
    ("get_charge", "GetCharge", "Charge", "GET /charges/{chargeId}", [("charge_id", "chargeId", "id")]),
    ("capture_charge", "CaptureCharge", "Charge", "POST /charges/{chargeId}/capture", [("charge_id", "chargeId", "id"), ("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key")]),
    ("cancel_charge", "CancelCharge", "Charge", "DELETE /charges/{chargeId}/cancel", [("charge_id", "chargeId", "id"), ("payload", "body", "body")]),
    ("create_refund", "CreateRefund", "Refund", "POST /refunds", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key")]),
    ("get_refund", "GetRefund", "Refund", "GET /refunds/{refundId}", [("refund_id", "refundId", "id")]),
    ("update_charge", "UpdateCharge", "Charge", "PATCH /charges/{chargeId}", [("charge_id", "chargeId", "id"), ("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key?")]),
    ("get_buyer", "GetBuyer", "Buyer", "GET /buyers/{buyerToken}", [("buyer_token", "buyerToken", "id")]),
    ("create_delivery_tracker", "CreateDeliveryTracker", "ApiObject", "POST /deliveryTrackers", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key?")]),
    ("get_reports", "GetReports", "ApiObject", "GET /reports", [("report_types", "reportTypes", "list?"), ("processing_statuses", "processingStatuses", "list?"), ("created_since", "createdSince", "arg?"), ("created_until", "createdUntil", "arg?"), ("page_size", "pageSize", "arg?"), ("next_token", "nextToken", "arg?")]),
    ("get_report_by_id", "GetReportById", "ApiObject", "GET /reports/{reportId}", [("report_id", "reportId", "id")]),
    ("create_report", "CreateReport", "ApiObject", "POST /reports", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key")]),
    ("get_report_document", "GetReportDocument", "ApiObject", "GET /report-documents/{reportDocumentId}", [("report_document_id", "reportDocumentId", "id")]),
    ("get_report_schedules", "GetReportSchedules", "ApiObject", "GET /report-schedules", [("report_types", "reportTypes", "list?")]),
    ("get_report_schedule_by_id", "GetReportScheduleById", "ApiObject", "GET /report-schedules/{reportScheduleId}", [("report_schedule_id", "reportScheduleId", "id")]),
    ("create_report_schedule", "CreateReportSchedule", "ApiObject", "POST /report-schedules", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key")]),
    ("cancel_report_schedule", "CancelReportSchedule", "ApiObject", "DELETE /report-schedules/{reportScheduleId}", [("report_schedule_id", "reportScheduleId", "id")]),
    ("get_disbursements", "GetDisbursements", "ApiObject", "GET /disbursements", [("start_time", "startTime", "arg"), ("end_time", "endTime", "arg"), ("page_size", "pageSize", "arg?"), ("next_token", "nextToken", "arg?")]),
    ("register_amazon_pay_account", "RegisterAmazonPayAccount", "ApiObject", "POST /merchantAccounts", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key?")]),
    ("update_amazon_pay_account", "UpdateAmazonPayAccount", "ApiObject", "PATCH /merchantAccounts/{merchantAccountId}", [("merchant_account_id", "merchantAccountId", "id"), ("payload", "body", "body")]),
    ("delete_amazon_pay_account", "DeleteAmazonPayAccount", "ApiObject", "DELETE /merchantAccounts/{merchantAccountId}", [("merchant_account_id", "merchantAccountId", "id")]),
    ("create_merchant_account", "CreateMerchantAccount", "ApiObject", "POST /merchantAccounts", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key")]),
    ("update_merchant_account", "UpdateMerchantAccount", "ApiObject", "PATCH /merchantAccounts/{merchantAccountId}", [("merchant_account_id", "merchantAccountId", "id"), ("payload", "body", "body"), ("auth_token", "authToken", "arg")]),
    ("claim_merchant_account", "ClaimMerchantAccount", "ApiObject", "POST /merchantAccounts/{merchantAccountId}/claim", [("merchant_account_id", "merchantAccountId", "id"), ("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key?")]),
    ("create_store", "CreateStore", "ApiObject", "POST /merchantAccounts/{merchantAccountId}/stores", [("merchant_account_id", "merchantAccountId", "id"), ("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key?")]),
    ("update_store", "UpdateStore", "ApiObject", "PATCH /merchantAccounts/{merchantAccountId}/stores/{storeId}", [("merchant_account_id", "merchantAccountId", "id"), ("store_id", "storeId", "id"), ("payload", "body", "body")]),
    ("create_dispute", "CreateDispute", "ApiObject", "POST /disputes", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key")]),
    ("get_dispute", "GetDispute", "ApiObject", "GET /disputes/{disputeId}", [("dispute_id", "disputeId", "id")]),
    ("update_dispute", "UpdateDispute", "ApiObject", "PATCH /disputes/{disputeId}", [("dispute_id", "disputeId", "id"), ("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key?")]),
    ("contest_dispute", "ContestDispute", "ApiObject", "POST /disputes/{disputeId}/contest", [("dispute_id", "disputeId", "id"), ("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key?")]),
    ("upload_file", "UploadFile", "ApiObject", "POST /files", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key")]),
    ("get_authorization_token", "GetAuthorizationToken", "ApiObject", "GET /authorizationTokens/{mwsAuthToken}", [("mws_auth_token", "mwsAuthToken", "id"), ("merchant_id", "merchantId", "arg")]),
    ("merchant_scan", "MerchantScan", "ApiObject", "POST /in-store/merchantScan", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key?")]),
    ("in_store_charge", "InStoreCharge", "ApiObject", "POST /in-store/charge", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key?")]),
    ("in_store_refund", "InStoreRefund", "ApiObject", "POST /in-store/refund", [("payload", "body", "body"), ("idempotency_key", "idempotencyKey", "key?")]),
]

TYPES = {
    "id": "str",
    "body": "Payload",
    "key": "Optional[str] = None",
    "key?": "Optional[str] = None",
    "arg": "Any",
    "arg?": "Optional[Any] = None",
    "list?": "Optional[Sequence[str]] = None",
}


def method(name: str, operation: str, result: str, summary: str, args: List[Arg], is_async: bool) -> str:
    positional = [a for a in args if a[2] in ("id", "body", "arg")]
    keyword = [a for a in args if a[2] not in ("id", "body", "arg")]
    params = ["self"]
    params += [f"{py}: {'Payload' if kind == 'body' else ('str' if kind == 'id' else 'Any')}" for py, _, kind in positional]
    if keyword:
        params.append("*")
        params += [f"{py}: {TYPES[kind]}" for py, _, kind in keyword]
    lines = []
    prefix = "async def" if is_async else "def"
    lines.append(f"    {prefix} {name}({', '.join(params)}) -> {result}:")
    key_doc = ""
    if any(kind == "key" for _, _, kind in args):
        key_doc = " The idempotency key is generated when not given; pass yours to repeat a call safely."
    title = re.sub(r"(?<!^)(?=[A-Z])", " ", operation).replace("In Store", "In-Store")
    lines.append(f'        """{title}: ``{summary}``.{key_doc}"""')
    lines.append("        params: Dict[str, Any] = {}")
    for py, wire, kind in args:
        if kind in ("id", "body", "arg"):
            lines.append(f'        params["{wire}"] = {py}')
        elif kind == "key":
            lines.append(f'        params["{wire}"] = {py} if {py} is not None else new_idempotency_key()')
        elif kind == "list?":
            lines.append(f"        if {py} is not None:")
            lines.append(f'            params["{wire}"] = list({py})')
        else:
            lines.append(f"        if {py} is not None:")
            lines.append(f'            params["{wire}"] = {py}')
    call = f'self._run("{operation}", params, {result}.from_json)'
    lines.append(f"        return {'await ' if is_async else ''}{call}")
    return "\n".join(lines)


HEADER = '''"""One method per Amazon Pay operation ({flavour}).

Written by ``bindings/gen_operations.py`` from its table; do not edit by hand.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Optional, Sequence, TypeVar

from .objects import ApiObject, Buyer, Charge, ChargePermission, CheckoutSession, Refund
from ._keys import new_idempotency_key

R = TypeVar("R")
Payload = Mapping[str, Any]

'''


def render(is_async: bool) -> str:
    cls = "_AsyncOperations" if is_async else "_SyncOperations"
    out = [HEADER.format(flavour="coroutines" if is_async else "blocking").rstrip("\n") + "\n"]
    out.append(f"\nclass {cls}:")
    out.append(f'    """The {len(OPERATIONS)} operations{" (coroutines)" if is_async else ""}."""\n')
    run = "async def" if is_async else "def"
    out.append(f"    {run} _run(self, operation: str, params: Dict[str, Any], result: Callable[[Any], R]) -> R:")
    out.append("        raise NotImplementedError\n")
    out.append("\n\n".join(method(*row, is_async=is_async) for row in OPERATIONS))
    return "\n".join(out) + "\n"


JS_TYPES = {"CheckoutSession", "ChargePermission", "Charge", "Refund", "Buyer"}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def render_js() -> str:
    rows = []
    for name, operation, _result, _summary, args in OPERATIONS:
        layout = ", ".join(f'["{wire}", "{kind}"]' for _, wire, kind in args)
        rows.append(f'  ["{camel(name)}", "{operation}", [{layout}]],')
    return (
        "// One entry per Amazon Pay operation: [method, operation, [[parameter, kind]…]].\n"
        "// Written by bindings/gen_operations.py from its table; do not edit by hand.\n"
        "// Kinds: id, body, arg (positional, in this order); key, key?, arg?, list? (options).\n"
        "export const OPERATIONS = [\n" + "\n".join(rows) + "\n];\n"
    )


def render_dts() -> str:
    lines = [
        "// The 43 operations of AmazonPayClient.",
        "// Written by bindings/gen_operations.py from its table; do not edit by hand.",
        "import type { ApiObject, Buyer, Charge, ChargePermission, CheckoutSession, Payload, Refund } from './index.js';",
        "",
        "export interface Operations {",
    ]
    for name, operation, result, summary, args in OPERATIONS:
        params = []
        options = []
        for _, wire, kind in args:
            if kind == "id":
                params.append(f"{wire}: string")
            elif kind == "body":
                params.append("payload: Payload")
            elif kind == "arg":
                params.append(f"{wire}: string")
            elif kind in ("key", "key?"):
                options.append("idempotencyKey?: string")
            elif kind == "list?":
                options.append(f"{wire}?: string[]")
            else:
                options.append(f"{wire}?: string | number")
        if options:
            params.append("options?: { " + "; ".join(options) + " }")
        title = re.sub(r"(?<!^)(?=[A-Z])", " ", operation).replace("In Store", "In-Store")
        js_result = result if result in JS_TYPES else "ApiObject"
        lines.append(f"  /** {title}: `{summary}`. */")
        lines.append(f"  {camel(name)}({', '.join(params)}): Promise<{js_result}>;")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    root = Path(__file__).resolve().parent
    python = root / "python" / "python" / "amazon_pay"
    npm = root / "wasm" / "package"
    outputs = {
        python / "_sync_operations.py": render(False),
        python / "_async_operations.py": render(True),
        npm / "operations.js": render_js(),
        npm / "operations.d.ts": render_dts(),
    }
    stale = []
    for target, text in outputs.items():
        if "--check" in sys.argv:
            if not target.exists() or target.read_text() != text:
                stale.append(str(target.relative_to(root)))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    if stale:
        print(f"{', '.join(stale)} differ from bindings/gen_operations.py; run it", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
