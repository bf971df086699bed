// A new operator sets up in the browser alone: a bot on the Bots page, a
// carrier with numbers on the Carriers page (a bad number refused beside
// its field), and both show up in the wizard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors, signedInContext, shoot, answer } from './harness.mjs';

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


test('a bot and a carrier with numbers are set up in the browser and offered by the wizard', async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const errors = watchErrors(page);

  await page.goto(`${server.url}/dashboard/bots`);
  await page.getByRole('button', { name: 'Add bot' }).waitFor();
  await page.getByRole('button', { name: 'Add bot' }).click();
  assert.equal(await page.textContent('#bot-name-message'), 'Name is required.');
  await page.getByLabel('Name', { exact: true }).fill('Renewals voice');
  await page.getByLabel('Description').fill('Reminds customers of their renewal');
  await page.getByLabel('Callbacks enabled').check();
  await page.getByRole('button', { name: 'Add bot' }).click();
  await page.waitForSelector('td:has-text("Renewals voice")');
  await page.getByLabel('Ready — Renewals voice').check();
  // It never passed a test call: marking it ready asks first.
  await answer(page, /^Renewals voice has never passed a test call\. Mark it ready for live use anyway\?/, 'Mark ready');
  await page.waitForFunction(async () => (await (await fetch('/api/bots')).json()).some((b) => b.name === 'Renewals voice' && b.ready));
  const bots = await (await context.request.get(`${server.url}/api/bots`)).json();
  const bot = bots.find((b) => b.name === 'Renewals voice');
  assert.equal(bot.callback_enabled, true);
  assert.equal(bot.ready, true);
  await shoot(page, 'bots');

  await page.goto(`${server.url}/dashboard/carriers`);
  await page.getByRole('button', { name: 'Add carrier' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('Acme Telecom');
  await page.getByLabel('Calls per second').fill('5000');
  await page.getByRole('button', { name: 'Add carrier' }).click();
  assert.match(await page.textContent('#carrier-cps-message'), /between 1 and 1000/);
  await page.getByLabel('Calls per second').fill('20');
  await page.getByRole('button', { name: 'Add carrier' }).click();
  const card = page.getByRole('region', { name: 'Acme Telecom' });
  await card.waitFor();
  await card.getByLabel('Number', { exact: true }).fill('+91 98765');
  await card.getByRole('button', { name: 'Add number' }).click();
  await card.locator('.field-error').waitFor();
  assert.match(await card.locator('.field-error').textContent(), /too short/);
  await card.getByLabel('Number', { exact: true }).fill('+91 80 4567 8901');
  await card.getByLabel('Label').fill('Support team');
  await card.getByRole('button', { name: 'Add number' }).click();
  await card.locator('li:has-text("+918045678901")').waitFor();
  await card.getByLabel('Number', { exact: true }).fill('+91-80-4567-8902');
  await card.getByLabel('Inbound only').check();
  await card.getByRole('button', { name: 'Add number' }).click();
  await card.locator('li:has-text("+918045678902")').waitFor();
  assert.match(await card.textContent(), /\(Support team\)/);
  assert.match(await card.textContent(), /Inbound only/);
  await shoot(page, 'carriers');

  await page.goto(`${server.url}/dashboard/campaigns/new`);
  await page.getByLabel('Bot', { exact: true }).selectOption({ label: 'Renewals voice' });
  await page.getByLabel('Campaign Name').fill('Set up in the browser');
  await page.getByRole('button', { name: 'Next' }).click();
  assert.equal(await page.getByLabel(/\+918045678901/).isDisabled(), false);
  assert.equal(await page.getByLabel(/\+918045678902/).isDisabled(), true);
  // The browser logs the one refusal it was meant to get: the short number.
  assert.deepEqual(errors, ['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
  await page.close();
});

test('a bot is renamed in place, and a taken name is refused beside the field', async () => {
  const api = context.request;
  for (const name of ['Renewals bot', 'Collections bot']) {
    const made = await api.post(`${server.url}/api/bots`, { data: { name } });
    assert.equal(made.status(), 201);
  }
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/bots`);
  await page.getByRole('button', { name: 'Edit Renewals bot' }).click();
  const form = page.locator('.edit-row');
  await form.getByLabel('Name').fill('Collections bot');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.locator('.form-error').waitFor();
  assert.match(await form.locator('.form-error').textContent(), /Collections bot/);
  await form.getByLabel('Name').fill('Renewals bot (Hindi)');
  await form.getByLabel('Description').fill('Speaks Hindi and English');
  await shoot(page, 'bots-edit');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('cell', { name: 'Renewals bot (Hindi)', exact: true }).waitFor();
  await page.getByRole('cell', { name: 'Speaks Hindi and English', exact: true }).waitFor();
  assert.equal(await page.locator('.edit-row').count(), 0);
  // The refused name's 409 or 422 is the only console line.
  assert.equal(errors.length, 1, JSON.stringify(errors));
  await page.close();
});

test('a carrier is renamed and a number relabelled and marked inbound-only in place', async () => {
  const api = context.request;
  const carrier = await (await api.post(`${server.url}/api/carriers`, { data: { name: 'Old name', cps_limit: 7 } })).json();
  const number = await api.post(`${server.url}/api/carriers/${carrier.id}/numbers`, { data: { number: '+91 80 4567 8999' } });
  assert.equal(number.status(), 201);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/carriers`);
  const card = page.getByRole('region', { name: 'Old name' });
  await card.getByLabel('Carrier name').fill('Exotel Mumbai');
  await card.getByRole('button', { name: 'Save' }).click();
  const renamed = page.getByRole('region', { name: 'Exotel Mumbai' });
  await renamed.waitFor();
  assert.match(await renamed.textContent(), /7 calls per second/);

  await renamed.getByRole('button', { name: 'Edit +918045678999' }).click();
  const edit = renamed.locator('.number-edit');
  await edit.getByLabel('Label').fill('Collections line');
  await edit.getByLabel('Inbound only').check();
  await shoot(page, 'carriers-edit');
  await edit.getByRole('button', { name: 'Save' }).click();
  await renamed.locator('li:has-text("(Collections line)")').waitFor();
  assert.match(await renamed.locator('li:has-text("+918045678999")').textContent(), /Inbound only/);
  const stored = await (await api.get(`${server.url}/api/carriers/${carrier.id}`)).json();
  assert.equal(stored.name, 'Exotel Mumbai');
  assert.deepEqual(
    stored.numbers.map((n) => [n.number, n.label, n.inbound_only]),
    [['+918045678999', 'Collections line', true]],
  );
  assert.deepEqual(errors, []);
  await page.close();
});
