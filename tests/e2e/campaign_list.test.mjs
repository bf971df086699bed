// The campaign list as an operator uses it: the empty state leads to the
// wizard; each row shows bot, status, progress, live calls and the window;
// filters by status and name; Start from the row and the counts move
// without a reload (one stream for the whole list); Stop and Delete ask
// first; Clone opens the copy in the wizard. Screenshots at 1280 and 390 px
// in target/e2e-screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors, signedInContext, created, utcClock, shoot, acceptUntestedBot, answer } from './harness.mjs';

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


let setup;
async function botAndNumbers() {
  if (setup) return setup;
  const api = context.request;
  const bot = await created(await api.post(`${server.url}/api/bots`, { data: { name: 'Renewals bot', ready: true } }));
  const carrier = await created(await api.post(`${server.url}/api/carriers`, { data: { name: 'List carrier', cps_limit: 5 } }));
  const number = await created(await api.post(`${server.url}/api/carriers/${carrier.id}/numbers`, {
    data: { number: '+91 22 4000 0101' },
  }));
  setup = { bot, number };
  return setup;
}

// A draft whose window is open now (or, with `closed`, opens in two hours),
// with `contacts` contacts.
async function draft(name, contacts, { closed = false, concurrency = 4 } = {}) {
  const { bot, number } = await botAndNumbers();
  const window = closed
    ? { start: utcClock(2), end: utcClock(4), timezone: 'UTC' }
    : { start: utcClock(-1), end: utcClock(3), timezone: 'UTC' };
  const campaign = await created(await context.request.post(`${server.url}/api/campaigns`, {
    data: {
      name,
      bot_id: bot.id,
      number_ids: [number.id],
      mode: 'multi_day',
      concurrency_limit: concurrency,
      window,
      working_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    },
  }));
  if (contacts > 0) {
    const rows = Array.from({ length: contacts }, (_, i) => `+9190001${String(i + 1).padStart(5, '0')},Asha ${i + 1}`);
    await created(await context.request.put(`${server.url}/api/campaigns/${campaign.id}/contacts`, {
      headers: { 'content-type': 'text/csv' },
      data: `phone_number,name\n${rows.join('\n')}\n`,
    }));
  }
  return campaign;
}

function row(page, name) {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
}

test('an empty list leads to the wizard', async () => {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/campaigns`);
  await page.getByRole('heading', { name: 'No campaigns yet' }).waitFor();
  await shoot(page, 'campaign-list-empty');
  await page.getByRole('link', { name: 'Create a campaign' }).click();
  await page.waitForURL('**/dashboard/campaigns/new');
  await page.getByLabel('Campaign Name').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('each row shows bot, status, progress, live calls and window; filters narrow the list', async () => {
  const closed = await draft('Closed window reminders', 3, { closed: true, concurrency: 7 });
  await draft('Quarterly survey', 0);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/campaigns`);
  const reminders = row(page, 'Closed window reminders');
  await reminders.waitFor();
  const text = await reminders.innerText();
  assert.match(text, /Renewals bot/);
  assert.match(text, /draft/);
  assert.match(text, /0 of 3/);
  assert.match(text, /0 \/ 7/);
  // The window's own start (the clock may have turned a minute since it was made).
  assert.match(text, new RegExp(`Opens \\w{3} \\d{1,2} \\w{3}, ${closed.window.start} UTC`));
  // A draft offers Edit, Start, Clone and Delete.
  const buttons = (await reminders.locator('.actions .button').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(buttons, ['Edit', 'Start', 'Clone', 'Delete']);

  await page.getByLabel('Search by name').fill('survey');
  await page.getByRole('link', { name: 'Closed window reminders' }).waitFor({ state: 'detached' });
  await row(page, 'Quarterly survey').waitFor();
  // The filters are kept in the address: a reload (or a shared link) opens the same view.
  await page.waitForURL(/\/dashboard\/campaigns\?q=survey$/);
  await page.getByLabel('Status').selectOption('draft');
  await page.waitForURL(/\?q=survey&status=draft$|\?status=draft&q=survey$/);
  await page.reload();
  await row(page, 'Quarterly survey').waitFor();
  assert.equal(await page.getByLabel('Search by name').inputValue(), 'survey');
  assert.equal(await page.getByLabel('Status').inputValue(), 'draft');
  assert.equal(await row(page, 'Closed window reminders').count(), 0);
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Search by name').fill('');
  await page.waitForURL(/\/dashboard\/campaigns$/);
  await page.getByLabel('Status').selectOption('running');
  await page.getByRole('heading', { name: 'No campaigns match' }).waitFor();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await row(page, 'Quarterly survey').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('Start from the list: the row goes running and its progress moves without a reload', async () => {
  await draft('Live renewals', 6);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const streams = [];
  page.on('request', (request) => {
    if (request.url().includes('/events')) streams.push(request.url());
  });
  await page.goto(`${server.url}/dashboard/campaigns`);
  const live = row(page, 'Live renewals');
  await live.waitFor();
  await live.getByRole('button', { name: 'Start' }).click();
  await acceptUntestedBot(page);
  await live.locator('.status-running').waitFor();
  // The simulated carrier ends calls within seconds; the bar follows.
  await page.waitForFunction(() => {
    const link = [...document.querySelectorAll('a')].find((a) => a.textContent === 'Live renewals');
    const bar = link?.closest('tr')?.querySelector('[role=progressbar]');
    return bar && Number(bar.getAttribute('aria-valuenow')) > 0;
  }, null, { timeout: 30000 });
  await shoot(page, 'campaign-list');
  // One stream for the whole list, never one per row.
  assert.deepEqual([...new Set(streams)].map((u) => new URL(u).pathname), ['/api/events']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Stop and Delete ask first; Clone opens the copy in the wizard', async () => {
  await draft('Stop me', 2, { closed: true });
  await draft('Delete me', 0);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/campaigns`);
  const stopMe = row(page, 'Stop me');
  // Its bot never passed a test call: Start asks first.
  await stopMe.getByRole('button', { name: 'Start' }).click();
  await answer(page, /^The bot .+ has never passed a test call\. .* Start Stop me anyway\?$/, 'Start anyway');
  await stopMe.locator('.status-running').waitFor();
  await stopMe.getByRole('button', { name: 'Stop' }).click();
  const question = await answer(page, /^Stop Stop me\?/, 'Cancel');
  await shoot(page, 'confirm-stop-dismissed');
  // Cancelled: still running. Esc is Cancel too.
  await stopMe.locator('.status-running').waitFor();
  await stopMe.getByRole('button', { name: 'Stop' }).click();
  await page.getByRole('dialog').waitFor();
  // Cancel has the focus: Enter on the question never confirms by accident.
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Cancel');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  await stopMe.locator('.status-running').waitFor();
  await stopMe.getByRole('button', { name: 'Stop' }).click();
  await page.getByRole('dialog').waitFor();
  await shoot(page, 'confirm-stop');
  assert.equal(await page.locator('#confirm-question').textContent(), question);
  await page.getByRole('dialog').getByRole('button', { name: 'Stop campaign' }).click();
  await stopMe.locator('.status-completed').waitFor();

  const deleteMe = row(page, 'Delete me');
  await deleteMe.getByRole('button', { name: 'Delete' }).click();
  await answer(page, /^Delete the draft Delete me\?/, 'Cancel');
  await deleteMe.waitFor();
  await deleteMe.getByRole('button', { name: 'Delete' }).click();
  await answer(page, /^Delete the draft Delete me\?/, 'Delete draft');
  await page.getByRole('link', { name: 'Delete me', exact: true }).waitFor({ state: 'detached' });

  await stopMe.getByRole('button', { name: 'Clone' }).click();
  await page.waitForURL(/\/dashboard\/campaigns\/\d+\/edit$/);
  assert.equal(await page.getByLabel('Campaign Name').inputValue(), 'Stop me (copy)');
  assert.deepEqual(errors, []);
  await page.close();
});
