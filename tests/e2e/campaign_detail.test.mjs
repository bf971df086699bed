// The campaign detail page drives the lifecycle through the real API: only
// the buttons the status allows are shown, a refused start says why, and
// Clone opens the new draft in the wizard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors, signedInContext, dashboardFigures } from './harness.mjs';

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

async function draftCampaign(name) {
  const api = context.request;
  const bot = await (await api.post(`${server.url}/api/bots`, { data: { name: `${name} bot`, ready: true } })).json();
  const carrier = await (await api.post(`${server.url}/api/carriers`, { data: { name: `${name} carrier` } })).json();
  const number = await (await api.post(`${server.url}/api/carriers/${carrier.id}/numbers`, {
    data: { number: `+91 80 4567 ${String(8000 + carrier.id)}` },
  })).json();
  return (await api.post(`${server.url}/api/campaigns`, {
    data: { name, bot_id: bot.id, number_ids: [number.id] },
  })).json();
}

async function buttons(page) {
  return (await page.locator('.actions button').allTextContents()).map((t) => t.trim());
}

test('a draft without contacts cannot start, and the page says why', async () => {
  const campaign = await draftCampaign('Empty list');
  const page = await context.newPage();
  await page.goto(`${server.url}/dashboard/campaigns/${campaign.id}`);
  await page.waitForSelector('.status-draft');
  assert.deepEqual(await buttons(page), ['Start', 'Clone', 'Delete']);
  await page.click('.actions >> text=Start');
  await page.waitForSelector('.form-error');
  assert.match(await page.textContent('.form-error'), /contact/i);
  await page.close();
});

test('start, pause, resume, stop and clone from the detail page', async () => {
  const campaign = await draftCampaign('Q3 Reminders');
  const upload = await context.request.put(`${server.url}/api/campaigns/${campaign.id}/contacts`, {
    headers: { 'content-type': 'text/csv' },
    data: 'phone_number,name\n98765 43210,Asha\n+44 20 7946 0958,John\n',
  });
  assert.equal(upload.status(), 200);

  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/campaigns/${campaign.id}`);
  await page.waitForSelector('.status-draft');
  assert.match(await page.textContent('.facts'), /Contacts\s*2/);
  assert.equal((await page.evaluate(dashboardFigures)).Pending, 2);

  await page.click('.actions >> text=Start');
  await page.waitForSelector('.status-running');
  assert.deepEqual(await buttons(page), ['Pause', 'Stop', 'Clone']);

  await page.click('.actions >> text=Pause');
  await page.waitForSelector('.status-paused');
  await page.click('.actions >> text=Resume');
  await page.waitForSelector('.status-running');
  // Stop asks first.
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('.actions >> text=Stop');
  await page.waitForSelector('.status-completed');
  assert.deepEqual(await buttons(page), ['Restart', 'Clone']);

  // Clone opens the new draft in the wizard.
  await page.click('.actions >> text=Clone');
  await page.waitForURL(/\/dashboard\/campaigns\/\d+\/edit$/);
  assert.notEqual(new URL(page.url()).pathname, `/dashboard/campaigns/${campaign.id}/edit`);
  assert.equal(await page.getByLabel('Campaign Name').inputValue(), 'Q3 Reminders (copy)');
  assert.deepEqual(errors, []);
  await page.close();
});
