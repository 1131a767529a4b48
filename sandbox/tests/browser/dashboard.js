// The sandbox's dashboard in real headless Chromium: reads the objects and
// the requests, advances the virtual clock with the page's form, and saves
// a screenshot of the page after it. Prints {"objects": …, "requests": …,
// "offsetBefore": …, "offsetAfter": …} as JSON.
'use strict';

const { launch, run } = require('./chromium');

// The text of each cell of the rows matching `selector`.
function cells(page, selector) {
    return page.$$eval(selector, (rows) =>
        rows.map((row) => Array.from(row.cells, (cell) => cell.textContent.trim())));
}

async function main() {
    const url = process.env.DASHBOARD_URL;
    const screenshot = process.env.SCREENSHOT;
    if (!url || !screenshot) throw new Error('set DASHBOARD_URL and SCREENSHOT');
    const browser = await launch();
    try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(url);
        const objects = await cells(page, 'tr.object');
        const requests = await cells(page, 'tr.request');
        const offsetBefore = await page.textContent('#offset');
        await page.fill('#advance-seconds', process.env.ADVANCE || '3600');
        await Promise.all([page.waitForNavigation({ timeout: 15000 }), page.click('#advance')]);
        const offsetAfter = await page.textContent('#offset');
        const after = await cells(page, 'tr.object');
        await page.screenshot({ path: screenshot, fullPage: true });
        process.stdout.write(JSON.stringify({
            objects, requests, offsetBefore, offsetAfter, after, landed: page.url(),
        }) + '\n');
    } finally {
        await browser.close();
    }
}

run(main);
