"""One method per Amazon Pay operation (blocking).

Written by ``bindings/gen_operations.py`` from its table; do not edit by hand.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Optional, Sequence, TypeVar

from .objects import ApiObject, Buyer, Charge, ChargePermission, CheckoutSession, Refund
from ._keys import new_idempotency_key

R = TypeVar("R")
Payload = Mapping[str, Any]


class _SyncOperations:
    """The 43 operations."""

    def _run(self, operation: str, params: Dict[str, Any], result: Callable[[Any], R]) -> R:
        raise NotImplementedError

    def create_checkout_session(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> CheckoutSession:
        """Create Checkout Session: ``POST /checkoutSessions``. The idempotency key is generated when not given; pass yours to repeat a call safely."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        params["idempotencyKey"] = idempotency_key if idempotency_key is not None else new_idempotency_key()
        return self._run("CreateCheckoutSession", params, CheckoutSession.from_json)

    def get_checkout_session(self, checkout_session_id: str) -> CheckoutSession:
        """Get Checkout Session: ``GET /checkoutSessions/{checkoutSessionId}``."""
        params: Dict[str, Any] = {}
        params["checkoutSessionId"] = checkout_session_id
        return self._run("GetCheckoutSession", params, CheckoutSession.from_json)

    def update_checkout_session(self, checkout_session_id: str, payload: Payload) -> CheckoutSession:
        """Update Checkout Session: ``PATCH /checkoutSessions/{checkoutSessionId}``."""
        params: Dict[str, Any] = {}
        params["checkoutSessionId"] = checkout_session_id
        params["body"] = payload
        return self._run("UpdateCheckoutSession", params, CheckoutSession.from_json)

    def complete_checkout_session(self, checkout_session_id: str, payload: Payload, *, idempotency_key: Optional[str] = None) -> CheckoutSession:
        """Complete Checkout Session: ``POST /checkoutSessions/{checkoutSessionId}/complete``."""
        params: Dict[str, Any] = {}
        params["checkoutSessionId"] = checkout_session_id
        params["body"] = payload
        if idempotency_key is not None:
            params["idempotencyKey"] = idempotency_key
        return self._run("CompleteCheckoutSession", params, CheckoutSession.from_json)

    def finalize_checkout_session(self, checkout_session_id: str, payload: Payload, *, idempotency_key: Optional[str] = None) -> CheckoutSession:
        """Finalize Checkout Session: ``POST /checkoutSessions/{checkoutSessionId}/finalize``."""
        params: Dict[str, Any] = {}
        params["checkoutSessionId"] = checkout_session_id
        params["body"] = payload
        if idempotency_key is not None:
            params["idempotencyKey"] = idempotency_key
        return self._run("FinalizeCheckoutSession", params, CheckoutSession.from_json)

    def get_charge_permission(self, charge_permission_id: str) -> ChargePermission:
        """Get Charge Permission: ``GET /chargePermissions/{chargePermissionId}``."""
        params: Dict[str, Any] = {}
        params["chargePermissionId"] = charge_permission_id
        return self._run("GetChargePermission", params, ChargePermission.from_json)

    def update_charge_permission(self, charge_permission_id: str, payload: Payload) -> ChargePermission:
        """Update Charge Permission: ``PATCH /chargePermissions/{chargePermissionId}``."""
        params: Dict[str, Any] = {}
        params["chargePermissionId"] = charge_permission_id
        params["body"] = payload
        return self._run("UpdateChargePermission", params, ChargePermission.from_json)

    def close_charge_permission(self, charge_permission_id: str, payload: Payload) -> ChargePermission:
        """Close Charge Permission: ``DELETE /chargePermissions/{chargePermissionId}/close``."""
        params: Dict[str, Any] = {}
        params["chargePermissionId"] = charge_permission_id
        params["body"] = payload
        return self._run("CloseChargePermission", params, ChargePermission.from_json)

    def create_charge(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> Charge:
        """Create Charge: ``POST /charges``. The idempotency key is generated when not given; pass yours to repeat a call safely."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        params["idempotencyKey"] = idempotency_key if idempotency_key is not None else new_idempotency_key()
        return self._run("CreateCharge", params, Charge.from_json)

    def get_charge(self, charge_id: str) -> Charge:
        """Get Charge: ``GET /charges/{chargeId}``."""
        params: Dict[str, Any] = {}
        params["chargeId"] = charge_id
        return self._run("GetCharge", params, Charge.from_json)

    def capture_charge(self, charge_id: str, payload: Payload, *, idempotency_key: Optional[str] = None) -> Charge:
        """Capture Charge: ``POST /charges/{chargeId}/capture``. The idempotency key is generated when not given; pass yours to repeat a call safely."""
        params: Dict[str, Any] = {}
        params["chargeId"] = charge_id
        params["body"] = payload
        params["idempotencyKey"] = idempotency_key if idempotency_key is not None else new_idempotency_key()
        return self._run("CaptureCharge", params, Charge.from_json)

    def cancel_charge(self, charge_id: str, payload: Payload) -> Charge:
        """Cancel Charge: ``DELETE /charges/{chargeId}/cancel``."""
        params: Dict[str, Any] = {}
        params["chargeId"] = charge_id
        params["body"] = payload
        return self._run("CancelCharge", params, Charge.from_json)

    def create_refund(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> Refund:
        """Create Refund: ``POST /refunds``. The idempotency key is generated when not given; pass yours to repeat a call safely."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        params["idempotencyKey"] = idempotency_key if idempotency_key is not None else new_idempotency_key()
        return self._run("CreateRefund", params, Refund.from_json)

    def get_refund(self, refund_id: str) -> Refund:
        """Get Refund: ``GET /refunds/{refundId}``."""
        params: Dict[str, Any] = {}
        params["refundId"] = refund_id
        return self._run("GetRefund", params, Refund.from_json)

    def update_charge(self, charge_id: str, payload: Payload, *, idempotency_key: Optional[str] = None) -> Charge:
        """Update Charge: ``PATCH /charges/{chargeId}``."""
        params: Dict[str, Any] = {}
        params["chargeId"] = charge_id
        params["body"] = payload
        if idempotency_key is not None:
            params["idempotencyKey"] = idempotency_key
        return self._run("UpdateCharge", params, Charge.from_json)

    def get_buyer(self, buyer_token: str) -> Buyer:
        """Get Buyer: ``GET /buyers/{buyerToken}``."""
        params: Dict[str, Any] = {}
        params["buyerToken"] = buyer_token
        return self._run("GetBuyer", params, Buyer.from_json)

    def create_delivery_tracker(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """Create Delivery Tracker: ``POST /deliveryTrackers``."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        if idempotency_key is not None:
            params["idempotencyKey"] = idempotency_key
        return self._run("CreateDeliveryTracker", params, ApiObject.from_json)

    def get_reports(self, *, report_types: Optional[Sequence[str]] = None, processing_statuses: Optional[Sequence[str]] = None, created_since: Optional[Any] = None, created_until: Optional[Any] = None, page_size: Optional[Any] = None, next_token: Optional[Any] = None) -> ApiObject:
        """Get Reports: ``GET /reports``."""
        params: Dict[str, Any] = {}
        if report_types is not None:
            params["reportTypes"] = list(report_types)
        if processing_statuses is not None:
            params["processingStatuses"] = list(processing_statuses)
        if created_since is not None:
            params["createdSince"] = created_since
        if created_until is not None:
            params["createdUntil"] = created_until
        if page_size is not None:
            params["pageSize"] = page_size
        if next_token is not None:
            params["nextToken"] = next_token
        return self._run("GetReports", params, ApiObject.from_json)

    def get_report_by_id(self, report_id: str) -> ApiObject:
        """Get Report By Id: ``GET /reports/{reportId}``."""
        params: Dict[str, Any] = {}
        params["reportId"] = report_id
        return self._run("GetReportById", params, ApiObject.from_json)

    def create_report(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """Create Report: ``POST /reports``. The idempotency key is generated when not given; pass yours to repeat a call safely."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        params["idempotencyKey"] = idempotency_key if idempotency_key is not None else new_idempotency_key()
        return self._run("CreateReport", params, ApiObject.from_json)

    def get_report_document(self, report_document_id: str) -> ApiObject:
        """Get Report Document: ``GET /report-documents/{reportDocumentId}``."""
        params: Dict[str, Any] = {}
        params["reportDocumentId"] = report_document_id
        return self._run("GetReportDocument", params, ApiObject.from_json)

    def get_report_schedules(self, *, report_types: Optional[Sequence[str]] = None) -> ApiObject:
        """Get Report Schedules: ``GET /report-schedules``."""
        params: Dict[str, Any] = {}
        if report_types is not None:
            params["reportTypes"] = list(report_types)
        return self._run("GetReportSchedules", params, ApiObject.from_json)

    def get_report_schedule_by_id(self, report_schedule_id: str) -> ApiObject:
        """Get Report Schedule By Id: ``GET /report-schedules/{reportScheduleId}``."""
        params: Dict[str, Any] = {}
        params["reportScheduleId"] = report_schedule_id
        return self._run("GetReportScheduleById", params, ApiObject.from_json)

    def create_report_schedule(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """Create Report Schedule: ``POST /report-schedules``. The idempotency key is generated when not given; pass yours to repeat a call safely."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        params["idempotencyKey"] = idempotency_key if idempotency_key is not None else new_idempotency_key()
        return self._run("CreateReportSchedule", params, ApiObject.from_json)

    def cancel_report_schedule(self, report_schedule_id: str) -> ApiObject:
        """Cancel Report Schedule: ``DELETE /report-schedules/{reportScheduleId}``."""
        params: Dict[str, Any] = {}
        params["reportScheduleId"] = report_schedule_id
        return self._run("CancelReportSchedule", params, ApiObject.from_json)

    def get_disbursements(self, start_time: Any, end_time: Any, *, page_size: Optional[Any] = None, next_token: Optional[Any] = None) -> ApiObject:
        """Get Disbursements: ``GET /disbursements``."""
        params: Dict[str, Any] = {}
        params["startTime"] = start_time
        params["endTime"] = end_time
        if page_size is not None:
            params["pageSize"] = page_size
        if next_token is not None:
            params["nextToken"] = next_token
        return self._run("GetDisbursements", params, ApiObject.from_json)

    def register_amazon_pay_account(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """Register Amazon Pay Account: ``POST /merchantAccounts``."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        if idempotency_key is not None:
            params["idempotencyKey"] = idempotency_key
        return self._run("RegisterAmazonPayAccount", params, ApiObject.from_json)

    def update_amazon_pay_account(self, merchant_account_id: str, payload: Payload) -> ApiObject:
        """Update Amazon Pay Account: ``PATCH /merchantAccounts/{merchantAccountId}``."""
        params: Dict[str, Any] = {}
        params["merchantAccountId"] = merchant_account_id
        params["body"] = payload
        return self._run("UpdateAmazonPayAccount", params, ApiObject.from_json)

    def delete_amazon_pay_account(self, merchant_account_id: str) -> ApiObject:
        """Delete Amazon Pay Account: ``DELETE /merchantAccounts/{merchantAccountId}``."""
        params: Dict[str, Any] = {}
        params["merchantAccountId"] = merchant_account_id
        return self._run("DeleteAmazonPayAccount", params, ApiObject.from_json)

    def create_merchant_account(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """Create Merchant Account: ``POST /merchantAccounts``. The idempotency key is generated when not given; pass yours to repeat a call safely."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        params["idempotencyKey"] = idempotency_key if idempotency_key is not None else new_idempotency_key()
        return self._run("CreateMerchantAccount", params, ApiObject.from_json)

    def update_merchant_account(self, merchant_account_id: str, payload: Payload, auth_token: Any) -> ApiObject:
        """Update Merchant Account: ``PATCH /merchantAccounts/{merchantAccountId}``."""
        params: Dict[str, Any] = {}
        params["merchantAccountId"] = merchant_account_id
        params["body"] = payload
        params["authToken"] = auth_token
        return self._run("UpdateMerchantAccount", params, ApiObject.from_json)

    def claim_merchant_account(self, merchant_account_id: str, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """Claim Merchant Account: ``POST /merchantAccounts/{merchantAccountId}/claim``."""
        params: Dict[str, Any] = {}
        params["merchantAccountId"] = merchant_account_id
        params["body"] = payload
        if idempotency_key is not None:
            params["idempotencyKey"] = idempotency_key
        return self._run("ClaimMerchantAccount", params, ApiObject.from_json)

    def create_store(self, merchant_account_id: str, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """Create Store: ``POST /merchantAccounts/{merchantAccountId}/stores``."""
        params: Dict[str, Any] = {}
        params["merchantAccountId"] = merchant_account_id
        params["body"] = payload
        if idempotency_key is not None:
            params["idempotencyKey"] = idempotency_key
        return self._run("CreateStore", params, ApiObject.from_json)

    def update_store(self, merchant_account_id: str, store_id: str, payload: Payload) -> ApiObject:
        """Update Store: ``PATCH /merchantAccounts/{merchantAccountId}/stores/{storeId}``."""
        params: Dict[str, Any] = {}
        params["merchantAccountId"] = merchant_account_id
        params["storeId"] = store_id
        params["body"] = payload
        return self._run("UpdateStore", params, ApiObject.from_json)

    def create_dispute(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """Create Dispute: ``POST /disputes``. The idempotency key is generated when not given; pass yours to repeat a call safely."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        params["idempotencyKey"] = idempotency_key if idempotency_key is not None else new_idempotency_key()
        return self._run("CreateDispute", params, ApiObject.from_json)

    def get_dispute(self, dispute_id: str) -> ApiObject:
        """Get Dispute: ``GET /disputes/{disputeId}``."""
        params: Dict[str, Any] = {}
        params["disputeId"] = dispute_id
        return self._run("GetDispute", params, ApiObject.from_json)

    def update_dispute(self, dispute_id: str, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """Update Dispute: ``PATCH /disputes/{disputeId}``."""
        params: Dict[str, Any] = {}
        params["disputeId"] = dispute_id
        params["body"] = payload
        if idempotency_key is not None:
            params["idempotencyKey"] = idempotency_key
        return self._run("UpdateDispute", params, ApiObject.from_json)

    def contest_dispute(self, dispute_id: str, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """Contest Dispute: ``POST /disputes/{disputeId}/contest``."""
        params: Dict[str, Any] = {}
        params["disputeId"] = dispute_id
        params["body"] = payload
        if idempotency_key is not None:
            params["idempotencyKey"] = idempotency_key
        return self._run("ContestDispute", params, ApiObject.from_json)

    def upload_file(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """Upload File: ``POST /files``. The idempotency key is generated when not given; pass yours to repeat a call safely."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        params["idempotencyKey"] = idempotency_key if idempotency_key is not None else new_idempotency_key()
        return self._run("UploadFile", params, ApiObject.from_json)

    def get_authorization_token(self, mws_auth_token: str, merchant_id: Any) -> ApiObject:
        """Get Authorization Token: ``GET /authorizationTokens/{mwsAuthToken}``."""
        params: Dict[str, Any] = {}
        params["mwsAuthToken"] = mws_auth_token
        params["merchantId"] = merchant_id
        return self._run("GetAuthorizationToken", params, ApiObject.from_json)

    def merchant_scan(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """Merchant Scan: ``POST /in-store/merchantScan``."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        if idempotency_key is not None:
            params["idempotencyKey"] = idempotency_key
        return self._run("MerchantScan", params, ApiObject.from_json)

    def in_store_charge(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """In-Store Charge: ``POST /in-store/charge``."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        if idempotency_key is not None:
            params["idempotencyKey"] = idempotency_key
        return self._run("InStoreCharge", params, ApiObject.from_json)

    def in_store_refund(self, payload: Payload, *, idempotency_key: Optional[str] = None) -> ApiObject:
        """In-Store Refund: ``POST /in-store/refund``."""
        params: Dict[str, Any] = {}
        params["body"] = payload
        if idempotency_key is not None:
            params["idempotencyKey"] = idempotency_key
        return self._run("InStoreRefund", params, ApiObject.from_json)
