// AmazonPayClient on fetch, the sans-IO Core and the Ledger: the rules, the
// canonical requests, the decoding and the retries are amazon-pay-core's
// (WebAssembly); this file only moves bytes, awaits WebCrypto and fetch.

import { WasmClient, WasmLedger, ipnCertificateUrl as wasmCertificateUrl, operations as wasmOperations } from './gen/amazon_pay_wasm.js';
import { AmazonPayError, core } from './errors.js';
import { WebCryptoSigner } from './keys.js';
import { OPERATIONS } from './operations.js';

const seconds = (millis) => Math.floor(millis / 1000);
const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, Math.max(0, millis)));

/** The names of the 43 operations. */
export function operations() {
  return JSON.parse(wasmOperations());
}

/** A fresh idempotency key: 16 random bytes as 32 hex characters. */
export function newIdempotencyKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The certificate URL of an IPN envelope, once the trust policy (JSON) accepts it. */
export function ipnCertificateUrl(body, trust) {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return core(() => wasmCertificateUrl(bytes, trust));
}

function settingsOf(options) {
  const settings = { publicKeyId: options.publicKeyId, region: options.region ?? 'us', apiVersion: options.apiVersion ?? 'v2' };
  for (const key of ['sandbox', 'endpoint', 'algorithm']) if (options[key] !== undefined) settings[key] = options[key];
  if (options.maxRetries !== undefined) settings.retry = { maxRetries: options.maxRetries };
  return settings;
}

/** A client's settings, without transport: operations by name. */
export class Core {
  constructor(options) {
    this.region = options.region ?? 'us';
    this.apiVersion = options.apiVersion ?? 'v2';
    this.native = core(() => new WasmClient(JSON.stringify(settingsOf(options))));
  }

  /** Operation `operation` with `params` (path ids, `body`, `idempotencyKey`), validated now. */
  call(operation, params) {
    return new Call(core(() => this.native.call(operation, JSON.stringify(params))));
  }

  /** The Amazon Pay button's signature (base64) over `payload`, made by `signer`. */
  async buttonSignature(signer, payload) {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const { stringToSign, algorithm } = JSON.parse(this.native.prepareButton(text));
    const signature = await signer.sign(stringToSign, algorithm);
    return btoa(String.fromCharCode(...signature));
  }
}

/** One operation with its parameters, validated by the core. */
export class Call {
  constructor(native) {
    this.native = native;
  }

  get operation() {
    return this.native.operation;
  }

  get idempotencyKey() {
    return this.native.idempotencyKey ?? undefined;
  }

  /** The request dated `now` (milliseconds), signed by `signer` (`sign(stringToSign, algorithm)`). */
  async sign(signer, now = Date.now()) {
    const prepared = core(() => this.native.prepare(seconds(now)));
    const signature = await signer.sign(prepared.stringToSign, prepared.algorithm);
    return JSON.parse(core(() => prepared.finish(signature)));
  }

  /** The request dated `now`, prepared for a signature made elsewhere. */
  prepare(now = Date.now()) {
    const prepared = core(() => this.native.prepare(seconds(now)));
    return {
      stringToSign: prepared.stringToSign,
      algorithm: prepared.algorithm,
      finish: (signature) => JSON.parse(core(() => prepared.finish(signature))),
    };
  }

  /** Amazon's answer decoded by the core; an ApiError is thrown for Amazon's refusals. */
  decode({ status, headers = [], body = new Uint8Array() }) {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    return JSON.parse(core(() => this.native.decode(status, JSON.stringify(headers), bytes)));
  }
}

/** How far a failed fetch got, as the core names it. */
function transportKind(error) {
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError') return 'TimeoutAfterSent';
  const code = error?.cause?.code ?? error?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'ConnectRefused';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'TimeoutBeforeSent';
  return 'ConnectionReset';
}

/** A charge permission's ledger: hands out calls only within Amazon's rules. */
export class Ledger {
  constructor(native) {
    this.native = native;
  }

  static fromPermission(permission, region = 'us', apiVersion = 'v2') {
    return new Ledger(core(() => WasmLedger.fromPermission(JSON.stringify(permission), region, apiVersion)));
  }

  static fromJson(text) {
    return new Ledger(core(() => WasmLedger.fromJson(text)));
  }

  toJson() {
    return this.native.toJson();
  }

  status(now = Date.now()) {
    return JSON.parse(core(() => this.native.status(seconds(now))));
  }

  requestCapture(client, chargeId, price, key, now = Date.now()) {
    return new Call(core(() => this.native.requestCapture(client.native, chargeId, price.amount, price.currencyCode, key, seconds(now))));
  }

  requestRefund(client, chargeId, price, key, now = Date.now()) {
    return new Call(core(() => this.native.requestRefund(client.native, chargeId, price.amount, price.currencyCode, key, seconds(now))));
  }

  requestCharge(client, price, key, now = Date.now()) {
    return new Call(core(() => this.native.requestCharge(client.native, price.amount, price.currencyCode, key, seconds(now))));
  }

  requestCancel(client, chargeId, reason, now = Date.now()) {
    return new Call(core(() => this.native.requestCancel(client.native, chargeId, reason, seconds(now))));
  }

  requestClose(client, reason, cancelPendingCharges, now = Date.now()) {
    return new Call(core(() => this.native.requestClose(client.native, reason, cancelPendingCharges, seconds(now))));
  }

  /** Takes in Amazon's answer to `operation` (a Charge, Refund or Charge Permission). */
  observe(operation, answer) {
    core(() => this.native.answered(operation, JSON.stringify(answer)));
  }

  refundIds(chargeId) {
    return JSON.parse(this.native.refundIds(chargeId));
  }
}

/** Every Amazon Pay call as a promise, on fetch, with the core's rules and retries. */
export class AmazonPayClient {
  constructor(options) {
    const { privateKey, fetch: fetchImpl, clock, timeoutMs } = options;
    this.core = new Core(options);
    this.fetch = fetchImpl ?? ((...args) => globalThis.fetch(...args));
    this.clock = clock ?? Date.now;
    this.timeoutMs = timeoutMs ?? 30000;
    this.signer = typeof privateKey?.sign === 'function' ? Promise.resolve(privateKey) : WebCryptoSigner.fromPem(privateKey);
    // An unreadable key is reported by the first call, not as an unhandled rejection.
    this.signer.catch(() => {});
  }

  /** Runs `call` with its retries: Amazon's decoded answer. */
  async send(call) {
    const signer = await this.signer;
    const exchange = call.native.exchange();
    let last;
    for (;;) {
      let step;
      try {
        step = JSON.parse(core(() => exchange.step(seconds(this.clock()), crypto.getRandomValues(new Uint8Array(16)))));
      } catch (error) {
        if (last !== undefined && error instanceof AmazonPayError) error.cause = last;
        throw error;
      }
      if (step.kind === 'done') return step.result;
      if (step.kind === 'wait') {
        await sleep(step.until * 1000 - this.clock());
        continue;
      }
      let signature;
      try {
        signature = await signer.sign(step.stringToSign, step.algorithm);
      } catch (error) {
        exchange.abandon(String(error?.message ?? error));
        continue;
      }
      const request = JSON.parse(core(() => exchange.finish(signature)));
      let response;
      try {
        response = await this.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body === '' ? undefined : request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        last = error;
        core(() => exchange.handleTransportError(seconds(this.clock()), transportKind(error)));
        continue;
      }
      const body = new Uint8Array(await response.arrayBuffer());
      const headers = JSON.stringify([...response.headers]);
      core(() => exchange.handleResponse(seconds(this.clock()), response.status, headers, body));
    }
  }

  /** Operation `operation` with `params`, sent (a refused value rejects; nothing is sent). */
  async run(operation, params) {
    return this.send(this.core.call(operation, params));
  }

  /** The ledger of a permission, from Get Charge Permission. */
  async loadLedger(chargePermissionId) {
    const permission = await this.getChargePermission(chargePermissionId);
    return Ledger.fromPermission(permission, this.core.region, this.core.apiVersion);
  }

  /** Get Charge, taken into `ledger`. */
  async observeCharge(ledger, chargeId) {
    const charge = await this.getCharge(chargeId);
    ledger.observe('GetCharge', charge);
    return charge;
  }

  async #within(ledger, call) {
    const answer = await this.send(call);
    ledger.observe(call.operation, answer);
    return answer;
  }

  /** Capture Charge, only if `ledger` allows it (RuleViolation otherwise, nothing sent). */
  async captureWithin(ledger, chargeId, price, { idempotencyKey } = {}) {
    return this.#within(ledger, ledger.requestCapture(this.core, chargeId, price, idempotencyKey ?? newIdempotencyKey(), this.clock()));
  }

  /** Create Refund, only within the allowance `ledger` knows (refunds in flight counted). */
  async refundWithin(ledger, chargeId, price, { idempotencyKey } = {}) {
    return this.#within(ledger, ledger.requestRefund(this.core, chargeId, price, idempotencyKey ?? newIdempotencyKey(), this.clock()));
  }

  /** Cancel Charge, only if the charge may still be canceled. */
  async cancelWithin(ledger, chargeId, reason) {
    return this.#within(ledger, ledger.requestCancel(this.core, chargeId, reason, this.clock()));
  }

  /** Close Charge Permission, only if it may be closed. */
  async closeWithin(ledger, reason, { cancelPendingCharges = false } = {}) {
    return this.#within(ledger, ledger.requestClose(this.core, reason, cancelPendingCharges, this.clock()));
  }
}

// One method per operation, from the generated table.
for (const [method, operation, layout] of OPERATIONS) {
  AmazonPayClient.prototype[method] = function (...args) {
    const params = {};
    const options = (args.length > layout.filter(([, kind]) => ['id', 'body', 'arg'].includes(kind)).length ? args.at(-1) : undefined) ?? {};
    let position = 0;
    for (const [name, kind] of layout) {
      if (kind === 'id' || kind === 'body' || kind === 'arg') {
        params[name] = args[position];
        position += 1;
      } else if (kind === 'key') {
        params[name] = options.idempotencyKey ?? newIdempotencyKey();
      } else if (kind === 'key?') {
        if (options.idempotencyKey !== undefined) params[name] = options.idempotencyKey;
      } else if (options[name] !== undefined) {
        params[name] = options[name];
      }
    }
    return this.run(operation, params);
  };
}
