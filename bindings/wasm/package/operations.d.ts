// The 43 operations of AmazonPayClient.
// Written by bindings/gen_operations.py from its table; do not edit by hand.
import type { ApiObject, Buyer, Charge, ChargePermission, CheckoutSession, Payload, Refund } from './index.js';

export interface Operations {
  /** Create Checkout Session: `POST /checkoutSessions`. */
  createCheckoutSession(payload: Payload, options?: { idempotencyKey?: string }): Promise<CheckoutSession>;
  /** Get Checkout Session: `GET /checkoutSessions/{checkoutSessionId}`. */
  getCheckoutSession(checkoutSessionId: string): Promise<CheckoutSession>;
  /** Update Checkout Session: `PATCH /checkoutSessions/{checkoutSessionId}`. */
  updateCheckoutSession(checkoutSessionId: string, payload: Payload): Promise<CheckoutSession>;
  /** Complete Checkout Session: `POST /checkoutSessions/{checkoutSessionId}/complete`. */
  completeCheckoutSession(checkoutSessionId: string, payload: Payload, options?: { idempotencyKey?: string }): Promise<CheckoutSession>;
  /** Finalize Checkout Session: `POST /checkoutSessions/{checkoutSessionId}/finalize`. */
  finalizeCheckoutSession(checkoutSessionId: string, payload: Payload, options?: { idempotencyKey?: string }): Promise<CheckoutSession>;
  /** Get Charge Permission: `GET /chargePermissions/{chargePermissionId}`. */
  getChargePermission(chargePermissionId: string): Promise<ChargePermission>;
  /** Update Charge Permission: `PATCH /chargePermissions/{chargePermissionId}`. */
  updateChargePermission(chargePermissionId: string, payload: Payload): Promise<ChargePermission>;
  /** Close Charge Permission: `DELETE /chargePermissions/{chargePermissionId}/close`. */
  closeChargePermission(chargePermissionId: string, payload: Payload): Promise<ChargePermission>;
  /** Create Charge: `POST /charges`. */
  createCharge(payload: Payload, options?: { idempotencyKey?: string }): Promise<Charge>;
  /** Get Charge: `GET /charges/{chargeId}`. */
  getCharge(chargeId: string): Promise<Charge>;
  /** Capture Charge: `POST /charges/{chargeId}/capture`. */
  captureCharge(chargeId: string, payload: Payload, options?: { idempotencyKey?: string }): Promise<Charge>;
  /** Cancel Charge: `DELETE /charges/{chargeId}/cancel`. */
  cancelCharge(chargeId: string, payload: Payload): Promise<Charge>;
  /** Create Refund: `POST /refunds`. */
  createRefund(payload: Payload, options?: { idempotencyKey?: string }): Promise<Refund>;
  /** Get Refund: `GET /refunds/{refundId}`. */
  getRefund(refundId: string): Promise<Refund>;
  /** Update Charge: `PATCH /charges/{chargeId}`. */
  updateCharge(chargeId: string, payload: Payload, options?: { idempotencyKey?: string }): Promise<Charge>;
  /** Get Buyer: `GET /buyers/{buyerToken}`. */
  getBuyer(buyerToken: string): Promise<Buyer>;
  /** Create Delivery Tracker: `POST /deliveryTrackers`. */
  createDeliveryTracker(payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** Get Reports: `GET /reports`. */
  getReports(options?: { reportTypes?: string[]; processingStatuses?: string[]; createdSince?: string | number; createdUntil?: string | number; pageSize?: string | number; nextToken?: string | number }): Promise<ApiObject>;
  /** Get Report By Id: `GET /reports/{reportId}`. */
  getReportById(reportId: string): Promise<ApiObject>;
  /** Create Report: `POST /reports`. */
  createReport(payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** Get Report Document: `GET /report-documents/{reportDocumentId}`. */
  getReportDocument(reportDocumentId: string): Promise<ApiObject>;
  /** Get Report Schedules: `GET /report-schedules`. */
  getReportSchedules(options?: { reportTypes?: string[] }): Promise<ApiObject>;
  /** Get Report Schedule By Id: `GET /report-schedules/{reportScheduleId}`. */
  getReportScheduleById(reportScheduleId: string): Promise<ApiObject>;
  /** Create Report Schedule: `POST /report-schedules`. */
  createReportSchedule(payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** Cancel Report Schedule: `DELETE /report-schedules/{reportScheduleId}`. */
  cancelReportSchedule(reportScheduleId: string): Promise<ApiObject>;
  /** Get Disbursements: `GET /disbursements`. */
  getDisbursements(startTime: string, endTime: string, options?: { pageSize?: string | number; nextToken?: string | number }): Promise<ApiObject>;
  /** Register Amazon Pay Account: `POST /merchantAccounts`. */
  registerAmazonPayAccount(payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** Update Amazon Pay Account: `PATCH /merchantAccounts/{merchantAccountId}`. */
  updateAmazonPayAccount(merchantAccountId: string, payload: Payload): Promise<ApiObject>;
  /** Delete Amazon Pay Account: `DELETE /merchantAccounts/{merchantAccountId}`. */
  deleteAmazonPayAccount(merchantAccountId: string): Promise<ApiObject>;
  /** Create Merchant Account: `POST /merchantAccounts`. */
  createMerchantAccount(payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** Update Merchant Account: `PATCH /merchantAccounts/{merchantAccountId}`. */
  updateMerchantAccount(merchantAccountId: string, payload: Payload, authToken: string): Promise<ApiObject>;
  /** Claim Merchant Account: `POST /merchantAccounts/{merchantAccountId}/claim`. */
  claimMerchantAccount(merchantAccountId: string, payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** Create Store: `POST /merchantAccounts/{merchantAccountId}/stores`. */
  createStore(merchantAccountId: string, payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** Update Store: `PATCH /merchantAccounts/{merchantAccountId}/stores/{storeId}`. */
  updateStore(merchantAccountId: string, storeId: string, payload: Payload): Promise<ApiObject>;
  /** Create Dispute: `POST /disputes`. */
  createDispute(payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** Get Dispute: `GET /disputes/{disputeId}`. */
  getDispute(disputeId: string): Promise<ApiObject>;
  /** Update Dispute: `PATCH /disputes/{disputeId}`. */
  updateDispute(disputeId: string, payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** Contest Dispute: `POST /disputes/{disputeId}/contest`. */
  contestDispute(disputeId: string, payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** Upload File: `POST /files`. */
  uploadFile(payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** Get Authorization Token: `GET /authorizationTokens/{mwsAuthToken}`. */
  getAuthorizationToken(mwsAuthToken: string, merchantId: string): Promise<ApiObject>;
  /** Merchant Scan: `POST /in-store/merchantScan`. */
  merchantScan(payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** In-Store Charge: `POST /in-store/charge`. */
  inStoreCharge(payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
  /** In-Store Refund: `POST /in-store/refund`. */
  inStoreRefund(payload: Payload, options?: { idempotencyKey?: string }): Promise<ApiObject>;
}
