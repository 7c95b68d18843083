// Who is signed in, as GET /me tells. The session itself is an HttpOnly cookie the page cannot
// read; only the CSRF token is held, in memory (api.js).
import { api, ApiError, setCsrfToken } from '/js/api.js';

export const session = { me: null };

export async function restore() {
  try {
    const current = await api('GET', '/sessions/current');
    setCsrfToken(current.csrf_token);
    session.me = await api('GET', '/me');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    forget();
  }
}

export async function signIn(email, password) {
  const s = await api('POST', '/sessions', { email, password, cookie: true });
  setCsrfToken(s.csrf_token);
  session.me = await api('GET', '/me');
}

export async function reloadMe() {
  session.me = await api('GET', '/me');
}

export async function signOut() {
  try {
    await api('DELETE', '/sessions/current');
  } finally {
    forget();
  }
}

export function forget() {
  session.me = null;
  setCsrfToken(null);
}

export const signedIn = () => session.me !== null;
export const isStaff = () => session.me?.kind === 'staff';
export const hasRole = (...roles) => roles.some((r) => session.me?.roles?.includes(r));
// Sellers and buyers: registered persons and organizations.
export const isTrader = () => signedIn() && !isStaff();
