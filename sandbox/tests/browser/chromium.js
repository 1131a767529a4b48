// What the browser scripts share: Debian's headless Chromium launched the
// same way (playwright-core, no network beyond loopback), and a main that
// reports its error and exits 1.
'use strict';

const { chromium } = require('playwright-core');

function launch() {
    return chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: [
            '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
        ],
    });
}

function run(main) {
    main().catch((error) => {
        process.stderr.write(`${error.stack || error}\n`);
        process.exit(1);
    });
}

module.exports = { launch, run };
