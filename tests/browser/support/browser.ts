import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CLIENT_DIST = resolve(__dirname, '../../../client/dist');
export const SCREENSHOTS = resolve(__dirname, '../screenshots');

/** Debian's Chromium, headless, with nothing that reaches outside this machine. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (see .ci/run)`);
  if (!existsSync(join(CLIENT_DIST, 'index.html'))) throw new Error('client/dist is missing: npm run build:client (npm test does it)');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

/**
 * Paths the page itself asks for, as they are asked: not its worker's, nor those of the hidden page
 * the app runs once per version its worker serves to have its code compiled (client/src/app/warm-up.ts).
 */
export function pageRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => {
    if (!request.serviceWorker() && request.frame() === page.mainFrame()) paths.push(new URL(request.url()).pathname);
  });
  return paths;
}
