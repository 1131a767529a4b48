// The buyer, in real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): opens the session's amazonPayRedirectUrl, reads the
// sandbox's page, clicks the card, and follows the redirect back to the shop.
// Prints {"summary": …, "landed": …, "shop": …} as JSON.
'use strict';

const { chromium } = require('playwright-core');

async function main() {
    const url = process.env.REDIRECT_URL;
    const card = process.env.CARD || '1111';
    const shop = process.env.SHOP_URL;
    if (!url || !shop) throw new Error('set REDIRECT_URL and SHOP_URL');
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: [
            '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
        ],
    });
    try {
        const page = await browser.newPage();
        await page.goto(url);
        const summary = await page.textContent('#summary');
        await Promise.all([
            page.waitForURL((target) => target.href.startsWith(shop), { timeout: 15000 }),
            page.click(`#card-${card}`),
        ]);
        const text = await page.textContent('body');
        process.stdout.write(JSON.stringify({ summary, landed: page.url(), shop: text.trim() }) + '\n');
    } finally {
        await browser.close();
    }
}

main().catch((error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
});
