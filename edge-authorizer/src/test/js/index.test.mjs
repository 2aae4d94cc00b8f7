import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { API_REQUEST, BROWSER_NAVIGATION, requestOf, viewerRequest } from './fixtures/cloudfront.mjs';
import { mintToken } from './fixtures/tokens.mjs';
import { COOKIE_SECRET, assertStatus, baseConfig, headerOf } from './helpers.mjs';

const SOURCE = fileURLToPath(new URL('../../main/js/', import.meta.url));
const shipped = readdirSync(SOURCE).filter((f) => f.endsWith('.mjs'));
const dirs = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Copies the shipped modules into a fresh directory, like the Lambda zip, and imports its index.mjs. */
async function loadPackage(configJson) {
  const dir = mkdtempSync(join(tmpdir(), 'edge-authorizer-'));
  dirs.push(dir);
  for (const file of shipped) cpSync(join(SOURCE, file), join(dir, file));
  if (configJson !== undefined) writeFileSync(join(dir, 'config.json'), configJson);
  const logs = [];
  const original = console.log;
  console.log = (...args) => logs.push(args.join(' '));
  try {
    return { module: await import(pathToFileURL(join(dir, 'index.mjs')).href), logs };
  } finally {
    console.log = original;
  }
}

const liveToken = () => {
  const now = Math.floor(Date.now() / 1000);
  return mintToken({ iat: now - 10, auth_time: now - 10, exp: now + 3600 });
};

describe('index.mjs', () => {
  it('exports only handler', async () => {
    const { module } = await loadPackage(JSON.stringify(baseConfig()));
    assert.deepEqual(Object.keys(module), ['handler']);
    assert.equal(typeof module.handler, 'function');
  });

  it('reads config.json from its own directory', async () => {
    const config = baseConfig({ authorizeUrl: 'https://login.packaged.example/oauth2/authorize', spa: true });
    const { module, logs } = await loadPackage(JSON.stringify(config));
    const event = viewerRequest({ uri: '/app/route', cookies: `__Host-edgesite_id_token=${liveToken()}; x=1` });
    const result = await module.handler(event);
    assert.equal(result, requestOf(event));
    assert.equal(result.uri, '/index.html');
    assert.deepEqual(result.headers.cookie, [{ key: 'Cookie', value: 'x=1' }]);
    const login = await module.handler(viewerRequest({ uri: '/app/route', headers: BROWSER_NAVIGATION }));
    assertStatus(login, 302);
    assert.match(headerOf(login, 'location'), /^https:\/\/login\.packaged\.example\/oauth2\/authorize\?/);
    assert.deepEqual(logs, []);
  });

  const failsClosed = async (configJson) => {
    const { module, logs } = await loadPackage(configJson);
    const events = [
      viewerRequest({ uri: '/x.html', cookies: `__Host-edgesite_id_token=${liveToken()}` }),
      viewerRequest({ uri: '/public/a.png' }),
      viewerRequest({ uri: '/x.html', headers: BROWSER_NAVIGATION }),
      viewerRequest({ uri: '/x.html', headers: API_REQUEST }),
      viewerRequest({ uri: '/_edgesite/callback', querystring: 'code=a&state=b' }),
      undefined,
      {},
    ];
    for (const event of events) {
      const result = await module.handler(event);
      assertStatus(result, 500);
      assert.equal(headerOf(result, 'content-type'), 'text/html; charset=utf-8');
    }
    assert.equal(logs.length, 1);
    return logs[0];
  };

  it('fails closed without config.json', async () => {
    assert.match(await failsClosed(undefined), /cannot load config\.json/);
  });

  it('fails closed on config.json that is not JSON, without logging its content', async () => {
    const text = JSON.stringify(baseConfig()).replace('"cookieSecret"', 'cookieSecret');
    const log = await failsClosed(text);
    assert.match(log, /cannot load config\.json \(SyntaxError\)/);
    assert.ok(!log.includes(COOKIE_SECRET));
  });

  it('fails closed on an invalid config and says why', async () => {
    assert.match(await failsClosed(JSON.stringify(baseConfig({ cookieSecret: 'c2hvcnQ=' }))), /invalid config: cookieSecret/);
    assert.match(await failsClosed(JSON.stringify(baseConfig({ jwks: { keys: [] } }))), /invalid config: jwks/);
    assert.match(await failsClosed('null'), /invalid config/);
  });

  it('ships modules that import only node builtins and each other', () => {
    for (const file of shipped) {
      const source = readFileSync(join(SOURCE, file), 'utf8');
      for (const [, specifier] of source.matchAll(/(?:import|export)\s[^;]*?from\s+'([^']+)'/g)) {
        assert.match(specifier, /^(?:node:[a-z_/]+|\.\/[a-z-]+\.mjs)$/, `${file} imports ${specifier}`);
      }
      assert.doesNotMatch(source, /\bimport\s*\(|\brequire\s*\(/, `${file} loads modules dynamically`);
    }
  });
});
