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

async function expectStatus(res, status, what) {
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

// A seller whose identity is already verified, made through the API: registered, identity
// submitted with an uploaded document, approved by a reviewer. Answers {email, password, id}.
export async function verifiedSeller(documentPng) {
  const email = uniqueEmail('verified-seller');
  const password = 'seller passphrase 1234';
  const anon = await apiClient();
  const account = await expectStatus(await anon.post('/api/v1/accounts', {
    data: { email, password, kind: 'person', display_name: '韩梅梅数据' },
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
