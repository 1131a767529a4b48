// The seed checkout in Deno, with the package's Deno entry (web.js):
// deno run --allow-read --allow-net=127.0.0.1 deno/checkout.js SANDBOX_URL KEY_ID KEY_FILE
import * as api from '../node_modules/amazon-pay-core/web.js';
import { checkout } from '../flow.js';

const [sandbox, keyId, keyFile] = Deno.args;
const result = await checkout(api, { sandbox, keyId, privateKey: await Deno.readTextFile(keyFile) });
console.log(JSON.stringify(result));
