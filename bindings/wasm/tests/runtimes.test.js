// The package in the runtimes besides Node: inside workerd (Cloudflare's
// runtime, from npm) a Worker, and in Deno (from npm) a script, run the seed
// checkout of flow.js against the sandbox server over loopback.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import { KEY_ID, PRIVATE_PEM, REPO, startSandbox } from './sandbox.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PACKAGE = join(HERE, 'node_modules', 'amazon-pay-core');
const FILES = ['workerd.js', 'index.js', 'client.js', 'errors.js', 'keys.js', 'operations.js', 'gen/amazon_pay_wasm.js'];

let sandbox;
let dir;
before(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'amazon-pay-workerd-'));
});
after(() => {
  sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
});

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function capnpString(text) {
  return JSON.stringify(text);
}

test('a checkout inside workerd', { timeout: 120_000 }, async () => {
  mkdirSync(join(dir, 'pkg', 'gen'), { recursive: true });
  for (const file of [...FILES, 'gen/amazon_pay_wasm_bg.wasm']) cpSync(join(PACKAGE, file), join(dir, 'pkg', file));
  cpSync(join(HERE, 'workerd', 'worker.js'), join(dir, 'worker.js'));
  cpSync(join(HERE, 'flow.js'), join(dir, 'flow.js'));
  const port = await freePort();
  const modules = [
    '(name = "worker.js", esModule = embed "worker.js")',
    '(name = "flow.js", esModule = embed "flow.js")',
    ...FILES.map((file) => `(name = "amazon-pay-core/${file}", esModule = embed "pkg/${file}")`),
    '(name = "amazon-pay-core/gen/amazon_pay_wasm_bg.wasm", wasm = embed "pkg/gen/amazon_pay_wasm_bg.wasm")',
  ];
  writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [${modules.join(',\n    ')}],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat"],
  globalOutbound = "loopback",
  bindings = [
    (name = "SANDBOX", text = ${capnpString(sandbox.url)}),
    (name = "KEY_ID", text = ${capnpString(KEY_ID)}),
    (name = "PRIVATE_KEY", text = ${capnpString(PRIVATE_PEM)}),
  ],
);
`);
  const workerd = spawn(join(HERE, 'node_modules', '.bin', 'workerd'), ['serve', join(dir, 'config.capnp')], { stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    let answer;
    for (let i = 0; i < 100 && answer === undefined; i += 1) {
      try {
        answer = await fetch(`http://127.0.0.1:${port}/`);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    assert.ok(answer, 'workerd did not start');
    const text = await answer.text();
    assert.equal(answer.status, 200, text);
    expectCheckout(JSON.parse(text));
  } finally {
    workerd.kill();
  }
});

function expectCheckout(result) {
  assert.equal(result.buyer, 302);
  assert.equal(result.captured, 'Captured');
  assert.equal(result.refused, 'RefundExceedsAllowance');
  assert.ok(result.refund);
}

test('a checkout in Deno', { timeout: 120_000 }, async () => {
  const deno = spawn(
    join(HERE, 'node_modules', '.bin', 'deno'),
    ['run', '--no-prompt', '--allow-read', '--allow-net=127.0.0.1', join(HERE, 'deno', 'checkout.js'), sandbox.url, KEY_ID, `${REPO}tests/vectors/keys/rsa2048.pkcs8.pem`],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } },
  );
  let out = '';
  deno.stdout.on('data', (chunk) => {
    out += chunk;
  });
  const code = await new Promise((resolve) => deno.on('close', resolve));
  assert.equal(code, 0, out);
  expectCheckout(JSON.parse(out.trim().split('\n').at(-1)));
});
