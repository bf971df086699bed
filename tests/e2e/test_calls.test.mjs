// A bot's test call, as an operator places one on the Bots page: their own
// number typed as they would (no country code), an outbound number chosen,
// the call followed to its end through the simulated carrier, its outcome
// shown and the bot's row updated; a bad number refused beside the field;
// and marking an untested bot ready asks first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors, signedInContext, created, shoot, answer, asking } from './harness.mjs';

let server;
let browser;
let context;
let api;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await signedInContext(browser, server);
  api = context.request;
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const post = async (path, data) => created(await api.post(`${server.url}${path}`, { data }));

test('a test call rings, is answered, ends and passes the bot; a bad number is refused beside its field', async () => {
  const bot = await post('/api/bots', { name: 'Renewals bot', callback_enabled: true });
  const carrier = await post('/api/carriers', { name: 'Acme', cps_limit: 5 });
  await post(`/api/carriers/${carrier.id}/numbers`, { number: '+91 80 4567 2001', label: 'Main line' });
  await post(`/api/carriers/${carrier.id}/numbers`, { number: '+91 80 4567 2002', inbound_only: true });

  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/bots`);
  const row = page.getByRole('row', { name: /Renewals bot/ });
  await row.waitFor();
  assert.match(await row.textContent(), /No passed test call yet/);

  // Marking it ready without a passed test call asks first; declined, it stays unticked.
  const ready = page.getByLabel('Ready — Renewals bot');
  await ready.click();
  await answer(page, /Renewals bot has never passed a test call\. Mark it ready for live use anyway\?/, 'Cancel');
  await page.waitForFunction(() => !document.querySelector('#bot-1-ready').checked);
  assert.equal((await (await api.get(`${server.url}/api/bots/${bot.id}`)).json()).ready, false);

  await page.getByRole('button', { name: 'Test call Renewals bot' }).click();
  const panel = page.getByRole('region', { name: 'Test calls of Renewals bot' });
  await panel.waitFor();
  assert.match(await panel.textContent(), /No test call yet/);
  // Only outbound numbers can call.
  const from = panel.getByLabel('Call from');
  const options = await from.locator('option').allTextContents();
  assert.deepEqual(options, ['+918045672001 (Main line) — Acme']);

  await panel.getByLabel('Phone number to call').fill('+91 98765');
  await panel.getByRole('button', { name: 'Place test call' }).click();
  await panel.locator('#bot-1-test-to-message.field-error').waitFor();
  assert.match(await panel.locator('#bot-1-test-to-message').textContent(), /too short/);

  await panel.getByLabel('Phone number to call').fill('98123 45678');
  await panel.getByRole('button', { name: 'Place test call' }).click();
  const call = panel.locator('.test-call').first();
  await call.waitFor();
  assert.match(await call.textContent(), /\+918045672001 → \+919812345678/);
  assert.match(await call.textContent(), /by admin/);
  await shoot(page, 'bots-test-call-live');
  // The simulated operator answers after 2–4 s and talks 6–10 s.
  await panel.locator('.test-call-passed').waitFor({ timeout: 30000 });
  const outcome = await panel.locator('.test-call-passed').first().textContent();
  assert.match(outcome, /Passed/);
  assert.match(outcome, /connected, \d+ s, a person answered/);
  await page.waitForFunction(() => /Last passed test call: \d{4}-\d{2}-\d{2}/.test(document.querySelector('.bot-table').textContent));
  await shoot(page, 'bots-test-call-passed');

  const calls = await (await api.get(`${server.url}/api/bots/${bot.id}/test-calls`)).json();
  assert.equal(calls.length, 1);
  assert.equal(calls[0].passed, true);
  assert.equal(calls[0].disposition, 'connected');
  const stored = await (await api.get(`${server.url}/api/bots/${bot.id}`)).json();
  assert.equal(stored.last_passed_test_call, calls[0].ended_at);

  // Now Ready is ticked without a question.
  await page.getByLabel('Ready — Renewals bot').check();
  await page.waitForFunction(async () => (await (await fetch('/api/bots/1')).json()).ready === true);
  assert.equal(await asking(page), false, 'no question once a test call passed');
  // The browser logs the refused bad number's 422; nothing else.
  assert.deepEqual(errors.filter((e) => !e.includes('status of 422')), []);
  await page.close();
});
