// The API description the exchange serves is a valid OpenAPI 3.0 document (checked by a maintained
// validator against the OpenAPI schema), and it documents the query parameters the routes read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import { apiClient } from '../lib/api.mjs';

async function served() {
  const anon = await apiClient();
  const res = await anon.get('/api/v1/openapi.json');
  assert.equal(res.status(), 200);
  const doc = await res.json();
  await anon.dispose();
  return doc;
}

test('openapi.json is a valid OpenAPI 3.0 document', async () => {
  const doc = await served();
  assert.match(doc.openapi, /^3\.0\.\d+$/);
  await SwaggerParser.validate(structuredClone(doc));
});

test('every list route documents limit and cursor, and the catalogue its search', async () => {
  const doc = await served();
  const names = (path) => (doc.paths[path].get.parameters || []).filter((p) => p.in === 'query').map((p) => p.name);
  for (const path of ['/api/v1/orders', '/api/v1/trades', '/api/v1/catalog']) {
    assert.ok(names(path).includes('limit'), `${path} documents limit`);
    assert.ok(names(path).includes('cursor'), `${path} documents cursor`);
  }
  assert.ok(names('/api/v1/catalog').includes('q'));
});
