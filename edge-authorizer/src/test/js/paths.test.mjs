import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePathPatterns, isPublicPath, originUri, requestTarget, safeRedirectTarget, strictPaths } from '../../main/js/paths.mjs';

describe('compilePathPatterns', () => {
  it('anchors patterns and treats only * and ? as wildcards', () => {
    const m = compilePathPatterns(['/public/*', '/file.txt', '/(x)+/?', '/img/*.png']);
    for (const path of ['/public/', '/public/a/b', '/file.txt', '/(x)+/a', '/img/a/b.png']) assert.ok(m.test(path), path);
    for (const path of ['/public', '/x/public/a', '/fileXtxt', '/file.txt/', '/xx/a', '/(x)+/ab', '/img/a.png.gz']) {
      assert.ok(!m.test(path), path);
    }
  });

  it('returns null for no patterns', () => {
    assert.equal(compilePathPatterns([]), null);
    assert.equal(isPublicPath(null, '/public/a'), false);
  });

  it('matches decoded paths', () => {
    const m = compilePathPatterns(['/docs/my file.pdf']);
    assert.ok(isPublicPath(m, '/docs/my%20file.pdf'));
  });
});

describe('strictPaths', () => {
  it('decodes a plain URI, once', () => {
    assert.deepEqual(strictPaths('/finance/q3.html'), ['/finance/q3.html']);
    assert.deepEqual(strictPaths('/%66inance/caf%C3%A9%20menu.html'), ['/finance/caf\u00e9 menu.html']);
    assert.deepEqual(strictPaths('/a/%2B.html'), ['/a/+.html']);
    assert.deepEqual(strictPaths('/100%25.html'), ['/100%.html']);
  });

  it('reads a + both as itself and as the space S3 takes it for', () => {
    assert.deepEqual(strictPaths('/finance+reports/q3.html'), ['/finance+reports/q3.html', '/finance reports/q3.html']);
  });

  it('refuses ambiguous URIs', () => {
    for (const uri of [
      '/finance%2Fq3.html',
      '/finance%2fq3.html',
      '/finance%5Cq3.html',
      '/finance\\q3.html',
      '/finance%252Fq3.html',
      '/finance%2541.html',
      '/x/../finance/q3.html',
      '/x/%2e%2e/finance/q3.html',
      '/x/%2E%2E',
      '/./finance/q3.html',
      '/finance/.',
      '/finance/%zz.html',
      '/finance/%E0%A4%A.html',
      '/finance/%C0%AF.html',
      '/finance/q3.html%00',
      '/finance%0a/q3.html',
      '/finance/\u0000q3.html',
      '/finance/\u007f',
    ]) {
      assert.equal(strictPaths(uri), null, uri);
    }
  });
});

describe('originUri', () => {
  it('maps directories to index.html', () => {
    assert.equal(originUri('/a/', false), '/a/index.html');
    assert.equal(originUri('/a', false), '/a');
    assert.equal(originUri('/a.b/c', true), '/index.html');
    assert.equal(originUri('/a/c.v2', true), '/a/c.v2');
    assert.equal(originUri('/a/c.', true), '/index.html');
  });
});

describe('safeRedirectTarget', () => {
  it('keeps same-site relative targets', () => {
    for (const t of ['/', '/a', '/a/b.html?x=1&y=%2F', '/a?b=//c', '/a?b=\\c'.replace('\\', '%5C')]) {
      assert.equal(safeRedirectTarget(t), t);
    }
  });

  it('replaces anything else with /', () => {
    for (const t of ['//a', '/\\a', '\\/a', 'a', 'https://a', '/%2f/a', '/a%5Cb', '/a b', '/a\u0000', '/a\u007f', `/${'a'.repeat(1024)}`, null, 3]) {
      assert.equal(safeRedirectTarget(t), '/', String(t));
    }
  });

  it('drops an unusable query string but keeps the path', () => {
    assert.equal(requestTarget('/a', 'b=1'), '/a?b=1');
    assert.equal(requestTarget('/a', ''), '/a');
    assert.equal(requestTarget('/a', 'b=\u0001'), '/a');
    assert.equal(requestTarget('//a', 'b=1'), '/');
  });
});
