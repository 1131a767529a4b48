// The errors of amazon-pay-core: one hierarchy over the core's one error
// shape {kind, code, message, field?, rule?, reasonCode?, retryable, details}.

/** Why an Amazon Pay call gave no result. */
export class AmazonPayError extends Error {
  constructor(shape) {
    super(shape.message ?? 'Amazon Pay call failed');
    this.name = new.target.name;
    this.kind = shape.kind ?? 'internal';
    this.code = shape.code ?? 'InternalError';
    this.field = shape.field;
    this.rule = shape.rule;
    this.reasonCode = shape.reasonCode;
    this.retryable = Boolean(shape.retryable);
    this.details = shape.details ?? {};
  }

  /** The error shape, as the core serializes it. */
  toJSON() {
    const shape = { kind: this.kind, code: this.code, message: this.message, retryable: this.retryable, details: this.details };
    for (const key of ['field', 'rule', 'reasonCode']) if (this[key] !== undefined) shape[key] = this[key];
    return shape;
  }
}

/** A value the rules refuse; nothing was sent. */
export class ValidationError extends AmazonPayError {}
/** A call the object's state or Amazon's limits forbid; nothing was sent. */
export class RuleViolation extends AmazonPayError {}
/** Amazon answered an error: `status`, `reasonCode`, `retryable`. */
export class ApiError extends AmazonPayError {
  get status() {
    return this.details.status;
  }
}
/** Every attempt the retry policy allowed failed to reach Amazon. */
export class TransportError extends AmazonPayError {}
/** The private key cannot be read. */
export class KeyFormatError extends AmazonPayError {}
/** Signing failed, or a signature did not verify. */
export class SignatureError extends AmazonPayError {}
/** An IPN that is not authentic, not trusted or unreadable. */
export class NotificationError extends AmazonPayError {}

const CLASSES = {
  validation: ValidationError,
  money: ValidationError,
  rule: RuleViolation,
  lifecycle: RuleViolation,
  api: ApiError,
  clock_skew: ApiError,
  transport: TransportError,
  key: KeyFormatError,
  sign: SignatureError,
  verify: SignatureError,
  notification: NotificationError,
};

/** The error for a shape (an object). */
export function fromShape(shape) {
  const Class = CLASSES[shape.kind] ?? AmazonPayError;
  return new Class(shape);
}

/** Runs `body`, turning what the wasm module throws (the shape's JSON) into its error. */
export function core(body) {
  try {
    return body();
  } catch (thrown) {
    if (typeof thrown === 'string') {
      let shape;
      try {
        shape = JSON.parse(thrown);
      } catch {
        shape = { kind: 'internal', code: 'InternalError', message: thrown };
      }
      throw fromShape(shape);
    }
    if (thrown instanceof AmazonPayError) throw thrown;
    // A trap in the wasm module (a bug): never a bare RuntimeError.
    throw new AmazonPayError({
      kind: 'internal',
      code: 'InternalError',
      message: `amazon-pay-core failed internally (${thrown?.message ?? thrown}); this is a bug, please report it`,
    });
  }
}
