// Deno and browsers: the module fetched beside this file.
import init from './gen/amazon_pay_wasm.js';

await init({ module_or_path: new URL('./gen/amazon_pay_wasm_bg.wasm', import.meta.url) });

export * from './index.js';
