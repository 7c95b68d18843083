// The category taxonomy, from GET /categories when the exchange offers it (codes with Chinese and
// English names); otherwise a few common codes, shown as they are.
import { api } from '/js/api.js';
import { lang } from '/js/i18n.js';

const fallback = ['transport.traffic', 'transport.logistics', 'finance.credit', 'finance.markets', 'health.medical',
  'geography.mapping', 'government.open_data', 'energy.consumption', 'retail.consumer', 'weather.observations',
  'environment.monitoring', 'industry.manufacturing', 'education', 'science.research'].map((code) => ({ code }));

let loaded = null;

export async function loadCategories() {
  if (!loaded) {
    try {
      loaded = ((await api('GET', '/categories')).items || []).filter((c) => !c.prohibited);
    } catch {
      loaded = fallback;
    }
  }
  return loaded;
}

// "道路交通 (transport.traffic)"; `info` is a product's category_info when it has one.
export function categoryLabel(code, info) {
  const c = info?.code === code ? info : loaded?.find((x) => x.code === code);
  const name = c && (lang() === 'zh' ? c.name_zh : c.name_en);
  return name ? `${name} (${code})` : String(code ?? '');
}

export function categoryOptions(h) {
  return (loaded || fallback).map((c) => h('option', { value: c.code }, categoryLabel(c.code)));
}
