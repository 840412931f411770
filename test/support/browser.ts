/**
 * Tests in a real browser: playwright-core driving the system's Chromium (Debian's `chromium`
 * package; playwright-core downloads no browser). The executable is `EXTIDS_CHROMIUM` if set, else
 * /usr/bin/chromium; where it is missing, `describeInBrowser` suites are skipped with one line.
 *
 * The browser is kept off the network: Chromium's own traffic by its flags, the page's by
 * `watchOrigins`, which aborts and records every request to another origin than the page's.
 * Screenshots go to test-artefacts/browser/ (not committed).
 */
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { sayOncePerRun } from './say-once';

export const CHROMIUM = process.env.EXTIDS_CHROMIUM || '/usr/bin/chromium';

/** How long one action (a click, a fill, a navigation, a wait) may take before the test fails. */
export const ACTION_TIMEOUT_MS = 15_000;

/** Why the browser at `path` cannot run here, in one line; undefined when it can. */
export const browserMissing = (path: string = CHROMIUM): string | undefined => {
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    return `no Chromium at ${path} (install Debian's chromium package, or set EXTIDS_CHROMIUM)`;
  }
};

/** `describe` for tests that need the browser; skipped with one line (once per run) when it is missing. */
export const describeInBrowser = (title: string, body: () => void): void => {
  const reason = browserMissing();
  if (!reason) return describe(title, body);
  sayOncePerRun('browser-skip', `[test/browser] ${reason}: skipping the browser tests`);
  describe.skip(title, body);
};

// What keeps Chromium itself quiet: no update checks, no sync, no first-run pages, no QUIC probes.
// No sandbox and no GPU because CI runs as root in a container without either.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface LaunchedBrowser {
  /** The one context, on a fresh user data directory. */
  context: BrowserContext;
  /** A new tab. */
  page(): Promise<Page>;
  /** Closes the browser and removes its user data directory. */
  close(): Promise<void>;
}

/**
 * Starts headless Chromium on a fresh user data directory. Playwright refuses `--user-data-dir`
 * among the args; a persistent context on a directory of our own is its way of giving one.
 */
export const launchBrowser = async (): Promise<LaunchedBrowser> => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'extids-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      timeout: 20_000,
    });
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  return {
    context,
    page: () => context.newPage(),
    close: async () => {
      try {
        await context.close();
      } finally {
        rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
};

export interface OriginGuard {
  /** The URL of every request (and WebSocket) to another origin, in the order made; each was aborted. */
  readonly offOrigin: string[];
}

/** The origin a URL is served from, a WebSocket's counted as its HTTP origin. */
const originOf = (url: string): string => {
  const u = new URL(url);
  if (u.protocol === 'ws:') u.protocol = 'http:';
  if (u.protocol === 'wss:') u.protocol = 'https:';
  return u.origin;
};

/**
 * Lets `target` (a page, or every page of a context) reach `origin` only: any other request is
 * aborted and recorded, so a test asserts `offOrigin` is empty. Same-origin requests fall back to
 * routes a test adds itself, then to the network. Install it before the page is opened.
 */
export const watchOrigins = async (target: Page | BrowserContext, origin: string): Promise<OriginGuard> => {
  const own = originOf(origin);
  const offOrigin: string[] = [];
  await target.route('**/*', (route, request) => {
    if (originOf(request.url()) === own) return route.fallback();
    offOrigin.push(request.url());
    return route.abort('blockedbyclient');
  });
  await target.routeWebSocket(
    () => true,
    (ws) => {
      if (originOf(ws.url()) === own) return void ws.connectToServer();
      offOrigin.push(ws.url());
      return ws.close();
    },
  );
  return { offOrigin };
};

export interface PageErrors {
  /** Each console error and uncaught exception, as `console: …` or `pageerror: …`. */
  readonly errors: string[];
}

/**
 * Records what `page` logs as an error from now on, so a test asserts it logged none. A request
 * the guard blocked shows here too, as Chromium's "Failed to load resource".
 */
export const collectErrors = (page: Page): PageErrors => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return { errors };
};

const ARTEFACTS = join(__dirname, '..', '..', 'test-artefacts', 'browser');

/** Where a test writes the artefact `name` (a plain file name): test-artefacts/browser/, created on demand. */
export const artefactPath = (name: string): string => {
  if (!name || basename(name) !== name) throw new Error(`artefact name must be a plain file name, not ${JSON.stringify(name)}`);
  mkdirSync(ARTEFACTS, { recursive: true });
  return join(ARTEFACTS, name);
};
