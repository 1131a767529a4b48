// A Worker running the seed checkout with the package, inside workerd,
// against the sandbox server over loopback.
import * as api from 'amazon-pay-core/workerd.js';
import { checkout } from './flow.js';

export default {
  async fetch(request, env) {
    const result = await checkout(api, { sandbox: env.SANDBOX, keyId: env.KEY_ID, privateKey: env.PRIVATE_KEY });
    return Response.json(result);
  },
};
