// The sandbox's dashboard in real headless Chromium: reads the objects and
// the requests, advances the virtual clock with the page's form, and saves
// a screenshot of the page after it. Prints {"objects": …, "requests": …,
// "offsetBefore": …, "offsetAfter": …} as JSON.
'use strict';

const { chromium } = require('playwright-core');

async function main() {
    const url = process.env.DASHBOARD_URL;
    const screenshot = process.env.SCREENSHOT;
    if (!url || !screenshot) throw new Error('set DASHBOARD_URL and SCREENSHOT');
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: [
            '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
        ],
    });
    try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(url);
        const objects = await page.$$eval('tr.object', (rows) =>
            rows.map((row) => Array.from(row.cells, (cell) => cell.textContent.trim())));
        const requests = await page.$$eval('tr.request', (rows) =>
            rows.map((row) => Array.from(row.cells, (cell) => cell.textContent.trim())));
        const offsetBefore = await page.textContent('#offset');
        await page.fill('#advance-seconds', process.env.ADVANCE || '3600');
        await Promise.all([page.waitForNavigation({ timeout: 15000 }), page.click('#advance')]);
        const offsetAfter = await page.textContent('#offset');
        const after = await page.$$eval('tr.object', (rows) =>
            rows.map((row) => Array.from(row.cells, (cell) => cell.textContent.trim())));
        await page.screenshot({ path: screenshot, fullPage: true });
        process.stdout.write(JSON.stringify({
            objects, requests, offsetBefore, offsetAfter, after, landed: page.url(),
        }) + '\n');
    } finally {
        await browser.close();
    }
}

main().catch((error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
});
