import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pack, packDirectory } from '../../build/js/pack.mjs';
import { viewerRequest } from './fixtures/cloudfront.mjs';
import { baseConfig, validCookie } from './helpers.mjs';

const SOURCE = fileURLToPath(new URL('../../main/js/', import.meta.url));

describe('pack', () => {
  it('drops comment-only and blank lines and indentation, keeping code and trailing comments', () => {
    const source = '// head\n/**\n * doc\n */\nfunction f() {\n  /* one line */\n\n  return 1; // kept\n}\n';
    assert.equal(pack(source), 'function f() {\nreturn 1; // kept\n}\n');
  });

  it('refuses what it could break', () => {
    for (const source of ['const s = `a\n// b\n`;\n', "const s = 'a\\\n// b';\n", '/* a */ code();\n', '/*\n a */ b();\n', '/**\n open\n']) {
      assert.throws(() => pack(source), /cannot pack/, source);
    }
  });

  it('packs the handler into modules that export the same names and still work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgesite-pack-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    packDirectory(SOURCE, dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(baseConfig()));
    const files = readdirSync(SOURCE).filter((f) => f.endsWith('.mjs'));
    assert.deepEqual(readdirSync(dir).sort(), [...files, 'config.json'].sort());
    for (const file of files) {
      const packed = readFileSync(join(dir, file), 'utf8');
      assert.equal(pack(packed), packed, `${file}: packing is idempotent`);
      const [before, now] = await Promise.all([import(pathToFileURL(join(SOURCE, file))), import(pathToFileURL(join(dir, file)))]);
      assert.deepEqual(Object.keys(now).sort(), Object.keys(before).sort(), file);
    }
    const { handler } = await import(pathToFileURL(join(dir, 'index.mjs')));
    // The packaged handler runs on the real clock.
    const now = Math.floor(Date.now() / 1000);
    const event = viewerRequest({ uri: '/docs/a.html', cookies: validCookie({ iat: now, auth_time: now, exp: now + 600 }) });
    assert.equal(await handler(event), event.Records[0].cf.request);
  });
});
