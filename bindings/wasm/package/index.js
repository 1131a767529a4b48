// The package's API, the same on every runtime (the entry points node.js,
// workerd.js and web.js only load the WebAssembly module first).
export { AmazonPayClient, Call, Core, Ledger, ipnCertificateUrl, newIdempotencyKey, operations } from './client.js';
export {
  AmazonPayError,
  ApiError,
  KeyFormatError,
  NotificationError,
  RuleViolation,
  SignatureError,
  TransportError,
  ValidationError,
} from './errors.js';
export { WebCryptoSigner, pkcs1ToPkcs8, pkcs8FromPem } from './keys.js';
