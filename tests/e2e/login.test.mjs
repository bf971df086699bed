// Signing in and out in a real browser against the real server: the session
// cookie is HttpOnly and SameSite=Strict, a wrong password says so, and the
// header shows who is signed in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors, adminPassword } from './harness.mjs';

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

test('a wrong password is refused with the server message and no cookie', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill('#username', 'admin');
  await page.fill('#password', 'not-the-password');
  await page.click('button[type=submit]');
  await page.waitForSelector('.form-error');
  assert.match(await page.textContent('.form-error'), /\S/);
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.deepEqual(await context.cookies(), []);
  await context.close();
});

test('the admin signs in, sees their name in the header, and signs out', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/login`);
  await page.waitForSelector('.user-menu >> text=Sign in');
  await page.fill('#username', 'admin');
  await page.fill('#password', adminPassword);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("Campaigns")');
  assert.equal(new URL(page.url()).pathname, '/dashboard/campaigns');
  assert.equal(await page.textContent('.user-menu .username'), 'admin');

  const [cookie] = await context.cookies();
  assert.equal(cookie.name, 'outdial_session');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');

  // The session survives a reload: the header asks the server who this is.
  await page.reload();
  await page.waitForSelector('.user-menu .username');
  const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
  assert.equal(me, 200);

  await page.click('.user-menu >> text=Sign out');
  await page.waitForSelector('h1:has-text("Sign in to Outdial")');
  const after = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
  assert.equal(after, 401);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a deep link opened while signed out returns to its page after signing in', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/dashboard/carriers`);
  await page.waitForURL('**/login?next=*');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/dashboard/carriers');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/dashboard/carriers');
  await page.getByRole('heading', { name: 'Carriers', exact: true }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('sign-in never sends the operator to another site', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const next of ['https://example.com/', '//example.com/dashboard/', '/dashboard//example.com']) {
    await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard/campaigns');
    assert.equal(new URL(page.url()).origin, server.url);
    await page.evaluate(() => fetch('/api/auth/logout', { method: 'POST' }));
  }
  await context.close();
});
