// The admin creates a staff account with roles in the console; the new reviewer signs in and sees
// only the desks of those roles.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, signIn, signOut, closeBrowser } from '../lib/browser.mjs';
import { uniqueEmail } from '../lib/api.mjs';
import { admin } from '../lib/env.mjs';

after(closeBrowser);

test('an admin creates a listing reviewer who then sees only the listing desk', async () => {
  const page = await newPage();
  await signIn(page, admin.email, admin.password);
  await page.getByRole('heading', { name: '人员与账户' }).waitFor();
  const email = uniqueEmail('listing');
  await page.getByLabel(/^显示名称/).fill('上架审核员李娜');
  await page.getByLabel(/^电子邮箱/).fill(email);
  await page.getByLabel(/^初始密码/).fill('listing reviewer passphrase');
  await page.getByLabel('上架审核员').check();
  await page.getByRole('button', { name: '创建' }).click();
  await page.locator('#main').getByText(`已创建 ${email}`).waitFor();
  await shot(page, '40-staff-users');
  await signOut(page);

  await signIn(page, email, 'listing reviewer passphrase');
  await page.getByRole('heading', { name: '上架审核' }).waitFor();
  const nav = page.getByRole('navigation', { name: '主导航' });
  assert.equal(await nav.getByRole('link', { name: '上架审核' }).count(), 1);
  for (const other of ['身份审核', '记录查询', '人员与账户', '我的产品']) {
    assert.equal(await nav.getByRole('link', { name: other }).count(), 0, `${other} is not offered`);
  }
  await page.goto('/#/staff/records');
  await page.getByRole('heading', { name: '无权访问' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
