// Browser benchmark of the wizard's contact CSV check (frontend/src/csv_check)
// against the PapaParse reference, in headless Chromium, same file, runs
// interleaved so a slow moment of the machine hits both.
//
// Builds nothing: it serves the release build in dist/ (`trunk build --release`)
// and calls the check through the `csvCheckBench` export (frontend/src/csv_check/bench.rs,
// reachable only through `window.wasmBindings`, never from the operator's pages).
//
// usage: node tests/bench/csv_check.mjs [csv=/tmp/csvref/contacts.csv] [reps=3] [reference dir=/tmp/csvref]
//   (the reference folder is set up as its README says: npm ci, node gen.mjs 500000 contacts.csv, ./build.sh)
// Appends one JSON line per run to $RESULTS if set, and prints a min/median table with
// ours/theirs ratios. DIST=<dir> serves another build; ONLY_WARM=1 skips the reference and cold runs.
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const [csvArg = '/tmp/csvref/contacts.csv', repsArg = '3', refDir = '/tmp/csvref'] = process.argv.slice(2);
const csv = path.resolve(csvArg);
const reps = +repsArg;
const dist = path.resolve(process.env.DIST || path.join(root, 'dist')); // DIST=... to measure another build
if (!fs.existsSync(path.join(dist, 'csv-worker_loader.js'))) {
  console.error('dist/ has no csv-worker: run `source scripts/env.sh && trunk build --release` first');
  process.exit(2);
}

// dist/ over HTTP, with the index page for every unknown path (as the server does).
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  const wanted = path.join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  const file = wanted.startsWith(dist) && fs.existsSync(wanted) && fs.statSync(wanted).isFile() ? wanted : path.join(dist, 'index.html');
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/login`;

// Resident memory of the renderer processes this script's browser started.
function parentOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return +stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
  } catch { return 0; }
}
function isOurs(pid) {
  for (let p = pid, hops = 0; p > 1 && hops < 20; p = parentOf(p), hops++) if (p === process.pid) return true;
  return false;
}
function renderers() {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer') && isOurs(pid); } catch { return false; }
  });
}
const rssKB = (pid) => { try { return +/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]; } catch { return 0; } };

async function ours(warm) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('pageerror', e.message));
    await page.goto(url);
    await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.csvCheckBench);
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-file';
      document.body.append(input);
    });
    await page.setInputFiles('#bench-file', csv);
    if (warm) {
      await page.evaluate(() => window.wasmBindings.csvCheckPrewarm());
      await page.waitForTimeout(1500); // the workers load and compile their wasm
    }
    const pids = renderers();
    const base = pids.reduce((sum, pid) => sum + rssKB(pid), 0);
    let peak = base;
    const sampler = setInterval(() => {
      const now = pids.reduce((sum, pid) => sum + rssKB(pid), 0);
      if (now > peak) peak = now;
    }, 25);
    const run = await page.evaluate(() => new Promise((resolve) => {
      const file = document.getElementById('bench-file').files[0];
      // The UI thread's longest stall: a 5 ms timer's largest gap, and long tasks.
      let longest = 0, last = performance.now(), longTask = 0, progress = 0, maxProgressGap = 0, lastProgress = null;
      const ticker = setInterval(() => { const now = performance.now(); longest = Math.max(longest, now - last); last = now; }, 5);
      const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTask = Math.max(longTask, e.duration); });
      try { observer.observe({ entryTypes: ['longtask'] }); } catch {}
      const t0 = performance.now();
      let previewMs = null, region = null, firstProgressMs = null; const gaps = [];
      window.wasmBindings.csvCheckBench(file, '+919876543210', undefined, (kind, d) => {
        const now = performance.now();
        if (kind === 'preview' && previewMs === null) { previewMs = now - t0; region = d.region; }
        if (kind === 'progress') {
          progress++;
          if (firstProgressMs === null) firstProgressMs = now - t0;
          if (lastProgress !== null && now - lastProgress > 100) gaps.push([Math.round(lastProgress - t0), Math.round(now - lastProgress)]);
          if (lastProgress !== null) maxProgressGap = Math.max(maxProgressGap, now - lastProgress);
          lastProgress = now;
        }
        if (kind === 'done' || kind === 'failed') {
          const totalMs = now - t0;
          clearInterval(ticker);
          observer.disconnect();
          if (lastProgress !== null && now - lastProgress > 100) gaps.push([Math.round(lastProgress - t0), Math.round(now - lastProgress)]);
          resolve({ previewMs, totalMs, region, progress, progressGapsOver100Ms: gaps, firstProgressMs, maxProgressGapMs: maxProgressGap, uiMaxGapMs: longest, longTaskMs: longTask,
            ...(kind === 'done' ? { rows: d.rows, valid: d.valid, invalid: d.invalid, duplicates: d.duplicates, fileError: d.fileError, reportJson: d.report } : { failed: d }) });
        }
      });
    }));
    clearInterval(sampler);
    const rejected = await page.evaluate(async () => {
      const t0 = performance.now();
      const blob = await window.wasmBindings.csvCheckBenchRejected();
      const text = await blob.text();
      return { ms: performance.now() - t0, lines: text.split('\r\n').length - 2, bytes: blob.size };
    });
    return {
      cfg: warm ? 'ours:warm' : 'ours:cold',
      ...run,
      rejectedCsvMs: Math.round(rejected.ms),
      rejectedRows: rejected.lines,
      rendererRssBaseMB: +(base / 1024).toFixed(1),
      rendererRssPeakMB: +(peak / 1024).toFixed(1),
      rendererRssGrowthMB: +((peak - base) / 1024).toFixed(1),
      renderers: pids.length,
    };
  } finally {
    await browser.close();
  }
}

function reference() {
  const out = path.join(fs.mkdtempSync('/tmp/csv-bench-'), 'ref.jsonl');
  const result = spawnSync('node', ['bench.mjs', csv, '1', 'ownWorker:min:1048576'], {
    cwd: refDir, env: { ...process.env, RESULTS: out }, encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`reference failed: ${result.stderr}`);
  const row = JSON.parse(fs.readFileSync(out, 'utf8').trim().split('\n').pop());
  return { ...row, cfg: 'reference:ownWorker:min:1MiB' };
}

const results = [];
const reports = [];
for (let rep = 1; rep <= reps; rep++) {
  // ONLY_WARM=1: just the warm check (to compare builds with DIST=).
  const runs = process.env.ONLY_WARM ? [() => ours(true)] : [() => ours(true), reference, () => ours(false)];
  for (const run of runs) {
    const row = { rep, ...(await run()) };
    if (row.reportJson) {
      reports.push(row.reportJson);
      delete row.reportJson;
    }
    results.push(row);
    console.log(JSON.stringify(row));
  }
}
server.close();
// The browser's report must be the server reader's, byte for byte (when the release binary is built).
const binary = path.join(root, 'target', 'release', 'outdial');
if (fs.existsSync(binary) && reports.length) {
  const native = spawnSync(binary, ['contacts', 'check', '--default-region', 'IN', '--json', csv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const same = reports.every((r) => JSON.stringify(JSON.parse(r)) === JSON.stringify(JSON.parse(native.stdout)));
  console.log(`browser report equals \`outdial contacts check --json\` in all ${reports.length} runs: ${same ? 'yes' : 'NO'}`);
}
if (process.env.RESULTS) fs.appendFileSync(process.env.RESULTS, results.map((r) => JSON.stringify({ csv, ...r })).join('\n') + '\n');

// min / median per configuration, and ours over theirs.
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const pick = (row, names) => { for (const n of names) if (typeof row[n] === 'number') return row[n]; return NaN; };
const metrics = {
  previewMs: ['previewMs', 'firstPreviewMs', 'preview_ms'],
  totalMs: ['totalMs', 'total_ms', 'doneMs'],
  rssGrowthMB: ['rendererRssGrowthMB'],
};
for (const row of results) if (row.rendererRssGrowthMB === undefined) row.rendererRssGrowthMB = +(row.rendererRssPeakMB - row.rendererRssBaseMB).toFixed(1);
const table = {};
for (const cfg of [...new Set(results.map((r) => r.cfg))]) {
  const rows = results.filter((r) => r.cfg === cfg);
  table[cfg] = Object.fromEntries(Object.entries(metrics).map(([name, keys]) => {
    const xs = rows.map((r) => pick(r, keys)).filter((x) => !Number.isNaN(x));
    return [name, xs.length ? { min: +Math.min(...xs).toFixed(1), median: +median(xs).toFixed(1) } : null];
  }));
}
console.table(Object.fromEntries(Object.entries(table).map(([cfg, m]) => [cfg, Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v ? `${v.min} / ${v.median}` : '-']))])));
const theirs = table['reference:ownWorker:min:1MiB'];
for (const cfg of ['ours:warm', 'ours:cold']) {
  const mine = table[cfg];
  if (!mine || !theirs) continue;
  const ratio = (k) => (mine[k] && theirs[k] ? (mine[k].median / theirs[k].median).toFixed(2) : '-');
  console.log(`${cfg} / reference (medians): preview ${ratio('previewMs')}×, total ${ratio('totalMs')}×, renderer RSS growth ${ratio('rssGrowthMB')}×`);
}
