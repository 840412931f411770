/**
 * The browser harness itself, on a tiny page served by this test: Chromium starts, fills a field
 * found by its label, clicks a button found by its role, and the page's answer shows; the origin
 * guard catches and blocks the page's requests elsewhere; the error collector hears what the page
 * logs; a screenshot lands among the artefacts.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import {
  ACTION_TIMEOUT_MS,
  artefactPath,
  browserMissing,
  collectErrors,
  describeInBrowser,
  launchBrowser,
  watchOrigins,
  type LaunchedBrowser,
} from '../support/browser';

// The greeting comes from the server (same origin, through the guard); the image and the fetch go
// elsewhere, so the guard has something to catch.
const FORM_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harness</title><link rel="icon" href="data:,"></head>
<body>
  <form id="greet">
    <label for="name">Your name</label> <input id="name">
    <button type="submit">Greet</button>
  </form>
  <output role="status" id="result"></output>
  <img alt="" src="http://example.invalid/x.png">
  <script>
    fetch('http://example.invalid/beacon').catch(() => { document.body.dataset.beacon = 'failed'; });
    document.getElementById('greet').addEventListener('submit', async (event) => {
      event.preventDefault();
      const name = document.getElementById('name').value;
      const answer = await fetch('/greet?name=' + encodeURIComponent(name));
      document.getElementById('result').textContent = await answer.text();
    });
  </script>
</body></html>`;

const THROWING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Throws</title><link rel="icon" href="data:,"></head>
<body><script>console.error('said on purpose'); throw new Error('thrown on purpose');</script></body></html>`;

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/greet') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    return void res.end(`Hello, ${url.searchParams.get('name')}!`);
  }
  const page = { '/': FORM_PAGE, '/throws': THROWING_PAGE }[url.pathname];
  res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page ?? 'not found');
});

let origin: string;
let browser: LaunchedBrowser | undefined;

/** Opens `path` of the test server in a new tab, guarded, its errors collected. */
const open = async (path: string) => {
  const page: Page = await browser!.page();
  const guard = await watchOrigins(page, origin);
  const logged = collectErrors(page);
  await page.goto(`${origin}${path}`);
  return { page, guard, logged };
};

it('says the browser is missing, naming the path, when there is none there', () => {
  expect(browserMissing('/nonexistent/chromium')).toMatch(/^no Chromium at \/nonexistent\/chromium /);
});

describeInBrowser('the browser harness', () => {
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fills a field by its label, clicks a button by its role, and shows the answer from the page’s own origin', async () => {
    const { page } = await open('/');
    await page.getByLabel('Your name').fill('Ada');
    await page.getByRole('button', { name: 'Greet' }).click();
    const status = page.getByRole('status');
    await status.filter({ hasText: /\S/ }).waitFor();
    expect(await status.textContent()).toBe('Hello, Ada!');
  });

  it('blocks and records every request the page makes to another origin, and nothing of its own', async () => {
    const { page, guard } = await open('/');
    // The image is settled by the load event; the fetch once the page has seen it fail.
    await page.locator('body[data-beacon="failed"]').waitFor({ state: 'attached' });
    expect([...guard.offOrigin].sort()).toEqual(['http://example.invalid/beacon', 'http://example.invalid/x.png']);
  });

  it('hears what a page logs as an error and what it throws', async () => {
    const { logged } = await open('/throws');
    // Playwright reports console messages a little after the page made them.
    const deadline = Date.now() + ACTION_TIMEOUT_MS;
    while (logged.errors.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(logged.errors).toEqual(['console: said on purpose', 'pageerror: thrown on purpose']);
  });

  it('writes a screenshot of the form among the artefacts, as a PNG', async () => {
    const { page } = await open('/');
    const file = artefactPath('harness-form.png');
    rmSync(file, { force: true });
    await page.locator('form').screenshot({ path: file });
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });
});
