// The npm package (installed from its tarball) against the sandbox server:
// the seed documents' checkout, every error kind, PKCS#1 keys through
// WebCrypto, all 43 methods, refunds never beyond the allowance, retries.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import {
  AmazonPayClient,
  AmazonPayError,
  ApiError,
  Core,
  KeyFormatError,
  Ledger,
  RuleViolation,
  SignatureError,
  TransportError,
  ValidationError,
  WebCryptoSigner,
  operations,
} from 'amazon-pay-core';
import { KEY_ID, PKCS1_PEM, PRIVATE_PEM, REPO, buyerApproves, startSandbox, usd } from './sandbox.js';

let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.stop());

const client = (options = {}) => new AmazonPayClient({ publicKeyId: KEY_ID, privateKey: PRIVATE_PEM, region: 'us', endpoint: sandbox.url, ...options });
const REVIEW = { checkoutReviewReturnUrl: 'https://shop.example/review' };

async function approvedSession(shop, amount, intent = 'Authorize') {
  const created = await shop.createCheckoutSession({ webCheckoutDetails: REVIEW, storeId: 'amzn1.application-oa2-client.demo' });
  const id = created.checkoutSessionId;
  await shop.updateCheckoutSession(id, {
    webCheckoutDetails: { checkoutResultReturnUrl: 'https://shop.example/result' },
    paymentDetails: { paymentIntent: intent, chargeAmount: usd(amount) },
  });
  const back = await buyerApproves(sandbox.url, id);
  assert.match(back, new RegExp(`amazonCheckoutSessionId=${id}`));
  return id;
}

test('the seed checkout', async () => {
  const shop = client();
  const id = await approvedSession(shop, '14.00');
  const session = await shop.getCheckoutSession(id);
  assert.equal(session.statusDetails.state, 'Open');
  const completed = await shop.completeCheckoutSession(id, { chargeAmount: usd('14.00') });
  assert.equal(completed.statusDetails.state, 'Completed');
  const ledger = await shop.loadLedger(completed.chargePermissionId);
  await shop.observeCharge(ledger, completed.chargeId);
  const captured = await shop.captureWithin(ledger, completed.chargeId, usd('14.00'));
  assert.equal(captured.statusDetails.state, 'Captured');
  await assert.rejects(shop.refundWithin(ledger, completed.chargeId, usd('16.11')), (error) => {
    assert.ok(error instanceof RuleViolation);
    assert.equal(error.code, 'RefundExceedsAllowance');
    assert.equal(error.retryable, false);
    return true;
  });
  const refund = await shop.refundWithin(ledger, completed.chargeId, usd('5.00'));
  assert.equal(refund.refundAmount.amount, '5.00');
  const again = await shop.getRefund(refund.refundId);
  assert.equal(again.refundId, refund.refundId);
  const tracker = await shop.createDeliveryTracker({
    chargePermissionId: completed.chargePermissionId,
    deliveryDetails: [{ trackingNumber: '1Z999AA10123456784', carrierCode: 'UPS' }],
  });
  assert.ok(tracker);
  const kept = Ledger.fromJson(ledger.toJson());
  assert.equal(kept.toJson(), ledger.toJson());
  assert.equal(kept.status().charges[0].id, completed.chargeId);
});

test('a PKCS#1 key is wrapped for WebCrypto, and its signatures verify in the core', async () => {
  const shop = client({ privateKey: PKCS1_PEM });
  const created = await shop.createCheckoutSession({ webCheckoutDetails: REVIEW, storeId: 's' });
  assert.ok(created.checkoutSessionId);
});

test('every error kind', async () => {
  const core = new Core({ publicKeyId: KEY_ID, region: 'us' });
  assert.throws(() => core.call('CaptureCharge', { chargeId: 'S01-1-C1', body: { captureAmount: usd('150000.01') }, idempotencyKey: 'k' }), (error) => {
    assert.ok(error instanceof ValidationError && error instanceof AmazonPayError && error instanceof Error);
    assert.equal(error.code, 'AboveTransactionMaximum');
    assert.match(error.field, /captureAmount/);
    return true;
  });
  assert.throws(() => core.call('CaptureCharges', {}), (error) => error.code === 'UnknownOperation');
  assert.throws(() => core.call('GetCharge', { chargeID: 'x' }), (error) => error.code === 'InvalidParameters');
  await assert.rejects(client().getCharge('S01-0000000-0000000-C000000'), (error) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.reasonCode, 'ResourceNotFound');
    assert.equal(error.status, 404);
    return true;
  });
  const closed = new AmazonPayClient({ publicKeyId: KEY_ID, privateKey: PRIVATE_PEM, endpoint: 'http://127.0.0.1:9', maxRetries: 1 });
  await assert.rejects(closed.getCharge('S01-1-C1'), (error) => error instanceof TransportError && error.retryable && error.cause !== undefined);
  await assert.rejects(WebCryptoSigner.fromPem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), KeyFormatError);
  await assert.rejects(client({ privateKey: 'not a key' }).getCharge('S01-1-C1'), KeyFormatError);
  const broken = { sign: async () => { throw new Error('the KMS is unreachable'); } };
  await assert.rejects(client({ privateKey: broken }).getCharge('S01-1-C1'), (error) => error instanceof SignatureError && /unreachable/.test(error.message));
});

test('all 43 operations are methods that build the core request', async () => {
  const names = operations();
  assert.equal(names.length, 43);
  const fixture = JSON.parse(readFileSync(`${REPO}bindings/embed/tests/fixtures/operations.json`, 'utf8'));
  const core = new Core({ publicKeyId: KEY_ID, region: 'us' });
  const signer = await WebCryptoSigner.fromPem(PRIVATE_PEM);
  for (const name of names) {
    const method = name[0].toLowerCase() + name.slice(1);
    assert.equal(typeof AmazonPayClient.prototype[method], 'function', method);
    const request = await core.call(name, fixture[name]).sign(signer);
    assert.ok(request.url.startsWith('https://pay-api.amazon.com/v2/'), request.url);
    if (fixture[name].body) assert.deepEqual(JSON.parse(request.body), fixture[name].body, name);
  }
});

test('refunds never exceed the allowance (random sequences, seeded)', async () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const shop = client();
  for (let round = 0; round < 8; round += 1) {
    const id = await approvedSession(shop, '20.00', 'AuthorizeWithCapture');
    const completed = await shop.completeCheckoutSession(id, { chargeAmount: usd('20.00') });
    const ledger = await shop.loadLedger(completed.chargePermissionId);
    await shop.observeCharge(ledger, completed.chargeId);
    let refunded = 0;
    for (let i = 0; i < 4; i += 1) {
      const cents = 1 + Math.floor(random() * 1500);
      try {
        await shop.refundWithin(ledger, completed.chargeId, usd((cents / 100).toFixed(2)));
        refunded += cents;
      } catch (error) {
        assert.ok(error instanceof RuleViolation, String(error));
        assert.ok(refunded + cents > 2300, `refused ${cents} after ${refunded}`);
      }
      assert.ok(refunded <= 2300);
    }
    let onAmazon = 0;
    for (const refundId of ledger.refundIds(completed.chargeId)) {
      onAmazon += Math.round(Number((await shop.getRefund(refundId)).refundAmount.amount) * 100);
    }
    assert.equal(onAmazon, refunded);
  }
});

test('a lost answer is retried with the same key and never captures twice', async () => {
  const shop = client({ maxRetries: 2 });
  const id = await approvedSession(shop, '14.00');
  const completed = await shop.completeCheckoutSession(id, { chargeAmount: usd('14.00') });
  const faults = `${sandbox.url}/__sandbox/faults`;
  await fetch(faults, { method: 'PUT', body: JSON.stringify({ seed: 3, lostPercent: 100 }) });
  try {
    await assert.rejects(shop.captureCharge(completed.chargeId, { captureAmount: usd('14.00') }, { idempotencyKey: 'js-lost-1' }), TransportError);
  } finally {
    await fetch(faults, { method: 'DELETE' });
  }
  const again = await shop.captureCharge(completed.chargeId, { captureAmount: usd('14.00') }, { idempotencyKey: 'js-lost-1' });
  assert.equal(again.statusDetails.state, 'Captured');
  assert.equal((await shop.getCharge(completed.chargeId)).captureAmount.amount, '14.00');
});
