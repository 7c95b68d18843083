// Headless Chromium (Debian's package) driven by Playwright: a fresh context per person, console
// errors and Content-Security-Policy violations collected, screenshots saved by name.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { baseUrl, chromiumPath, screenshotDir } from './env.mjs';

let browser;

export async function launch() {
  browser ??= await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-CN'],
  });
  return browser;
}

export async function closeBrowser() {
  await browser?.close();
  browser = undefined;
}

// A page in its own context (its own cookies), with the problems seen on it in page.problems.
export async function newPage({ width = 1280, height = 900 } = {}) {
  const context = await (await launch()).newContext({
    baseURL: baseUrl, ignoreHTTPSErrors: true, viewport: { width, height }, locale: 'zh-CN',
  });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    // The browser logs every 4xx answer (a signed-out start is told 401, a form with a bad field
    // 422); the page handles those, so only other errors count.
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) {
      page.problems.push(`console: ${text}`);
    }
  });
  return page;
}

export async function shot(page, name) {
  const dir = fileURLToPath(screenshotDir);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}${name}.png`, fullPage: true });
}

export async function signIn(page, email, password) {
  await page.goto('/#/signin');
  await page.getByLabel(/电子邮箱|E-mail/).fill(email);
  await page.getByLabel(/^密码|^Password/).fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await page.getByRole('button', { name: /退出登录|Sign out/ }).waitFor();
}

export async function signOut(page) {
  await page.getByRole('button', { name: /退出登录|Sign out/ }).click();
  await page.getByRole('heading', { name: /登录|Sign in/ }).waitFor();
}

// The control labelled exactly `text` (a required field's label ends in an asterisk).
export function field(scope, text) {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}
