'use strict';
// Oracle for tests/node_interop.rs.
//
// Reads a JSON array of tasks on stdin, answers a JSON array on stdout, one
// answer per task, using the official Amazon Pay Node.js SDK
// (@amazonpay/amazon-pay-api-sdk-nodejs) for everything the SDK does itself
// and Node's own crypto for verification.
//
// The SDK computes its canonical request and string to sign internally and
// only returns the headers, so this script watches the `crypto` calls the SDK
// makes to see the exact text it hashes and signs. The SDK reads the clock
// (`new Date()`); the task's date is fixed for the duration of the call.

const crypto = require('crypto');
const fs = require('fs');

// -- Observe what the SDK hashes and signs ------------------------------------
const hashed = [];
const signed = [];
const realCreateHash = crypto.createHash;
crypto.createHash = function (algorithm, options) {
  const hash = realCreateHash.call(crypto, algorithm, options);
  const update = hash.update.bind(hash);
  hash.update = function (data, encoding) {
    hashed.push(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
    return update(data, encoding);
  };
  return hash;
};
const realCreateSign = crypto.createSign;
crypto.createSign = function (algorithm, options) {
  const sign = realCreateSign.call(crypto, algorithm, options);
  const update = sign.update.bind(sign);
  sign.update = function (data, encoding) {
    signed.push(String(data));
    return update(data, encoding);
  };
  return sign;
};

// -- Fix the SDK's clock per task ---------------------------------------------
const RealDate = Date;
let fixedMillis = null;
global.Date = class extends RealDate {
  constructor(...args) {
    if (args.length === 0 && fixedMillis !== null) {
      super(fixedMillis);
    } else {
      super(...args);
    }
  }
  static now() {
    return fixedMillis !== null ? fixedMillis : RealDate.now();
  }
};

const helper = require('@amazonpay/amazon-pay-api-sdk-nodejs/src/clientHelper');

function sdkConfig(task) {
  return {
    publicKeyId: task.publicKeyId,
    privateKey: fs.readFileSync(task.privateKeyPath, 'utf8'),
    region: task.region,
    sandbox: task.sandbox,
    algorithm: task.algorithm,
  };
}

function sdkRequest(task) {
  fixedMillis = RealDate.parse(task.isoDate);
  hashed.length = 0;
  signed.length = 0;
  const config = sdkConfig(task);
  const options = helper.prepareOptions(config, {
    method: task.method,
    urlFragment: task.urlFragment,
    payload: task.payload === null ? undefined : task.payload,
    headers: Object.assign({}, task.headers),
    queryParams: task.queryParams,
  });
  const headers = helper.signHeaders(config, options);
  fixedMillis = null;
  const canonicalRequest = hashed.find((text) => text.startsWith(task.method + '\n/'));
  return {
    urlFragment: options.urlFragment,
    canonicalRequest,
    stringToSign: signed[signed.length - 1],
    headers,
  };
}

function sdkPayload(task) {
  signed.length = 0;
  const signature = helper.signPayload(sdkConfig(task), task.payload);
  return { signature, stringToSign: signed[signed.length - 1] };
}

function verify(task) {
  const ok = crypto.verify(
    'sha256',
    Buffer.from(task.message, 'utf8'),
    {
      key: fs.readFileSync(task.publicKeyPath, 'utf8'),
      padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
      saltLength: task.saltLength,
    },
    Buffer.from(task.signature, 'base64'),
  );
  return { ok };
}

function verifyButton(task) {
  // Rebuild the text the SDK's signPayload signs, then check the crate's
  // signature over it.
  const digest = realCreateHash.call(crypto, 'sha256').update(task.payload).digest('hex');
  return verify({
    message: task.algorithm + '\n' + digest,
    signature: task.signature,
    publicKeyPath: task.publicKeyPath,
    saltLength: task.saltLength,
  });
}

const handlers = { sdkRequest, sdkPayload, verify, verifyButton };

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const tasks = JSON.parse(input);
  const answers = tasks.map((task) => {
    try {
      return handlers[task.kind](task);
    } catch (error) {
      return { error: String(error && error.stack ? error.stack : error) };
    }
  });
  process.stdout.write(JSON.stringify(answers));
});
