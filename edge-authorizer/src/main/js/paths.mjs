const MAX_TARGET_LENGTH = 1024;
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
const ENCODED_SLASH = /%(?:2f|5c)/i;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;
const CONTROL_OR_BACKSLASH = /[\x00-\x1f\x7f\\]/;
const ENCODED = /%[0-9a-f]{2}/i;

/** CloudFront-style patterns as one anchored matcher: `*` any run (slashes too), `?` one character, the rest literal. */
export function compilePathPatterns(patterns) {
  if (!patterns.length) return null;
  const sources = patterns.map((p) =>
    p.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`)),
  );
  return new RegExp(`^(?:${sources.join('|')})$`, 's');
}

/** A URI is public only if it matches a pattern once decoded and has no dot segments or encoded separators. */
export function isPublicPath(matcher, uri) {
  if (!matcher || ENCODED_SLASH.test(uri) || CONTROL_OR_BACKSLASH.test(uri)) return false;
  let path;
  try {
    path = decodeURIComponent(uri);
  } catch {
    return false;
  }
  if (CONTROL_OR_BACKSLASH.test(path) || ENCODED_SLASH.test(path) || DOT_SEGMENT.test(path)) return false;
  return matcher.test(path);
}

/** The keys S3 may read for a URI (it reads + as a space), or null if the URI is ambiguous. */
export function strictPaths(uri) {
  if (CONTROL_OR_BACKSLASH.test(uri) || ENCODED_SLASH.test(uri)) return null;
  try {
    const paths = [...new Set([uri, uri.replace(/\+/g, '%20')])].map(decodeURIComponent);
    return paths.some((p) => CONTROL_OR_BACKSLASH.test(p) || ENCODED.test(p) || DOT_SEGMENT.test(p)) ? null : paths;
  } catch {
    return null;
  }
}

/** The S3 key to fetch: directory paths get index.html; in SPA mode every extensionless path gets /index.html. */
export function originUri(uri, spa) {
  if (spa) {
    const last = uri.slice(uri.lastIndexOf('/') + 1);
    return /\.[A-Za-z0-9]+$/.test(last) ? uri : '/index.html';
  }
  return uri.endsWith('/') ? `${uri}index.html` : uri;
}

/** Returns target if it is a safe same-site relative reference ("/path?query"), otherwise "/". */
export function safeRedirectTarget(target) {
  if (typeof target !== 'string' || target.length > MAX_TARGET_LENGTH || !PRINTABLE_ASCII.test(target)) return '/';
  const query = target.indexOf('?');
  const path = query < 0 ? target : target.slice(0, query);
  if (path[0] !== '/' || path[1] === '/' || ENCODED_SLASH.test(path) || target.includes('\\') || target.includes('#')) {
    return '/';
  }
  return target;
}

/** The request's own URL as a redirect target, dropping the query string if it makes the target unusable. */
export function requestTarget(uri, querystring) {
  if (querystring) {
    const full = safeRedirectTarget(`${uri}?${querystring}`);
    if (full !== '/') return full;
  }
  return safeRedirectTarget(uri);
}
