// Compares the edgesite authorizer with cognito-at-edge on the same valid-token events:
// cold start (import + first request in a fresh process), warm valid-token request latency and bundle size.
//   cd edge-authorizer/bench && npm ci && node run.mjs [--cold=15] [--warm=20000] [--strict]
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const SOURCE_DIR = fileURLToPath(new URL('../src/main/js/', import.meta.url));
const REGION = 'us-east-1';
const USER_POOL_ID = 'us-east-1_BenchPool';
const CLIENT_ID = '1example23456789benchclient';
const USERNAME = 'alice';
const TARGETS = { coldStart: 0.2, validRequest: 0.5, zipBytes: 16 * 1024 };

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));

// ---------------------------------------------------------------- child mode: one cold start
if (args.child) {
  const { event, jwks, packageDir } = JSON.parse(readFileSync(args.input, 'utf8'));
  const start = process.hrtime.bigint();
  let result;
  if (args.child === 'ours') {
    const { handler } = await import(pathToFileURL(join(packageDir, 'index.mjs')).href);
    result = await handler(event);
  } else {
    const { Authenticator } = await import('cognito-at-edge');
    const authenticator = new Authenticator({
      region: REGION,
      userPoolId: USER_POOL_ID,
      userPoolAppId: CLIENT_ID,
      userPoolDomain: 'auth.bench.example',
    });
    authenticator._jwtVerifier.cacheJwks(jwks);
    result = await authenticator.handle(event);
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ ms: elapsed, forwarded: result === event.Records[0].cf.request }));
  process.exit(0);
}

// ---------------------------------------------------------------- fixtures
const issuer = `https://cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;
const keyPairs = [0, 1].map(() => generateKeyPairSync('rsa', { modulusLength: 2048 }));
const jwks = {
  keys: keyPairs.map(({ publicKey }, i) => ({ ...publicKey.export({ format: 'jwk' }), kid: `bench-key-${i}`, alg: 'RS256', use: 'sig' })),
};

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
function mintIdToken(sub = '0b5e4a0c-0000-4000-8000-000000000001', extra = {}) {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    ...extra,
    sub,
    'cognito:groups': ['staff'],
    email_verified: true,
    iss: issuer,
    'cognito:username': USERNAME,
    origin_jti: 'b1c0ffee-0000-4000-8000-000000000000',
    aud: CLIENT_ID,
    event_id: 'e1c0ffee-0000-4000-8000-000000000000',
    token_use: 'id',
    auth_time: now - 60,
    exp: now + 3600,
    iat: now - 60,
    jti: 'f1c0ffee-0000-4000-8000-000000000000',
    email: 'alice@example.com',
  };
  const input = `${b64({ kid: 'bench-key-0', alg: 'RS256' })}.${b64(claims)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), keyPairs[0].privateKey).toString('base64url')}`;
}

/** A browser request carrying the same ID token in both authorizers' cookies. */
function viewerRequest(token) {
  const prefix = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
  const cookie = `${prefix}.LastAuthUser=${USERNAME}; ${prefix}.${USERNAME}.idToken=${token}; __Host-edgesite_id_token=${token}; _ga=GA1.1.123.456`;
  return {
    Records: [
      {
        cf: {
          config: { distributionDomainName: 'd111111abcdef8.cloudfront.net', eventType: 'viewer-request', requestId: 'bench' },
          request: {
            clientIp: '203.0.113.178',
            method: 'GET',
            uri: '/docs/guide.html',
            querystring: '',
            headers: {
              host: [{ key: 'Host', value: 'site.bench.example' }],
              accept: [{ key: 'Accept', value: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }],
              'user-agent': [{ key: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64) Bench/1.0' }],
              cookie: [{ key: 'Cookie', value: cookie }],
            },
          },
        },
      },
    ],
  };
}

const config = {
  issuer,
  clientId: CLIENT_ID,
  jwks,
  authorizeUrl: 'https://auth.bench.example/oauth2/authorize',
  tokenUrl: 'https://auth.bench.example/oauth2/token',
  logoutUrl: 'https://auth.bench.example/logout',
  scopes: ['openid', 'email', 'profile'],
  cookieSecret: Buffer.alloc(32, 0x5a).toString('base64'),
  publicPaths: ['/public/*', '/favicon.ico'],
  allowedGroups: ['staff'],
  allowedEmailDomains: ['example.com'],
  spa: false,
};

// Corporate sign-in: a federated user, only the identity provider offered, per-path groups from its claim.
const corporateConfig = {
  ...config,
  allowedGroups: [],
  identityProviders: ['Okta'],
  cognitoLogin: false,
  accessRules: [
    { path: '/finance/*', groups: ['finance'] },
    { path: '/docs/*', groups: ['staff', 'finance'] },
  ],
  forbiddenPage: '/403.html',
};
const federated = {
  'cognito:groups': [`${USER_POOL_ID}_Okta`],
  'custom:groups': '[staff, engineering]',
  identities: [{ userId: '00u1bench', providerName: 'Okta', providerType: 'OIDC', issuer: null, primary: 'true', dateCreated: '1736899200000' }],
};

const workDir = mkdtempSync(join(tmpdir(), 'edge-authorizer-bench-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
const packageDir = join(workDir, 'package');
// Packed as the build packs it for the plugin's zip.
const { packDirectory } = await import(new URL('../src/build/js/pack.mjs', import.meta.url).href);
packDirectory(SOURCE_DIR, packageDir);
writeFileSync(join(packageDir, 'config.json'), JSON.stringify(config, null, 2));

// ---------------------------------------------------------------- bundle size
function listFiles(dir, skip = () => false) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .filter((f) => !skip(f))
    .sort();
}

/** Size of a deflate (level 9) zip of the files, from the ZIP format's fixed header sizes; no extra fields. */
function zipSize(root, files) {
  let size = 22;
  for (const file of files) {
    const name = Buffer.byteLength(relative(root, file));
    const data = readFileSync(file);
    size += 30 + name + Math.min(deflateRawSync(data, { level: 9 }).length, data.length) + 46 + name;
  }
  return size;
}

function zipCliSize(root, files) {
  const out = join(workDir, `${Math.random().toString(36).slice(2)}.zip`);
  try {
    execFileSync('zip', ['-q', '-X', '-9', out, ...files.map((f) => relative(root, f))], { cwd: root, stdio: 'ignore' });
    return statSync(out).size;
  } catch {
    return null;
  }
}

const ourFiles = listFiles(packageDir);
const theirRoot = BENCH_DIR;
const theirFiles = listFiles(join(BENCH_DIR, 'node_modules'), (f) => f.endsWith(`node_modules${'/'}.package-lock.json`));
const sizes = {
  ours: { files: ourFiles.length, raw: ourFiles.reduce((n, f) => n + statSync(f).size, 0), zip: zipSize(packageDir, ourFiles), cli: zipCliSize(packageDir, ourFiles) },
  theirs: { files: theirFiles.length, raw: theirFiles.reduce((n, f) => n + statSync(f).size, 0), zip: zipSize(theirRoot, theirFiles), cli: zipCliSize(theirRoot, theirFiles) },
};

// ---------------------------------------------------------------- cold start
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const coldRuns = Number(args.cold ?? 15);
const input = join(workDir, 'cold-input.json');
writeFileSync(input, JSON.stringify({ event: viewerRequest(mintIdToken()), jwks, packageDir }));
const cold = { ours: [], theirs: [] };
for (let i = 0; i < coldRuns; i++) {
  for (const which of ['ours', 'theirs']) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), `--child=${which}`, `--input=${input}`], {
      cwd: BENCH_DIR,
      encoding: 'utf8',
    });
    const { ms, forwarded } = JSON.parse(out);
    if (!forwarded) throw new Error(`${which}: cold-start request was not let through; the comparison would be invalid`);
    cold[which].push(ms);
  }
}

// ---------------------------------------------------------------- warm valid-token request
const { handler: ours } = await import(pathToFileURL(join(packageDir, 'index.mjs')).href);
const { Authenticator } = await import('cognito-at-edge');
const authenticator = new Authenticator({
  region: REGION,
  userPoolId: USER_POOL_ID,
  userPoolAppId: CLIENT_ID,
  userPoolDomain: 'auth.bench.example',
});
authenticator._jwtVerifier.cacheJwks(jwks);
const theirs = (event) => authenticator.handle(event);

async function sample(handler, events) {
  const times = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const start = process.hrtime.bigint();
    const result = await handler(event);
    times[i] = Number(process.hrtime.bigint() - start) / 1e3;
    if (result !== event.Records[0].cf.request) throw new Error('valid-token request was not let through');
  }
  return times;
}

const warmIterations = Number(args.warm ?? 20000);
const rounds = 5;
const perRound = Math.ceil(warmIterations / rounds);
const token = mintIdToken();
const events = (n, tokenFor = () => token) => Array.from({ length: n }, (_, i) => viewerRequest(tokenFor(i)));
await sample(ours, events(2000));
await sample(theirs, events(2000));
const warm = { ours: [], theirs: [] };
for (let r = 0; r < rounds; r++) {
  warm.ours.push(...(await sample(ours, events(perRound))));
  warm.theirs.push(...(await sample(theirs, events(perRound))));
}
// Our handler memoises verified tokens; measure its cost with a new token on every request as well.
const distinct = Array.from({ length: 2000 }, (_, i) => mintIdToken(`0b5e4a0c-0000-4000-8000-${String(i).padStart(12, '0')}`));
const uncached = await sample(ours, events(distinct.length, (i) => distinct[i]));
// The same request under the corporate sign-in config: identity-provider check, groups claim, access rules.
const { createHandler } = await import(pathToFileURL(join(packageDir, 'authorizer.mjs')).href);
const corporate = createHandler(corporateConfig);
const federatedToken = mintIdToken(undefined, federated);
await sample(corporate, events(2000, () => federatedToken));
const corporateTimes = [];
for (let r = 0; r < rounds; r++) corporateTimes.push(...(await sample(corporate, events(perRound, () => federatedToken))));

// ---------------------------------------------------------------- report
const result = {
  coldStartMs: { ours: median(cold.ours), theirs: median(cold.theirs) },
  validRequestUs: { ours: median(warm.ours), theirs: median(warm.theirs), oursUncached: median(uncached), oursCorporate: median(corporateTimes) },
  sizes,
};
const coldRatio = result.coldStartMs.ours / result.coldStartMs.theirs;
const warmRatio = result.validRequestUs.ours / result.validRequestUs.theirs;
const ourZip = sizes.ours.cli ?? sizes.ours.zip;
const verdict = (ok) => (ok ? 'PASS' : 'MISS');
const pad = (s, n) => String(s).padEnd(n);
const kb = (n) => (n == null ? 'n/a' : `${(n / 1024).toFixed(1)} KB`);

console.log(`edge authorizer benchmark: node ${process.version}, ${process.platform}/${process.arch}`);
console.log(`cognito-at-edge ${JSON.parse(readFileSync(join(BENCH_DIR, 'node_modules/cognito-at-edge/package.json'))).version}, JWKS pre-seeded with cacheJwks()`);
console.log(`cold start: ${coldRuns} fresh processes each; warm: ${rounds * perRound} requests each after 2000 warm-up\n`);
console.log(`${pad('', 34)}${pad('edgesite', 14)}${pad('cognito-at-edge', 18)}${pad('ratio', 9)}target`);
console.log(
  `${pad('cold start, median', 34)}${pad(`${result.coldStartMs.ours.toFixed(2)} ms`, 14)}${pad(`${result.coldStartMs.theirs.toFixed(2)} ms`, 18)}` +
    `${pad(coldRatio.toFixed(3), 9)}<= ${TARGETS.coldStart}  ${verdict(coldRatio <= TARGETS.coldStart)}`,
);
console.log(
  `${pad('valid-token request, median', 34)}${pad(`${result.validRequestUs.ours.toFixed(1)} us`, 14)}${pad(`${result.validRequestUs.theirs.toFixed(1)} us`, 18)}` +
    `${pad(warmRatio.toFixed(3), 9)}<= ${TARGETS.validRequest}  ${verdict(warmRatio <= TARGETS.validRequest)}`,
);
console.log(
  `${pad('  (edgesite, new token each time)', 34)}${pad(`${result.validRequestUs.oursUncached.toFixed(1)} us`, 14)}${pad('', 18)}` +
    `${(result.validRequestUs.oursUncached / result.validRequestUs.theirs).toFixed(3)}`,
);
console.log(
  `${pad('  (edgesite, corporate sign-in)', 34)}${pad(`${result.validRequestUs.oursCorporate.toFixed(1)} us`, 14)}${pad('', 18)}` +
    `${(result.validRequestUs.oursCorporate / result.validRequestUs.theirs).toFixed(3)}`,
);
console.log(
  `${pad('bundle zip (deflate -9)', 34)}${pad(kb(ourZip), 14)}${pad(kb(sizes.theirs.cli ?? sizes.theirs.zip), 18)}` +
    `${pad((ourZip / (sizes.theirs.cli ?? sizes.theirs.zip)).toFixed(3), 9)}<= ${kb(TARGETS.zipBytes)}  ${verdict(ourZip <= TARGETS.zipBytes)}`,
);
console.log(
  `${pad('  files / unzipped', 34)}${pad(`${sizes.ours.files} / ${kb(sizes.ours.raw)}`, 14)}${pad(`${sizes.theirs.files} / ${kb(sizes.theirs.raw)}`, 18)}`,
);
console.log(`\n${JSON.stringify(result)}`);

const met = coldRatio <= TARGETS.coldStart && warmRatio <= TARGETS.validRequest && ourZip <= TARGETS.zipBytes;
if (args.strict !== undefined && !met) process.exitCode = 1;
