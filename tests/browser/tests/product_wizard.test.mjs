// A verified seller lists a product through the wizard: every step filled, the dataset uploaded
// with a progress bar, a blocking finding shown in plain words with its rule and basis, fixed
// and resubmitted; a listing reviewer approves; the product is then in the catalogue.
// Skipped while the exchange has no products API yet (POST /api/v1/products answers 404).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, signIn, closeBrowser, field } from '../lib/browser.mjs';
import { createStaff, verifiedSeller, productsAvailable } from '../lib/api.mjs';
import { identityCardPng } from '../lib/png.mjs';

after(closeBrowser);

const title = `上海道路拥堵指数 ${Date.now()}`;
const csv = Buffer.from(`district,hour,congestion_index\n${Array.from({ length: 200 },
  (_, i) => `${['Xuhui', 'Pudong', 'Jingan', 'Minhang'][i % 4]},${i % 24},${(1 + (i % 17) / 10).toFixed(1)}`).join('\n')}\n`);

async function fillProduct(page) {
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

  await field(page, '数据文件').setInputFiles({ name: 'congestion.csv', mimeType: 'text/csv', buffer: csv });
  await page.getByText('已上传 congestion.csv。').waitFor();
  assert.equal(await page.locator('section.step:not([hidden]) progress').evaluate((p) => p.value), 100);
  await page.getByLabel('数据格式').fill('csv');
  await page.getByLabel('交付方式').selectOption('file');
  await page.getByLabel('更新频率').selectOption('once');
  await shot(page, '31-wizard-dataset');
  await page.getByRole('button', { name: '下一步' }).click();

  const offer = page.locator('.offer').first();
  await offer.getByLabel('报价名称').fill('标准版');
  await offer.getByLabel('许可用途').fill('research');
  await offer.getByLabel('应用场景').fill('城市交通规划研究');
  await offer.getByLabel('许可期限（天）').fill('365');
  await offer.getByLabel('价格（元）').fill('1000.00');
  await offer.getByLabel('安全措施').fill('仅在加密存储的环境中使用，访问留痕。');
  await shot(page, '32-wizard-offers');
  await page.getByRole('button', { name: '下一步' }).click();
}

test('a seller lists a product through the wizard, fixes a blocking finding and gets it approved', async (t) => {
  if (!(await productsAvailable())) {
    t.skip('the products API is not there yet');
    return;
  }
  const seller = await verifiedSeller(identityCardPng());
  const reviewer = await createStaff(['listing_reviewer'], '上架审核员');
  const page = await newPage();
  await signIn(page, seller.email, seller.password);
  await page.goto('/#/sell');
  await page.getByRole('link', { name: '新建产品' }).click();
  await fillProduct(page);

  // Submitted without the signed authorization: blocked under P3 with its basis.
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

  const staff = await newPage();
  await signIn(staff, reviewer.email, reviewer.password);
  await staff.getByRole('heading', { name: '上架审核' }).waitFor();
  const item = staff.locator('li.queue-item', { hasText: title });
  await item.waitFor();
  await item.getByRole('button', { name: '查看数据文件 1' }).click();
  await item.locator('pre.document-text').waitFor();
  assert.match(await item.locator('pre.document-text').textContent(), /^district,hour,congestion_index/);
  await shot(staff, '35-staff-listing-review');
  await item.getByLabel('审核意见').fill('来源与授权材料齐全。');
  await item.getByRole('button', { name: '批准' }).click();
  await item.getByText('已批准。').waitFor();

  await page.goto(`/#/catalog?q=${encodeURIComponent('拥堵')}`);
  await page.getByRole('link', { name: title }).waitFor();
  await shot(page, '37-catalogue');
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { name: title }).waitFor();
  assert.match(await page.locator('table.offers').textContent(), /1,000\.00/);
  await shot(page, '36-product-page');
  assert.deepEqual([...page.problems, ...staff.problems], []);
  await page.context().close();
  await staff.context().close();
});
