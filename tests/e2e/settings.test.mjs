// The operator's Settings page: the display timezone (stored for this
// operator, the wizard's default and the zone of created dates), API tokens
// (the secret shown once and copied with the button, used, revoked) and a
// password change that signs out the operator's other sessions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors, adminPassword, created, shoot, answer } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// A context whose browser is in `timezoneId`, signed in as admin.
async function signedInAt(timezoneId, password = adminPassword) {
  const context = await browser.newContext({ timezoneId });
  await created(await context.request.post(`${server.url}/api/auth/login`, {
    data: { username: 'admin', password },
  }));
  return context;
}

test('the display timezone, API tokens and the password are set on the Settings page', async () => {
  const context = await signedInAt('America/New_York');
  const other = await signedInAt('Europe/London');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const errors = watchErrors(page);

  await page.goto(`${server.url}/dashboard/campaigns`);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();

  // Display timezone: follows the browser until one is chosen.
  const zone = page.getByLabel('Display timezone');
  assert.equal(await zone.inputValue(), '');
  assert.match(await zone.locator('option:checked').textContent(), /This browser's zone \(America\/New_York\)/);
  await zone.selectOption('Asia/Kolkata');
  await page.getByRole('button', { name: 'Save timezone' }).click();
  await page.getByText('Saved: times are shown in Asia/Kolkata.').waitFor();
  const me = await created(await context.request.get(`${server.url}/api/auth/me`));
  assert.equal(me.display_timezone, 'Asia/Kolkata');
  // Stored on the server, so a reload keeps it.
  await page.reload();
  await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
  assert.equal(await page.getByLabel('Display timezone').inputValue(), 'Asia/Kolkata');

  // A new campaign's Timezone starts with it, and created dates are shown in it.
  const bot = await created(await context.request.post(`${server.url}/api/bots`, { data: { name: 'Zone bot', ready: true } }));
  const carrier = await created(await context.request.post(`${server.url}/api/carriers`, { data: { name: 'Zone carrier', cps_limit: 5 } }));
  const number = await created(await context.request.post(`${server.url}/api/carriers/${carrier.id}/numbers`, { data: { number: '+14155552671' } }));
  await created(await context.request.post(`${server.url}/api/campaigns`, {
    data: { name: 'Zone check', bot_id: bot.id, number_ids: [number.id] },
  }));
  await page.goto(`${server.url}/dashboard/campaigns/new`);
  await page.getByRole('button', { name: 'Next' }).waitFor();
  await page.getByLabel('Bot', { exact: true }).selectOption({ label: 'Zone bot' });
  await page.getByLabel('Campaign Name').fill('Zone from settings');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel(/\+14155552671/).check();
  await page.getByRole('button', { name: 'Next' }).click();
  assert.equal(await page.getByLabel('Time Window: Timezone').inputValue(), 'Asia/Kolkata');
  await page.goto(`${server.url}/dashboard/campaigns`);
  const createdCell = page.locator('td[data-label="Created"]').first();
  await createdCell.waitFor();
  assert.match(await createdCell.textContent(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} IST$/);

  // API tokens: the secret once, copied by the button, then used and revoked.
  await page.goto(`${server.url}/dashboard/settings`);
  await page.getByRole('button', { name: 'Create token' }).click();
  assert.equal(await page.textContent('#token-name-message'), 'Name is required.');
  await page.getByLabel('Token name').fill('CRM feed');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secretBox = page.getByLabel('Secret', { exact: true });
  await secretBox.waitFor();
  const secret = await secretBox.inputValue();
  assert.match(secret, /^odt_/);
  await page.getByRole('button', { name: 'Copy secret' }).click();
  await page.getByText('Copied.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
  const row = page.locator('.token-table tbody tr', { hasText: 'CRM feed' });
  await row.waitFor();
  assert.match(await row.textContent(), /Never/);
  assert.match(await row.locator('td[data-label="Starts with"]').textContent(), new RegExp(`^${secret.slice(0, 8)}…$`));
  await shoot(page, 'settings');
  await page.getByRole('button', { name: 'Done' }).click();
  assert.equal(await secretBox.count(), 0, 'the secret is not shown again');

  const bearer = { headers: { authorization: `Bearer ${secret}` } };
  const anonymous = await browser.newContext();
  assert.equal((await anonymous.request.get(`${server.url}/api/bots`, bearer)).status(), 200);
  await page.reload();
  await row.waitFor();
  assert.match(await row.locator('td[data-label="Last used"]').textContent(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} IST$/);
  await page.getByRole('button', { name: 'Revoke CRM feed' }).click();
  await answer(page, /^Revoke the token CRM feed\? Scripts that use it are refused from now on\.$/, 'Revoke token');
  await page.getByText('No tokens yet.').waitFor();
  assert.equal((await anonymous.request.get(`${server.url}/api/bots`, bearer)).status(), 401);
  await anonymous.close();

  // The password: checked beside each field, then changed.
  await page.getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Confirm new password').fill('shorter');
  await page.getByLabel('Current password').focus();
  assert.equal(await page.textContent('#new-password-message'), 'The new password is 5 character(s); use at least 10.');
  assert.equal(await page.textContent('#new-password-again-message'), 'The two new passwords differ.');
  await page.getByLabel('New password', { exact: true }).fill('a-much-longer-password');
  await page.getByLabel('Confirm new password').fill('a-much-longer-password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#current-password-message', { hasText: 'The current password is wrong.' }).waitFor();
  await page.getByLabel('Current password').fill(adminPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Password changed. Your other sessions have been signed out.').waitFor();
  assert.equal(await page.getByLabel('Current password').inputValue(), '');
  assert.equal((await other.request.get(`${server.url}/api/auth/me`)).status(), 401, 'the other session ended');
  assert.equal((await context.request.get(`${server.url}/api/auth/me`)).status(), 200, 'this one stays');
  const again = await signedInAt('UTC', 'a-much-longer-password');
  await again.close();
  await shoot(page, 'settings-password');

  // Only the wrong current password's answer, which the browser logs itself.
  assert.deepEqual(errors, ['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
  await other.close();
  await context.close();
});
