// The seed checkout, written once for every runtime the package runs in
// (the Worker inside workerd, the Deno script): `api` is the package as that
// runtime imports it.
const usd = (amount) => ({ amount, currencyCode: 'USD' });

export async function checkout(api, { sandbox, keyId, privateKey }) {
  const shop = new api.AmazonPayClient({ publicKeyId: keyId, privateKey, region: 'us', endpoint: sandbox });
  const created = await shop.createCheckoutSession({ webCheckoutDetails: { checkoutReviewReturnUrl: 'https://shop.example/review' }, storeId: 's' });
  const id = created.checkoutSessionId;
  await shop.updateCheckoutSession(id, {
    webCheckoutDetails: { checkoutResultReturnUrl: 'https://shop.example/result' },
    paymentDetails: { paymentIntent: 'Authorize', chargeAmount: usd('14.00') },
  });
  const buyer = await fetch(`${sandbox}/__sandbox/buyer/${id}/approve?card=1111`, { redirect: 'manual' });
  await buyer.arrayBuffer();
  const completed = await shop.completeCheckoutSession(id, { chargeAmount: usd('14.00') });
  const ledger = await shop.loadLedger(completed.chargePermissionId);
  await shop.observeCharge(ledger, completed.chargeId);
  const captured = await shop.captureWithin(ledger, completed.chargeId, usd('14.00'));
  let refused = null;
  try {
    await shop.refundWithin(ledger, completed.chargeId, usd('20.00'));
  } catch (error) {
    refused = error instanceof api.RuleViolation ? error.code : `unexpected ${error}`;
  }
  const refund = await shop.refundWithin(ledger, completed.chargeId, usd('5.00'));
  return { buyer: buyer.status, captured: captured.statusDetails.state, refused, refund: refund.refundId ?? null };
}
