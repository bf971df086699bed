// The dialler and the live detail page together: a campaign whose window is
// open now is started from its detail page, the simulated carrier places
// calls at once, and the page's counts follow the event stream without a
// reload (never more than one stats request at a time). Leaving the page
// closes the stream.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors, signedInContext, created, utcClock, dashboardFigures, shoot, acceptUntestedBot } from './harness.mjs';

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

async function runnableCampaign(name, contacts) {
  const api = context.request;
  const url = server.url;
  const bot = await created(await api.post(`${url}/api/bots`, { data: { name: `${name} bot`, ready: true } }));
  const carrier = await created(await api.post(`${url}/api/carriers`, {
    data: { name: `${name} carrier`, cps_limit: 5 },
  }));
  const numbers = [];
  for (const number of ['+91 22 4000 0001', '+91 22 4000 0002']) {
    numbers.push(await created(await api.post(`${url}/api/carriers/${carrier.id}/numbers`, { data: { number } })));
  }
  const campaign = await created(await api.post(`${url}/api/campaigns`, {
    data: {
      name,
      bot_id: bot.id,
      number_ids: numbers.map((n) => n.id),
      mode: 'multi_day',
      concurrency_limit: 10,
      window: { start: utcClock(-1), end: utcClock(3), timezone: 'UTC' },
      working_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    },
  }));
  const rows = Array.from({ length: contacts }, (_, i) => `+9190000${String(i + 1).padStart(5, '0')},Asha ${i + 1}`);
  const upload = await api.put(`${url}/api/campaigns/${campaign.id}/contacts`, {
    headers: { 'content-type': 'text/csv' },
    data: `phone_number,first_name\n${rows.join('\n')}\n`,
  });
  assert.equal(upload.status(), 200, await upload.text());
  return campaign;
}

test('started from the detail page, the dialler calls and the counts update live', async () => {
  const campaign = await runnableCampaign('Live Reminders', 50);
  const page = await context.newPage();
  const errors = watchErrors(page);

  // Stats requests in flight at once, to check the page's throttle.
  let statsInFlight = 0;
  let statsMostInFlight = 0;
  let statsRequests = 0;
  const isStats = (request) => new URL(request.url()).pathname === `/api/campaigns/${campaign.id}/stats`;
  page.on('request', (request) => {
    if (!isStats(request)) return;
    statsRequests += 1;
    statsInFlight += 1;
    statsMostInFlight = Math.max(statsMostInFlight, statsInFlight);
  });
  const settled = (request) => {
    if (isStats(request)) statsInFlight -= 1;
  };
  page.on('requestfinished', settled);
  page.on('requestfailed', settled);

  await page.goto(`${server.url}/dashboard/campaigns/${campaign.id}`);
  await page.waitForSelector('.status-draft');
  await page.waitForSelector('.live-indicator', { timeout: 5000 });
  assert.equal((await page.evaluate(dashboardFigures)).Pending, 50);
  // Marks this document: a reload would lose the mark.
  await page.evaluate(() => {
    window.__sameDocument = true;
  });

  await page.click('.actions >> text=Start');
  await acceptUntestedBot(page);
  await page.waitForSelector('.status-running');
  await page.waitForFunction(
    `(${dashboardFigures})()['Live calls'] > 0 && (${dashboardFigures})()['In call'] > 0`,
    null,
    { timeout: 10000, polling: 100 },
  );
  // The carrier's 5 calls a second allow at most 5 attempts in the first
  // second, and the refetches that Start itself causes (its answer and its
  // `status` event) come within milliseconds of it: a 6th attempt on screen
  // can only have come through the stream.
  await page.waitForFunction(`(${dashboardFigures})().Attempts > 5`, null, {
    timeout: 10000,
    polling: 100,
  });
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
  const stats = await page.evaluate(dashboardFigures);
  const live = { live: stats['Live calls'], inCall: stats['In call'], pending: stats.Pending, attempts: stats.Attempts };
  assert.ok(live.live <= 10, `no more live calls than the concurrency limit: ${JSON.stringify(live)}`);
  assert.ok(live.pending < 50, `contacts left pending: ${JSON.stringify(live)}`);

  await page.click('.actions >> text=Pause');
  await page.waitForSelector('.status-paused');
  assert.equal((await page.textContent('h1 .status')).trim(), 'paused');
  // Counts keep arriving for the calls that finish after the pause.
  await page.waitForTimeout(2500);
  assert.ok(statsRequests >= 2, `stats were refetched (${statsRequests} requests)`);
  assert.equal(statsMostInFlight, 1, 'at most one stats request in flight');
  // The charts drew what was dialled: outcomes counted, this hour's
  // column up, the answer rate worked out of the ended attempts.
  // (The simulated carrier's first calls end within seconds: errors after
  // 1 s, rejections after 3–18 s of ringing.)
  await page.getByRole('list', { name: 'Outcomes by disposition' }).waitFor({ timeout: 45000 });
  const outcomes = await page.getByRole('list', { name: 'Outcomes by disposition' }).locator('li').count();
  assert.ok(outcomes >= 1, 'at least one outcome is counted');
  const tallest = await page.$$eval('.hour-bar', (bars) => Math.max(...bars.map((b) => Number(b.dataset.attempts))));
  assert.ok(tallest > 0, 'the current hour has a column');
  const fullest = await page.$$eval('.hour-bar', (bars) =>
    bars.reduce((a, b) => (Number(b.dataset.attempts) > Number(a.dataset.attempts) ? b : a)).style.height);
  assert.equal(fullest, '100%', 'the busiest hour fills the chart');
  assert.equal(await page.locator('.hour-bar').count(), 24);
  assert.match(await page.textContent('[aria-labelledby="rate-title"]'), /of \d+ ended attempts answered by a person/);
  await page.getByText('Configuration').click();
  assert.match(await page.textContent('.configuration'), /Concurrency Limit\s*10/);
  await shoot(page, 'campaign-detail-dashboard');

  // The contact list: filter by state, open a contact's history and why.
  await page.getByLabel('State', { exact: true }).selectOption('pending');
  await page.getByText(/^\d+ contacts?$/).waitFor();
  await page.getByRole('button', { name: /^History of / }).first().click();
  const why = page.locator('.contact-history .why');
  await why.waitFor();
  assert.match(await why.textContent(), /Why: Paused: dialled when the campaign resumes/);
  assert.match(await page.locator('.contact-history').textContent(), /Not dialled yet\./);
  // A contact that was dialled shows its attempt with the number it was dialled from.
  await page.getByLabel('State', { exact: true }).selectOption('');
  await page.getByLabel('Search phone or variable').fill('Asha 1');
  await page.getByLabel('Search phone or variable').press('Enter');
  await page.getByText('11 contacts').waitFor(); // Asha 1, Asha 10 … Asha 19
  await page.getByRole('button', { name: 'History of +919000000001' }).click();
  const attempts = page.getByRole('table', { name: 'Attempts, newest first' });
  await attempts.waitFor();
  assert.match(await attempts.textContent(), /\+91224000000[12]/);
  assert.match(await page.locator('.contact-history .why').textContent(), /^Why: \S/);
  await shoot(page, 'campaign-detail-contacts');

  // Leaving the page (client-side) closes its event stream.
  const closed = page.waitForEvent('requestfailed', {
    predicate: (request) => request.url().endsWith(`/api/campaigns/${campaign.id}/events`),
    timeout: 5000,
  });
  await page.click('.back-link');
  await page.waitForSelector('.data-table');
  await closed;
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the list was reached without a reload');

  assert.deepEqual(errors, []);
  await page.close();
});
