// Node.js ≥ 20: the module read from the package's directory.
import { readFileSync } from 'node:fs';
import { initSync } from './gen/amazon_pay_wasm.js';

initSync({ module: readFileSync(new URL('./gen/amazon_pay_wasm_bg.wasm', import.meta.url)) });

export * from './index.js';
