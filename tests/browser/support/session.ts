import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { waitFor } from '../../support/wait';

export type Viewport = { width: number; height: number };

/** The phone width every screen must work at. */
export const PHONE: Viewport = { width: 360, height: 760 };

/** Polls `read` until it returns `expected`; fails with the last value read after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000): Promise<void> {
  let last: T | undefined;
  // On timeout the expectation below fails, showing the last value read.
  await waitFor(JSON.stringify(expected), async () => (last = await read()) === expected, { timeoutMs, intervalMs: 250 }).catch(() => undefined);
  expect(last).toBe(expected);
}

/** Logs `username` in on the login page and waits until the app has left it. */
export async function logIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/masuk`);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/masuk'));
}

/** A fresh context in Indonesian and Jakarta time (plus `options`), logged in as `username`. */
export async function openLoggedIn(
  browser: Browser,
  base: string,
  username: string,
  password: string,
  options: BrowserContextOptions & { viewport: Viewport },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta', ...options });
  const page = await context.newPage();
  await logIn(page, base, username, password);
  return { context, page };
}
