import fc from 'fast-check';
import pino from 'pino';
import { linearQueryCode } from '../../src/store/embedded-linear-queries';
import { openStore } from '../../src/store/store';

/* eslint-disable @typescript-eslint/no-require-imports */
const parse = require('@zeit/cosmosdb-query').default as (sql: string) => { code: string };
const execute = require('@zeit/cosmosdb-query/lib/executor').default as (coll: unknown[], options: Record<string, unknown>) => { result: unknown[]; continuation: unknown };
/* eslint-enable @typescript-eslint/no-require-imports */

/** Query shapes of the kinds Trygg and the Cosmos contract tests send, and the shapes the engine has for JOINs and subqueries. */
const QUERIES = [
  'SELECT * FROM c',
  'SELECT * FROM c WHERE c.groupId = @pk',
  "SELECT * FROM c WHERE c.groupId = @pk AND c.status = 'active' ORDER BY c.createdAt",
  'SELECT c.id, c.area FROM c WHERE c.groupId = @pk AND c.observedOn = @day',
  'SELECT TOP 3 * FROM c ORDER BY c.n DESC',
  'SELECT VALUE COUNT(1) FROM c WHERE c.n > 2',
  'SELECT VALUE c.id FROM c WHERE IS_DEFINED(c.tags)',
  'SELECT c.id, t AS tag FROM c JOIN t IN c.tags',
  'SELECT c.id, t, u FROM c JOIN t IN c.tags JOIN u IN c.tags WHERE t != u',
  'SELECT c.id FROM c WHERE ARRAY_CONTAINS(@states, c.status)',
  'SELECT c.id, (SELECT VALUE COUNT(1) FROM t IN c.tags) AS n FROM c',
  'SELECT c.id, t FROM c JOIN (SELECT VALUE t FROM t IN c.tags WHERE t != "x") t',
  // A literal that looks like the rewritten code must stay a literal.
  "SELECT * FROM c WHERE c.area = '[...$, ]' OR c.area = \"a]b\" OR c.area = 'it\\'s [...$, x]'"
];

const doc = fc.record({
  id: fc.uuid(),
  _rid: fc.uuid(),
  groupId: fc.constantFrom('g1', 'g2'),
  status: fc.constantFrom('active', 'withdrawn'),
  area: fc.constantFrom('Ytterby', '[...$, ]', 'a]b', "it's [...$, x]"),
  observedOn: fc.constantFrom('2026-03-01', '2026-03-02'),
  createdAt: fc.constantFrom('2026-03-01T10:00:00Z', '2026-03-02T10:00:00Z', '2026-03-03T10:00:00Z'),
  n: fc.integer({ min: 0, max: 5 }),
  tags: fc.option(fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 3 }), { nil: undefined })
});

const parameters = [
  { name: '@pk', value: 'g1' },
  { name: '@day', value: '2026-03-01' },
  { name: '@states', value: ['active'] }
];

describe('linear queries on the embedded store', () => {
  it('rewrites every accumulator copy of every shape, and nothing else', () => {
    for (const sql of QUERIES) {
      const generated = parse(sql).code;
      const linear = linearQueryCode(generated);
      expect([sql, linear]).toEqual([sql, expect.any(String)]);
      // Before: the engine copies the accumulator for every document (quadratic).
      expect(generated).toContain('[...$, ');
      expect(linear!.replace(/"(?:[^"\\]|\\.)*"/g, '""')).not.toContain('[...$, ');
      // Only the rewritten copies differ: the string literals are untouched.
      expect(linear!.match(/"(?:[^"\\]|\\.)*"/g)).toEqual(generated.match(/"(?:[^"\\]|\\.)*"/g));
    }
  });

  it('gives the same rows, order and pages as the generated code, for any documents', () => {
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 25 }), fc.constantFrom(...QUERIES), fc.constantFrom(undefined, 2, 7), (docs, sql, maxItemCount) => {
        const generated = parse(sql).code;
        const linear = linearQueryCode(generated)!;
        const run = (code: string) => {
          const pages: unknown[] = [];
          let continuation: unknown;
          do {
            const page = execute(structuredClone(docs), { code, parameters, maxItemCount, continuation, compositeIndexes: [] });
            pages.push(page.result);
            continuation = page.continuation;
          } while (continuation && pages.length < 30);
          return pages;
        };
        expect(run(linear)).toEqual(run(generated));
      }),
      { numRuns: 300 }
    );
  });

  it('is what the embedded store runs', async () => {
    const store = await openStore({ cosmos: { database: 'linear' }, embedded: { snapshotMs: 60_000 }, logger: pino({ level: 'silent' }) });
    try {
      expect(parse('SELECT * FROM c WHERE c.groupId = @pk').code).not.toContain('[...$, ');
      const { resources } = await store.container('groups').items.query({ query: 'SELECT * FROM c' }).fetchAll();
      expect(resources).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
