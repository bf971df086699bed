// The pre-launch check, as an operator meets it: on the page of a draft
// before Start (a failing item, then a window outside the legal calling
// hours of the contacts' countries) and on the wizard's Review step before
// the edit is saved, then passing once the problems are fixed.
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
const patch = async (path, data) => created(await api.patch(`${server.url}${path}`, { data }));

// Items of the check on screen, by title: { verdict, text }.
async function items(page) {
  const check = page.getByRole('region', { name: 'Pre-launch check' });
  await check.waitFor();
  return check.evaluate((section) => {
    const out = {};
    for (const item of section.querySelectorAll('.preflight-item')) {
      out[item.querySelector('h3').textContent] = {
        verdict: item.querySelector('.verdict-mark').textContent,
        text: item.querySelector('.preflight-reasons').textContent,
      };
    }
    return out;
  });
}

test('a draft shows a failing item and a window outside the legal calling hours, then passes once fixed', async () => {
  const bot = await post('/api/bots', { name: 'Collections bot', callback_enabled: false });
  const carrier = await post('/api/carriers', { name: 'Acme', cps_limit: 10 });
  const outbound = await post(`/api/carriers/${carrier.id}/numbers`, { number: '+91 80 4567 1001' });
  const campaign = await post('/api/campaigns', {
    name: 'Early collections',
    bot_id: bot.id,
    number_ids: [outbound.id],
    concurrency_limit: 20,
    window: { start: '08:00', end: '20:00', timezone: 'Asia/Kolkata' },
    callback_detection: true,
  });

  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/campaigns/${campaign.id}`);
  let shown = await items(page);
  const verdict = page.locator('.preflight-verdict');
  assert.match(await verdict.textContent(), /fix the failing items before you start/);
  const contacts = shown['The contact list has clean phone numbers'];
  assert.equal(contacts.verdict, 'Fail');
  assert.match(contacts.text, /No contacts yet: upload a CSV in Upload CSV/);
  const bots = shown['The bot is ready for live use'];
  assert.equal(bots.verdict, 'Warning');
  assert.match(bots.text, /Collections bot is not marked ready: place a test call with Test call/);
  assert.match(bots.text, /Callback Detection is on, but Collections bot may not schedule callbacks/);
  assert.equal(shown['The outbound numbers are configured under Carriers'].verdict, 'Pass');
  await shoot(page, 'preflight-detail-failing');

  // The list arrives: two contacts in India, one in the US.
  const upload = await api.put(`${server.url}/api/campaigns/${campaign.id}/contacts`, {
    headers: { 'content-type': 'text/csv' },
    data: 'phone_number,name\n+919876500001,Asha\n+919876500002,Ravi\n+14155550123,Sam\n',
  });
  assert.ok(upload.ok(), await upload.text());
  await page.reload();
  await page.waitForFunction(() => /Countries:/.test(document.querySelector('.preflight')?.textContent ?? ''));
  shown = await items(page);
  const window = shown['The calling time window and working days'];
  assert.equal(window.verdict, 'Warning');
  assert.match(window.text, /2 contacts in India: the window is 08:00–20:00 in Asia\/Kolkata, outside the usual legal calling hours 09:00–21:00 local time \(TRAI/);
  assert.match(window.text, /1 contact in the United States: the window is/);
  assert.equal(shown['The contact list has clean phone numbers'].verdict, 'Pass');
  assert.match(shown['The contact list has clean phone numbers'].text, /Countries: India 2, the United States 1\./);
  await shoot(page, 'preflight-detail-legal-hours');

  // Start warns that the bot never passed a test call, and says how to test;
  // declined, nothing starts. The list's Start asks the same.
  const untested = /^The bot Collections bot has never passed a test call\. Place one from Bots \(Test call\) before calling customers\. Start Early collections anyway\?$/;
  const declineStart = async (startPage) => {
    await startPage.getByRole('button', { name: 'Start' }).click();
    await answer(startPage, untested, 'Cancel');
    assert.equal((await (await api.get(`${server.url}/api/campaigns/${campaign.id}`)).json()).status, 'draft');
  };
  await declineStart(page);
  const list = await context.newPage();
  await list.goto(`${server.url}/dashboard/campaigns`);
  await list.getByRole('row', { name: /Early collections/ }).waitFor();
  // The bots arrive beside the list; the question needs them.
  await list.waitForFunction(() => /Collections bot/.test(document.querySelector('table')?.textContent ?? ''));
  await declineStart(list);
  await list.close();

  // Fixed as the reasons say: the bot (a passing test call), the window.
  await patch(`/api/bots/${bot.id}`, { ready: true, callback_enabled: true });
  // A test call through the simulated carrier, which answers it.
  await post(`/api/bots/${bot.id}/test-calls`, { to: '+91 98123 45678', from_number_id: outbound.id });
  for (let i = 0; i < 300; i += 1) {
    const [call] = await (await api.get(`${server.url}/api/bots/${bot.id}/test-calls`)).json();
    if (call.status === 'ended') {
      assert.equal(call.passed, true, JSON.stringify(call));
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('Campaign Name').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel(/\+918045671001/).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Time Window: Start').fill('10:00');
  await page.getByLabel('Time Window: End').fill('19:00');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  shown = await items(page);
  assert.equal(shown['The calling time window and working days'].verdict, 'Warning', 'the US contact is still called at 10:00 IST (23:30 in New York)');
  assert.match(shown['The contact list has clean phone numbers'].text, /3 contacts to call; every stored number was checked/);
  assert.equal(shown['The outbound numbers are configured under Carriers'].verdict, 'Pass');
  assert.equal(shown['The bot is ready for live use'].verdict, 'Pass');
  assert.match(shown['The bot is ready for live use'].text, /its last test call passed/);
  await shoot(page, 'preflight-review-step');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(new RegExp(`/dashboard/campaigns/${campaign.id}$`));

  // Without the US contact, every item passes.
  await post(`/api/campaigns/${campaign.id}/exclusions`, { phone_numbers: ['+14155550123'] });
  await page.reload();
  shown = await items(page);
  assert.match(await verdict.textContent(), /Every check passed\./);
  for (const [title, item] of Object.entries(shown)) assert.equal(item.verdict, 'Pass', `${title}: ${item.text}`);
  assert.match(shown['The contact list has clean phone numbers'].text, /1 excluded, never dialled\./);
  await shoot(page, 'preflight-detail-passing');

  // Running: the check gives way to the dashboard. Its bot passed a test
  // call: Start asks nothing.
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForSelector('.status-running');
  assert.equal(await asking(page), false, 'no question once the bot passed a test call');
  assert.equal(await page.getByRole('region', { name: 'Pre-launch check' }).count(), 0);
  // Its bot passed a test call: Start says nothing more.
  assert.equal(await page.locator('.form-error').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
