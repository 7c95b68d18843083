// Compute products in the web UI: a seller lists a household survey through the product form (the
// compute terms, a data dictionary with roles and a sensitive column's bounds, a job quota), is
// shown a field error beside the compute terms, and submits; a listing reviewer reads the terms
// and approves; a buyer reads them on the product page, buys, runs the example aggregate on the
// trade's query page and sees its result as a table with its SHA-256, then tries `SELECT * FROM
// data` and is told why not, in Chinese. On a product whose results the seller reviews, the seller
// reads a waiting result on the approval desk and releases it, and the buyer then sees it; a result
// withheld with a reason reaches the buyer as a refusal with that reason. Steps whose API is not
// there yet are skipped.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, signIn, closeBrowser, field } from '../lib/browser.mjs';
import {
  verifiedSeller, createStaff, deposit, missingRoutes, tradingRoutes, listedProduct, buy, surveyCsv, surveyDictionary,
} from '../lib/api.mjs';
import { identityCardPng } from '../lib/png.mjs';
import { fillBasicSteps } from '../lib/flows.mjs';

const title = `住户消费抽样调查 ${Date.now()}`;
const state = {};
const pages = [];

async function page() {
  const p = await newPage();
  pages.push(p);
  return p;
}
const problems = () => pages.flatMap((p) => p.problems);

after(async () => {
  for (const p of pages) await p.context().close().catch(() => {});
  await closeBrowser();
});

function skipUnless(t, ready, why) {
  if (ready) return false;
  t.skip(why);
  return true;
}

const computeRoutes = [
  ['POST', '/api/v1/trades/x/jobs'], ['GET', '/api/v1/trades/x/jobs'], ['GET', '/api/v1/jobs/x'],
  ['GET', '/api/v1/jobs/x/result'], ['POST', '/api/v1/jobs/x/decision'], ['GET', '/api/v1/seller/jobs'],
];

async function missing(routes) {
  const gone = await missingRoutes(routes);
  return gone.length ? `the exchange has no ${gone.join(', ')} yet` : null;
}

function fillBasics(p) {
  return fillBasicSteps(p, {
    title,
    description: '2025 年上海四个区的住户月消费抽样调查，按住户记录，可按区和年龄段汇总分析。',
    sourceStatement: '由本公司入户抽样调查采集，住户编号为调查内部编号。',
  });
}

async function fillDictionary(p) {
  const dictionary = p.locator('fieldset.dictionary');
  for (const [n, column] of surveyDictionary.entries()) {
    await dictionary.getByRole('button', { name: '添加字段' }).click();
    const row = dictionary.locator('.row-group', { hasText: `字段 ${n + 1}` });
    await row.getByLabel(/^字段名/).fill(column.name);
    await row.getByLabel(/^类型/).selectOption(column.type);
    await row.getByLabel(/^含义/).fill(column.description);
    await row.getByLabel(/^角色/).selectOption(column.role);
    // Bounds are asked only of numeric columns.
    assert.equal(await row.getByLabel(/^最小值/).isVisible(), column.type === 'real' || column.type === 'integer');
    if (column.min !== undefined) {
      await row.getByLabel(/^最小值/).fill(String(column.min));
      await row.getByLabel(/^最大值/).fill(String(column.max));
    }
  }
}

async function fillCompute(p) {
  await field(p, '数据文件').setInputFiles({ name: 'survey.csv', mimeType: 'text/csv', buffer: surveyCsv() });
  await p.getByText('已上传 survey.csv。').waitFor();
  const compute = p.locator('#compute');
  assert.equal(await compute.isVisible(), false, 'the compute terms are hidden for a file product');
  await p.getByLabel('交付方式').selectOption('compute');
  await compute.waitFor();
  assert.equal(await p.locator('#gateway').isVisible(), false, 'no gateway fields for a compute product');
  // A group of 0 records: the exchange's field error lands beside it.
  await field(compute, '最小分组人数').fill('0');
  await compute.getByLabel('自动发布').check();
  await fillDictionary(p);
  await shot(p, 'c1-compute-form');
  await p.getByRole('button', { name: '下一步' }).click();
}

async function fillOffer(p) {
  const offer = p.locator('.offer').first();
  await offer.getByLabel('报价名称').fill('分析版');
  await offer.getByLabel('许可用途').fill('research');
  await offer.getByLabel('应用场景').fill('区域消费水平研究');
  await offer.getByLabel('许可期限（天）').fill('365');
  await offer.getByLabel('价格（元）').fill('500.00');
  await offer.getByLabel('安全措施').fill('只在交易所内运行聚合查询，结果仅用于研究报告。');
  assert.equal(await offer.getByLabel('调用次数上限').isVisible(), false, 'no call quota for a compute offer');
  await offer.getByLabel('计算作业次数上限').fill('20');
}

test('a seller lists a compute product through the form, with a field error shown at its terms', async (t) => {
  const why = await missing(computeRoutes);
  if (skipUnless(t, !why, why)) return;
  state.seller = await verifiedSeller(identityCardPng(), { name: '申城消费调查', stem: 'compute-seller' });
  const s = await page();
  await signIn(s, state.seller.email, state.seller.password);
  await s.goto('/#/sell/new');
  await fillBasics(s);
  await fillCompute(s);
  await fillOffer(s);

  await s.getByRole('button', { name: '保存草稿' }).click();
  const minGroup = field(s.locator('#compute'), '最小分组人数');
  await minGroup.and(s.locator('[aria-invalid="true"]')).waitFor();
  assert.ok(await minGroup.isVisible(), 'the step with the invalid compute term is shown');
  await shot(s, 'c2-compute-field-error');
  await minGroup.fill('10');
  await s.getByRole('button', { name: /检查并提交/ }).click();
  await s.getByRole('button', { name: '提交审核' }).click();
  await s.locator('#product-status', { hasText: '审核中' }).waitFor();
  const review = s.locator('section.step:not([hidden])');
  await review.locator('table.dictionary').getByText('household_id').waitFor();
  assert.match(await review.locator('table.dictionary').textContent(), /0 – 5000/);
  assert.match(await review.locator('table.offers').textContent(), /20/);
  await shot(s, 'c3-compute-in-review');
  state.productId = decodeURIComponent(s.url().split('/sell/')[1].split('?')[0]);
  assert.deepEqual(problems(), []);
});

test('a listing reviewer reads the compute terms and approves', async (t) => {
  if (skipUnless(t, state.productId, 'no compute product in review')) return;
  const reviewer = await createStaff(['listing_reviewer'], '上架审核员');
  const r = await page();
  await signIn(r, reviewer.email, reviewer.password);
  await r.getByRole('heading', { name: '上架审核' }).waitFor();
  const item = r.locator('li.queue-item', { hasText: title });
  await item.waitFor();
  assert.match(await item.textContent(), /每个结果行至少汇总 10 条记录/);
  assert.match(await item.textContent(), /结果通过检查后自动交付给买方/);
  await item.getByLabel('审核意见').fill('数据字典与文件一致，计算条款明确。');
  await item.getByRole('button', { name: '批准' }).click();
  await item.getByText('已批准。').waitFor();
  state.listed = true;
  assert.deepEqual(problems(), []);
});

// Submits the query in the trade page's editor.
async function runQuery(b, text) {
  await b.getByLabel(/^查询语句/).fill(text);
  await b.getByRole('button', { name: '提交查询' }).click();
}

test('a buyer reads the terms, buys, runs an aggregate and sees the table, and is refused raw rows', async (t) => {
  const why = await missing(tradingRoutes);
  if (skipUnless(t, state.listed && !why, why || 'no listed compute product')) return;
  state.buyer = await verifiedSeller(identityCardPng(), { name: '零售研究所', stem: 'compute-buyer' });
  await deposit(state.buyer.id, 200000);
  const b = await page();
  state.buyerPage = b;
  await signIn(b, state.buyer.email, state.buyer.password);
  await b.goto(`/#/product/${state.productId}`);
  const summary = b.locator('section.compute-summary');
  await summary.waitFor();
  const terms = await summary.textContent();
  assert.match(terms, /每个结果行至少汇总 10 条记录/);
  assert.match(terms, /不加噪声（精确聚合）/);
  assert.match(await b.locator('table.dictionary').textContent(), /直接标识符/);
  await shot(b, 'c4-compute-product-page');

  await b.getByRole('button', { name: '提交买单' }).click();
  await b.locator('.order-form .status-success', { hasText: '已成交' }).waitFor();
  await b.locator('.order-form .status-success a').first().click();
  await b.locator('#trade-status', { hasText: '已交付' }).waitFor();
  const editor = b.getByLabel(/^查询语句/);
  await b.locator('.query-dictionary table.dictionary').getByText('spend').waitFor();
  assert.equal(await editor.inputValue(), 'SELECT district, COUNT(*) AS records\nFROM data\nGROUP BY district',
    'the example groups by the first column that may be a group key');

  await b.getByRole('button', { name: '提交查询' }).click();
  const row = b.locator('table.job-history tbody tr').first();
  await row.locator('.job-status', { hasText: '已完成' }).waitFor({ timeout: 30000 });
  const result = b.locator('table.job-result');
  await result.waitFor();
  assert.deepEqual(await result.locator('thead th').allTextContents(), ['district', 'records']);
  const cells = await result.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(cells.map(([d, n]) => [d, Number(n)]).sort(), [['Jingan', 50], ['Minhang', 50], ['Pudong', 50], ['Xuhui', 50]]);
  assert.match(await b.locator('.job-result-area').textContent(), /SHA-256 [0-9a-f]{64}（与交易所记录一致）/);
  const [scanned] = await row.locator('td.num').allTextContents();
  assert.ok(Number(scanned) > 0, `rows scanned: ${scanned}`);
  await b.getByRole('button', { name: /^下载作业 .* 的结果$/ }).waitFor();
  await shot(b, 'c5-compute-result');

  // Raw rows never leave: the refusal comes at once at the editor, or as a refused job.
  await runQuery(b, 'SELECT * FROM data');
  const atEditor = b.locator('.query-form .status-error');
  const asJob = b.locator('table.job-history tbody tr', { hasText: 'SELECT * FROM data' }).locator('.job-status', { hasText: '已拒绝' });
  await atEditor.or(asJob).first().waitFor({ timeout: 30000 });
  const refusal = (await atEditor.count()) ? atEditor : b.locator('table.job-history tbody tr', { hasText: 'SELECT * FROM data' });
  const text = await refusal.textContent();
  assert.match(text, /查询不被允许/);
  assert.match(text, /逐行输出原始数据的查询（如 SELECT \*）不被允许/);
  assert.match(text, /规则 [A-Z]+\d+/);
  await shot(b, 'c6-compute-refused');

  await b.getByRole('button', { name: '刷新用量' }).click();
  // The panel drawn at load said 0; the refreshed one counts the accepted job.
  await b.locator('#usage-jobs').filter({ hasText: /^[1-9]\d*$/ }).waitFor();

  // The agreement states the compute terms in words.
  await b.getByRole('link', { name: '数据使用协议' }).click();
  const computeCard = b.locator('section.card', { has: b.getByRole('heading', { name: '计算服务条款' }) });
  await computeCard.waitFor();
  assert.match(await computeCard.textContent(), /每个结果行至少汇总 10 条记录/);
  assert.match(await b.locator('article.contract').textContent(), /作业次数不限|共 \d+ 次作业/);
  assert.deepEqual(problems(), []);
});

test('the seller releases a result on the approval desk and the buyer then sees it; a withheld one is refused with the reason', async (t) => {
  if (skipUnless(t, state.buyer, 'no compute buyer')) return;
  const reviewed = await listedProduct(state.seller, {
    title: `${title}（卖方审核）`, deliveryMode: 'compute', csv: surveyCsv(),
    extra: { data_dictionary: surveyDictionary, compute: { min_group_size: 10, approval: 'seller', epsilon_per_licence: null } },
    offerExtra: { job_quota: 10 },
  });
  const order = await buy(state.buyer, reviewed.offers[0].id, reviewed.offers[0].price_fen);
  const tradeId = order.trades?.[0]?.id;
  assert.ok(tradeId, `the order filled: ${JSON.stringify(order)}`);

  const b = state.buyerPage;
  await b.goto(`/#/trade/${tradeId}`);
  // The page still shows the previous trade until the new one is drawn: its query would go there.
  await b.getByRole('heading', { level: 1, name: /卖方审核/ }).waitFor();
  await runQuery(b, 'SELECT age_band, COUNT(*) AS households FROM data GROUP BY age_band');
  const first = b.locator('table.job-history tbody tr').first();
  await first.locator('.job-status', { hasText: '待卖方审核' }).waitFor({ timeout: 30000 });

  const s = await page();
  await signIn(s, state.seller.email, state.seller.password);
  await s.getByRole('navigation').getByRole('link', { name: '结果审核' }).click();
  await s.getByRole('heading', { name: '计算结果审核' }).waitFor();
  const item = s.locator('li.job-approval', { hasText: 'age_band' });
  await item.locator('pre.job-query', { hasText: 'SELECT age_band, COUNT(*) AS households' }).waitFor();
  await item.locator('table.job-result').getByText('households').waitFor();
  assert.equal(await item.locator('table.job-result tbody tr').count(), 3);
  await shot(s, 'c7-compute-approval-desk');
  await item.getByRole('button', { name: '放行' }).click();
  await item.getByText('已放行。').waitFor();

  // The buyer's page follows the job until it is released, then shows the result.
  await first.locator('.job-status', { hasText: '已完成' }).waitFor({ timeout: 30000 });
  await b.locator('table.job-result').getByText('households').waitFor();
  assert.equal(await b.locator('table.job-result tbody tr').count(), 3);
  await shot(b, 'c8-compute-released');

  await runQuery(b, 'SELECT district, AVG(spend) AS mean_spend FROM data GROUP BY district');
  const second = b.locator('table.job-history tbody tr', { hasText: 'mean_spend' });
  await second.locator('.job-status', { hasText: '待卖方审核' }).waitFor({ timeout: 30000 });
  await s.goto(`/#/approvals?t=${Date.now()}`);
  const waiting = s.locator('li.job-approval', { hasText: 'mean_spend' });
  await waiting.waitFor();
  await waiting.getByRole('button', { name: '扣留' }).click();
  await waiting.getByText('请填写理由。').first().waitFor();
  await waiting.getByLabel('审核理由').fill('按区的平均消费属于商业敏感信息，不予提供。');
  await waiting.getByRole('button', { name: '扣留' }).click();
  await waiting.getByText('已扣留。').waitFor();

  await second.locator('.job-status', { hasText: '已拒绝' }).waitFor({ timeout: 30000 });
  const withheld = await second.textContent();
  assert.match(withheld, /卖方扣留了结果/);
  assert.match(withheld, /按区的平均消费属于商业敏感信息，不予提供。/);
  await shot(b, 'c9-compute-withheld');
  assert.deepEqual(problems(), []);
});
