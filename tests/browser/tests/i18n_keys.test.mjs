// Every string the UI asks for exists in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../../../web/', import.meta.url));
const load = async (lang) => (await import(join(web, `js/i18n/${lang}.js`))).default;

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sources(path);
    return path.endsWith('.js') ? [path] : [];
  });
}

test('the Chinese and English dictionaries have the same keys', async () => {
  const zh = await load('zh');
  const en = await load('en');
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
});

test('every key passed to t() is in the dictionaries', async () => {
  const zh = await load('zh');
  const missing = [];
  for (const file of sources(join(web, 'js'))) {
    for (const call of readFileSync(file, 'utf8').matchAll(/\bt\(([^)]*)\)/g)) {
      const args = call[1].split('{')[0];
      for (const m of args.matchAll(/'([a-z_]+(?:\.[a-z_0-9]+)+)'/g)) if (!(m[1] in zh)) missing.push(`${file}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});
