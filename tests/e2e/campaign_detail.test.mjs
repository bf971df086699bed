// The campaign detail page drives the lifecycle through the real API: only
// the buttons the status allows are shown, a refused start says why, and
// Clone opens the new draft in the wizard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, watchErrors, signedInContext, dashboardFigures, shoot, acceptUntestedBot, answer } from './harness.mjs';

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
  await acceptUntestedBot(page);
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
  await acceptUntestedBot(page);
  await page.waitForSelector('.status-running');
  assert.deepEqual(await buttons(page), ['Pause', 'Stop', 'Clone']);

  await page.click('.actions >> text=Pause');
  await page.waitForSelector('.status-paused');
  await page.click('.actions >> text=Resume');
  await page.waitForSelector('.status-running');
  // Stop asks first.
  await page.click('.actions >> text=Stop');
  await answer(page, /^Stop .+\? No new calls start/, 'Stop campaign');
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

test('a number is excluded and un-excluded from the page, the audit trail records it, and Export downloads the list', async () => {
  const campaign = await draftCampaign('Exclusions');
  const upload = await context.request.put(`${server.url}/api/campaigns/${campaign.id}/contacts`, {
    headers: { 'content-type': 'text/csv' },
    data: 'phone_number,name,city\n98765 43210,"Verma, Navya",Pune\n+44 20 7946 0958,John,London\n',
  });
  assert.equal(upload.status(), 200);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/campaigns/${campaign.id}`);
  await page.waitForSelector('.status-draft');
  assert.match(await page.textContent('#exclusions-title + .note'), /Sticky exclusion is off/);
  // A contact's variables in the file's column order, not alphabetically.
  await page.getByRole('button', { name: 'History of +919876543210' }).click();
  await page.locator('.contact-history .variables dt').first().waitFor();
  assert.deepEqual(await page.locator('.contact-history .variables dt').allTextContents(), ['name', 'city']);
  assert.deepEqual(await page.locator('.contact-history .variables dd').allTextContents(), ['Verma, Navya', 'Pune']);

  // A number the server cannot read is named.
  await page.getByLabel('Numbers to exclude').fill('12');
  await page.getByRole('button', { name: 'Exclude', exact: true }).click();
  await page.locator('.tool-card .form-error').waitFor();
  assert.match(await page.textContent('.tool-card .form-error'), /12/);

  await page.getByLabel('Numbers to exclude').fill('+44 20 7946 0958');
  await page.getByRole('button', { name: 'Exclude', exact: true }).click();
  await page.getByText('Excluded +442079460958 (not sticky); 1 contact of this campaign is now excluded.').waitFor();
  await page.getByLabel('State', { exact: true }).selectOption('excluded');
  await page.getByText('1 contact', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'History of +442079460958' }).click();
  assert.match(await page.textContent('.contact-history .why'), /Excluded: never dialled while excluded/);

  await page.getByLabel('Number to un-exclude').fill('+442079460958');
  await page.getByRole('button', { name: 'Un-exclude' }).click();
  await page.getByText('+442079460958 is no longer excluded; its contacts are pending again.').waitFor();
  await page.getByText('No contact matches.').waitFor();

  const audit = page.getByRole('region', { name: 'Audit trail' });
  await audit.getByText('Contacts uploaded').waitFor();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv.split('\n')[0], /^phone_number,name,city,state,/);
  assert.match(csv, /"Verma, Navya"/);
  await shoot(page, 'campaign-detail-tools');
  // Only the refused number's answer, which the browser logs itself.
  assert.deepEqual(errors, ['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
  await page.close();
});

test('contacts dropped on a running campaign are checked, previewed and appended', async () => {
  const campaign = await draftCampaign('Append');
  const api = context.request;
  const upload = await api.put(`${server.url}/api/campaigns/${campaign.id}/contacts`, {
    headers: { 'content-type': 'text/csv' },
    data: 'phone_number,name\n98765 43210,Asha\n',
  });
  assert.equal(upload.status(), 200);
  assert.equal((await api.post(`${server.url}/api/campaigns/${campaign.id}/start`)).status(), 200);

  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/campaigns/${campaign.id}`);
  await page.waitForSelector('.status-running');
  // No call has asked for a callback yet.
  await page.getByRole('region', { name: 'Callbacks scheduled' }).getByText('No callback is scheduled.', { exact: false }).waitFor();
  const append = page.getByRole('region', { name: 'Append contacts' });
  await append.waitFor();
  // Folded: its code loads when the operator opens it.
  assert.equal(await append.locator('.dropzone').count(), 0);
  await append.getByRole('heading', { name: 'Append contacts' }).click();
  await append.locator('.dropzone').waitFor();
  assert.equal(await append.getByRole('button', { name: 'Append contacts' }).isDisabled(), true);

  // A real drop: national numbers are read in India, the first number's country.
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    const text = 'phone_number,name\n98765 43210,Asha again\n98765 43211,"Rao, Dev"\n12,Too short\n';
    dt.items.add(new File([text], 'more.csv', { type: 'text/csv' }));
    return dt;
  });
  await page.dispatchEvent('.append .dropzone', 'dragover', { dataTransfer });
  await page.dispatchEvent('.append .dropzone', 'drop', { dataTransfer });
  await append.locator('.preview-table').getByText('Rao, Dev').waitFor();
  await append.getByText('Numbers without a country code are read as India (IN)', { exact: false }).waitFor();
  await append.locator('.csv-summary').waitFor();
  assert.match(await append.locator('.csv-summary').textContent(), /Valid\s*2\s*Invalid\s*1/);
  assert.match(await append.locator('.row-errors').textContent(), /12/);
  await shoot(page, 'campaign-detail-append');

  await append.getByRole('button', { name: 'Append contacts' }).click();
  // The number already in the campaign is the server's duplicate.
  await append.getByText('Added 1 contact. Not added: 1 invalid row, 1 duplicate (already in the campaign or earlier in the file).').waitFor();
  assert.equal(await append.locator('.preview-table').count(), 0, 'the file is cleared once added');
  await page.getByRole('button', { name: 'History of +919876543211' }).waitFor();
  await page.waitForFunction(() => /Contacts\s*2/.test(document.querySelector('.facts')?.textContent ?? ''));
  const audit = page.getByRole('region', { name: 'Audit trail' });
  await audit.getByText('Contacts appended').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});
