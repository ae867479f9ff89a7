import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_DIST } from './support/browser';

/** The files the built service worker downloads into every phone's offline copy, by chunk name. */
function precached(): string[] {
  const worker = readFileSync(join(CLIENT_DIST, 'sw.js'), 'utf8');
  return [...worker.matchAll(/url:"assets\/([^"]+?)-[\w-]{8}\.(?:js|css)"/g)].map((match) => match[1]);
}

describe("the service worker's offline copy of the built app", () => {
  beforeAll(() => {
    if (!existsSync(join(CLIENT_DIST, 'sw.js'))) throw new Error('client/dist is missing: npm run build:client (npm test does it)');
  });

  it('holds every screen a cadre opens, so the app starts and fills forms offline', () => {
    expect(precached()).toEqual(expect.arrayContaining(['index', 'framework', 'TasksPage', 'FillPage', 'ThemeForm', 'SubmissionsPage', 'ajv-validator']));
  });

  it("leaves out what only admins and OPDs open, which a cadre's phone would download for nothing", () => {
    const built = readdirSync(join(CLIENT_DIST, 'assets'));
    const adminOnly = ['AdminRoutes', 'DesignerRoutes', 'DashboardRoutes', 'batas-kota-metro', 'exceljs.min'];
    // They are built (fetched when an admin opens them) …
    for (const name of adminOnly) expect(built.some((file) => file.startsWith(`${name}-`) && file.endsWith('.js'))).toBe(true);
    // … but not precached.
    expect(precached().filter((name) => adminOnly.includes(name))).toEqual([]);
  });
});
