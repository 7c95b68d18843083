// A buyer disputes a delivery in the web UI with a reason; a finance officer finds it among the
// disputed trades and refunds it; the buyer sees the refund in the trade and the statement.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, signIn, closeBrowser, field } from '../lib/browser.mjs';
import {
  createStaff, verifiedSeller, listedProduct, deposit, buy, missingRoutes, tradingRoutes, disputeRoutes,
} from '../lib/api.mjs';
import { identityCardPng } from '../lib/png.mjs';

after(closeBrowser);

test('a buyer disputes a delivery and a finance officer refunds it', async (t) => {
  const missing = await missingRoutes([...tradingRoutes, ...disputeRoutes]);
  if (missing.length) {
    t.skip(`the exchange has no ${missing.join(', ')} yet`);
    return;
  }
  const seller = await verifiedSeller(identityCardPng(), { name: '浦东气象数据', stem: 'dispute-seller' });
  const title = `浦东逐时气温 ${Date.now()}`;
  const product = await listedProduct(seller, { title, priceFen: 80000 });
  const buyer = await verifiedSeller(identityCardPng(), { name: '赵磊研究组', stem: 'dispute-buyer' });
  await deposit(buyer.id, 100000);
  const order = await buy(buyer, product.offers[0].id, 80000);
  const tradeId = order.trades[0].id;

  const b = await newPage();
  await signIn(b, buyer.email, buyer.password);
  await b.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的交易' }).click();
  await b.getByRole('heading', { name: '我的交易', level: 1 }).waitFor();
  const row = b.locator('table.trades tr', { hasText: title });
  assert.match(await row.textContent(), /请检查数据/);
  await shot(b, '70-my-trades');
  await row.getByRole('link', { name: /查看交易/ }).click();
  await b.locator('#trade-status', { hasText: '已交付' }).waitFor();
  await field(b, '存在的问题').fill('文件只有 200 行，描述承诺全年逐时数据。');
  await shot(b, '71-trade-dispute');
  await b.getByRole('button', { name: '提出异议' }).click();
  await b.locator('#trade-status', { hasText: '争议中' }).waitFor();

  const finance = await createStaff(['finance'], '财务周敏');
  const f = await newPage();
  await signIn(f, finance.email, finance.password);
  await f.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '争议交易' }).click();
  await f.getByRole('heading', { name: '争议交易', level: 1 }).waitFor();
  const item = f.locator('li.dispute', { hasText: tradeId });
  await item.getByLabel('退款给买方').check();
  await field(item, '裁决理由').fill('交付与描述不符，全额退款。');
  await shot(f, '72-staff-disputes');
  await item.getByRole('button', { name: '裁决' }).click();
  await f.locator('#main').getByText(`交易 ${tradeId} 现在为"已退款"。`).waitFor();

  await b.reload();
  await b.locator('#trade-status', { hasText: '已退款' }).waitFor();
  await b.goto('/#/money');
  await b.locator('#balance-available', { hasText: '¥1,000.00' }).waitFor();
  await b.locator('table.statement tr', { hasText: '退款' }).first().waitFor();
  await shot(b, '73-buyer-refund-statement');
  assert.deepEqual([...b.problems, ...f.problems], []);
  await b.context().close();
  await f.context().close();
});
