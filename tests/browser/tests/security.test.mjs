// The cookie session as a browser sees it: HttpOnly, Secure, SameSite=Strict; nothing secret in
// storage; the Content-Security-Policy on the page.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, closeBrowser } from '../lib/browser.mjs';
import { uniqueEmail, apiClient } from '../lib/api.mjs';

after(closeBrowser);

test('signing in sets an HttpOnly Secure SameSite=Strict cookie and keeps no secret in storage', async () => {
  const email = uniqueEmail('cookie');
  const anon = await apiClient();
  const made = await anon.post('/api/v1/accounts', {
    data: { email, password: 'cookie passphrase 1234', kind: 'person', display_name: 'Cookie' },
  });
  assert.equal(made.status(), 201);
  await anon.dispose();

  const page = await newPage();
  const response = await page.goto('/');
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  await page.goto('/#/signin');
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByLabel('密码').fill('cookie passphrase 1234');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: '我的账户' }).waitFor();

  const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'dx_session');
  assert.ok(cookie, 'the session cookie is set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.secure, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie.includes('dx_session')), false);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes(cookie.value), 'the token is not in web storage');

  // After a reload the UI fetches its CSRF token again and can still make changes.
  await page.reload();
  await page.getByLabel('密钥名称').fill('nightly export');
  await page.getByRole('button', { name: '创建密钥' }).click();
  await page.locator('code.key').waitFor();
  assert.match(await page.locator('code.key').textContent(), /^dxk_/);
  await shot(page, '07-account-api-keys');
  assert.ok(!(await page.evaluate(() => JSON.stringify({ ...localStorage }))).includes('dxk_'));
  assert.deepEqual(page.problems, []);

  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('heading', { name: '登录' }).waitFor();
  assert.equal((await page.context().cookies()).filter((c) => c.name === 'dx_session').length, 0);
  await page.context().close();
});
