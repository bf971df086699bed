// The page split by page (scripts/build-page.sh, frontend/src/page_chunks.rs):
// each route's first download, as the browser receives it (gzip), stays
// within issue 10's budget; a page's code is fetched only when its route
// opens; and a page whose code cannot be fetched says so, with a Retry
// that loads it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors, signedInContext, created } from './harness.mjs';

// Issue 10: "the page's first download ≤ 500 KB gzip" (wasm, JS, CSS; here
// also the HTML and the icon: everything but the API's answers).
const BUDGET_BYTES = 500 * 1000;

let server;
let browser;

before(async () => {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Records every response of `page` that is not the API's.
function recordDownloads(page) {
  const responses = [];
  page.on('response', (response) => {
    if (!new URL(response.url()).pathname.startsWith('/api/')) responses.push(response);
  });
  return {
    // The file names fetched so far ("split_bots.wasm", "chunk_3.wasm", …).
    names: () => responses.map((r) => new URL(r.url()).pathname.split('/').pop()),
    // Bytes received for the bodies, as sent (gzip where the server sent it).
    async bytes() {
      const sizes = await Promise.all(responses.map((r) => r.request().sizes()));
      return sizes.reduce((sum, size) => sum + size.responseBodySize, 0);
    },
    responses,
  };
}

test("each page's first download, in a fresh browser, stays within 500 KB", async () => {
  const signedIn = await signedInContext(browser, server);
  const campaigns = await created(await signedIn.request.get(`${server.url}/api/campaigns`));
  const demo = campaigns.items[0];
  assert.ok(demo, 'the demo campaign exists');
  await signedIn.close();

  const routes = [
    ['/login', 'Sign in to Outdial', false],
    ['/dashboard/campaigns', 'Campaigns', true],
    [`/dashboard/campaigns/${demo.id}`, demo.name, true],
    ['/dashboard/campaigns/new', 'Create a campaign', true],
    ['/dashboard/bots', 'Bots', true],
    ['/dashboard/carriers', 'Carriers', true],
    ['/dashboard/settings', 'Settings', true],
  ];
  const figures = [];
  for (const [path, heading, signedInRoute] of routes) {
    // A new context each time: nothing cached from the route before.
    const context = signedInRoute ? await signedInContext(browser, server) : await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    const downloads = recordDownloads(page);
    await page.goto(`${server.url}${path}`);
    // The page draws its heading only once its code has arrived.
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    const bytes = await downloads.bytes();
    const encodings = downloads.responses
      .filter((r) => /\.(wasm|js)$/.test(new URL(r.url()).pathname))
      .map((r) => r.headers()['content-encoding']);
    figures.push(`${path}: ${(bytes / 1000).toFixed(1)} KB in ${downloads.responses.length} files`);
    assert.ok(encodings.length > 0 && encodings.every((e) => e === 'gzip'), `${path}: wasm and JS arrive gzipped (${encodings})`);
    assert.ok(bytes <= BUDGET_BYTES, `${path} downloads ${bytes} bytes, over the ${BUDGET_BYTES} budget: ${downloads.names()}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
  console.log(`first downloads (gzip as sent):\n  ${figures.join('\n  ')}`);
});

test("a page's code is fetched when its route first opens, not before", async () => {
  const context = await signedInContext(browser, server);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const downloads = recordDownloads(page);
  await page.goto(`${server.url}/dashboard/campaigns`);
  await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
  const atStart = downloads.names();
  assert.ok(atStart.includes('split_campaigns.wasm'), `the list's code: ${atStart}`);
  for (const other of ['split_campaign_wizard.wasm', 'split_bots.wasm', 'split_carriers.wasm', 'split_settings.wasm']) {
    assert.ok(!atStart.includes(other), `${other} is not fetched with the list`);
  }

  await page.getByRole('link', { name: 'Bots', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Bots' }).waitFor();
  assert.ok(downloads.names().includes('split_bots.wasm'), 'opening Bots fetched its code');

  // Back to the list: its code is already here, nothing is fetched again.
  const before = downloads.names().length;
  await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
  const again = downloads.names().slice(before).filter((name) => name.endsWith('.wasm'));
  assert.deepEqual(again, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a page whose code cannot be fetched says so, and Retry loads it", async () => {
  const context = await signedInContext(browser, server);
  const page = await context.newPage();
  // The network drops every page chunk (the main module still loads) until
  // the operator retries.
  let offline = true;
  await page.route(/\/page-[0-9a-f]+\/(split|chunk)_[^/]*\.wasm$/, (route) =>
    offline ? route.abort('internetdisconnected') : route.continue(),
  );
  await page.goto(`${server.url}/dashboard/carriers`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /^This page could not be loaded from the server\. Check the connection, then retry\.$/);

  offline = false;
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('heading', { level: 1, name: 'Carriers' }).waitFor();
  assert.equal(await page.getByRole('alert').count(), 0);
  await context.close();
});
