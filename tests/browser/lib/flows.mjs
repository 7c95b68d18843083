// Steps of the flow in the web UI that several tests share: a seller registers and submits
// identity, an identity reviewer approves, the seller fills the product wizard, a listing reviewer
// approves. Each step waits for what the person would see next.
import assert from 'node:assert/strict';
import { shot, field } from './browser.mjs';
import { identityNumber, sampleCsv } from './api.mjs';
import { identityCardPng } from './png.mjs';

export async function register(page, email, password, name) {
  await page.goto('/');
  await page.getByRole('heading', { name: '合规、可追溯的数据交易' }).waitFor();
  await shot(page, '01-home');
  await page.getByRole('navigation').getByRole('link', { name: '注册' }).click();
  await page.getByLabel('显示名称').fill(name);
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await shot(page, '02-register');
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await page.getByRole('heading', { name: '身份认证' }).waitFor();
}

export async function submitIdentity(page) {
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

export async function approveIdentity(page, accountId) {
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

// The wizard from a new product to its last step, every field filled except the authorization
// evidence (so that screening blocks it under P3).
// The wizard's first four steps for a product the seller collected itself, holding no personal
// information, of general classification: title and description, the source, personal
// information, classification; leaves the page on the data step.
export async function fillBasicSteps(page, { title, description, sourceStatement }) {
  await page.getByRole('heading', { name: '新建数据产品' }).waitFor();
  await page.getByLabel('产品名称').fill(title);
  await page.getByLabel('产品描述').fill(description);
  await field(page, '分类').fill('transport.traffic');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('数据来源方式').selectOption('collected');
  await page.getByLabel('来源说明').fill(sourceStatement);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('不含个人信息').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('一般数据').check();
  await page.getByRole('button', { name: '下一步' }).click();
}

export async function fillProduct(page, title) {
  await page.getByRole('heading', { name: '新建数据产品' }).waitFor();
  await page.getByLabel('产品名称').fill(title);
  await page.getByLabel('产品描述').fill('2025 年上海各区逐小时道路拥堵指数，来源于授权的浮动车数据。');
  await field(page, '分类').fill('transport.traffic');
  // Saving without a price: the field error is shown beside the offer's price, on its own step.
  await page.getByRole('button', { name: '保存草稿' }).click();
  const price = page.locator('.offer').first().getByLabel(/^价格/);
  await price.and(page.locator('[aria-invalid="true"]')).waitFor();
  assert.ok(await price.isVisible());
  await page.getByRole('button', { name: /基本信息/ }).click();
  await page.getByRole('button', { name: '下一步' }).click();

  await page.getByLabel('数据来源方式').selectOption('licensed');
  await page.getByLabel('来源说明').fill('由上海某出行平台授权提供的浮动车轨迹聚合而成。');
  await page.getByLabel('第三方是权利人（已获授权）').check();
  await page.getByLabel('授权方名称').fill('上海畅行科技有限公司');
  await page.getByLabel('授权方证件号或信用代码').fill('91310000MA1FL8LX1K');
  await page.getByLabel('授权用途').fill('research, traffic planning');
  await page.getByLabel('授权允许转售').check();
  await page.getByLabel('授权有效期至').fill('2030-12-31');
  await shot(page, '30-wizard-rights');
  await page.getByRole('button', { name: '下一步' }).click();

  await page.getByLabel('不含个人信息').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('一般数据').check();
  await page.getByRole('button', { name: '下一步' }).click();

  await field(page, '数据文件').setInputFiles({ name: 'congestion.csv', mimeType: 'text/csv', buffer: sampleCsv() });
  await page.getByText('已上传 congestion.csv。').waitFor();
  assert.equal(await page.locator('section.step:not([hidden]) progress').evaluate((p) => p.value), 100);
  await page.getByLabel('数据格式').fill('csv');
  await page.getByLabel('交付方式').selectOption('file');
  await page.getByLabel('更新频率').selectOption('once');
  await shot(page, '31-wizard-dataset');
  await page.getByRole('button', { name: '下一步' }).click();

  const offer = page.locator('.offer').first();
  await offer.getByLabel('报价名称').fill('标准版');
  await offer.getByLabel('许可用途').fill('research, traffic planning');
  await offer.getByLabel('应用场景').fill('城市交通规划研究');
  await offer.getByLabel('许可期限（天）').fill('365');
  await offer.getByLabel('价格（元）').fill('1000.00');
  await offer.getByLabel('安全措施').fill('仅在加密存储的环境中使用，访问留痕。');
  await shot(page, '32-wizard-offers');
  await page.getByRole('button', { name: '下一步' }).click();
}

// Submits, reads the P3 block, uploads the missing evidence and resubmits: in review.
export async function fixBlockedFinding(page) {
  await page.getByRole('button', { name: '提交审核' }).click();
  await page.locator('#product-status', { hasText: '未通过' }).waitFor();
  const finding = page.locator('.finding-block', { hasText: 'rights.authorization.evidence_file_id' });
  await finding.waitFor();
  assert.match(await finding.textContent(), /P3/);
  assert.match(await finding.textContent(), /CQ-36\(2\)/);
  await shot(page, '33-wizard-blocked-finding');

  await finding.getByRole('button', { name: '去修改' }).click();
  await field(page, '授权证明文件').setInputFiles({ name: 'authorization.png', mimeType: 'image/png', buffer: identityCardPng() });
  await page.getByText('已上传 authorization.png。').waitFor();
  await page.getByRole('button', { name: '检查并提交' }).click();
  await page.getByRole('button', { name: '修改后重新提交' }).click();
  await page.locator('#product-status', { hasText: '审核中' }).waitFor();
  await shot(page, '34-wizard-in-review');
}

export async function approveListing(page, title) {
  await page.getByRole('heading', { name: '上架审核' }).waitFor();
  const item = page.locator('li.queue-item', { hasText: title });
  await item.waitFor();
  await item.getByRole('button', { name: '查看数据文件 1' }).click();
  await item.locator('pre.document-text').waitFor();
  assert.match(await item.locator('pre.document-text').textContent(), /^district,hour,congestion_index/);
  await shot(page, '35-staff-listing-review');
  await item.getByLabel('审核意见').fill('来源与授权材料齐全。');
  await item.getByRole('button', { name: '批准' }).click();
  await item.getByText('已批准。').waitFor();
}
