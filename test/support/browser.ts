import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from './server.js';

/** Debian's Chromium (apt-get install chromium): the tests never download a browser. */
export const CHROMIUM = process.env.LFP_CHROMIUM ?? '/usr/bin/chromium';
export const RESULTS_DIR = join(process.cwd(), 'test-results');

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (or set LFP_CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** A full-page screenshot, kept as test-results/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage: true });
}

export interface Dashboard {
  server: TestServer;
  browser: Browser;
  /** A page in a browser context of its own (its own session storage), laptop-sized unless told. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** The real server (PostgreSQL, a worker, optionally Redis) with the built dashboard, and Chromium pointed at it. */
export async function openDashboard(options: Parameters<typeof startTestServer>[0] = {}): Promise<Dashboard> {
  const browser = await launchBrowser();
  const server = await startTestServer(options).catch(async (error) => {
    await browser.close();
    throw error;
  });
  const contexts: BrowserContext[] = [];
  const errors: Error[] = [];
  const newPage = async (viewport = LAPTOP) => {
    const context = await browser.newContext({ viewport, baseURL: server.url, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => errors.push(error));
    return page;
  };
  return {
    server,
    browser,
    newPage,
    async close() {
      await Promise.all(contexts.map((c) => c.close()));
      await browser.close();
      await server.close();
      // An uncaught error in the dashboard fails the file even when every test passed.
      if (errors.length > 0) throw new Error(`the dashboard threw: ${errors.map((e) => e.message).join('; ')}`);
    },
  };
}

/** Whether the page scrolls sideways as a whole (tables may scroll inside their own box; the page must not). */
export async function overflowsSideways(page: Page): Promise<boolean> {
  // A string, evaluated in the page: the tests are compiled without the DOM's types.
  return page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');
}

/** Polls `check` until it returns true: for what the page shows once a debounced search or a reload lands. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
