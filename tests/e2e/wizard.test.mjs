// The campaign wizard, driven as an operator drives it: by the spec's labels
// and button names, a real drop event with a DataTransfer, the file picker,
// a real download. Screenshots of every step (1280 px and 390 px wide) go to
// target/e2e-screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, watchErrors, signedInContext, shoot } from './harness.mjs';

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

async function post(path, data) {
  const response = await api.post(`${server.url}${path}`, { data });
  assert.ok(response.ok(), `${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}

let fixtureNo = 0;
// A bot, a carrier with a labelled number, a plain one and an inbound-only one.
async function fixture() {
  fixtureNo += 1;
  const bot = await post('/api/bots', { name: `Renewals bot ${fixtureNo}`, ready: true, callback_enabled: true });
  const carrier = await post('/api/carriers', { name: `Acme ${fixtureNo}`, cps_limit: 10 });
  const base = 4567_8000 + fixtureNo * 10;
  const support = await post(`/api/carriers/${carrier.id}/numbers`, { number: `+91 80 ${base + 1}`, label: 'Support team' });
  const plain = await post(`/api/carriers/${carrier.id}/numbers`, { number: `+91 80 ${base + 2}` });
  const inbound = await post(`/api/carriers/${carrier.id}/numbers`, { number: `+91 80 ${base + 3}`, inbound_only: true });
  return { bot, carrier, support, plain, inbound };
}


async function newPage() {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  return page;
}

const next = (page) => page.getByRole('button', { name: 'Next' });

// Drops `text` on the dropzone as a file named `name`, with a DataTransfer.
async function dropCsv(page, name, text) {
  const dataTransfer = await page.evaluateHandle(([name, text]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'text/csv' }));
    return dt;
  }, [name, text]);
  await page.dispatchEvent('.dropzone', 'dragover', { dataTransfer });
  await page.dispatchEvent('.dropzone', 'drop', { dataTransfer });
}

async function fillBasics(page, name, bot) {
  await page.getByLabel('Campaign Name').fill(name);
  await page.getByLabel('Bot', { exact: true }).selectOption({ label: bot.name });
}

const CSV = [
  'phone_number,name,city,notes',
  '98765 43210,"Verma, Navya",Pune,"Renewal due, call after 10"',
  '+91 98765 43211,Ravi,Delhi,',
  '098765 43212,Asha,Mumbai,"She said ""call me"""',
].join('\n') + '\n';

test('a campaign is created through all five steps with the CSV dropped on the page', async () => {
  const f = await fixture();
  const page = await newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/campaigns/new`);

  // Step 1: Next stays disabled until name and bot are valid.
  await page.getByLabel('Campaign Name').waitFor();
  assert.equal(await next(page).isDisabled(), true);
  await shoot(page, 'wizard-1-basics');
  await page.getByLabel('Campaign Name').fill('   ');
  await page.getByLabel('Campaign Name').blur();
  assert.match(await page.textContent('#campaign-name-message'), /Campaign Name is required/);
  await fillBasics(page, 'Q2 Renewal Drive', f.bot);
  assert.equal(await next(page).isDisabled(), false);
  await next(page).click();

  // Step 2: inbound-only numbers are shown but cannot be ticked.
  const inbound = page.getByLabel(new RegExp(f.inbound.number.replace('+', '\\+')));
  await inbound.waitFor();
  assert.equal(await inbound.isDisabled(), true);
  assert.match(await page.textContent('.number-pool'), /inbound-only/);
  assert.match(await page.textContent('.number-pool'), /\(Support team\)/);
  assert.equal(await next(page).isDisabled(), true);
  await page.getByLabel(new RegExp(f.support.number.replace('+', '\\+'))).check();
  await page.getByLabel(new RegExp(f.plain.number.replace('+', '\\+'))).check();
  assert.equal(await page.textContent('.selected-count'), '2 numbers selected');
  await shoot(page, 'wizard-2-number-pool');
  await next(page).click();

  // Step 3: defaults, clamping on blur, conditional fields.
  const concurrency = page.getByLabel('Concurrency Limit');
  assert.equal(await concurrency.inputValue(), '50');
  await concurrency.fill('0');
  await concurrency.blur();
  assert.equal(await concurrency.inputValue(), '50');
  await concurrency.fill('20');
  assert.equal(await page.getByLabel('Max Attempts').inputValue(), '3');
  assert.equal(await page.getByLabel('Retry Delay (minutes)').inputValue(), '30');
  await page.getByLabel('Retry Delay (minutes)').fill('');
  await page.getByLabel('Retry Delay (minutes)').blur();
  assert.equal(await page.getByLabel('Retry Delay (minutes)').inputValue(), '30');
  assert.equal(await page.getByLabel('Always-on').count(), 0);
  await page.getByLabel('Multi Day').check();
  assert.equal(await page.getByLabel('Always-on').count(), 1);
  await page.getByLabel('Single Day').check();
  assert.equal(await page.getByLabel('Always-on').count(), 0);
  assert.equal(await page.getByLabel('Connected longer than (seconds)').count(), 0);
  await page.getByLabel('Stop redials after a meaningful connect').check();
  assert.equal(await page.getByLabel('Connected longer than (seconds)').inputValue(), '30');
  assert.equal(await page.getByLabel('Connected shorter than (seconds)').count(), 0);
  await page.getByLabel('Redial after a short connect').check();
  assert.equal(await page.getByLabel('Connected shorter than (seconds)').inputValue(), '15');
  for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']) {
    assert.equal(await page.getByLabel(day, { exact: true }).isChecked(), true, day);
  }
  await page.getByLabel('Sun', { exact: true }).uncheck();
  await page.getByLabel('Time Window: Start').fill('25:00');
  await page.getByLabel('Time Window: Start').blur();
  assert.match(await page.textContent('#window-start-message'), /HH:MM/);
  assert.equal(await next(page).isDisabled(), true);
  await page.getByLabel('Time Window: Start').fill('10:00');
  await page.getByLabel('Time Window: Timezone').selectOption('Asia/Kolkata');
  await page.getByLabel('no_answer').check();
  await page.getByLabel('RNR').check();
  await page.getByLabel('Custom Retry Dispositions').fill('callback_requested,  not_available,');
  await page.getByLabel('Custom Retry Dispositions').blur();
  assert.equal(await page.getByLabel('Custom Retry Dispositions').inputValue(), 'callback_requested, not_available');
  assert.match(await page.textContent('.wizard-step'), /has its callback setting on/);
  assert.match(await page.textContent('.wizard-step'), /no answering-machine detection toggle/);
  await shoot(page, 'wizard-3-dialler-config');
  await next(page).click();

  // Step 4: a CSV is required; the dropped file is checked and previewed.
  assert.equal(await next(page).isDisabled(), true);
  await dropCsv(page, 'contacts.csv', CSV);
  await page.waitForSelector('.csv-summary');
  assert.match(await page.textContent('.preview-table thead'), /phone_number/);
  assert.match(await page.textContent('.preview-table thead'), /per-call variable/);
  assert.match(await page.textContent('.preview-table tbody'), /Verma, Navya/);
  assert.match(await page.textContent('.csv-summary'), /Rows\s*3\s*Valid\s*3\s*Invalid\s*0\s*Duplicates\s*0/);
  assert.match(await page.textContent('.wizard-step'), /read as India/);
  await shoot(page, 'wizard-4-upload-csv');

  // Back keeps every entry, the file and its check included.
  await page.getByRole('button', { name: 'Back' }).click();
  assert.equal(await page.getByLabel('Concurrency Limit').inputValue(), '20');
  assert.equal(await page.getByLabel('Sun', { exact: true }).isChecked(), false);
  await next(page).click();
  assert.match(await page.textContent('.csv-summary'), /Valid\s*3/);
  await next(page).click();

  // Step 5: the read-only grid, then Create Campaign opens the detail page.
  const grid = await page.textContent('.review-grid');
  assert.match(grid, /Q2 Renewal Drive/);
  assert.match(grid, new RegExp(f.bot.name));
  assert.match(grid, /2 — /);
  assert.match(grid, /10:00–18:00 Asia\/Kolkata/);
  assert.match(grid, /Mon, Tue, Wed, Thu, Fri, Sat/);
  assert.match(grid, /contacts\.csv — 3 rows: 3 valid/);
  assert.match(await page.textContent('.wizard-step'), /stays in draft status/);
  // The pre-launch check of the form and the dropped file's countries.
  const check = page.getByRole('region', { name: 'Pre-launch check' });
  await check.waitFor();
  const checked = await check.textContent();
  assert.match(checked, /3 contacts to call; the file's numbers were checked in this browser/);
  assert.match(checked, /Countries: India 3\./);
  assert.match(checked, /India: the window is inside the usual legal calling hours there \(09:00–21:00\)/);
  await shoot(page, 'wizard-5-review');
  await page.getByRole('button', { name: 'Create Campaign' }).click();
  await page.waitForURL(/\/dashboard\/campaigns\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const campaign = await (await api.get(`${server.url}/api/campaigns/${id}`)).json();
  assert.equal(campaign.status, 'draft');
  assert.equal(campaign.counts.total, 3);
  assert.equal(campaign.concurrency_limit, 20);
  assert.equal(campaign.window.start, '10:00');
  assert.deepEqual(campaign.working_days, ['mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
  assert.deepEqual(campaign.custom_retry_dispositions, ['callback_requested', 'not_available']);
  assert.deepEqual(campaign.retry_on_system_dispositions, ['no_answer', 'rnr']);
  assert.equal(campaign.stop_redials_after_meaningful_connect.enabled, true);
  assert.deepEqual(campaign.number_ids, [f.support.id, f.plain.id]);
  assert.deepEqual(errors, []);
  await page.close();
});

async function throughToUpload(page, f, name) {
  await page.goto(`${server.url}/dashboard/campaigns/new`);
  await page.getByLabel('Campaign Name').waitFor();
  await fillBasics(page, name, f.bot);
  await next(page).click();
  await page.getByLabel(new RegExp(f.plain.number.replace('+', '\\+'))).check();
  await next(page).click();
  await page.getByLabel('Concurrency Limit').waitFor();
  await next(page).click();
  await page.waitForSelector('.dropzone');
}

test('a browsed CSV with bad rows lists them and downloads them with their reasons', async () => {
  const f = await fixture();
  const page = await newPage();
  await throughToUpload(page, f, 'Collections December');
  const csv = 'phone_number,name\n98765 43210,Asha\n98765 4321,Short\n98765 43210,Again\nnot a number,Bad\n';
  await page.setInputFiles('#csv-file', { name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('.row-errors');
  assert.match(await page.textContent('.csv-summary'), /Rows\s*4\s*Valid\s*1\s*Invalid\s*2\s*Duplicates\s*1/);
  const rows = await page.locator('.row-errors tbody tr').allTextContents();
  assert.equal(rows.length, 3);
  assert.match(rows[0], /^3.*98765 4321/);
  assert.match(rows[1], /^4.*duplicate of row 2/);
  await shoot(page, 'wizard-4-bad-rows');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download rejected rows' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'rejected-rows.csv');
  const text = readFileSync(await download.path(), 'utf8');
  const lines = text.trim().split(/\r?\n/);
  assert.match(lines[0], /^phone_number,name,reason$/);
  assert.equal(lines.length, 4);
  assert.match(lines[2], /^98765 43210,Again,"?duplicate of row 2"?$/);
  // One valid row is enough to go on.
  assert.equal(await next(page).isDisabled(), false);
  await page.close();
});

test('a file over 100 MB is refused before anything is read or uploaded, with its size', async () => {
  const f = await fixture();
  const page = await newPage();
  await throughToUpload(page, f, 'Too big');
  await page.evaluate(() => {
    const big = new File([new Uint8Array(101 * 1024 * 1024)], 'huge.csv', { type: 'text/csv' });
    const dt = new DataTransfer();
    dt.items.add(big);
    document.querySelector('.dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForSelector('#contacts-message.field-error');
  assert.equal(
    await page.textContent('#contacts-message'),
    'The file is 105,906,176 bytes; the limit is 100 MB (104,857,600 bytes).',
  );
  assert.equal(await page.locator('.csv-progress').count(), 0);
  assert.equal(await next(page).isDisabled(), true);
  await page.close();
});

test('a file without a phone_number column asks for the phone column and works once it is chosen', async () => {
  const f = await fixture();
  const page = await newPage();
  await throughToUpload(page, f, 'Mobile column');
  await dropCsv(page, 'mobiles.csv', 'mobile,name\n98765 43220,Asha\n98765 43221,Ravi\n');
  await page.getByLabel('Phone number column').waitFor();
  assert.match(await page.textContent('.wizard-step'), /no phone_number column/);
  assert.match(await page.textContent('#phone-column'), /mobile \(suggested\)/);
  assert.equal(await next(page).isDisabled(), true);
  await shoot(page, 'wizard-4-phone-column');
  await page.getByLabel('Phone number column').selectOption('mobile');
  await page.waitForSelector('.csv-summary');
  assert.match(await page.textContent('.csv-summary'), /Valid\s*2/);
  await next(page).click();
  await page.getByRole('button', { name: 'Create Campaign' }).click();
  await page.waitForURL(/\/dashboard\/campaigns\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const contacts = await (await api.get(`${server.url}/api/campaigns/${id}/contacts`)).json();
  assert.deepEqual(contacts.items.map((c) => c.phone_number).sort(), ['+919876543220', '+919876543221']);
  assert.deepEqual(Object.keys(contacts.items[0].variables), ['name']);
  await page.close();
});

async function campaignVia(f, name, contacts, extra = {}) {
  const campaign = await post('/api/campaigns', { name, bot_id: f.bot.id, number_ids: [f.plain.id], ...extra });
  const upload = await api.put(`${server.url}/api/campaigns/${campaign.id}/contacts`, {
    headers: { 'content-type': 'text/csv' },
    data: contacts,
  });
  assert.equal(upload.status(), 200);
  return campaign;
}

test('editing a running campaign opens read-only with its notice and a way to pause', async () => {
  const f = await fixture();
  // Always-on, so the running campaign cannot complete by itself mid-test.
  const campaign = await campaignVia(f, 'Running now', 'phone_number\n98765 43230\n', { mode: 'multi_day', always_on: true });
  await post(`/api/campaigns/${campaign.id}/start`);
  const page = await newPage();
  await page.goto(`${server.url}/dashboard/campaigns/${campaign.id}/edit`);
  await page.waitForSelector('.edit-notice');
  assert.match(await page.textContent('.edit-notice'), /Only draft and paused campaigns can be edited\. Current status: running\./);
  assert.equal(await page.getByLabel('Campaign Name').isDisabled(), true);
  await shoot(page, 'wizard-edit-running');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForSelector('.edit-notice:has-text("locked after the first run")');
  assert.match(await page.textContent('.edit-notice'), /Campaign name, bot, and contacts are locked after the first run\./);
  assert.equal(await page.getByLabel('Campaign Name').isDisabled(), true);
  assert.match(await page.textContent('.wizard-step'), /These fields stay fixed so old and new attempts remain audit-safe\./);
  await page.getByRole('button', { name: 'Upload CSV' }).click();
  assert.match(await page.textContent('.wizard-step'), /CSV contacts are locked for this campaign\. Use Clone if you need a different contact set\./);
  assert.equal(await page.locator('.dropzone').count(), 0);
  await shoot(page, 'wizard-edit-paused');
  // Numbers and dialler config stay editable: Save keeps the change.
  await page.getByRole('button', { name: 'Dialler Config' }).click();
  await page.getByLabel('Concurrency Limit').fill('7');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(new RegExp(`/dashboard/campaigns/${campaign.id}$`));
  const saved = await (await api.get(`${server.url}/api/campaigns/${campaign.id}`)).json();
  assert.equal(saved.concurrency_limit, 7);
  assert.equal(saved.status, 'paused');
  await page.close();
});

test('a draft being edited replaces its contact list with a new CSV', async () => {
  const f = await fixture();
  const campaign = await campaignVia(f, 'Draft to replace', 'phone_number\n98765 43240\n98765 43241\n');
  const page = await newPage();
  await page.goto(`${server.url}/dashboard/campaigns/${campaign.id}/edit`);
  await page.getByLabel('Campaign Name').waitFor();
  assert.equal(await page.getByLabel('Campaign Name').inputValue(), 'Draft to replace');
  await page.getByRole('button', { name: 'Upload CSV' }).click();
  assert.match(await page.textContent('.wizard-step'), /Optional\. Uploading a CSV on a draft campaign replaces the existing contact list\./);
  // Optional: Next is open without a file.
  assert.equal(await next(page).isDisabled(), false);
  await dropCsv(page, 'new.csv', 'phone_number,plan\n98765 43250,gold\n98765 43251,silver\n98765 43252,gold\n');
  await page.waitForSelector('.csv-summary');
  await next(page).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(new RegExp(`/dashboard/campaigns/${campaign.id}$`));
  const contacts = await (await api.get(`${server.url}/api/campaigns/${campaign.id}/contacts`)).json();
  assert.deepEqual(contacts.items.map((c) => c.phone_number).sort(), ['+919876543250', '+919876543251', '+919876543252']);
  await page.close();
});

test('the Back link returns to the list from a new campaign and to the campaign when editing', async () => {
  const f = await fixture();
  const campaign = await campaignVia(f, 'Back link', 'phone_number\n98765 43260\n');
  const page = await newPage();
  await page.goto(`${server.url}/dashboard/campaigns/new`);
  await page.getByRole('link', { name: '← Campaigns' }).click();
  await page.waitForURL(/\/dashboard\/campaigns$/);
  await page.goto(`${server.url}/dashboard/campaigns/${campaign.id}/edit`);
  await page.getByRole('link', { name: '← Campaign' }).click();
  await page.waitForURL(new RegExp(`/dashboard/campaigns/${campaign.id}$`));
  await page.close();
});
