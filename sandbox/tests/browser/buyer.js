// The buyer, in real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): opens the session's amazonPayRedirectUrl, reads the
// sandbox's page, clicks the card, and follows the redirect back to the shop.
// Prints {"summary": …, "landed": …, "shop": …} as JSON.
'use strict';

const { launch, run } = require('./chromium');

async function main() {
    const url = process.env.REDIRECT_URL;
    const card = process.env.CARD || '1111';
    const shop = process.env.SHOP_URL;
    if (!url || !shop) throw new Error('set REDIRECT_URL and SHOP_URL');
    const browser = await launch();
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

run(main);
