/// <reference lib="dom" />
// Run on demand (never part of the test command), under the machine's benchmark lock:
//   flock /tmp/wakuncar-bench.lock npx ts-node --transpile-only bench/render.ts
//
// A cadre's form on a low-end phone: headless Debian Chromium, CPU throttled 4× (CDP
// Emulation.setCPUThrottlingRate), a 360 px viewport. Two pages, built in this run, measured in
// alternating rounds (plain, ours, ours, plain, …), each round in a fresh browser context (cold cache):
// - ours: the real client (client/vite.config.ts built into a temp folder) on the cadre's fill route
//   /tugas/bench-200 as Tugas saya links to it (region and version in the query), a published theme
//   with 200 fields; the API is a stub in this process that
//   answers the few reads the route makes at once (the version's precompiled validator module is
//   generated here by the server's own code), so only the browser's work is measured;
// - plain: a hand-written React form with the same 200 fields (controlled inputs, state at the top,
//   hand-written checks on submit), built with Vite from the source below.
// Measures (a) first paint of the form after navigation (first field in the DOM, then the next
// frame), (b) keystroke → next paint (typed into three fields at a phone's irregular pace; median
// and p95), (c) the first submit of an invalid form → errors painted, (d) gzip of every JS file the
// page requested from navigation to the end of the round, the API's validator module included
// (service worker blocked; its precache of the whole app is reported separately). Targets: ≤ 1.0 s, ≤ 20 ms, ≤ 100 ms, ≤ 200 kB (gzip, 1 kB = 1000 bytes as Vite reports). One
// unmeasured round per side warms the browser up first.
//
// Then the fill route over an emulated slow 3G link (400 kbps down and up, 400 ms round trip, CDP
// Network.emulateNetworkConditions) at the same 4× CPU throttle, served as the API server serves the
// build and its answers (brotli, see server/src/api.ts and common/compress-answers.ts), each round
// a new phone (fresh context, service workers allowed): (e) the first visit, until the form is
// usable (its first field painted, then tapped and a key typed into it, painted), target ≤ 6 s; (f) a
// return visit once the service worker has installed and the page stayed open 5 s more, the app
// served from its precache (only the API's reads travel), target ≤ 1 s. The visit after that is
// reported too: Chromium keeps compiled code for the worker's scripts only from their first run from
// its cache, which the app runs ahead in a hidden page after the install (client/src/app/warm-up.ts).
//
// Settings: ROUNDS (default 5 per side), SLOW_ROUNDS (default 3), CHROMIUM_PATH, TRACE=1 prints each slow-link
// visit's requests and performance marks against when the form was painted (TRACE=2 also writes a Chromium trace
// of the return visit, TRACE=3 one of the first submit and TRACE=4 one of the visit after the return visit, for
// DevTools' Performance panel; tracing slows the page, so its figures do not count), KEEP_BUILD=1 keeps the temp
// builds, SKIP_BUILD=<dir>
// measures the builds kept by an earlier run instead of building again, COMPARE=<dir> measures our
// client kept there (KEEP_BUILD=1 of an earlier commit) in place of the plain form: on this machine
// the load moves every figure by 15–20 % between runs, and only a same-run A/B tells a change apart.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { standaloneValidatorModule } from '../schemas/validator/standalone';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REPO = resolve(__dirname, '..');
const THROTTLE = 4;
const VIEWPORT = { width: 360, height: 760 };
const TARGETS = { firstPaintMs: 1000, keystrokeMs: 20, submitMs: 100, routeKb: 200, slowFirstVisitMs: 6000, slowReturnVisitMs: 1000 };
const SLOW_ROUNDS = Number(process.env.SLOW_ROUNDS ?? 3);
/** How long the first visit's page stays open once the service worker has installed. */
const AFTER_INSTALL_MS = 5000;
/** 400 kbps each way (bytes per second to CDP), 400 ms round trip. */
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };

// ---------------------------------------------------------------------------------------------
// The 200-field theme: the mix of the built-in themes (counts, measures, choices, yes/no, dates, NIK,
// notes), one required count in every ten fields.

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const FIELD_COUNT = 200;
const CHOICES = ['Baik', 'Cukup', 'Kurang', 'Rusak ringan', 'Rusak berat'];

interface PlainField {
  name: string;
  title: string;
  kind: 'integer' | 'number' | 'text' | 'textarea' | 'select' | 'checkbox' | 'date';
  required: boolean;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  options?: string[];
}

function benchFields(): PlainField[] {
  const fields: PlainField[] = [];
  for (let index = 1; index <= FIELD_COUNT; index += 1) {
    const name = `f${String(index).padStart(3, '0')}`;
    const n = index % 10;
    const base = { name, required: n === 1 };
    if (n === 1) fields.push({ ...base, title: `Jumlah keluarga ${index}`, kind: 'integer', minimum: 0 });
    else if (n === 2) fields.push({ ...base, title: `Nama kepala keluarga ${index}`, kind: 'text', maxLength: 100 });
    else if (n === 3) fields.push({ ...base, title: `Luas lahan (m²) ${index}`, kind: 'number', minimum: 0, maximum: 1000 });
    else if (n === 4) fields.push({ ...base, title: `Kondisi rumah ${index}`, kind: 'select', options: CHOICES });
    else if (n === 5) fields.push({ ...base, title: `Memiliki jamban sehat ${index}`, kind: 'checkbox' });
    else if (n === 6) fields.push({ ...base, title: `Tanggal kunjungan ${index}`, kind: 'date' });
    else if (n === 7) fields.push({ ...base, title: `NIK ${index}`, kind: 'text', pattern: '^[0-9]{16}$' });
    else if (n === 8) fields.push({ ...base, title: `Umur (tahun) ${index}`, kind: 'integer', minimum: 0, maximum: 120 });
    else if (n === 9) fields.push({ ...base, title: `Catatan ${index}`, kind: 'textarea', maxLength: 500 });
    else fields.push({ ...base, title: `Jumlah anggota ${index}`, kind: 'integer', minimum: 0, maximum: 50 });
  }
  return fields;
}

function benchSchema(fields: PlainField[]): { schema: JsonObject; uiSchema: JsonObject } {
  const properties: JsonObject = {};
  const uiSchema: JsonObject = {};
  for (const field of fields) {
    const property: JsonObject = { title: field.title };
    if (field.kind === 'integer' || field.kind === 'number') property.type = field.kind;
    else if (field.kind === 'checkbox') property.type = 'boolean';
    else property.type = 'string';
    if (field.minimum !== undefined) property.minimum = field.minimum;
    if (field.maximum !== undefined) property.maximum = field.maximum;
    if (field.maxLength !== undefined) property.maxLength = field.maxLength;
    if (field.pattern !== undefined) property.pattern = field.pattern;
    if (field.options) property.enum = field.options;
    if (field.kind === 'date') property.format = 'date';
    if (field.kind === 'textarea') uiSchema[field.name] = { 'ui:widget': 'textarea' };
    properties[field.name] = property;
  }
  const required = fields.filter((field) => field.required).map((field) => field.name);
  return { schema: { type: 'object', properties, required }, uiSchema };
}

// ---------------------------------------------------------------------------------------------
// The plain React form: what a developer writes by hand for the same fields.

const PLAIN_SOURCE = String.raw`
import { StrictMode, useState, type FormEvent, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import fieldList from './fields.json';

interface Field {
  name: string; title: string; kind: string; required: boolean;
  minimum?: number; maximum?: number; maxLength?: number; pattern?: string; options?: string[];
}
type Value = string | boolean;
const fields = fieldList as Field[];

function check(field: Field, value: Value | undefined): string | null {
  if (value === undefined || value === '') return field.required ? 'wajib diisi' : null;
  if (typeof value === 'boolean') return null;
  if (field.kind === 'integer' || field.kind === 'number') {
    const number = Number(value);
    if (!Number.isFinite(number) || (field.kind === 'integer' && !Number.isInteger(number))) return 'harus berupa angka';
    if (field.minimum !== undefined && number < field.minimum) return 'harus >= ' + field.minimum;
    if (field.maximum !== undefined && number > field.maximum) return 'harus <= ' + field.maximum;
  }
  if (field.maxLength !== undefined && value.length > field.maxLength) return 'tidak boleh lebih dari ' + field.maxLength + ' karakter';
  if (field.pattern !== undefined && !new RegExp(field.pattern, 'u').test(value)) return 'harus cocok dengan pola "' + field.pattern + '"';
  return null;
}

function FieldInput({ field, value, error, onChange }: { field: Field; value: Value | undefined; error?: string; onChange: (value: Value) => void }): ReactElement {
  const id = field.name;
  let control: ReactElement;
  if (field.kind === 'checkbox') {
    control = <input id={id} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />;
  } else if (field.kind === 'select') {
    control = (
      <select id={id} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value)}>
        <option value="">Pilih…</option>
        {(field.options ?? []).map((option) => <option key={option} value={option}>{option}</option>)}
      </select>
    );
  } else if (field.kind === 'textarea') {
    control = <textarea id={id} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value)} />;
  } else {
    const type = field.kind === 'date' ? 'date' : field.kind === 'integer' || field.kind === 'number' ? 'number' : 'text';
    control = <input id={id} type={type} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value)} />;
  }
  return (
    <div className="field">
      <label htmlFor={id}>{field.title}{field.required ? ' *' : ''}</label>
      {control}
      {error && <p className="error">{error}</p>}
    </div>
  );
}

function PlainForm(): ReactElement {
  const [values, setValues] = useState<Record<string, Value>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const field of fields) {
      const message = check(field, values[field.name]);
      if (message) found[field.name] = message;
    }
    setErrors(found);
  };
  const names = Object.keys(errors);
  return (
    <form onSubmit={submit} noValidate>
      <h1>Formulir 200 isian</h1>
      {names.length > 0 && (
        <div className="plain-errors" role="alert">
          <p>{names.length} isian perlu diperbaiki</p>
          <ul>{names.map((name) => <li key={name}>{name}: {errors[name]}</li>)}</ul>
        </div>
      )}
      {fields.map((field) => (
        <FieldInput key={field.name} field={field} value={values[field.name]} error={errors[field.name]}
          onChange={(value) => setValues((previous) => ({ ...previous, [field.name]: value }))} />
      ))}
      <button type="submit">Kirim</button>
    </form>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<StrictMode><PlainForm /></StrictMode>);
`;

const PLAIN_HTML = `<!doctype html>
<html lang="id"><head><meta charset="UTF-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Formulir biasa</title>
<style>body{font:16px system-ui,sans-serif;margin:0 16px}.field{margin:12px 0}label{display:block;font-weight:600}
input,select,textarea{font:inherit;width:100%;box-sizing:border-box;padding:8px}input[type=checkbox]{width:auto}.error{color:#b00020}</style>
</head><body><div id="root"></div><script type="module" src="/main.tsx"></script></body></html>`;

/** The first section's fields as static HTML, for the keystroke floor. */
function floorHtml(fields: PlainField[]): string {
  const control = (field: PlainField): string => {
    if (field.kind === 'textarea') return `<textarea id="${field.name}"></textarea>`;
    if (field.kind === 'select') return `<select id="${field.name}"><option value="">Pilih…</option>${(field.options ?? []).map((option) => `<option>${option}</option>`).join('')}</select>`;
    const type = field.kind === 'checkbox' ? 'checkbox' : field.kind === 'date' ? 'date' : field.kind === 'integer' || field.kind === 'number' ? 'number' : 'text';
    return `<input id="${field.name}" type="${type}">`;
  };
  const body = fields.map((field) => `<div class="field"><label for="${field.name}">${field.title}</label>${control(field)}</div>`).join('');
  return PLAIN_HTML.replace('<div id="root"></div><script type="module" src="/main.tsx"></script>', `<form>${body}</form>`);
}

// ---------------------------------------------------------------------------------------------
// Builds.

// Vite and its React plugin ship ES-module types the repository's node10 resolution cannot read;
// they are loaded by name and used through the little this bench needs.
type ViteBuild = (config: Record<string, unknown>) => Promise<unknown>;
const loadVite = async (): Promise<{ build: ViteBuild; react: () => unknown }> => {
  const names = { vite: 'vite', react: '@vitejs/plugin-react' };
  const vite = (await import(names.vite)) as { build: ViteBuild };
  const plugin = (await import(names.react)) as { default: () => unknown };
  return { build: vite.build, react: plugin.default };
};

async function buildOurs(outDir: string): Promise<void> {
  const { build } = await loadVite();
  await build({ configFile: join(REPO, 'client/vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

async function buildPlain(dir: string, fields: PlainField[]): Promise<string> {
  const { build, react } = await loadVite();
  writeFileSync(join(dir, 'index.html'), PLAIN_HTML);
  writeFileSync(join(dir, 'main.tsx'), PLAIN_SOURCE);
  writeFileSync(join(dir, 'fields.json'), JSON.stringify(fields));
  // The temp folder resolves react from the repository's node_modules.
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const outDir = join(dir, 'dist');
  await build({ root: dir, configFile: false, logLevel: 'warn', plugins: [react()], build: { outDir, emptyOutDir: true, target: 'es2020' } });
  writeFileSync(join(outDir, 'floor.html'), floorHtml(fields.slice(0, 12)));
  return outDir;
}

// ---------------------------------------------------------------------------------------------
// Serving: static files with an SPA fallback, and for ours the reads of the fill route.

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const USER = { id: '00000000-0000-4000-8000-0000000000be', username: 'kader.bench', displayName: 'Kader Bench', role: 'kader', regionCode: '18.72.05.1001' };
const REGION = { code: '18.72.05.1001', name: 'Rejomulyo', level: 'kelurahan', parentCode: '18.72.05' };
const THEME_SUMMARY = { slug: 'bench-200', title: 'Pendataan 200 isian', unit: 'record', period: 'none', regionLevel: 'kelurahan', latestVersion: 1 };

/** JavaScript the API answers (the precompiled validator), by path: served as it is, and counted in (d). */
type ApiScripts = Map<string, string>;

function apiAnswer(path: string, version: JsonObject): unknown {
  if (path === '/api/auth/me') return USER;
  if (path === '/api/themes') return { items: [THEME_SUMMARY], nextCursor: null };
  if (path === '/api/themes/bench-200/versions/1') return version;
  if (path === `/api/regions/${REGION.code}`) return { ...REGION, path: [] };
  if (path === '/api/regions' || path.endsWith('/submissions')) return { items: [], nextCursor: null };
  return undefined;
}

async function serve(
  root: string,
  version: JsonObject | null,
  unknown: Set<string>,
  apiScripts: ApiScripts = new Map(),
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const acceptsBrotli = /\bbr\b/.test(String(request.headers['accept-encoding'] ?? ''));
    // As the API answers (server/src/common/compress-answers.ts): brotli quality 5 from 1 kB up.
    const answer = (status: number, type: string, body: string): void => {
      const compress = acceptsBrotli && status === 200 && Buffer.byteLength(body) >= 1024;
      response.writeHead(status, { 'content-type': type, ...(compress && { 'content-encoding': 'br', vary: 'accept-encoding' }) });
      response.end(compress ? brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }) : body);
    };
    const script = apiScripts.get(path);
    if (script !== undefined) {
      answer(200, 'text/javascript; charset=utf-8', script);
      return;
    }
    if (path.startsWith('/api/')) {
      const found = version ? apiAnswer(path, version) : undefined;
      if (found === undefined) unknown.add(`${request.method} ${path}`);
      answer(found === undefined ? 404 : 200, found === undefined ? 'application/problem+json' : 'application/json', JSON.stringify(found ?? { status: 404, code: 'NOT_FOUND', title: 'Not Found' }));
      return;
    }
    let file = join(root, path);
    if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) file = join(root, 'index.html');
    // As the API server sends the build (@fastify/static preCompressed): its brotli copy when accepted.
    const brotli = /\bbr\b/.test(String(request.headers['accept-encoding'] ?? '')) && statSync(`${file}.br`, { throwIfNoEntry: false })?.isFile();
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      ...(brotli && { 'content-encoding': 'br', vary: 'accept-encoding' }),
    });
    response.end(readFileSync(brotli ? `${file}.br` : file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

// ---------------------------------------------------------------------------------------------
// In the page: timestamps taken by the page itself, so Playwright's round trips never count.

interface PageSelectors {
  firstField: string;
  errors: string;
  submit: string;
  session: string | null;
}

interface KeySample {
  latency: number;
  /** The id of the element the key went to. */
  target: string;
  /** When the key's frame was painted (page time). */
  at: number;
  key: string;
  value: string;
}

interface BenchState {
  firstPaint?: number;
  typing: boolean;
  keys: KeySample[];
  submitClick?: number;
  submitPainted?: number;
  longTasks: Array<{ start: number; duration: number }>;
}

/** Runs in every new document before the app's scripts. */
function instrument(selectors: PageSelectors): void {
  const state: BenchState = { typing: false, keys: [], longTasks: [] };
  (window as unknown as { __bench: BenchState }).__bench = state;
  if (selectors.session) localStorage.setItem('wakuncar.session', selectors.session);
  // The frame after the one being prepared has been painted when a message posted from rAF arrives.
  const afterPaint = (done: (time: number) => void): void => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(0);
    });
  };
  // Told to the bench through the console: polling the page from outside would run scripts in it
  // while it loads and slow what is being measured.
  const tell = (what: string): void => console.debug(`wakuncar-bench:${what}`);
  let waitingFirst = false;
  let waitingErrors = false;
  new MutationObserver(() => {
    if (!waitingFirst && document.querySelector(selectors.firstField)) {
      waitingFirst = true;
      afterPaint((time) => {
        state.firstPaint = time;
        // Where the field stands, so the bench can tap it without asking the page (see visitOverSlowLink).
        const box = document.querySelector(selectors.firstField)?.getBoundingClientRect();
        if (box) tell(`first-field ${box.left + box.width / 2} ${box.top + box.height / 2}`);
        tell('first-paint');
      });
    }
    if (state.submitClick !== undefined && !waitingErrors && document.querySelector(selectors.errors)) {
      waitingErrors = true;
      afterPaint((time) => {
        state.submitPainted = time;
        tell('errors-painted');
      });
    }
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener(
    'keydown',
    (event) => {
      if (!state.typing) return;
      const target = event.target as HTMLInputElement;
      const started = event.timeStamp;
      afterPaint((time) => state.keys.push({ latency: time - started, at: time, key: event.key, value: target.value ?? '', target: target.id }));
    },
    true,
  );
  document.addEventListener(
    'click',
    (event) => {
      if (state.submitClick === undefined && (event.target as Element).closest?.(selectors.submit)) state.submitClick = event.timeStamp;
    },
    true,
  );
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing: the column stays empty.
  }
}

// ---------------------------------------------------------------------------------------------
// One round of one page.

interface Side {
  name: 'ours' | 'plain';
  url: string;
  /** Where a round opens the page. */
  path: string;
  root: string;
  selectors: PageSelectors;
  field: (name: string) => string;
  apiScripts: ApiScripts;
}

interface RoundResult {
  firstPaint: number;
  keys: number[];
  submit: number;
  typingBlockingMs: number;
  scripts: string[];
}

// Typed at a phone's pace: irregular gaps, some longer than the form's 250 ms commit pause, so a
// keystroke can land while the form takes in the previous word.
const TYPING: Array<{ field: string; text: string }> = [
  { field: 'f002', text: 'Sri Wahyuni' },
  { field: 'f003', text: '12345' },
  { field: 'f009', text: 'Rumah layak huni' },
];
const GAPS_MS = [140, 190, 110, 320, 160, 270, 120, 230, 90, 300];

const state = (page: Page): Promise<BenchState> => page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench);

async function typeAsACadre(page: Page, field: (name: string) => string): Promise<void> {
  let gap = 0;
  for (const { field: name, text } of TYPING) {
    await page.click(field(name));
    await page.evaluate(() => ((window as unknown as { __bench: BenchState }).__bench.typing = true));
    for (const character of text) {
      await page.keyboard.type(character);
      await page.waitForTimeout(GAPS_MS[gap++ % GAPS_MS.length]);
    }
    await page.evaluate(() => ((window as unknown as { __bench: BenchState }).__bench.typing = false));
  }
}

/**
 * The browser's own floor for (b): the same typing into a static page holding what our form shows
 * at first (the first section's 12 fields), with no script at all.
 */
async function runFloorRound(browser: Browser, url: string): Promise<number[]> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'id-ID', timezoneId: 'Asia/Jakarta', serviceWorkers: 'block' });
  try {
    await context.addInitScript(instrument, { firstField: '#f001', errors: '.none', submit: '.none', session: null });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    await page.goto(`${url}/floor.html`);
    await page.waitForTimeout(1000);
    await typeAsACadre(page, (name) => `#${name}`);
    await page.waitForTimeout(300);
    return (await state(page)).keys.map((sample) => sample.latency);
  } finally {
    await context.close();
  }
}

let submitTraced = false;

const TRACE_CATEGORIES = ['devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-devtools.timeline', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing', 'loading'];

/** Runs `run` under a Chromium trace when `when` is set (TRACE=2…4), written to a temp file it names. */
async function traced<T>(browser: Browser, page: Page | undefined, what: string, when: boolean, run: () => Promise<T>): Promise<T> {
  if (!when) return run();
  const path = join(tmpdir(), `wakuncar-${what.replace(/ /g, '-')}-${Date.now()}.json`);
  await browser.startTracing(page, { path, categories: TRACE_CATEGORIES });
  const result = await run();
  await browser.stopTracing();
  console.log(`trace of ${what}: ${path}`);
  return result;
}

async function runRound(browser: Browser, side: Side): Promise<RoundResult> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'id-ID', timezoneId: 'Asia/Jakarta', serviceWorkers: 'block' });
  try {
    await context.addInitScript(instrument, side.selectors);
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(side.url)) return;
      const path = new URL(request.url()).pathname;
      if (request.resourceType() === 'script' || side.apiScripts.has(path)) scripts.push(path);
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });

    const told = (what: string): Promise<unknown> =>
      page.waitForEvent('console', { predicate: (message) => message.text() === `wakuncar-bench:${what}`, timeout: 60_000 });
    const firstPainted = told('first-paint');
    await page.goto(`${side.url}${side.path}`, { waitUntil: 'commit' });
    await firstPainted;
    const firstPaint = (await state(page)).firstPaint as number;
    // What a page does right after showing itself (the validator warm-up, idle work) is not typing's cost.
    await page.waitForTimeout(2500);

    const typingStarted = await page.evaluate(() => performance.now());
    await typeAsACadre(page, side.field);
    await page.waitForTimeout(800);
    const typingEnded = await page.evaluate(() => performance.now());

    const errorsPainted = told('errors-painted');
    // TRACE=3: a Chromium trace of ours' first submit (written once per run).
    const traceSubmit = process.env.TRACE === '3' && side.name === 'ours' && !submitTraced;
    submitTraced ||= traceSubmit;
    await traced(browser, page, 'the first submit', traceSubmit, async () => {
      await page.click(side.selectors.submit);
      await errorsPainted;
    });
    const after = await state(page);
    const expectedKeys = TYPING.reduce((sum, entry) => sum + entry.text.length, 0);
    if (after.keys.length !== expectedKeys) throw new Error(`${side.name}: ${after.keys.length} keystrokes timed, ${expectedKeys} typed`);
    for (const { field, text } of TYPING) {
      const value = await page.inputValue(side.field(field));
      if (value !== text) throw new Error(`${side.name}: ${field} holds "${value}", typed "${text}"`);
    }
    const typingBlockingMs = after.longTasks
      .filter((task) => task.start >= typingStarted && task.start <= typingEnded)
      .reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0);
    await page.waitForTimeout(300);
    return {
      firstPaint,
      keys: after.keys.map((sample) => sample.latency),
      submit: (after.submitPainted as number) - (after.submitClick as number),
      typingBlockingMs,
      scripts: [...new Set(scripts)],
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The slow link: a new phone's first visit, and its return once the service worker holds the app.

interface SlowLinkResult {
  /** First field painted. */
  firstPaint: number;
  /** A key typed into the first field the moment it showed, painted: the form is usable. */
  usable: number;
  returnFirstPaint: number;
  returnUsable: number;
  /** A third visit: Chromium keeps compiled code for the worker's scripts from their first run (the second visit) on. */
  laterUsable: number;
  /** The return visit's page was controlled by the service worker. */
  servedByWorker: boolean;
}

async function visitOverSlowLink(context: BrowserContext, side: Side): Promise<{ page: Page; firstPaint: number; usable: number; controlled: boolean }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  const firstField = page.waitForEvent('console', { predicate: (message) => message.text().startsWith('wakuncar-bench:first-field '), timeout: 120_000 });
  await page.goto(`${side.url}${side.path}`, { waitUntil: 'commit', timeout: 120_000 });
  // The cadre taps the first field the moment it shows and types a key: sent as input events straight
  // to the browser, where the page told us the field stands. Playwright's page.focus/click would first
  // compile its own helper script in the throttled page (~50 ms) and wait on round trips of its own.
  const [x, y] = (await firstField).text().split(' ').slice(1).map(Number);
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: '7', code: 'Digit7', text: '7', windowsVirtualKeyCode: 55 });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: '7', code: 'Digit7', windowsVirtualKeyCode: 55 });
  await page.waitForFunction(() => (window as unknown as { __bench: BenchState }).__bench.keys.length > 0, undefined, { timeout: 60_000 });
  const after = await state(page);
  const typedInto = side.field('f001').slice(1);
  // The form keeps a draft, so a later visit's field already holds the earlier visits' keys.
  if (after.keys[0].target !== typedInto || !after.keys[0].value.endsWith('7')) {
    throw new Error(`${side.name}: the key meant for ${typedInto} went to "${after.keys[0].target}", which holds "${await page.inputValue(side.field('f001'))}"`);
  }
  const controlled = await page.evaluate(() => navigator.serviceWorker?.controller !== null && navigator.serviceWorker?.controller !== undefined);
  if (process.env.TRACE === '1') console.log(await timeline(page, after.firstPaint as number, after.keys[0].at));
  return { page, firstPaint: after.firstPaint as number, usable: after.keys[0].at, controlled };
}

/** TRACE=1: what a visit fetched and when (ms from navigation), against when the form was painted and usable. */
async function timeline(page: Page, painted: number, usable: number): Promise<string> {
  const entries = await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((entry) => {
      const timing = entry as PerformanceResourceTiming;
      return { name: timing.name.replace(location.origin, ''), start: timing.startTime, worker: timing.workerStart, end: timing.responseEnd, bytes: timing.transferSize };
    }),
  );
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((mark) => ({ name: mark.name, start: mark.startTime, worker: 0, end: mark.startTime, bytes: 0 })));
  entries.push(...marks);
  const rows = entries
    .sort((a, b) => a.start - b.start)
    .map((entry) => `  ${entry.start.toFixed(0).padStart(5)} → ${entry.end.toFixed(0).padStart(5)} ms ${entry.worker > 0 ? 'sw ' : 'net'} ${String(entry.bytes).padStart(7)} B  ${entry.name.slice(0, 90)}`);
  return [`visit: painted ${painted.toFixed(0)} ms, usable ${usable.toFixed(0)} ms`, ...rows].join('\n');
}

async function runSlowLinkRound(browser: Browser, side: Side): Promise<SlowLinkResult> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'id-ID', timezoneId: 'Asia/Jakarta', serviceWorkers: 'allow' });
  try {
    await context.addInitScript(instrument, side.selectors);
    // Every key of these visits is timed (the one typed into the first field).
    await context.addInitScript(() => ((window as unknown as { __bench: BenchState }).__bench.typing = true));
    const first = await visitOverSlowLink(context, side);
    // The phone is put away a few seconds after the service worker has installed (its precache of the
    // app fetched): a cadre keeps the app open at least that long after a first visit, and the app
    // uses the moment to run its code once from the worker's cache (app/service-worker.ts).
    await first.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await first.page.waitForTimeout(AFTER_INSTALL_MS);
    await first.page.close();
    const again = await traced(browser, undefined, 'the return visit', process.env.TRACE === '2', () => visitOverSlowLink(context, side));
    await again.page.close();
    const later = await traced(browser, undefined, 'the visit after', process.env.TRACE === '4', () => visitOverSlowLink(context, side));
    return {
      firstPaint: first.firstPaint,
      usable: first.usable,
      returnFirstPaint: again.firstPaint,
      returnUsable: again.usable,
      laterUsable: later.usable,
      servedByWorker: again.controlled && later.controlled,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting.

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
};
const median = (values: number[]): number => quantile(values, 0.5);
// kB = 1000 bytes, as Vite's build report counts.
const gzipKb = (file: string): number => gzipSync(readFileSync(file)).length / 1000;

function scriptSizes(root: string, scripts: Iterable<string>, apiScripts: ApiScripts): Array<{ file: string; kb: number; gzipKb: number }> {
  return [...scripts].map((path) => {
    const text = apiScripts.get(path);
    if (text !== undefined) return { file: path, kb: Buffer.byteLength(text) / 1000, gzipKb: gzipSync(text).length / 1000 };
    const file = join(root, path);
    return { file: path, kb: statSync(file).size / 1000, gzipKb: gzipKb(file) };
  });
}

function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return '(uptime unavailable)';
  }
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  console.log(`uptime before: ${uptime()}`);
  // Checked before anything is built or served: a missing browser must not leave servers holding the process (and the lock).
  if (!statSync(CHROMIUM, { throwIfNoEntry: false })) throw new Error(`Chromium not found at ${CHROMIUM}`);
  const reuse = process.env.SKIP_BUILD;
  const work = reuse ? resolve(reuse) : mkdtempSync(join(tmpdir(), 'wakuncar-render-'));
  const fields = benchFields();
  const { schema, uiSchema } = benchSchema(fields);
  const version: JsonObject = { ...THEME_SUMMARY, version: 1, sensitivity: 'public', schema, uiSchema, publishedAt: '2026-01-01T00:00:00.000Z' };
  delete version.latestVersion;
  if (process.env.KEEP_BUILD === '1') writeFileSync(join(work, 'version.json'), JSON.stringify(version));

  const oursRoot = join(work, 'ours');
  const plainDir = join(work, 'plain');
  let plainRoot = join(plainDir, 'dist');
  if (!reuse) {
    mkdirSync(plainDir);
    await buildOurs(oursRoot);
    plainRoot = await buildPlain(plainDir, fields);
  }

  const unknownApi = new Set<string>();
  const apiScripts: ApiScripts = new Map([[`/api/themes/${THEME_SUMMARY.slug}/versions/1/validator.js`, await standaloneValidatorModule(schema)]]);
  const oursServer = await serve(oursRoot, version, unknownApi, apiScripts);
  const plainServer = await serve(plainRoot, null, new Set());
  const compareRoot = process.env.COMPARE ? join(resolve(process.env.COMPARE), 'ours') : null;
  const compare = compareRoot ? { root: compareRoot, server: await serve(compareRoot, version, unknownApi, apiScripts) } : null;
  // The flags of tests/browser/support/browser.ts: headless, nothing that reaches outside this machine.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });

  const chromiumVersion = browser.version();
  // The fill route as Tugas saya links to it.
  const ourClient = (name: Side['name'], url: string, root: string): Side => ({
    name,
    url,
    path: `/tugas/bench-200?wilayah=${REGION.code}&versi=1`,
    root,
    selectors: { firstField: '#root_f001', errors: '.error-summary', submit: '#fill-form button[type=submit]', session: JSON.stringify({ token: 'bench', user: USER }) },
    field: (name) => `#root_${name}`,
    apiScripts,
  });
  const sides: Record<'ours' | 'plain', Side> = {
    ours: ourClient('ours', oursServer.url, oursRoot),
    plain:
      compare
        ? ourClient('plain', compare.server.url, compare.root)
        : {
            name: 'plain',
            url: plainServer.url,
            path: '/',
            root: plainRoot,
            selectors: { firstField: '#f001', errors: '.plain-errors', submit: 'form button[type=submit]', session: null },
            field: (name) => `#${name}`,
            apiScripts: new Map(),
          },
  };
  const results: Record<'ours' | 'plain', RoundResult[]> = { ours: [], plain: [] };
  const floorKeys: number[] = [];
  const slow: SlowLinkResult[] = [];
  const slowBaseline: SlowLinkResult[] = [];
  try {
    // One unmeasured round per side first: the first pages a fresh browser opens are slower for
    // reasons that are the browser's (caches, its own start-up work), not the page's.
    for (const name of ['plain', 'ours'] as const) await runRound(browser, sides[name]);
    for (let round = 0; round < ROUNDS; round += 1) {
      const order: Array<'ours' | 'plain'> = round % 2 === 0 ? ['plain', 'ours'] : ['ours', 'plain'];
      for (const name of order) {
        const result = await runRound(browser, sides[name]);
        results[name].push(result);
        console.log(
          `round ${round + 1} ${name.padEnd(5)} first paint ${result.firstPaint.toFixed(0)} ms · keys median ${median(result.keys).toFixed(1)} ms p95 ${quantile(result.keys, 0.95).toFixed(1)} ms · submit ${result.submit.toFixed(0)} ms · blocking while typing ${result.typingBlockingMs.toFixed(0)} ms`,
        );
      }
      floorKeys.push(...(await runFloorRound(browser, plainServer.url)));
    }
    for (let round = 0; round < SLOW_ROUNDS; round += 1) {
      // With COMPARE, the baseline's phones alternate with ours, so both meet the same load.
      for (const name of compare ? (['ours', 'plain'] as const) : (['ours'] as const)) {
        const result = await runSlowLinkRound(browser, sides[name]);
        (name === 'ours' ? slow : slowBaseline).push(result);
        console.log(
          `slow 3G round ${round + 1} ${name === 'ours' ? 'ours    ' : 'baseline'}: first visit painted ${result.firstPaint.toFixed(0)} ms, usable ${result.usable.toFixed(0)} ms · return visit painted ${result.returnFirstPaint.toFixed(0)} ms, usable ${result.returnUsable.toFixed(0)} ms · third visit usable ${result.laterUsable.toFixed(0)} ms${result.servedByWorker ? '' : ' (NOT served by the service worker)'}`,
        );
      }
    }
  } finally {
    await browser.close();
    await oursServer.close();
    await plainServer.close();
    await compare?.server.close();
  }
  if (unknownApi.size > 0) console.log(`API reads the stub did not answer (404): ${[...unknownApi].join(', ')}`);

  const summary = (name: 'ours' | 'plain') => {
    const rounds = results[name];
    const scripts = new Set(rounds.flatMap((round) => round.scripts));
    const sizes = scriptSizes(sides[name].root, scripts, sides[name].apiScripts);
    return {
      firstPaint: median(rounds.map((round) => round.firstPaint)),
      keyMedian: median(rounds.flatMap((round) => round.keys)),
      keyP95: quantile(rounds.flatMap((round) => round.keys), 0.95),
      submit: median(rounds.map((round) => round.submit)),
      submitMax: Math.max(...rounds.map((round) => round.submit)),
      blocking: median(rounds.map((round) => round.typingBlockingMs)),
      sizes,
      gzipKb: sizes.reduce((sum, entry) => sum + entry.gzipKb, 0),
    };
  };
  const ours = summary('ours');
  const plain = summary('plain');
  const mark = (value: number, target: number): string => (value <= target ? 'yes' : 'NO');
  console.log(`\n${ROUNDS} rounds per side, CPU throttled ${THROTTLE}×, ${VIEWPORT.width} px, Chromium ${chromiumVersion}`);
  console.log(
    table([
      ['measure', 'ours', compare ? `baseline (${process.env.COMPARE})` : 'plain React', 'target', 'ours meets'],
      ['(a) first paint of the form (median)', `${ours.firstPaint.toFixed(0)} ms`, `${plain.firstPaint.toFixed(0)} ms`, `≤ ${TARGETS.firstPaintMs} ms`, mark(ours.firstPaint, TARGETS.firstPaintMs)],
      ['(b) keystroke → paint, median', `${ours.keyMedian.toFixed(1)} ms`, `${plain.keyMedian.toFixed(1)} ms`, `≤ ${TARGETS.keystrokeMs} ms`, mark(ours.keyMedian, TARGETS.keystrokeMs)],
      ['(b) keystroke → paint, p95', `${ours.keyP95.toFixed(1)} ms`, `${plain.keyP95.toFixed(1)} ms`, `≤ ${TARGETS.keystrokeMs} ms`, mark(ours.keyP95, TARGETS.keystrokeMs)],
      ['    floor: static page, first 12 fields, no script', `${median(floorKeys).toFixed(1)} / ${quantile(floorKeys, 0.95).toFixed(1)} ms`, '(median / p95)', '', ''],
      ['    blocking time while typing (median/round)', `${ours.blocking.toFixed(0)} ms`, `${plain.blocking.toFixed(0)} ms`, '', ''],
      ['(c) first submit → errors painted (median)', `${ours.submit.toFixed(0)} ms`, `${plain.submit.toFixed(0)} ms`, `≤ ${TARGETS.submitMs} ms`, mark(ours.submit, TARGETS.submitMs)],
      ['    (worst round)', `${ours.submitMax.toFixed(0)} ms`, `${plain.submitMax.toFixed(0)} ms`, '', ''],
      ['(d) JS of the route, gzip', `${ours.gzipKb.toFixed(1)} kB`, `${plain.gzipKb.toFixed(1)} kB`, `≤ ${TARGETS.routeKb} kB`, mark(ours.gzipKb, TARGETS.routeKb)],
    ]),
  );
  if (slow.length > 0) {
    const medianOf = (results: SlowLinkResult[], pick: (result: SlowLinkResult) => number): number => median(results.map(pick));
    const slowMedian = (pick: (result: SlowLinkResult) => number): number => medianOf(slow, pick);
    const firstVisit = slowMedian((result) => result.usable);
    const returnVisit = slowMedian((result) => result.returnUsable);
    const workerServed = slow.filter((result) => result.servedByWorker).length;
    console.log(`\nSlow 3G (400 kbps, 400 ms round trip), CPU ${THROTTLE}×, ${slow.length} new phones; return visits served by the service worker: ${workerServed} of ${slow.length}`);
    console.log(
      table([
        ['measure (ours, median)', 'form painted', 'form usable', 'target', 'meets'],
        ['(e) first visit of a new phone', `${slowMedian((result) => result.firstPaint).toFixed(0)} ms`, `${firstVisit.toFixed(0)} ms`, `≤ ${TARGETS.slowFirstVisitMs} ms`, mark(firstVisit, TARGETS.slowFirstVisitMs)],
        ['(f) return visit, service worker', `${slowMedian((result) => result.returnFirstPaint).toFixed(0)} ms`, `${returnVisit.toFixed(0)} ms`, `≤ ${TARGETS.slowReturnVisitMs} ms`, mark(returnVisit, TARGETS.slowReturnVisitMs)],
        ['    the visit after (code compiled before)', '', `${slowMedian((result) => result.laterUsable).toFixed(0)} ms`, '', ''],
      ]),
    );
    if (slowBaseline.length > 0) {
      const baselineMedian = (pick: (result: SlowLinkResult) => number): string => `${medianOf(slowBaseline, pick).toFixed(0)} ms`;
      console.log(
        `baseline (${process.env.COMPARE}): (e) painted ${baselineMedian((result) => result.firstPaint)}, usable ${baselineMedian((result) => result.usable)} · (f) painted ${baselineMedian((result) => result.returnFirstPaint)}, usable ${baselineMedian((result) => result.returnUsable)}, the visit after ${baselineMedian((result) => result.laterUsable)}`,
      );
    }
  }
  console.log('\nJS the fill route requested (ours):');
  console.log(table([['file', 'kB', 'gzip kB'], ...ours.sizes.sort((a, b) => b.gzipKb - a.gzipKb).map((entry) => [entry.file, entry.kb.toFixed(1), entry.gzipKb.toFixed(1)])]));
  const allJs = readdirSync(join(oursRoot, 'assets')).filter((file) => file.endsWith('.js'));
  const worker = readFileSync(join(oursRoot, 'sw.js'), 'utf8');
  const precachedJs = allJs.filter((file) => worker.includes(`"assets/${file}"`));
  const precache = precachedJs.reduce((sum, file) => sum + gzipKb(join(oursRoot, 'assets', file)), 0);
  const everything = allJs.reduce((sum, file) => sum + gzipKb(join(oursRoot, 'assets', file)), 0);
  console.log(
    `(JS the service worker precaches after the first load: ${precachedJs.length} files, ${precache.toFixed(1)} kB gzip; the whole app, admin and dashboard screens included: ${allJs.length} files, ${everything.toFixed(1)} kB)`,
  );
  console.log(`\nuptime after: ${uptime()}`);
  if (process.env.KEEP_BUILD === '1' || reuse) console.log(`builds kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
