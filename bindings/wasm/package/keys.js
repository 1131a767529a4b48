// Private keys for WebCrypto: PEM in, PKCS#1 wrapped into PKCS#8 here (in
// JavaScript: the key never enters wasm memory), imported non-extractable.

import { KeyFormatError } from './errors.js';

const RSA_ENCRYPTION = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];

function refused(message) {
  return new KeyFormatError({ kind: 'key', code: 'KeyFormat', message });
}

function length(n) {
  if (n < 0x80) return [n];
  const bytes = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n >>= 8;
  }
  return [0x80 | bytes.length, ...bytes];
}

function element(tag, content) {
  const out = new Uint8Array(1 + length(content.length).length + content.length);
  const head = [tag, ...length(content.length)];
  out.set(head, 0);
  out.set(content, head.length);
  return out;
}

/** A PKCS#1 `RSAPrivateKey` (DER) wrapped as PKCS#8 `PrivateKeyInfo`, as openssl wraps it. */
export function pkcs1ToPkcs8(pkcs1) {
  const version = [0x02, 0x01, 0x00];
  const octets = element(0x04, pkcs1);
  const body = new Uint8Array(version.length + RSA_ENCRYPTION.length + octets.length);
  body.set(version, 0);
  body.set(RSA_ENCRYPTION, version.length);
  body.set(octets, version.length + RSA_ENCRYPTION.length);
  return element(0x30, body);
}

function base64(text) {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw refused('the PEM body is not base64');
  const binary = atob(clean);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

/** The PKCS#8 DER of a PEM private key (PKCS#8 or PKCS#1). */
export function pkcs8FromPem(pem) {
  const text = typeof pem === 'string' ? pem : new TextDecoder().decode(pem);
  const found = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!found) throw refused('no PEM block (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)');
  const der = base64(found[2]);
  if (found[1] === 'PRIVATE KEY') return der;
  if (found[1] === 'RSA PRIVATE KEY') return pkcs1ToPkcs8(der);
  if (found[1] === 'ENCRYPTED PRIVATE KEY') throw refused('the key is encrypted: decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)');
  throw refused(`a ${found[1]} block is not an RSA private key`);
}

/** A signer whose key WebCrypto holds: `sign(stringToSign, algorithm) -> Promise<Uint8Array>`. */
export class WebCryptoSigner {
  constructor(key) {
    this.key = key;
  }

  /** Imports a PEM key (PKCS#8 or PKCS#1) into WebCrypto, non-extractable. */
  static async fromPem(pem) {
    const der = pkcs8FromPem(pem);
    try {
      const key = await crypto.subtle.importKey('pkcs8', der, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
      return new WebCryptoSigner(key);
    } catch (error) {
      throw refused(`WebCrypto refused the key: ${error?.message ?? error}`);
    }
  }

  /** RSASSA-PSS, SHA-256, MGF1-SHA-256; salt 32 for -V2, 20 for the older algorithm. */
  async sign(stringToSign, algorithm) {
    const saltLength = algorithm === 'AMZN-PAY-RSASSA-PSS' ? 20 : 32;
    const data = new TextEncoder().encode(stringToSign);
    return new Uint8Array(await crypto.subtle.sign({ name: 'RSA-PSS', saltLength }, this.key, data));
  }
}
