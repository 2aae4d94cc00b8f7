import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePathPatterns, isPublicPath, originUri, requestTarget, safeRedirectTarget } from '../../main/js/paths.mjs';

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
