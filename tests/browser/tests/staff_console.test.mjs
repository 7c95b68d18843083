// Each staff role sees only its desks: finance has disputed trades and deposits, a complaints
// officer has the complaints queue, disputed trades and account suspension. An officer suspends a
// buyer in the console, whose orders are then refused, and reinstates it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, signIn, signOut, closeBrowser, field } from '../lib/browser.mjs';
import { createStaff, verifiedSeller, missingRoutes, complaintRoutes, disputeRoutes } from '../lib/api.mjs';
import { identityCardPng } from '../lib/png.mjs';

after(closeBrowser);

async function desks(page) {
  const nav = page.getByRole('navigation', { name: '主导航' });
  const names = await nav.getByRole('link').allTextContents();
  return names.map((n) => n.trim());
}

test('finance and complaints officers see only their own desks', async (t) => {
  const missing = await missingRoutes([...complaintRoutes, ...disputeRoutes]);
  if (missing.length) {
    t.skip(`the exchange has no ${missing.join(', ')} yet`);
    return;
  }
  const finance = await createStaff(['finance'], '财务');
  const officer = await createStaff(['complaints_officer'], '投诉专员');
  const page = await newPage();
  await signIn(page, finance.email, finance.password);
  await page.getByRole('heading', { name: '入金', level: 1 }).waitFor();
  let seen = await desks(page);
  assert.ok(seen.includes('争议交易') && seen.includes('入金'), seen.join(','));
  for (const other of ['投诉处理', '人员与账户', '我的产品', '资金']) assert.ok(!seen.includes(other), `${other} not for finance`);
  await page.goto('/#/staff/complaints');
  await page.getByRole('heading', { name: '无权访问' }).waitFor();
  await signOut(page);

  await signIn(page, officer.email, officer.password);
  await page.getByRole('heading', { name: '投诉处理', level: 1 }).waitFor();
  seen = await desks(page);
  for (const own of ['投诉处理', '争议交易', '人员与账户']) assert.ok(seen.includes(own), `${own} for the officer`);
  assert.ok(!seen.includes('入金'), 'no deposits for the officer');
  await page.goto('/#/staff/deposits');
  await page.getByRole('heading', { name: '无权访问' }).waitFor();

  // Suspending a buyer (O14) stops its orders until it is reinstated.
  const buyer = await verifiedSeller(identityCardPng(), { name: '被暂停的买方', stem: 'suspended' });
  await page.goto(`/#/staff/users?account=${buyer.id}`);
  assert.equal(await field(page, '账户编号').inputValue(), buyer.id);
  await field(page, '理由').fill('超出协议约定的用途使用数据（O14）。');
  await page.getByRole('button', { name: '暂停', exact: true }).click();
  await page.locator('#main').getByText('账户已暂停。').waitFor();
  await shot(page, '80-staff-suspend');

  const b = await newPage();
  await signIn(b, buyer.email, buyer.password);
  await b.goto('/#/money');
  await b.getByRole('heading', { name: '资金', level: 1 }).waitFor();
  await field(b, '金额（元）').fill('10');
  await b.getByRole('button', { name: '提现', exact: true }).click();
  const refusal = b.locator('.status-error', { hasText: '恢复之前，该账户不能上架' });
  await refusal.waitFor();
  assert.equal(await refusal.getByRole('link', { name: '前往身份认证' }).count(), 0, 'no way to identity verification');
  await shot(b, '81-suspended-refused');

  await field(page, '理由').fill('已整改。');
  await page.getByRole('button', { name: '恢复' }).click();
  await page.locator('#main').getByText('账户已恢复。').waitFor();
  assert.deepEqual([...page.problems, ...b.problems], []);
  await page.context().close();
  await b.context().close();
});
