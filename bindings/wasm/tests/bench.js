// A signed Capture Charge built in Node: this package (the core in wasm,
// WebCrypto signing) beside Amazon's official Node SDK (Node's crypto),
// in interleaved blocks; prints the median ratio of the times.
//
//   node bench.js [rounds per block] [blocks]
import { createRequire } from 'node:module';
import { Core, WebCryptoSigner } from 'amazon-pay-core';
import { KEY_ID, PRIVATE_PEM } from './sandbox.js';

const require = createRequire(import.meta.url);
const helper = require('@amazonpay/amazon-pay-api-sdk-nodejs/src/clientHelper');

const rounds = Number(process.argv[2] ?? 100);
const blocks = Number(process.argv[3] ?? 15);
const chargeId = 'S01-5105180-3221187-C056351';
const payload = { captureAmount: { amount: '14.00', currencyCode: 'USD' }, softDescriptor: 'Descriptor' };

const core = new Core({ publicKeyId: KEY_ID, region: 'us' });
const signer = await WebCryptoSigner.fromPem(PRIVATE_PEM);
const sdkConfig = { publicKeyId: KEY_ID, privateKey: PRIVATE_PEM, region: 'us', sandbox: true };

async function ours() {
  const request = await core.call('CaptureCharge', { chargeId, body: payload, idempotencyKey: 'bench-key-1' }).sign(signer);
  return request.headers.length;
}

function sdk() {
  const options = helper.prepareOptions(sdkConfig, {
    method: 'POST',
    urlFragment: `charges/${chargeId}/capture`,
    payload: { ...payload },
    headers: { 'x-amz-pay-idempotency-key': 'bench-key-1' },
  });
  return Object.keys(helper.signHeaders(sdkConfig, options)).length;
}

async function time(body) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i += 1) await body();
  return Number(process.hrtime.bigint() - started) / rounds / 1000;
}

await ours();
sdk();
const ratios = [];
const oursUs = [];
const sdkUs = [];
for (let block = 0; block < blocks; block += 1) {
  const a = await time(ours);
  const b = await time(sdk);
  oursUs.push(a);
  sdkUs.push(b);
  ratios.push(a / b);
}
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
console.log(
  `signed Capture Charge built in Node: amazon-pay-core ${median(oursUs).toFixed(1)} us, official SDK ${median(sdkUs).toFixed(1)} us ` +
    `-> ${median(ratios).toFixed(2)}x the SDK's time (median of ${blocks} blocks of ${rounds})`,
);
console.log(JSON.stringify({ ratio: median(ratios), oursUs: median(oursUs), sdkUs: median(sdkUs) }));
