// Runs a packaged Lambda@Edge handler for the JVM: `node driver.mjs <dir>` imports <dir>/index.mjs, which
// reads its config.json as it does on Lambda. After a first line {"ready":true} on stdout, every JSON line
// {"id","event"} on stdin gets one JSON line {"id","result"} or {"id","error"} on stdout, in any order.
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

// stdout carries answers only: whatever the handler logs goes to stderr.
const toStderr = (...args) => process.stderr.write(`${format(...args)}\n`);
for (const level of ['log', 'info', 'debug', 'warn', 'error', 'trace']) console[level] = toStderr;

const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

const { handler } = await import(pathToFileURL(join(process.argv[2], 'index.mjs')).href);

async function outcome(event) {
  try {
    const result = await handler(event);
    return result !== null && typeof result === 'object' ? { result } : { error: 'the handler returned no object' };
  } catch (err) {
    return { error: `the handler threw ${err?.name ?? 'a non-error'}` };
  }
}

async function answer(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    // The parser's message would quote the line, cookies and all.
    send({ id: null, error: 'a request line is not valid JSON' });
    return;
  }
  send({ id: request.id, ...(await outcome(request.event)) });
}

const inFlight = new Set();
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  const done = answer(line);
  inFlight.add(done);
  done.finally(() => inFlight.delete(done));
});
lines.on('close', async () => {
  await Promise.allSettled(inFlight);
  process.exit(0);
});
send({ ready: true });
