// The enumerations of a product, as options for selects and radio groups.
import { tv } from '/js/i18n.js';

const opts = (group, values) => values.map((value) => ({ value, label: tv(group, value) }));

export const sourceOptions = () => opts('source', ['collected', 'generated', 'licensed', 'public_data_authorized']);
export const holderOptions = () => opts('holder', ['self', 'third_party']);
export const piOptions = () => opts('pi', ['none', 'anonymized', 'identified']);
export const classificationOptions = () => opts('classification', ['general', 'important', 'core']);
export const deliveryOptions = () => opts('delivery', ['file', 'api', 'gateway', 'compute']);
export const frequencyOptions = () => opts('frequency', ['once', 'daily', 'weekly', 'monthly', 'realtime']);
export const disposalOptions = () => opts('disposal', ['delete', 'return']);
export const formats = ['csv', 'jsonl', 'json', 'xlsx', 'parquet', 'xml'];
// A gateway route's methods (ANY: every method) and a data dictionary's column types and roles.
export const routeMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'ANY'];
export const methodOptions = () => routeMethods.map((m) => ({ value: m, label: m === 'ANY' ? tv('gateway.method', 'ANY') : m }));
export const columnTypeOptions = () => opts('dictionary.type', ['text', 'integer', 'real', 'date']);
export const columnRoleOptions = () => opts('dictionary.role', ['attribute', 'identifier', 'quasi_identifier', 'sensitive']);
export const approvalOptions = () => opts('compute.approval', ['automatic', 'seller']);
