// A TypeScript project on the package's types, checked with tsc --strict.
import {
  AmazonPayClient,
  AmazonPayError,
  ApiError,
  Core,
  Ledger,
  RuleViolation,
  type Charge,
  type Price,
  type Signer,
} from 'amazon-pay-core';

const usd = (amount: string): Price => ({ amount, currencyCode: 'USD' });

export async function shop(pem: string, kms: Signer): Promise<string> {
  const client = new AmazonPayClient({ publicKeyId: 'SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B', privateKey: pem, region: 'us', sandbox: true });
  const session = await client.createCheckoutSession({ webCheckoutDetails: { checkoutReviewReturnUrl: 'https://shop.example/review' }, storeId: 's' });
  const id: string | undefined = session.checkoutSessionId;
  const charge: Charge = await client.captureCharge('S01-1-C1', { captureAmount: usd('14.00') }, { idempotencyKey: 'k-1' });
  const ledger: Ledger = await client.loadLedger(charge.chargePermissionId ?? '');
  try {
    await client.refundWithin(ledger, charge.chargeId ?? '', usd('1.00'));
  } catch (error) {
    if (error instanceof RuleViolation) return error.code;
    if (error instanceof ApiError) return `${error.status ?? 0} ${error.reasonCode ?? ''}`;
    if (error instanceof AmazonPayError) return error.toJSON().kind;
  }
  const core = new Core({ publicKeyId: 'LIVE-AFVX7ULWSGBZ5535PCUQOY7B' });
  const request = await core.call('GetCharge', { chargeId: 'S01-1-C1' }).sign(kms);
  const reports = await client.getReports({ reportTypes: ['_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_'], pageSize: 10 });
  return `${id ?? ''} ${request.url} ${Object.keys(reports).length}`;
}
