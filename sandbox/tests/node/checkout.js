// Amazon's official Node.js SDK, unmodified, runs a whole checkout against
// the sandbox over HTTPS (driven by sandbox/tests/node_sdk.rs):
// create session → buyer approves → get → update → buyer confirms →
// complete → get charge permission → capture → refund → get refund →
// delivery tracker, plus one call Amazon refuses.
'use strict';

const fs = require('fs');
const https = require('https');
const http = require('http');
const Client = require('@amazonpay/amazon-pay-api-sdk-nodejs');

const env = (name) => {
    const value = process.env[name];
    if (!value) throw new Error(`set ${name}`);
    return value;
};

const client = new Client.WebStoreClient({
    publicKeyId: env('PUBLIC_KEY_ID'),
    privateKey: fs.readFileSync(env('PRIVATE_KEY')),
    region: 'us',
    sandbox: true,
    algorithm: 'AMZN-PAY-RSASSA-PSS-V2',
    overrideServiceUrl: env('SANDBOX_HOST'),
});
const buyerBase = env('SANDBOX_HTTP');

// The buyer follows the sandbox page's link for a card (what a browser does).
function buyer(path) {
    return new Promise((resolve, reject) => {
        http.get(`${buyerBase}${path}`, (res) => {
            res.resume();
            resolve({ status: res.statusCode, location: res.headers.location });
        }).on('error', reject);
    });
}

const log = [];
const step = (name, value) => { log.push({ step: name, value }); };
const uuid = () => require('crypto').randomUUID().replace(/-/g, '');

async function main() {
    const created = await client.createCheckoutSession({
        storeId: 'amzn1.application-oa2-client.sandbox',
        webCheckoutDetails: { checkoutReviewReturnUrl: 'https://shop.example/review' },
    }, { 'x-amz-pay-idempotency-key': uuid() });
    const id = created.data.checkoutSessionId;
    step('create', created.status);

    const chosen = await buyer(`/__sandbox/buyer/${id}/approve?card=1111`);
    step('buyer chose a card', chosen.status);

    const got = await client.getCheckoutSession(id);
    step('get', got.data.statusDetails.state);

    const updated = await client.updateCheckoutSession(id, {
        webCheckoutDetails: { checkoutResultReturnUrl: 'https://shop.example/result' },
        paymentDetails: {
            paymentIntent: 'Authorize',
            canHandlePendingAuthorization: false,
            chargeAmount: { amount: '42.00', currencyCode: 'USD' },
        },
        merchantMetadata: { merchantReferenceId: 'order-1', merchantStoreName: 'Node shop' },
    });
    step('update', Boolean(updated.data.webCheckoutDetails.amazonPayRedirectUrl));

    const confirmed = await buyer(`/__sandbox/buyer/${id}/approve?card=1111`);
    step('buyer confirmed', confirmed.location);

    const completed = await client.completeCheckoutSession(id, {
        chargeAmount: { amount: '42.00', currencyCode: 'USD' },
    });
    step('complete', completed.data.statusDetails.state);
    const permissionId = completed.data.chargePermissionId;
    const chargeId = completed.data.chargeId;

    const permission = await client.getChargePermission(permissionId);
    step('get charge permission', permission.data.statusDetails.state);

    const captured = await client.captureCharge(chargeId, {
        captureAmount: { amount: '42.00', currencyCode: 'USD' },
    }, { 'x-amz-pay-idempotency-key': uuid() });
    step('capture', captured.data.statusDetails.state);

    const refund = await client.createRefund({
        chargeId,
        refundAmount: { amount: '12.00', currencyCode: 'USD' },
    }, { 'x-amz-pay-idempotency-key': uuid() });
    step('refund', refund.data.statusDetails.state);

    const gotRefund = await client.getRefund(refund.data.refundId);
    step('get refund', gotRefund.data.statusDetails.state);

    const tracker = await client.deliveryTrackers({
        chargePermissionId: permissionId,
        deliveryDetails: [{ trackingNumber: '1Z999AA10123456784', carrierCode: 'UPS' }],
    });
    step('delivery tracker', tracker.status);

    // A second capture: refused by the rule book, in Amazon's words.
    try {
        await client.captureCharge(chargeId, {
            captureAmount: { amount: '1.00', currencyCode: 'USD' },
        }, { 'x-amz-pay-idempotency-key': uuid() });
        step('second capture', 'accepted');
    } catch (error) {
        const response = error.response || error;
        step('second capture', `${response.status} ${response.data && response.data.reasonCode}`);
    }
}

main().then(() => {
    process.stdout.write(JSON.stringify(log) + '\n');
}).catch((error) => {
    const response = error.response || error;
    process.stderr.write(`failed after ${JSON.stringify(log)}: ${response.status || ''} ${JSON.stringify(response.data || String(error))}\n`);
    process.exit(1);
});
