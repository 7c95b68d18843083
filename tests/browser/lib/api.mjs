// Setting the stage through the HTTPS API (bearer tokens, as a program would): staff accounts,
// unique e-mail addresses, valid identity numbers.
import { request } from 'playwright-core';
import { baseUrl, admin } from './env.mjs';

export async function apiClient(token) {
  return request.newContext({
    baseURL: baseUrl,
    ignoreHTTPSErrors: true,
    extraHTTPHeaders: token ? { Authorization: `Bearer ${token}` } : {},
  });
}

export async function expectStatus(res, status, what) {
  if (res.status() !== status) throw new Error(`${what}: HTTP ${res.status()} ${await res.text()}`);
  return res.status() === 204 ? null : res.json();
}

export async function signInToken(email, password) {
  const anon = await apiClient();
  const session = await expectStatus(await anon.post('/api/v1/sessions', { data: { email, password } }), 201, 'sign-in');
  await anon.dispose();
  return session.token;
}

export async function adminClient() {
  return apiClient(await signInToken(admin.email, admin.password));
}

let counter = 0;
export function uniqueEmail(stem) {
  counter += 1;
  return `${stem}-${process.pid}-${Date.now()}-${counter}@example.test`;
}

// Creates a staff account with the roles; answers {email, password, id}.
export async function createStaff(roles, name) {
  const client = await adminClient();
  const email = uniqueEmail(roles.join('-').replace(/_/g, '-'));
  const password = 'staff passphrase 1234';
  const created = await expectStatus(await client.post('/api/v1/staff/users', {
    data: { email, password, display_name: name, roles },
  }), 201, 'create staff');
  await client.dispose();
  return { email, password, id: created.id };
}

// A valid resident identity number (GB 11643): Beijing Chaoyang, an adult birth date, a random
// sequence, and the ISO 7064 MOD 11-2 check character.
export function identityNumber() {
  const year = 1960 + Math.floor(Math.random() * 40);
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const seq = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const body = `110105${year}${month}${day}${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

export async function productsAvailable() {
  const anon = await apiClient();
  const res = await anon.post('/api/v1/products', { data: {} });
  await anon.dispose();
  return res.status() !== 404;
}

// A registered account that has not verified its identity. Answers {email, password, id}.
export async function plainAccount({ name = '王小明', jurisdiction = 'CN', stem = 'account' } = {}) {
  const email = uniqueEmail(stem);
  const password = 'account passphrase 1234';
  const anon = await apiClient();
  const account = await expectStatus(await anon.post('/api/v1/accounts', {
    data: { email, password, kind: 'person', display_name: name, jurisdiction },
  }), 201, 'register');
  await anon.dispose();
  return { email, password, id: account.id };
}

// A seller whose identity is already verified, made through the API: registered, identity
// submitted with an uploaded document, approved by a reviewer. Answers {email, password, id}.
export async function verifiedSeller(documentPng, { name = '韩梅梅数据', jurisdiction = 'CN', stem = 'verified-seller' } = {}) {
  const email = uniqueEmail(stem);
  const password = 'seller passphrase 1234';
  const anon = await apiClient();
  const account = await expectStatus(await anon.post('/api/v1/accounts', {
    data: { email, password, kind: 'person', display_name: name, jurisdiction },
  }), 201, 'register');
  await anon.dispose();
  const seller = await apiClient(await signInToken(email, password));
  const file = await expectStatus(await seller.post('/api/v1/files', {
    headers: { 'Content-Type': 'image/png', 'X-File-Name': 'id-card.png' }, data: documentPng,
  }), 201, 'upload');
  await expectStatus(await seller.post('/api/v1/kyc', {
    data: { legal_name: '韩梅梅', id_number: identityNumber(), phone: '13900139000', document_file_ids: [file.id] },
  }), 202, 'kyc');
  await seller.dispose();
  const reviewer = await createStaff(['kyc_reviewer'], 'Reviewer');
  const staff = await apiClient(await signInToken(reviewer.email, reviewer.password));
  await expectStatus(await staff.post(`/api/v1/staff/kyc/${account.id}/decision`, {
    data: { decision: 'approve', reason: 'documents match' },
  }), 200, 'approve');
  await staff.dispose();
  return { email, password, id: account.id };
}

// A client signed in as `who` ({email, password}).
export async function clientFor(who) {
  return apiClient(await signInToken(who.email, who.password));
}

// Which of the routes ([method, path]) the exchange does not have yet: an anonymous request to a
// route that exists is answered 401 (or a 4xx about the request), to one that does not 404 with
// the router's "no such route".
export async function missingRoutes(routes) {
  const anon = await apiClient();
  const missing = [];
  for (const [method, path] of routes) {
    const res = await anon.fetch(path, { method, data: method === 'GET' ? undefined : {} });
    if (res.status() === 404) missing.push(`${method} ${path}`);
  }
  await anon.dispose();
  return missing;
}

export const tradingRoutes = [
  ['GET', '/api/v1/products'], ['POST', '/api/v1/orders'], ['GET', '/api/v1/orders'], ['GET', '/api/v1/trades'],
  ['GET', '/api/v1/balance'], ['GET', '/api/v1/ledger/entries'], ['POST', '/api/v1/staff/deposits'],
  ['POST', '/api/v1/trades/x/accept'], ['POST', '/api/v1/trades/x/dispute'], ['GET', '/api/v1/trades/x/certificate'],
  ['GET', '/api/v1/contracts/x'], ['GET', '/api/v1/trades/x/data'],
];
export const complaintRoutes = [
  ['POST', '/api/v1/complaints'], ['GET', '/api/v1/complaints'], ['GET', '/api/v1/staff/complaints'],
  ['POST', '/api/v1/staff/complaints/x/actions'], ['POST', '/api/v1/complaints/x/responses'], ['GET', '/api/v1/notifications'],
];
export const disputeRoutes = [['GET', '/api/v1/staff/trades'], ['POST', '/api/v1/staff/trades/x/resolve']];

export const sampleCsv = (rows = 200) => Buffer.from(`district,hour,congestion_index\n${Array.from({ length: rows },
  (_, i) => `${['Xuhui', 'Pudong', 'Jingan', 'Minhang'][i % 4]},${i % 24},${(1 + (i % 17) / 10).toFixed(1)}`).join('\n')}\n`);

// Lists a product through the API for `seller` ({email, password}): upload, draft, submit, and a
// listing reviewer's approval. Answers the product as its seller reads it (offers with ids).
// csv: the data file; extra: more fields of the product (e.g. a compute block and its data
// dictionary); offerExtra: more fields of its offer (e.g. a job quota).
export async function listedProduct(seller, {
  title, priceFen = 50000, deliveryMode = 'file', purposes = ['research'], csv = sampleCsv(), extra = {}, offerExtra = {},
}) {
  const client = await clientFor(seller);
  const file = await expectStatus(await client.post('/api/v1/files', {
    headers: { 'Content-Type': 'text/csv', 'X-File-Name': 'data.csv' }, data: csv,
  }), 201, 'upload dataset');
  const draft = await expectStatus(await client.post('/api/v1/products', {
    data: {
      title, description: `${title}：各区逐小时统计。`, category: 'transport.traffic',
      source: { method: 'collected', statement: '由本公司路侧传感器采集。' },
      rights: { holder: 'self' }, personal_information: { contains: 'none' }, classification: 'general',
      data_file_id: file.id, format: 'csv', delivery_mode: deliveryMode, update_frequency: 'once',
      offers: [{ name: '标准版', purposes, scenario: '交通规划研究', term_days: 365, price_fen: priceFen, seats: null,
        cross_border: false, security_measures: '仅限指定分析人员在加密环境中使用', disposal: 'delete', ...offerExtra }],
      ...extra,
    },
  }), 201, 'create product');
  const submitted = await expectStatus(await client.post(`/api/v1/products/${draft.id}/submit`), 200, 'submit product');
  if (submitted.status !== 'in_review') throw new Error(`product not in review: ${JSON.stringify(submitted)}`);
  const reviewer = await createStaff(['listing_reviewer'], 'Listing reviewer');
  const staff = await clientFor(reviewer);
  await expectStatus(await staff.post(`/api/v1/staff/products/${draft.id}/decision`, {
    data: { decision: 'approve', reason: 'complete' },
  }), 200, 'approve product');
  await staff.dispose();
  const product = await expectStatus(await client.get(`/api/v1/products/${draft.id}`), 200, 'read product');
  await client.dispose();
  return product;
}

// A household survey for compute products: an identifier, a district (4 of them, 50 rows each, so
// that grouping by it passes a minimum group size of 10), an age band and a sensitive amount.
export const surveyCsv = (rows = 200) => Buffer.from(`household_id,district,age_band,spend\n${Array.from({ length: rows },
  (_, i) => `H${String(i + 1).padStart(5, '0')},${['Xuhui', 'Pudong', 'Jingan', 'Minhang'][i % 4]},${['20-29', '30-39', '40-49'][i % 3]},${(100 + (i * 37) % 900).toFixed(1)}`).join('\n')}\n`);

// The survey's data dictionary with the roles and bounds a compute product needs.
export const surveyDictionary = [
  { name: 'household_id', type: 'text', description: '住户编号', role: 'identifier' },
  { name: 'district', type: 'text', description: '行政区', role: 'quasi_identifier' },
  { name: 'age_band', type: 'text', description: '户主年龄段', role: 'attribute' },
  { name: 'spend', type: 'real', description: '月消费（元）', role: 'sensitive', min: 0, max: 5000 },
];

let depositCounter = 0;
// Credits `fen` to the account through a finance officer's API call.
export async function deposit(accountId, fen) {
  const finance = await createStaff(['finance'], 'Finance');
  const client = await clientFor(finance);
  depositCounter += 1;
  await expectStatus(await client.post('/api/v1/staff/deposits', {
    headers: { 'Idempotency-Key': `setup-${process.pid}-${Date.now()}-${depositCounter}` },
    data: { account_id: accountId, amount_fen: fen, reference: `setup ${depositCounter}` },
  }), 201, 'deposit');
  await client.dispose();
}

// A buy order through the API; answers the order (with its trades).
export async function buy(buyer, offerId, priceFen, { purpose = 'research', quantity = 1 } = {}) {
  const client = await clientFor(buyer);
  const order = await expectStatus(await client.post('/api/v1/orders', {
    headers: { 'Idempotency-Key': `buy-${process.pid}-${Date.now()}-${Math.random()}` },
    data: { offer_id: offerId, side: 'buy', price_fen: priceFen, quantity, time_in_force: 'GTC', purpose },
  }), 201, 'buy');
  await client.dispose();
  return order;
}
