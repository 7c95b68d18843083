// Chinese by default; the header switch changes every string and the lang attribute, and the
// choice survives a reload.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, closeBrowser } from '../lib/browser.mjs';

after(closeBrowser);

test('the page is Chinese by default and the header switch turns it English and back', async () => {
  const page = await newPage();
  await page.goto('/#/catalog');
  await page.getByRole('heading', { name: '数据目录' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');

  await page.getByRole('button', { name: /Switch to English/ }).click();
  await page.getByRole('heading', { name: 'Catalogue' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.ok(await page.getByRole('link', { name: 'Sign in' }).isVisible());
  await shot(page, '10-catalogue-english');

  await page.reload();
  await page.getByRole('heading', { name: 'Catalogue' }).waitFor();
  await page.getByRole('button', { name: /切换到中文/ }).click();
  await page.getByRole('heading', { name: '数据目录' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a narrow screen keeps the header and forms usable', async () => {
  const page = await newPage({ width: 375, height: 740 });
  await page.goto('/#/register');
  await page.getByRole('heading', { name: '注册账户' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (overflow ${overflow}px)`);
  await shot(page, '11-register-narrow');
  await page.context().close();
});
