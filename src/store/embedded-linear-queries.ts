import type { Logger } from 'pino';
import { loadTested } from './tested-module';

const TESTED_VERSION = '0.7.2';
const MARK = Symbol.for('trygg.linearQueries');
const LINEAR_CODE = Symbol.for('trygg.linearQueries.code');

/** The opening of an accumulator copy in the query code `@zeit/cosmosdb-query` generates. */
const COPY = '[...$, ';

/** Index just past the string literal that starts at `i` (a `"`, `'` or `` ` `` quote). */
function skipString(code: string, i: number): number {
  const quote = code[i];
  for (let j = i + 1; j < code.length; j++) {
    if (code[j] === '\\') j++;
    else if (code[j] === quote) return j + 1;
  }
  return code.length;
}

/** Index of the `]` closing the `[` at `open`, skipping string literals and nested brackets. */
function closingBracket(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const ch = code[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      i = skipString(code, i) - 1;
    } else if (ch === '[' || ch === '(' || ch === '{') {
      depth++;
    } else if (ch === ']' || ch === ')' || ch === '}') {
      depth--;
      if (depth === 0) return ch === ']' ? i : -1;
    }
  }
  return -1;
}

/**
 * The query code with every accumulator copy `[...$, x, ...ys]` turned into an append,
 * `($.push(x, ...ys), $)`. The generated code builds its rows with `reduce(($, c) => [...$, …], [])`,
 * which copies the whole accumulator for every document: O(n²) in the documents a query reads, so a
 * partition of 100 000 updates made one query take minutes and held the bot's process meanwhile. Each
 * accumulator starts as its own `[]` and is only ever returned or extended, so appending in place
 * gives the same rows. Returns undefined when the code has a shape this was not written for.
 */
export function linearQueryCode(code: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const ch = code[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      const end = skipString(code, i);
      out += code.slice(i, end);
      i = end;
      continue;
    }
    if (code.startsWith(COPY, i)) {
      const close = closingBracket(code, i);
      if (close < 0) return undefined;
      const inner = linearQueryCode(code.slice(i + COPY.length, close));
      if (inner === undefined) return undefined;
      out += `($.push(${inner}), $)`;
      i = close + 1;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

interface QueryLike {
  readonly code: string;
  [LINEAR_CODE]?: string;
}

/**
 * Makes the embedded server's queries linear in the documents they read (see {@link linearQueryCode}),
 * by rewriting the code of each parsed query once. Applied only to the version it was written for; a
 * query whose code has another shape runs as generated.
 */
export function installLinearQueries(logger: Logger): void {
  const parse = loadTested<{ default: (sql: string) => QueryLike }>('@zeit/cosmosdb-query', '@zeit/cosmosdb-query', TESTED_VERSION, 'linear queries', logger)?.default;
  if (!parse) return;
  const proto = Object.getPrototypeOf(parse('SELECT * FROM c')) as Record<PropertyKey, unknown>;
  if (proto[MARK]) return;
  const generated = Object.getOwnPropertyDescriptor(proto, 'code')?.get;
  if (!generated) return;
  Object.defineProperty(proto, 'code', {
    configurable: true,
    get(this: QueryLike) {
      if (this[LINEAR_CODE] === undefined) {
        const code = generated.call(this) as string;
        this[LINEAR_CODE] = (code && linearQueryCode(code)) || code;
      }
      return this[LINEAR_CODE];
    }
  });
  proto[MARK] = true;
}
