// A seller registers in the web UI, submits identity with a document upload; an identity reviewer
// (created by the admin through the API) looks at the document and approves in the staff console;
// the seller then sees the verified status.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, signIn, closeBrowser, field } from '../lib/browser.mjs';
import { createStaff, uniqueEmail, identityNumber } from '../lib/api.mjs';
import { identityCardPng } from '../lib/png.mjs';

after(closeBrowser);

async function register(page, email, password) {
  await page.goto('/');
  await page.getByRole('heading', { name: '合规、可追溯的数据交易' }).waitFor();
  await shot(page, '01-home');
  await page.getByRole('navigation').getByRole('link', { name: '注册' }).click();
  await page.getByLabel('显示名称').fill('李雷数据工作室');
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await shot(page, '02-register');
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await page.getByRole('heading', { name: '身份认证' }).waitFor();
}

async function submitIdentity(page) {
  await page.getByLabel('真实姓名').fill('李雷');
  await page.getByLabel('居民身份证号码').fill(identityNumber());
  await page.getByLabel('手机号码').fill('13800138000');
  await field(page, '证件扫描件').setInputFiles({ name: 'id-card.png', mimeType: 'image/png', buffer: identityCardPng() });
  await page.getByText('已上传 id-card.png。').waitFor();
  assert.equal(await page.locator('.upload progress').evaluate((p) => p.value), 100);
  await shot(page, '03-kyc-form');
  await page.getByRole('button', { name: '提交认证' }).click();
  await page.locator('#kyc-status', { hasText: '审核中' }).waitFor();
  await shot(page, '04-kyc-submitted');
}

async function approve(page, accountId) {
  await page.getByRole('heading', { name: '身份审核' }).waitFor();
  const item = page.locator('li.queue-item', { hasText: accountId });
  await item.getByRole('button', { name: '查看证件 1' }).click();
  const image = item.locator('img.document-image');
  await image.waitFor();
  assert.match(await image.getAttribute('src'), /^blob:/);
  assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth === 360), 'the document image renders');
  assert.ok(await item.getByRole('row', { name: /校验码\s*通过/ }).count() === 1, 'the checks are shown');
  await shot(page, '05-staff-kyc-queue');
  await item.getByLabel('审核意见').fill('证件与填写信息一致。');
  await item.getByRole('button', { name: '批准' }).click();
  await item.getByText('已批准。').waitFor();
}

test('a seller registers, uploads identity documents, is approved by staff and sees the verified status', async () => {
  const reviewer = await createStaff(['kyc_reviewer'], '审核员王芳');
  const seller = await newPage();
  const email = uniqueEmail('seller');
  await register(seller, email, 'seller passphrase 1234');
  await submitIdentity(seller);
  const accountId = await seller.evaluate(async () => (await (await fetch('/api/v1/me')).json()).id);

  const staff = await newPage();
  await signIn(staff, reviewer.email, reviewer.password);
  await approve(staff, accountId);

  await seller.goto('/#/account');
  await seller.getByRole('heading', { name: '我的账户' }).waitFor();
  await seller.goto('/#/kyc');
  await seller.locator('#kyc-status', { hasText: '已认证' }).waitFor();
  await shot(seller, '06-kyc-verified');
  assert.deepEqual([...seller.problems, ...staff.problems], []);
  await seller.context().close();
  await staff.context().close();
});
