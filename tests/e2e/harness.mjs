// Starts the real release binary on a free port with a throw-away SQLite
// file, and Debian's Chromium through playwright-core.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binary = join(root, 'target', 'release', 'outdial');
// Where the e2e run saves its screenshots, for a person to look at.
export const shots = join(root, 'target', 'e2e-screenshots');
export const adminPassword = 'e2e-admin-password';

// A fresh server on its own SQLite file. Without the demo workspace unless
// `{ demo: true }`: the tests create what they need.
export async function startServer({ demo = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'outdial-e2e-'));
  const child = spawn(
    binary,
    ['serve', '--bind', '127.0.0.1:0', '--database-url', `sqlite://${join(dir, 'e2e.db')}`, ...(demo ? [] : ['--no-demo'])],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'warn', OUTDIAL_ADMIN_PASSWORD: adminPassword } },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let stdoutSoFar = '';
  child.stdout.on('data', (chunk) => (stdoutSoFar += chunk));
  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/running at (http:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    // What the server printed at start (the sign-in and demo lines).
    output: () => stdoutSoFar,
    async stop() {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Collects console errors and uncaught exceptions, for a test to assert
// there were none. The browser logs the signed-out answer of
// GET /api/auth/me (401) as an error; that one is expected.
export function watchErrors(page) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().includes('status of 401')) return;
    errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

// A browser context signed in as the admin (the session cookie is shared by
// the context's pages and its request client).
export async function signedInContext(browser, server) {
  const context = await browser.newContext();
  const response = await context.request.post(`${server.url}/api/auth/login`, {
    data: { username: 'admin', password: adminPassword },
  });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()}`);
  return context;
}

// Answers the page's own question (its modal dialog, components/
// confirm_dialog.rs): waits for it, checks its words against `words`, and
// presses `button` ("Cancel", or the act it names: "Stop campaign", …).
export async function answer(page, words, button) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const text = await dialog.locator('#confirm-question').textContent();
  assert.match(text, words);
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  return text;
}

// Start and Restart ask first when the campaign's bot has never passed a
// test call (the bots these tests make have not): after the click, answers
// yes, checking that it is that question.
export async function acceptUntestedBot(page, action = 'Start') {
  await answer(page, /^The bot .+ has never passed a test call\. Place one from Bots \(Test call\)/, `${action} anyway`);
}

// Whether the page is asking a question now.
export async function asking(page) {
  return page.getByRole('dialog').isVisible();
}

// The JSON of a response that must have succeeded (else its status and body).
export async function created(response) {
  assert.ok(response.ok(), `${response.url()} answered ${response.status()}: ${await response.text()}`);
  return response.json();
}

// "HH:MM" in UTC, `hours` from now.
export function utcClock(hours) {
  const at = new Date(Date.now() + hours * 3600 * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

// The campaign dashboard's figures as the page shows them, run in the page
// (pass it to page.evaluate or page.waitForFunction): each contacts-legend
// entry by its label ("Pending", "In call", …, 0 when the part is not
// shown), the live calls from the gauge, and the attempts.
export function dashboardFigures() {
  const number = (text) => Number(String(text).replace(/[^0-9]/g, '') || 0);
  const figures = { Pending: 0, 'In call': 0, 'Retry scheduled': 0, 'Callback scheduled': 0, Excluded: 0 };
  for (const entry of document.querySelectorAll('.chart-legend li')) {
    const label = entry.querySelector('.legend-label').textContent.trim();
    figures[label] = number(entry.querySelector('.legend-value').textContent.split('(')[0]);
  }
  const meter = document.querySelector('[role="meter"]');
  figures['Live calls'] = meter ? Number(meter.getAttribute('aria-valuenow')) : NaN;
  const attempts = document.querySelector('[aria-labelledby="totals-title"] .big-figure');
  figures.Attempts = attempts ? number(attempts.textContent) : NaN;
  return figures;
}

// Saves the page at 1280 px and at 390 px (a phone) as
// target/e2e-screenshots/<name>-1280.png and -390.png, then goes back to
// the page's own size.
export async function shoot(page, name) {
  mkdirSync(shots, { recursive: true });
  const size = page.viewportSize();
  await page.screenshot({ path: join(shots, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, `${name}-390.png`), fullPage: true });
  await page.setViewportSize(size);
}
