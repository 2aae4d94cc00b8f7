const STATUS_TEXT = {
  302: 'Found',
  307: 'Temporary Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

const header = (key, value) => [{ key, value }];

function response(status, headers, cookies) {
  headers['cache-control'] = header('Cache-Control', 'no-store');
  if (cookies.length) headers['set-cookie'] = cookies.map((value) => ({ key: 'Set-Cookie', value }));
  return { status: String(status), statusDescription: STATUS_TEXT[status], headers };
}

export const redirect = (location, cookies = [], status = 302) =>
  response(status, { location: header('Location', location) }, cookies);

const escapeHtml = (s) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function page(status, title, message, link, cookies = []) {
  const action = link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : '';
  const body =
    '<!doctype html><html lang="en"><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${escapeHtml(title)}</title>` +
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}</style>' +
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${action}</html>`;
  const headers = {
    'content-type': header('Content-Type', 'text/html; charset=utf-8'),
    'content-security-policy': header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"),
    'x-content-type-options': header('X-Content-Type-Options', 'nosniff'),
    'referrer-policy': header('Referrer-Policy', 'no-referrer'),
  };
  return { ...response(status, headers, cookies), body };
}

export const badRequest = (cookies) =>
  page(400, 'Bad request', 'The request could not be processed.', { href: '/', text: 'Go to the home page' }, cookies);

export const notFound = () => page(404, 'Not found', 'There is nothing at this address.', { href: '/', text: 'Go to the home page' });

export const signInFailed = (cookies) =>
  page(400, 'Sign-in failed', 'The sign-in attempt was invalid or has expired.', { href: '/', text: 'Start again' }, cookies);

export const unauthorized = (cookies) =>
  page(401, 'Sign-in required', 'You need to sign in to access this resource.', { href: '/', text: 'Sign in' }, cookies);

export const forbidden = (signOutPath, cookies) =>
  page(403, 'Access denied', 'Your account is not allowed to access this site.', { href: signOutPath, text: 'Sign out' }, cookies);

export const forbiddenSitePage = (body, cookies) =>
  ({ ...response(403, { 'content-type': header('Content-Type', 'text/html; charset=utf-8') }, cookies), body });

export const signOutRefused = (signOutPath) =>
  page(403, 'Sign out', 'This sign-out request came from another site, so nothing was changed.', { href: signOutPath, text: 'Sign out' });

export const serverError = (cookies) =>
  page(500, 'Service unavailable', 'The site cannot process requests right now. Please try again later.', null, cookies);
