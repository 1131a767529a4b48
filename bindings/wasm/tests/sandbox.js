// The sandbox server for the tests: the amazon-pay-sandbox binary on a
// free loopback port (plain HTTP), stopped when the test process ends.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const KEY_ID = 'SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B';
export const PRIVATE_PEM = readFileSync(`${REPO}tests/vectors/keys/rsa2048.pkcs8.pem`, 'utf8');
export const PKCS1_PEM = readFileSync(`${REPO}tests/vectors/keys/rsa2048.pkcs1.pem`, 'utf8');

/** Starts the sandbox; resolves to { url, stop }. */
export function startSandbox() {
  const binary = process.env.AMAZON_PAY_SANDBOX_BIN ?? `${REPO}target/debug/amazon-pay-sandbox`;
  const child = spawn(binary, ['--listen', '127.0.0.1:0', '--key', `${KEY_ID}=${REPO}tests/vectors/keys/rsa2048.spki.pem`, '--seed', '21'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.on('exit', () => child.kill());
  return new Promise((resolve, reject) => {
    let seen = '';
    let url;
    child.on('error', (error) => reject(new Error(`cannot start ${binary}: ${error.message} (build it: cargo build -p amazon-pay-sandbox --bin amazon-pay-sandbox, or set AMAZON_PAY_SANDBOX_BIN)`)));
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      url ??= /on (http:\/\/127\.0\.0\.1:\d+)\/v2/.exec(seen)?.[1];
      if (url && seen.includes('ids seeded')) resolve({ url, stop: () => child.kill() });
    });
  });
}

/** The buyer's click on the sandbox's page: the redirect's Location (not followed). */
export async function buyerApproves(url, sessionId, card = '1111') {
  const answer = await fetch(`${url}/__sandbox/buyer/${sessionId}/approve?card=${card}`, { redirect: 'manual' });
  if (answer.status !== 302) throw new Error(`buyer page answered ${answer.status}`);
  return answer.headers.get('location');
}

export const usd = (amount) => ({ amount, currencyCode: 'USD' });
