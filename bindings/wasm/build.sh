#!/usr/bin/env bash
# Builds the npm package: the wasm module (profile `wasm`), its JavaScript
# glue by wasm-bindgen (the CLI of the version Cargo.lock pins), and the
# tarball by `npm pack`. Prints the tarball's path.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --locked -q -p amazon-pay-wasm --target wasm32-unknown-unknown --profile wasm
rm -rf bindings/wasm/package/gen
wasm-bindgen --target web --remove-name-section --remove-producers-section \
    --out-dir bindings/wasm/package/gen --out-name amazon_pay_wasm \
    target/wasm32-unknown-unknown/wasm/amazon_pay_wasm.wasm
(cd bindings/wasm/package && npm pack --silent --pack-destination ../../../target >/dev/null)
echo "target/amazon-pay-core-0.1.0.tgz"
