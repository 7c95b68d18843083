// Gateway products in the web UI: a seller lists an API through the product form (upstream, header,
// credentials, routes, call quota and rate limit, data dictionary), is shown a field error beside its
// route, and submits; a listing reviewer sees the upstream without its credentials, runs the live
// check against a small upstream on 127.0.0.1 and approves; a buyer reads the routes and dictionary
// on the product page, buys, finds the gateway URL and an example call on the trade page, calls the
// gateway with an API key, and sees the calls counted once the exchange has written them; the seller
// sees the buyer's use on the sales page. Steps whose API is not there yet are skipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, signIn, closeBrowser, field } from '../lib/browser.mjs';
import {
  verifiedSeller, createStaff, deposit, clientFor, expectStatus, apiClient, missingRoutes, sampleCsv, tradingRoutes,
} from '../lib/api.mjs';
import { identityCardPng } from '../lib/png.mjs';
import { fillBasicSteps } from '../lib/flows.mjs';
import { startUpstream } from '../lib/upstream.mjs';
import { baseUrl } from '../lib/env.mjs';

const title = `公交到站实时接口 ${Date.now()}`;
const credentials = `upstream-secret-${Date.now()}`;
const state = {};
const pages = [];
let upstream;

async function page() {
  const p = await newPage();
  pages.push(p);
  return p;
}
const problems = () => pages.flatMap((p) => p.problems);

before(async () => { upstream = await startUpstream(); });
after(async () => {
  for (const p of pages) await p.context().close().catch(() => {});
  await closeBrowser();
  await upstream?.close();
});

function skipUnless(t, ready, why) {
  if (ready) return false;
  t.skip(why);
  return true;
}

async function missing(routes) {
  const gone = await missingRoutes(routes);
  return gone.length ? `the exchange has no ${gone.join(', ')} yet` : null;
}

// Polls `check` (an async function answering true when done) every 250 ms for up to `ms`.
async function until(check, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function fillBasics(p) {
  return fillBasicSteps(p, {
    title,
    description: '上海公交线路实时到站预测接口，按站点查询，数据由本公司车载设备采集。',
    sourceStatement: '由本公司公交车载定位设备采集并计算到站时间。',
  });
}

async function fillGateway(p) {
  await field(p, '数据文件').setInputFiles({ name: 'sample.csv', mimeType: 'text/csv', buffer: sampleCsv() });
  await p.getByText('已上传 sample.csv。').waitFor();
  const gateway = p.locator('#gateway');
  assert.equal(await gateway.isVisible(), false, 'the gateway fields are hidden for a file product');
  await p.getByLabel('交付方式').selectOption('gateway');
  await gateway.waitFor();
  await field(gateway, '上游接口地址').fill(`${upstream.url}/v1`);
  await field(gateway, '认证请求头名称').fill('X-Api-Key');
  await field(gateway, '上游访问凭据').fill(credentials);
  assert.equal(await field(gateway, '上游访问凭据').getAttribute('type'), 'password');
  // A route without its leading slash: the exchange's field error lands beside it.
  await gateway.locator('.row-group', { hasText: '路由 1' }).getByLabel(/^路径前缀/).fill('arrivals');
  await gateway.getByRole('button', { name: '添加路由' }).click();
  const second = gateway.locator('.row-group', { hasText: '路由 2' });
  await second.getByLabel(/^请求方法/).selectOption('POST');
  await second.getByLabel(/^路径前缀/).fill('/reports');
  await second.getByRole('button', { name: '删除路由 2' }).click();
  assert.equal(await gateway.locator('.row-group').count(), 1);
  await field(gateway, '超时（秒）').fill('10');

  const dictionary = p.locator('fieldset.dictionary');
  for (const [n, [name, type, meaning, role]] of [['district', 'text', '行政区', 'attribute'],
    ['stop_id', 'text', '站点编号', 'identifier']].entries()) {
    await dictionary.getByRole('button', { name: '添加字段' }).click();
    const row = dictionary.locator('.row-group', { hasText: `字段 ${n + 1}` });
    await row.getByLabel(/^字段名/).fill(name);
    await row.getByLabel(/^类型/).selectOption(type);
    await row.getByLabel(/^含义/).fill(meaning);
    await row.getByLabel(/^角色/).selectOption(role);
  }
  await shot(p, '90-gateway-form');
  await p.getByRole('button', { name: '下一步' }).click();
}

async function fillOffer(p) {
  const offer = p.locator('.offer').first();
  await offer.getByLabel('报价名称').fill('按次调用版');
  await offer.getByLabel('许可用途').fill('research');
  await offer.getByLabel('应用场景').fill('出行应用展示到站时间');
  await offer.getByLabel('许可期限（天）').fill('365');
  await offer.getByLabel('价格（元）').fill('300.00');
  await offer.getByLabel('安全措施').fill('调用结果仅在应用内展示，不转存、不转售。');
  await offer.getByLabel('调用次数上限').fill('100');
  await offer.getByLabel('每秒调用上限').fill('10');
}

test('a seller lists a gateway product through the form, with a field error shown at its route', async (t) => {
  const why = await missing([['GET', '/api/v1/staff/products/x/upstream-check']]);
  if (skipUnless(t, !why, why)) return;
  state.seller = await verifiedSeller(identityCardPng(), { name: '申城公交数据', stem: 'gateway-seller' });
  const s = await page();
  await signIn(s, state.seller.email, state.seller.password);
  await s.goto('/#/sell/new');
  await fillBasics(s);
  await fillGateway(s);
  await fillOffer(s);

  await s.getByRole('button', { name: '保存草稿' }).click();
  const prefix = s.locator('#gateway .row-group').first().getByLabel(/^路径前缀/);
  await prefix.and(s.locator('[aria-invalid="true"]')).waitFor();
  assert.ok(await prefix.isVisible(), 'the step with the invalid route is shown');
  await shot(s, '91-gateway-field-error');
  await prefix.fill('/arrivals');
  await s.getByRole('button', { name: /检查并提交/ }).click();
  await s.getByRole('button', { name: '提交审核' }).click();
  await s.locator('#product-status', { hasText: '审核中' }).waitFor();
  const review = s.locator('section.step:not([hidden])');
  await review.locator('table.gateway-routes').getByText('/arrivals').waitFor();
  assert.match(await review.textContent(), /已保存（加密存储，不再显示）/);
  assert.doesNotMatch(await s.content(), new RegExp(credentials), 'the credentials are never shown back');
  await shot(s, '92-gateway-in-review');
  state.productId = decodeURIComponent(s.url().split('/sell/')[1].split('?')[0]);
  assert.deepEqual(problems(), []);
});

test('a listing reviewer sees the upstream, runs the live check and approves', async (t) => {
  if (skipUnless(t, state.productId, 'no gateway product in review')) return;
  const reviewer = await createStaff(['listing_reviewer'], '上架审核员');
  const r = await page();
  await signIn(r, reviewer.email, reviewer.password);
  await r.getByRole('heading', { name: '上架审核' }).waitFor();
  const item = r.locator('li.queue-item', { hasText: title });
  await item.waitFor();
  const upstreamPart = item.locator('section.upstream');
  await upstreamPart.getByText(`${upstream.url}/v1`).waitFor();
  await upstreamPart.getByText('X-Api-Key').waitFor();
  await upstreamPart.locator('table.gateway-routes').getByText('/arrivals').waitFor();
  assert.doesNotMatch(await r.content(), new RegExp(credentials));

  const before = upstream.seen.length;
  await upstreamPart.getByRole('button', { name: '实时检测' }).click();
  await upstreamPart.getByText('上游可以连通。').waitFor();
  const result = await upstreamPart.locator('.upstream-result').textContent();
  assert.match(result, /200/);
  assert.match(result, /127\.0\.0\.1/);
  const call = upstream.seen.slice(before).find((c) => c.url.startsWith('/v1/arrivals'));
  assert.ok(call, 'the upstream was called on the first route');
  assert.equal(call.headers['x-api-key'], credentials);
  await shot(r, '93-gateway-live-check');

  await item.getByLabel('审核意见').fill('上游接口可用，路由与说明一致。');
  await item.getByRole('button', { name: '批准' }).click();
  await item.getByText('已批准。').waitFor();
  state.listed = true;
  assert.deepEqual(problems(), []);
});

test('a buyer reads the routes and dictionary, buys, calls the gateway and sees the calls counted', async (t) => {
  const why = await missing([...tradingRoutes, ['GET', '/api/v1/trades/x/usage'], ['GET', '/gw/x/y']]);
  if (skipUnless(t, state.listed && !why, why || 'no listed gateway product')) return;
  state.buyer = await verifiedSeller(identityCardPng(), { name: '快行出行', stem: 'gateway-buyer' });
  await deposit(state.buyer.id, 100000);
  const b = await page();
  await signIn(b, state.buyer.email, state.buyer.password);
  await b.goto(`/#/product/${state.productId}`);
  const summary = b.locator('section.gateway-summary');
  await summary.locator('table.gateway-routes').getByText('/arrivals').waitFor();
  assert.match(await summary.textContent(), /10 秒/);
  assert.doesNotMatch(await summary.textContent(), /127\.0\.0\.1|X-Api-Key/, 'buyers never see the upstream');
  await b.locator('table.dictionary').getByText('stop_id').waitFor();
  assert.match(await b.locator('table.dictionary').textContent(), /直接标识符/);
  assert.match(await b.locator('table.offers').textContent(), /100/);
  await shot(b, '94-gateway-product-page');

  await b.getByRole('button', { name: '提交买单' }).click();
  await b.locator('.order-form .status-success', { hasText: '已成交' }).waitFor();
  await b.locator('.order-form .status-success a').first().click();
  await b.locator('#trade-status', { hasText: '已交付' }).waitFor();
  const tradeId = decodeURIComponent(b.url().split('/trade/')[1]);
  const gatewayUrl = `${baseUrl}/gw/${tradeId}/`;
  assert.equal(await b.locator('#gateway-url').textContent(), gatewayUrl);
  await b.locator('#gateway-curl', { hasText: `${gatewayUrl}arrivals` }).waitFor();
  assert.match(await b.locator('#gateway-curl').textContent(), /Authorization: Bearer <您的API密钥>/);
  await b.locator('#usage-remaining', { hasText: '剩余 100 次（共 100 次）' }).waitFor();

  const client = await clientFor(state.buyer);
  const { key } = await expectStatus(await client.post('/api/v1/api-keys', { data: { name: 'bus app' } }), 201, 'api key');
  await client.dispose();
  const caller = await apiClient(key);
  for (let i = 0; i < 3; i += 1) {
    const res = await caller.get(`/gw/${tradeId}/arrivals/today?stop=${i}`);
    assert.equal(res.status(), 200, await res.text());
    assert.match((await res.json()).path, /^\/v1\/arrivals\/today/, 'forwarded below the upstream URL');
  }
  await caller.dispose();
  const forwarded = upstream.seen.filter((c) => c.url.startsWith('/v1/arrivals/today'));
  assert.equal(forwarded.length, 3);
  for (const c of forwarded) {
    assert.equal(c.headers['x-api-key'], credentials);
    assert.equal(c.headers.authorization, undefined, 'the buyer\'s key never reaches the upstream');
  }

  // The exchange writes the counts about once a second: refresh until they show.
  await until(async () => {
    await b.getByRole('button', { name: '刷新用量' }).click();
    return (await b.locator('#usage-calls').textContent().catch(() => '')) === '3';
  }, 15000, 'three calls counted');
  await b.locator('#usage-remaining', { hasText: '剩余 97 次（共 100 次）' }).waitFor();
  const today = new Date().toISOString().slice(0, 10);
  const day = b.locator('table.usage-by-day tr', { hasText: today });
  assert.match(await day.textContent(), /3/);
  await shot(b, '95-gateway-trade-usage');
  state.tradeId = tradeId;
  assert.deepEqual(problems(), []);
});

test('the seller sees each buyer\'s use of the gateway on the sales page', async (t) => {
  if (skipUnless(t, state.tradeId, 'no gateway trade with calls')) return;
  const s = await page();
  await signIn(s, state.seller.email, state.seller.password);
  await s.goto('/#/sales');
  const row = s.locator('table.sales-usage tr', { hasText: state.buyer.id });
  await row.waitFor();
  const text = await row.textContent();
  assert.match(text, /剩余 97 次（共 100 次）/);
  assert.match(text, new RegExp(title));
  await row.getByRole('link', { name: `交易 ${state.tradeId} 的每日用量` }).click();
  await s.locator('#usage-calls', { hasText: '3' }).waitFor();
  await shot(s, '96-gateway-seller-usage');
  assert.deepEqual(problems(), []);
});
