// The app shell served by the real binary: the WASM app renders, the header
// navigates between the three sections, and deep links survive a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors, signedInContext } from './harness.mjs';

let server;
let browser;
let context;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await signedInContext(browser, server);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

test('the root address redirects to the campaign list, rendered by the wasm app', async () => {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/`);
  await page.waitForSelector('h1:has-text("Campaigns")');
  assert.equal(new URL(page.url()).pathname, '/dashboard/campaigns');
  assert.equal(await page.textContent('.brand'), 'Outdial');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the header navigates between Campaigns, Bots and Carriers without a reload', async () => {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/campaigns`);
  await page.waitForSelector('h1:has-text("Campaigns")');
  // A marker on window survives client-side navigation only.
  await page.evaluate(() => (window.__sameDocument = true));

  await page.click('.app-nav >> text=Bots');
  await page.waitForSelector('h1:has-text("Bots")');
  assert.equal(new URL(page.url()).pathname, '/dashboard/bots');
  assert.equal(await page.getAttribute('.app-nav a[href="/dashboard/bots"]', 'aria-current'), 'page');

  await page.click('.app-nav >> text=Carriers');
  await page.waitForSelector('h1:has-text("Carriers")');
  assert.equal(new URL(page.url()).pathname, '/dashboard/carriers');

  await page.click('.app-nav >> text=Campaigns');
  await page.waitForSelector('h1:has-text("Campaigns")');
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a deep link to the wizard survives a reload', async () => {
  const page = await context.newPage();
  await page.goto(`${server.url}/dashboard/campaigns/new`);
  await page.waitForSelector('.wizard-steps');
  await page.reload();
  await page.waitForSelector('.wizard-steps');
  const steps = await page.locator('.wizard-steps li').allTextContents();
  assert.equal(steps.length, 5);
  assert.match(steps[0], /Basics/);
  assert.match(steps[4], /Review/);
  await page.close();
});

test('a signed-out operator who opens a dashboard page is sent to sign in', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/dashboard/bots`);
  await page.waitForSelector('h1:has-text("Sign in to Outdial")');
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.close();
});

test('the lists show what the API holds: a bot, a carrier with its number, a campaign', async () => {
  const api = context.request;
  const bot = await (await api.post(`${server.url}/api/bots`, {
    data: { name: 'Renewal bot', description: 'Q2 renewals', callback_enabled: true, ready: true },
  })).json();
  const carrier = await (await api.post(`${server.url}/api/carriers`, {
    data: { name: 'Exotel', cps_limit: 5 },
  })).json();
  const number = await (await api.post(`${server.url}/api/carriers/${carrier.id}/numbers`, {
    data: { number: '+91 80 4567 8901', label: 'Support team' },
  })).json();
  const created = await api.post(`${server.url}/api/campaigns`, {
    data: { name: 'Q2 Renewal Drive', bot_id: bot.id, number_ids: [number.id] },
  });
  assert.equal(created.status(), 201);

  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/campaigns`);
  await page.waitForSelector('.data-table >> text=Q2 Renewal Drive');
  assert.equal(await page.textContent('.data-table .status'), 'draft');

  await page.click('.app-nav >> text=Bots');
  await page.waitForSelector('.data-table >> text=Renewal bot');
  assert.match(await page.textContent('.data-table tbody tr'), /Ready/);

  await page.click('.app-nav >> text=Carriers');
  await page.waitForSelector('.carrier >> text=Exotel');
  assert.match(await page.textContent('.carrier'), /5 calls per second · 1 number/);
  assert.match(await page.textContent('.number-list'), /\+918045678901 \(Support team\)/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the health endpoint names the engine', async () => {
  const response = await fetch(`${server.url}/api/health`);
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.status, 'ok');
  assert.equal(body.database, 'sqlite');
});

test('an unknown API route answers with the JSON error shape, not the app', async () => {
  const response = await fetch(`${server.url}/api/nothing-here`);
  assert.equal(response.status, 404);
  const body = await response.json();
  assert.equal(body.error.code, 'not_found');
});
