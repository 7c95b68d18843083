// An auditor signs in and searches the records.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, signIn, closeBrowser } from '../lib/browser.mjs';
import { createStaff } from '../lib/api.mjs';

after(closeBrowser);

test('an auditor sees the records and filters them by action and subject', async () => {
  const auditor = await createStaff(['auditor'], '审计员赵敏');
  const page = await newPage();
  await signIn(page, auditor.email, auditor.password);
  await page.getByRole('heading', { name: '记录查询' }).waitFor();
  assert.ok(await page.locator('table.records tbody tr').count() > 0, 'records are listed');
  assert.equal(await page.getByRole('link', { name: '身份审核' }).count(), 0, 'no identity desk for an auditor');

  await page.getByLabel('动作').fill('staff_user.created');
  await page.getByLabel('对象').fill(auditor.id);
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByText('本页 1 条').waitFor();
  const row = page.locator('table.records tbody tr');
  assert.match(await row.textContent(), /staff_user\.created/);
  await row.getByText('查看').click();
  assert.match(await row.locator('pre').textContent(), /auditor/);
  await shot(page, '20-records');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
