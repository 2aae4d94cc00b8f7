import { readFileSync } from 'node:fs';
import { ConfigError, createHandler, serverError } from './authorizer.mjs';

const log = (message) => console.log(`edgesite-authorizer: ${message}`);

function load() {
  try {
    const config = JSON.parse(readFileSync(new URL('./config.json', import.meta.url), 'utf8'));
    return createHandler(config, { log });
  } catch (err) {
    // Parser and I/O messages may quote config.json, which holds the cookie secret.
    log(err instanceof ConfigError ? err.message : `cannot load config.json (${err?.name ?? 'error'})`);
    return async () => serverError();
  }
}

const handle = load();

export const handler = async (event) => handle(event);
