/// <reference lib="dom" />
// Run on demand (never part of the test command), under the machine's benchmark lock:
//   flock /tmp/wakuncar-bench.lock npx ts-node --transpile-only bench/dashboard.ts
//
// The OPD's dashboard on a theme with 22 kelurahan × 12 months, in headless Debian Chromium with the
// CPU throttled 4× (CDP Emulation.setCPUThrottlingRate, as bench/render.ts), at 1280 px. The real
// client (client/vite.config.ts built into a temp folder) is served with a stub API in this process
// that answers the dashboard's reads from generated cells (kelurahan values, kecamatan and kota as
// their sums), so only the browser's work is measured. Each round, in a fresh context (cold cache):
// (a) the overview opened by link: navigation → the kota's table and bars painted (the dashboard's
//     chunk downloaded, parsed and run, its reads answered);
// (b) the map tab: click → the kecamatan drawn (the boundaries' chunk included);
// (c) drill-down: a click on a kecamatan → its kelurahan's rows painted;
// (d) over time opened by link on a kecamatan: navigation → 5 kecamatan × 12 months of lines painted.
// Target: each ≤ 1.5 s. Settings: ROUNDS (default 3), CHROMIUM_PATH, SKIP_BUILD=<dir> reuses a build.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fmt, percentile } from './support';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REPO = resolve(__dirname, '..');
const THROTTLE = 4;
const VIEWPORT = { width: 1280, height: 900 };
const TARGET_MS = 1500;
const SLUG = 'bench-bulanan';

// ---------------------------------------------------------------------------------------------
// The data: Kota Metro's regions (from the client's own boundaries file) and 12 months of cells.

interface Region {
  code: string;
  name: string;
  level: 'kota' | 'kecamatan' | 'kelurahan';
  parentCode: string;
}

const LEVELS = ['provinsi', 'kota', 'kecamatan', 'kelurahan'] as const;
const boundaries = JSON.parse(readFileSync(join(REPO, 'client/src/features/dashboard/map/batas-kota-metro.json'), 'utf8')) as {
  features: { properties: { kode: string; nama: string } }[];
};
const REGIONS: Region[] = boundaries.features.map(({ properties: { kode, nama } }) => ({
  code: kode,
  name: nama,
  level: LEVELS[kode.split('.').length - 1] as Region['level'],
  parentCode: kode.slice(0, kode.lastIndexOf('.')),
}));
const KELURAHAN = REGIONS.filter((region) => region.level === 'kelurahan');
if (KELURAHAN.length !== 22) throw new Error(`expected 22 kelurahan, found ${KELURAHAN.length}`);

const MEASURES = [
  { key: 'laporan', title: 'Laporan masuk', op: 'count', satuan: 'laporan' },
  { key: 'kader', title: 'Kader aktif', op: 'sum', field: '/kader', satuan: 'orang' },
  { key: 'ditimbang', title: 'Balita ditimbang', op: 'sum', field: '/ditimbang', satuan: 'orang' },
  { key: 'sasaran', title: 'Balita sasaran', op: 'sum', field: '/sasaran', satuan: 'orang' },
  { key: 'ibu_hamil', title: 'Ibu hamil', op: 'sum', field: '/ibu_hamil', satuan: 'orang' },
  { key: 'lansia', title: 'Lansia dilayani', op: 'sum', field: '/lansia', satuan: 'orang' },
];

/** The current month in WIB and the 11 before it. */
function months(): string[] {
  const now = new Date(Date.now() + 7 * 3600_000);
  return Array.from({ length: 12 }, (_, back) => {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (11 - back), 1));
    return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}
const MONTHS = months();

/** A kelurahan's value of a measure in a month: fixed, varied. */
function baseValue(kelurahan: number, month: number, measure: number): number {
  return measure === 0 ? 1 : 5 + ((kelurahan * 37 + month * 11 + measure * 17) % 90);
}

function value(code: string, month: string, measure: string): number {
  const m = MEASURES.findIndex((entry) => entry.key === measure);
  const t = MONTHS.indexOf(month);
  return KELURAHAN.reduce((sum, kelurahan, k) => (kelurahan.code === code || kelurahan.code.startsWith(`${code}.`) ? sum + baseValue(k, t, m) : sum), 0);
}

// ---------------------------------------------------------------------------------------------
// The stub API: the reads the dashboard makes.

const USER = { id: '00000000-0000-4000-8000-0000000000d0', username: 'opd.bench', displayName: 'OPD Bench', role: 'opd', regionCode: '18.72' };
const THEME = { slug: SLUG, title: 'Laporan bulanan (bench)', unit: 'report', period: 'month', regionLevel: 'kelurahan', latestVersion: 1 };

function aggregates(query: URLSearchParams): unknown {
  const level = query.get('level');
  const within = query.get('region') ?? '18.72';
  const from = query.get('from') ?? MONTHS[0];
  const to = query.get('to') ?? MONTHS[MONTHS.length - 1];
  const measures = query.get('measure') ? MEASURES.filter((entry) => entry.key === query.get('measure')) : MEASURES;
  const regions = REGIONS.filter((region) => region.level === level && (region.code === within || region.code.startsWith(`${within}.`)));
  const items = regions.flatMap((region) =>
    MONTHS.filter((month) => month >= from && month <= to).flatMap((month) =>
      measures.map((measure) => ({ regionCode: region.code, regionName: region.name, level, periodKey: month, measure: measure.key, group: null, value: value(region.code, month, measure.key), suppressed: false })),
    ),
  );
  return { items, nextCursor: null, measures: MEASURES.map((entry) => entry.key), suppressBelow: null };
}

function apiAnswer(path: string, query: URLSearchParams): unknown {
  if (path === '/api/auth/me') return USER;
  if (path === '/api/themes') return { items: [THEME], nextCursor: null };
  // The shell's notification bell asks on every screen; an officer with nothing unread.
  if (path === '/api/notifications') return { items: [], nextCursor: null };
  if (path === `/api/themes/${SLUG}/versions/1`) return { ...THEME, version: 1, sensitivity: 'public', schema: { type: 'object', properties: {} }, aggregations: MEASURES };
  if (path === `/api/themes/${SLUG}/aggregates`) return aggregates(query);
  if (path === '/api/regions') return { items: REGIONS.filter((region) => region.parentCode === query.get('parent')), nextCursor: null };
  const region = REGIONS.find((entry) => path === `/api/regions/${entry.code}`);
  if (region) return { ...region, path: REGIONS.filter((entry) => region.code.startsWith(`${entry.code}.`)) };
  return undefined;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json' };

async function serve(root: string, unknown: Set<string>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      const answer = apiAnswer(url.pathname, url.searchParams);
      if (answer === undefined) unknown.add(`${request.method} ${url.pathname}`);
      response.writeHead(answer === undefined ? 404 : 200, { 'content-type': answer === undefined ? 'application/problem+json' : 'application/json' });
      response.end(JSON.stringify(answer ?? { status: 404, code: 'NOT_FOUND', title: 'Not Found' }));
      return;
    }
    let file = join(root, url.pathname);
    if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) file = join(root, 'index.html');
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((done) => server.close(() => done())) };
}

// ---------------------------------------------------------------------------------------------
// In the page: the time a view is painted, taken by the page itself (no polling from outside).

interface Wait {
  selector: string;
  count: number;
}
interface BenchState {
  wait: Wait | null;
  clickedAt: number;
  paintedAt?: number;
}

function instrument({ session, wait }: { session: string; wait: Wait }): void {
  const state: BenchState = { wait, clickedAt: 0 };
  (window as unknown as { __bench: BenchState }).__bench = state;
  localStorage.setItem('wakuncar.session', session);
  document.addEventListener('click', (event) => (state.clickedAt = event.timeStamp), true);
  new MutationObserver(() => {
    const current = state.wait;
    if (!current || document.querySelectorAll(current.selector).length < current.count) return;
    state.wait = null;
    // The frame after the one being prepared has been painted when a message posted from rAF arrives.
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        state.paintedAt = performance.now();
        console.debug('wakuncar-bench:painted');
      };
      channel.port2.postMessage(0);
    });
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

const painted = (page: Page): Promise<unknown> =>
  page.waitForEvent('console', { predicate: (message) => message.text() === 'wakuncar-bench:painted', timeout: 60_000 });

/** Arms the observer for the next view, runs `act`, and answers the time from its click (or navigation) to the paint. */
async function timed(page: Page, wait: Wait, act: () => Promise<unknown>, fromClick: boolean): Promise<number> {
  await page.evaluate((next) => Object.assign((window as unknown as { __bench: BenchState }).__bench, { wait: next, paintedAt: undefined }), wait);
  const done = painted(page);
  await act();
  await done;
  const state = await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench);
  return (state.paintedAt as number) - (fromClick ? state.clickedAt : 0);
}

interface Round {
  overview: number;
  map: number;
  drill: number;
  overTime: number;
}

const OVERVIEW_READY: Wait = { selector: '.overview-table tfoot .cell-number', count: MEASURES.length };
const SESSION = JSON.stringify({ token: 'bench', user: USER });

async function open(browser: Browser, url: string, wait: Wait): Promise<{ page: Page; ms: number; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'id-ID', timezoneId: 'Asia/Jakarta', serviceWorkers: 'block' });
  await context.addInitScript(instrument, { session: SESSION, wait });
  const page = await context.newPage();
  // A view that never paints times out; what the page said explains why.
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && console.error(`page console: ${message.text()}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  const done = painted(page);
  await page.goto(url, { waitUntil: 'commit' });
  await done;
  const ms = (await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench.paintedAt)) as number;
  return { page, ms, close: () => context.close() };
}

async function runRound(browser: Browser, base: string): Promise<Round> {
  const first = await open(browser, `${base}/dasbor/${SLUG}`, OVERVIEW_READY);
  const { page } = first;
  const map = await timed(page, { selector: 'path[data-region]', count: 5 }, () => page.getByRole('tab', { name: 'Peta' }).click(), true);
  await page.getByRole('tab', { name: 'Ringkasan' }).click();
  await page.locator('.overview-table tfoot .cell-number').first().waitFor();
  const drill = await timed(
    page,
    // Metro Utara's kelurahan rows with their numbers.
    { selector: '.overview-table tbody tr[data-region^="18.72.02."] .cell-number', count: 4 * MEASURES.length },
    () => page.locator('.overview-table').getByRole('button', { name: /^Lihat Metro Utara/ }).click(),
    true,
  );
  await first.close();
  const lines = await open(browser, `${base}/dasbor/${SLUG}?wilayah=18.72.02&tampil=waktu&ukuran=ditimbang`, { selector: '.line-chart circle', count: 5 * 12 });
  await lines.close();
  return { overview: first.ms, map, drill, overTime: lines.ms };
}

async function main(): Promise<void> {
  if (!statSync(CHROMIUM, { throwIfNoEntry: false })) throw new Error(`Chromium not found at ${CHROMIUM}`);
  const reuse = process.env.SKIP_BUILD;
  const root = reuse ? resolve(reuse) : mkdtempSync(join(tmpdir(), 'wakuncar-dashboard-'));
  if (!reuse) {
    // Through a variable, as bench/render.ts: the server's module resolution cannot type Vite's ES module.
    const name = 'vite';
    const vite = (await import(name)) as { build: (options: object) => Promise<unknown> };
    await vite.build({ configFile: join(REPO, 'client/vite.config.ts'), logLevel: 'warn', build: { outDir: root, emptyOutDir: true } });
  }
  const unknown = new Set<string>();
  const server = await serve(root, unknown);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const rounds: Round[] = [];
  try {
    // One unmeasured round: a fresh browser's first pages are slower for reasons of its own.
    await runRound(browser, server.url);
    for (let round = 0; round < ROUNDS; round += 1) {
      const result = await runRound(browser, server.url);
      rounds.push(result);
      console.log(`round ${round + 1}: overview ${fmt(result.overview)} · map ${fmt(result.map)} · drill-down ${fmt(result.drill)} · over time ${fmt(result.overTime)}`);
    }
  } finally {
    await browser.close();
    await server.close();
    if (!reuse) rmSync(root, { recursive: true, force: true });
  }
  if (unknown.size) console.log(`API reads the stub did not answer (404): ${[...unknown].join(', ')}`);
  console.log(`\n${ROUNDS} rounds, CPU throttled ${THROTTLE}×, ${VIEWPORT.width} px, 22 kelurahan × 12 months × ${MEASURES.length} measures; target ≤ ${fmt(TARGET_MS)} each (median, worst)`);
  for (const key of ['overview', 'map', 'drill', 'overTime'] as const) {
    const values = rounds.map((round) => round[key]);
    const median = percentile(values, 50);
    console.log(`  ${key.padEnd(9)} ${fmt(median)}  ${fmt(Math.max(...values))}  ${median <= TARGET_MS ? 'meets' : 'MISSES'} the target`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
