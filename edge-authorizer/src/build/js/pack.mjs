// Packs the handler for its zip: the same code without comment-only lines, blank lines or indentation.
//   node pack.mjs <from-dir> <to-dir>   (the same directory for both rewrites in place)
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Drops lines that hold only a comment and strips indentation. Only a string or template literal spanning
 * lines could make that change code, so a source with one (an odd count of backticks on a line, or a line
 * continued with a backslash) is refused, as is a block comment that shares a line with code.
 */
export function pack(source, name = 'source') {
  const out = [];
  let comment = false;
  source.split('\n').forEach((line, i) => {
    const text = line.trim();
    const refuse = (why) => {
      throw new Error(`${name}:${i + 1}: ${why}; cannot pack`);
    };
    if (comment || text.startsWith('/*')) {
      comment = !text.endsWith('*/');
      if (text.slice(0, -2).includes('*/')) refuse('code after a block comment');
      return;
    }
    if (!text || text.startsWith('//')) return;
    if ((text.match(/`/g)?.length ?? 0) % 2 || text.endsWith('\\')) refuse('a literal spans lines');
    out.push(text);
  });
  if (comment) throw new Error(`${name}: unterminated block comment; cannot pack`);
  return `${out.join('\n')}\n`;
}

export function packDirectory(from, to) {
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from).filter((f) => f.endsWith('.mjs'))) {
    writeFileSync(join(to, file), pack(readFileSync(join(from, file), 'utf8'), file));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [from, to = from] = process.argv.slice(2);
  packDirectory(from, to);
}
