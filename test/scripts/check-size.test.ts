import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run lint:size` (scripts/check-size.js) on small fixture trees written for each test: a body of
 * 61 lines, a file of 251 lines and each kind of function are caught with file:line; the limits
 * themselves (60 and 250) pass.
 */
const SCRIPT = join(__dirname, '..', '..', 'scripts', 'check-size.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'check-size-'));
  mkdirSync(join(dir, 'feature'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `n` statement lines, so a body `{` + n + `}` spans n + 2 lines. */
function statements(n: number): string {
  return Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
}

function run(): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT, 'feature'], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('check-size', () => {
  it('passes a function body of exactly 60 lines and a file of exactly 250 lines', () => {
    const fn = `export function ok(): void {\n${statements(58)}\n}\n`;
    const filler = Array.from({ length: 250 - fn.split('\n').length + 1 }, (_, i) => `export const c${i} = ${i};`).join('\n');
    writeFileSync(join(dir, 'feature', 'ok.ts'), `${fn}${filler}\n`);
    const r = run();
    expect(r.out).not.toMatch(/max/);
    expect(r.status).toBe(0);
  });

  it('reports a 61-line function with file:line and exits non-zero', () => {
    writeFileSync(join(dir, 'feature', 'long.ts'), `// header\nexport function register(): void {\n${statements(59)}\n}\n`);
    const r = run();
    expect(r.status).toBe(1);
    expect(r.out).toContain('feature/long.ts:2 function register body is 61 lines (max 60)');
  });

  it('reports a 251-line file', () => {
    writeFileSync(join(dir, 'feature', 'big.ts'), Array.from({ length: 251 }, (_, i) => `export const c${i} = ${i};`).join('\n') + '\n');
    const r = run();
    expect(r.status).toBe(1);
    expect(r.out).toContain('feature/big.ts:1 file is 251 lines (max 250)');
  });

  it('measures methods, arrow functions (block and expression bodies), accessors and nested files', () => {
    mkdirSync(join(dir, 'feature', 'nested'));
    const longExpr = Array.from({ length: 60 }, (_, i) => `  ${i} +`).join('\n');
    writeFileSync(
      join(dir, 'feature', 'nested', 'kinds.ts'),
      [
        'export class Service {',
        `  handle(): void {\n${statements(59)}\n  }`,
        `  get value(): number {\n${statements(59)}\n    return 1;\n  }`,
        '}',
        `export const setup = (): void => {\n${statements(59)}\n};`,
        `export const sum = (): number =>\n${longExpr}\n  0;`,
        `export const short = (): number => 1;`
      ].join('\n') + '\n'
    );
    const r = run();
    expect(r.status).toBe(1);
    const lines = r.out.split('\n').filter((l) => l.includes('(max 60)'));
    expect(lines).toEqual([
      'feature/nested/kinds.ts:2 method handle body is 61 lines (max 60)',
      'feature/nested/kinds.ts:63 accessor value body is 62 lines (max 60)',
      'feature/nested/kinds.ts:126 arrow function setup body is 61 lines (max 60)',
      'feature/nested/kinds.ts:187 arrow function sum body is 61 lines (max 60)'
    ]);
  });
});
