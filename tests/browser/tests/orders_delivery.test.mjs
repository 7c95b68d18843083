// Orders and api delivery in the web UI: a buyer's low bid waits in the book and in "my orders"
// and is cancelled; the buyer then takes the ask of an api product; its seller delivers endpoint
// and credentials with the delivery form; the buyer reads them on the trade page.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, signIn, closeBrowser, field } from '../lib/browser.mjs';
import { verifiedSeller, listedProduct, deposit, missingRoutes, tradingRoutes } from '../lib/api.mjs';
import { identityCardPng } from '../lib/png.mjs';

after(closeBrowser);

const deliveryRoutes = [['POST', '/api/v1/trades/x/deliver'], ['GET', '/api/v1/trades/x/access'], ['DELETE', '/api/v1/orders/x']];

test('a bid rests in the book and is cancelled; an api trade is delivered by its seller', async (t) => {
  const missing = await missingRoutes([...tradingRoutes, ...deliveryRoutes]);
  if (missing.length) {
    t.skip(`the exchange has no ${missing.join(', ')} yet`);
    return;
  }
  const seller = await verifiedSeller(identityCardPng(), { name: '申城公交接口', stem: 'api-seller' });
  const title = `公交实时到站接口 ${Date.now()}`;
  const product = await listedProduct(seller, { title, priceFen: 20000, deliveryMode: 'api' });
  const buyer = await verifiedSeller(identityCardPng(), { name: '孙悦出行', stem: 'api-buyer' });
  await deposit(buyer.id, 100000);

  const b = await newPage();
  await signIn(b, buyer.email, buyer.password);
  await b.goto(`/#/product/${product.id}`);
  await b.getByRole('heading', { name: '购买许可' }).waitFor();
  await field(b, '每份价格（元）').fill('150');
  await b.getByRole('button', { name: '提交买单' }).click();
  await b.locator('.order-form .status-success', { hasText: '订单已挂入订单簿' }).waitFor();
  const bids = b.locator('.order-book table.book').first();
  await bids.getByText('¥150.00').waitFor();
  await b.getByText('可用余额：¥850.00。').waitFor();
  await shot(b, '74-book-with-bid');

  await b.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的订单' }).click();
  const row = b.locator('table.orders tr', { hasText: title });
  assert.match(await row.textContent(), /未成交/);
  await row.getByRole('button', { name: /撤销订单/ }).click();
  await b.locator('#main').getByText('订单已撤销，冻结金额已释放。').waitFor();
  await b.getByRole('link', { name: '已撤销' }).click();
  await b.locator('table.orders tr', { hasText: title }).getByText('由您撤销').waitFor();
  await shot(b, '75-orders-cancelled');

  await b.goto(`/#/product/${product.id}`);
  await b.getByRole('button', { name: '提交买单' }).click();
  await b.locator('.order-form .status-success', { hasText: '已成交' }).waitFor();
  await b.locator('.order-form .status-success a').first().click();
  await b.locator('#trade-status', { hasText: '待交付' }).waitFor();
  const tradeUrl = b.url().replace(/^.*#/, '/#');

  const s = await newPage();
  await signIn(s, seller.email, seller.password);
  await s.goto('/#/sales');
  const sold = s.locator('table.trades tr.needs-action', { hasText: title });
  await sold.waitFor();
  await sold.getByRole('link', { name: /查看交易/ }).click();
  await field(s, '接口地址').fill('https://api.bus.example/v1/arrivals');
  await field(s, '访问凭据').fill('token-3f9a1c');
  await field(s, '使用说明').fill('请求头 Authorization: Bearer <凭据>；每秒不超过 10 次。');
  await shot(s, '76-seller-deliver');
  await s.getByRole('button', { name: '交付', exact: true }).click();
  await s.locator('#trade-status', { hasText: '已交付' }).waitFor();

  await b.goto(tradeUrl);
  await b.reload();
  await b.getByRole('button', { name: '查看接入信息' }).click();
  await b.getByText('https://api.bus.example/v1/arrivals').waitFor();
  await b.getByText('token-3f9a1c').waitFor();
  await shot(b, '77-buyer-access');
  assert.deepEqual([...b.problems, ...s.problems], []);
  await b.context().close();
  await s.context().close();
});
