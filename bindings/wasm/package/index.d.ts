// Types of the amazon-pay-core npm package (hand-kept; the 43 operations
// are generated in operations.d.ts). Checked by `tsc --strict` in a test
// project (tests/types).
import type { Operations } from './operations.js';

/** An amount as Amazon writes it: a decimal string, never a float. */
export interface Price {
  amount: string;
  currencyCode: string;
}

/** A request body as Amazon documents it. */
export type Payload = { [member: string]: unknown };

/** Any object Amazon answers (reports, accounts, disputes, in-store …). */
export type ApiObject = { [member: string]: unknown };

export interface StatusDetails {
  state: string;
  reasonCode?: string;
  reasonDescription?: string;
  lastUpdatedTimestamp?: string;
}

export interface Buyer extends ApiObject {
  buyerId?: string;
  name?: string;
  email?: string;
}

export interface CheckoutSession extends ApiObject {
  checkoutSessionId?: string;
  statusDetails?: StatusDetails;
  webCheckoutDetails?: { amazonPayRedirectUrl?: string; checkoutReviewReturnUrl?: string; checkoutResultReturnUrl?: string };
  paymentDetails?: { paymentIntent?: string; chargeAmount?: Price };
  chargePermissionId?: string;
  chargeId?: string;
  buyer?: Buyer;
  creationTimestamp?: string;
  expirationTimestamp?: string;
}

export interface ChargePermission extends ApiObject {
  chargePermissionId?: string;
  chargePermissionType?: string;
  statusDetails?: StatusDetails;
  limits?: { amountLimit?: Price; amountBalance?: Price };
  buyer?: Buyer;
  creationTimestamp?: string;
  expirationTimestamp?: string;
}

export interface Charge extends ApiObject {
  chargeId?: string;
  chargePermissionId?: string;
  chargeAmount?: Price;
  captureAmount?: Price;
  refundedAmount?: Price;
  softDescriptor?: string;
  statusDetails?: StatusDetails;
  creationTimestamp?: string;
  expirationTimestamp?: string;
}

export interface Refund extends ApiObject {
  refundId?: string;
  chargeId?: string;
  refundAmount?: Price;
  softDescriptor?: string;
  statusDetails?: StatusDetails;
  creationTimestamp?: string;
}

/** Anything that signs: RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32 (20 for the older algorithm). */
export interface Signer {
  sign(stringToSign: string, algorithm: string): Promise<Uint8Array>;
}

/** A signed request: send it as it is. */
export interface SignedRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
}

export interface ClientOptions {
  publicKeyId: string;
  region?: 'us' | 'na' | 'eu' | 'de' | 'uk' | 'jp';
  sandbox?: boolean;
  /** Replaces Amazon's host: https://host[:port], or http:// on loopback (an offline sandbox). */
  endpoint?: string;
  apiVersion?: 'v1' | 'v2';
  algorithm?: 'AMZN-PAY-RSASSA-PSS-V2' | 'AMZN-PAY-RSASSA-PSS';
  maxRetries?: number;
}

export interface AmazonPayClientOptions extends ClientOptions {
  /** A PEM private key (PKCS#8 or PKCS#1), imported into WebCrypto; or your own Signer. */
  privateKey: string | Signer;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch (Date.now by default). */
  clock?: () => number;
  timeoutMs?: number;
}

export interface ErrorShape {
  kind: string;
  code: string;
  message: string;
  field?: string;
  rule?: string;
  reasonCode?: string;
  retryable: boolean;
  details: { [member: string]: unknown };
}

export class AmazonPayError extends Error {
  constructor(shape: Partial<ErrorShape>);
  readonly kind: string;
  readonly code: string;
  readonly field?: string;
  readonly rule?: string;
  readonly reasonCode?: string;
  readonly retryable: boolean;
  readonly details: { [member: string]: unknown };
  toJSON(): ErrorShape;
}
export class ValidationError extends AmazonPayError {}
export class RuleViolation extends AmazonPayError {}
export class ApiError extends AmazonPayError {
  readonly status: number | undefined;
}
export class TransportError extends AmazonPayError {}
export class KeyFormatError extends AmazonPayError {}
export class SignatureError extends AmazonPayError {}
export class NotificationError extends AmazonPayError {}

export interface PreparedRequest {
  stringToSign: string;
  algorithm: string;
  finish(signature: Uint8Array): SignedRequest;
}

export class Call {
  readonly operation: string;
  readonly idempotencyKey: string | undefined;
  sign(signer: Signer, now?: number): Promise<SignedRequest>;
  prepare(now?: number): PreparedRequest;
  decode(response: { status: number; headers?: [string, string][]; body?: Uint8Array | string }): ApiObject;
}

export class Core {
  constructor(options: ClientOptions);
  readonly region: string;
  readonly apiVersion: string;
  call(operation: string, params: { [member: string]: unknown }): Call;
  buttonSignature(signer: Signer, payload: string | Payload): Promise<string>;
}

export class Ledger {
  static fromPermission(permission: ChargePermission, region?: string, apiVersion?: string): Ledger;
  static fromJson(text: string): Ledger;
  toJson(): string;
  status(now?: number): { [member: string]: unknown };
  requestCapture(client: Core, chargeId: string, price: Price, key: string, now?: number): Call;
  requestRefund(client: Core, chargeId: string, price: Price, key: string, now?: number): Call;
  requestCharge(client: Core, price: Price, key: string, now?: number): Call;
  requestCancel(client: Core, chargeId: string, reason: string, now?: number): Call;
  requestClose(client: Core, reason: string, cancelPendingCharges: boolean, now?: number): Call;
  observe(operation: string, answer: ApiObject): void;
  refundIds(chargeId: string): string[];
}

export interface AmazonPayClient extends Operations {}
export class AmazonPayClient {
  constructor(options: AmazonPayClientOptions);
  readonly core: Core;
  send(call: Call): Promise<ApiObject>;
  run(operation: string, params: { [member: string]: unknown }): Promise<ApiObject>;
  loadLedger(chargePermissionId: string): Promise<Ledger>;
  observeCharge(ledger: Ledger, chargeId: string): Promise<Charge>;
  captureWithin(ledger: Ledger, chargeId: string, price: Price, options?: { idempotencyKey?: string }): Promise<Charge>;
  refundWithin(ledger: Ledger, chargeId: string, price: Price, options?: { idempotencyKey?: string }): Promise<Refund>;
  cancelWithin(ledger: Ledger, chargeId: string, reason: string): Promise<Charge>;
  closeWithin(ledger: Ledger, reason: string, options?: { cancelPendingCharges?: boolean }): Promise<ChargePermission>;
}

export class WebCryptoSigner implements Signer {
  static fromPem(pem: string | Uint8Array): Promise<WebCryptoSigner>;
  sign(stringToSign: string, algorithm: string): Promise<Uint8Array>;
}

export function operations(): string[];
export function newIdempotencyKey(): string;
export function ipnCertificateUrl(body: string | Uint8Array, trust?: string): string;
export function pkcs1ToPkcs8(pkcs1: Uint8Array): Uint8Array;
export function pkcs8FromPem(pem: string | Uint8Array): Uint8Array;
