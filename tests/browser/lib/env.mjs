// What run.sh hands the tests: the exchange's address and the first admin's sign-in.
export const baseUrl = process.env.DX_BASE_URL || 'https://127.0.0.1:8443';
export const admin = {
  email: process.env.EXCHANGE_ADMIN_EMAIL || 'admin@exchange.local',
  password: process.env.EXCHANGE_ADMIN_PASSWORD || 'change-this-admin-password',
};
export const chromiumPath = process.env.DX_CHROMIUM || '/usr/bin/chromium';
export const screenshotDir = new URL('../screenshots/', import.meta.url);
