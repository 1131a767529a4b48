// workerd (Cloudflare Workers): the module imported as a compiled WebAssembly module.
import wasm from './gen/amazon_pay_wasm_bg.wasm';
import { initSync } from './gen/amazon_pay_wasm.js';

initSync({ module: wasm });

export * from './index.js';
