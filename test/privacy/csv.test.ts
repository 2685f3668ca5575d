import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CSV_BOM, safeCsvField, toSafeCsv, type CsvValue } from '../../src/privacy/csv';

/**
 * What a spreadsheet may run as a formula when a cell starts with it (OWASP "CSV injection"), plus
 * the full-width forms Excel also accepts. Written here, not imported, so the test does not share
 * the writer's idea of danger.
 */
const FORMULA_START = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

/** A cell as a careless reader sees it: surrounding whitespace (JS `trim`) and double quotes removed. */
function looseCell(cell: string): string {
  return cell.replace(/^[\s"]+|[\s"]+$/g, '');
}

function startsFormula(cell: string): boolean {
  const c = looseCell(cell);
  return c.length > 0 && FORMULA_START.includes(c[0]);
}

/** Every cell as `csv-parse` reads the file (BOM honoured, `;` delimiter, quotes per RFC 4180). */
function parsedCells(csv: string): string[][] {
  return parse(csv, { bom: true, delimiter: ';', record_delimiter: ['\r\n'], relax_column_count: false }) as string[][];
}

/** Every cell as a naive reader sees it: rows split at LF, then cells at `;`, quoting ignored. */
function naiveCells(csv: string): string[][] {
  return csv.replace(CSV_BOM, '').split('\n').map((line) => line.split(';'));
}

/** The attacks from the issue and their neighbours: names and texts a person controls. */
const ATTACKS = [
  "Maja Lind\n=cmd|' /C calc'!A0",
  "Maja Lind\r\n=cmd|' /C calc'!A0",
  "Maja Lind\r=cmd|' /C calc'!A0",
  'Maja Lind\u2028=HYPERLINK("http://x")',
  'Maja Lind\u2029+1+1',
  ' =1+1',
  '   @SUM(A1)',
  'Maja;=cmd',
  'Maja ; =cmd',
  'Maja,=cmd',
  'Maja\t=cmd',
  '"=cmd"',
  '" =cmd',
  "'=cmd",
  '=cmd',
  '+1',
  '-2',
  '@x',
  '\t=x',
  '\tx',
  '\rx',
  '\u200B=cmd',
  '\u202E=cmd',
  '\u0000=cmd',
  '\u0085=cmd',
  '\uFEFF=cmd',
  '\u00A0=cmd',
  '\uFF1Dcmd',
  'a"";=b'
];

describe('safe CSV: the attacks', () => {
  it.each(ATTACKS)('no reader sees a formula cell in %j', (attack) => {
    const csv = toSafeCsv([['name', 'text'], [attack, `x${attack}`], [attack, attack]]);
    for (const cells of [parsedCells(csv), naiveCells(csv)]) {
      for (const row of cells) for (const cell of row) expect({ cell, formula: startsFormula(cell) }).toEqual({ cell, formula: false });
    }
  });

  it('a line feed inside a display name stays in its cell: three rows, same number of cells everywhere', () => {
    const csv = toSafeCsv([['at', 'actorName'], ['2026-03-10', "Maja Lind\n=cmd|' /C calc'!A0"]]);
    expect(parsedCells(csv)).toEqual([
      ['at', 'actorName'],
      ['2026-03-10', "Maja Lind =cmd|' /C calc'!A0"]
    ]);
    expect(csv.split('\n')).toHaveLength(3); // two records, each ended by CRLF
  });
});

describe('safe CSV: the format (Swedish Excel)', () => {
  it('starts with a UTF-8 BOM, separates with ; and CRLF, quotes every field including empty ones', () => {
    expect(toSafeCsv([['a', '', 'å ä ö'], [1, null, undefined], [true, false, 'x']])).toBe(
      '\uFEFF"a";"";"å ä ö"\r\n"1";"";""\r\n"true";"false";"x"\r\n'
    );
  });

  it('doubles quotes inside a field and keeps ; and , inside it', () => {
    expect(toSafeCsv([['say "hej"', 'Filip; Fritid', 'Filip, Fritid']])).toBe('\uFEFF"say ""hej""";"Filip; Fritid";"Filip, Fritid"\r\n');
  });

  it('no rows: only the BOM', () => {
    expect(toSafeCsv([])).toBe(CSV_BOM);
  });
});

describe('safe CSV: one field', () => {
  it('ordinary text is unchanged', () => {
    for (const ok of ['Olle Polis', 'K-2026-014', '2026-03-10T09:00:00.000Z', 'skola polis', 'a-b', 'a = b', 'a+b@c', "O'Brien", '', 'x;y', 'x, y'])
      expect(safeCsvField(ok)).toBe(ok);
  });

  it('non-strings: numbers and booleans as text, null and undefined as empty', () => {
    expect([safeCsvField(0), safeCsvField(-1), safeCsvField(true), safeCsvField(null), safeCsvField(undefined)]).toEqual(['0', "'-1", 'true', '', '']);
  });

  it('each line break (CRLF counted once) becomes one space', () => {
    expect(safeCsvField('a\r\nb\nc\rd\u2028e\u2029f')).toBe('a b c d e f');
    expect(safeCsvField('a\n\nb')).toBe('a  b');
  });

  it('other control characters and invisible format characters are removed; TAB is kept', () => {
    expect(safeCsvField('a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Fg')).toBe('abcdefg');
    expect(safeCsvField('a\u200Bb\u200Dc\u202Ed\u2066e\uFEFFf')).toBe('abcdef');
    expect(safeCsvField('a\u0009b')).toBe('a\tb');
    expect(safeCsvField('a\uD800b')).toBe('ab'); // a lone surrogate
  });

  it('a formula start after leading whitespace or quotes gets an apostrophe before them', () => {
    expect(safeCsvField('=1')).toBe("'=1");
    expect(safeCsvField('+1')).toBe("'+1");
    expect(safeCsvField('-1')).toBe("'-1");
    expect(safeCsvField('@1')).toBe("'@1");
    expect(safeCsvField('\t1')).toBe("'\t1");
    expect(safeCsvField('\r=1')).toBe("' =1"); // a CR is a space by now, and what follows it still counts
    expect(safeCsvField('  =1')).toBe("'  =1");
    expect(safeCsvField('"=1"')).toBe('\'"=1"');
    expect(safeCsvField("'=1")).toBe("''=1");
    expect(safeCsvField('\u201C=1')).toBe("'\u201C=1");
    expect(safeCsvField('\u2019=1')).toBe("'\u2019=1");
    expect(safeCsvField(' \t x')).toBe("' \t x");
    expect(safeCsvField('\uFF1D1')).toBe("'\uFF1D1");
    expect(safeCsvField('\uFF0B1')).toBe("'\uFF0B1");
    expect(safeCsvField('\uFF0D1')).toBe("'\uFF0D1");
    expect(safeCsvField('\uFF201')).toBe("'\uFF201");
  });

  it('a formula start after a character some reader takes as a delimiter is neutralised there too', () => {
    expect(safeCsvField('a;=1')).toBe("a;'=1");
    expect(safeCsvField('a, +1')).toBe("a,' +1");
    expect(safeCsvField('a\t@1')).toBe("a\t'@1");
    expect(safeCsvField(';=1;=2')).toBe(";'=1;'=2");
    expect(safeCsvField('a;;-1')).toBe("a;;'-1");
    expect(safeCsvField('a\n=1')).toBe('a =1'); // the line feed is a space now: no reader starts a cell there
  });

  it('neutralising happens after stripping, so an invisible character cannot hide a formula', () => {
    expect(safeCsvField('\u200B=1')).toBe("'=1");
    expect(safeCsvField('a;\u0000=1')).toBe("a;'=1");
  });
});

describe('safe CSV: properties over arbitrary text', () => {
  /** Strings dense in the characters that matter, mixed with arbitrary Unicode. */
  const dangerous = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\r\n', '\u2028', '\u2029', ';', ',', '"', "'", ' ', '\u00A0', '\u200B', '\u0000', '\u0085', '\uFF1D', 'a', 'Å');
  const text = fc.oneof(
    fc.array(dangerous, { maxLength: 12 }).map((parts) => parts.join('')),
    fc.array(fc.oneof(dangerous, fc.string({ unit: 'grapheme', maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 10 }).map((p) => p.join('')),
    fc.string({ unit: 'binary', maxLength: 20 })
  );
  const value: fc.Arbitrary<CsvValue> = fc.oneof({ weight: 8, arbitrary: text }, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const table = fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 });

  it('csv-parse reads back one row per record, three cells each, none starting a formula', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const cells = parsedCells(toSafeCsv(rows));
        expect(cells).toHaveLength(rows.length);
        for (const row of cells) {
          expect(row).toHaveLength(3);
          for (const cell of row) expect(startsFormula(cell)).toBe(false);
        }
      }),
      { numRuns: 500 }
    );
  });

  it('a naive split on LF then ; finds one line per record and no cell starting a formula', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const lines = naiveCells(toSafeCsv(rows));
        expect(lines).toHaveLength(rows.length + 1); // the final CRLF leaves one empty line
        for (const row of lines) for (const cell of row) expect(startsFormula(cell)).toBe(false);
      }),
      { numRuns: 500 }
    );
  });

  it('each parsed cell has no line break or control character other than TAB, and safe text survives unchanged', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const cells = parsedCells(toSafeCsv(rows));
        rows.forEach((row, r) =>
          row.forEach((v, c) => {
            const cell = cells[r][c];
            expect(/[\r\n\u2028\u2029\u0000-\u0008\u000A-\u001F\u007F-\u009F]/.test(cell)).toBe(false);
            const plain = v === null || v === undefined ? '' : String(v);
            if (/^[A-Za-z0-9 åäöÅÄÖ.:]*$/.test(plain)) expect(cell).toBe(plain);
          })
        );
      }),
      { numRuns: 300 }
    );
  });

  it('changes a field only by turning line breaks into spaces, dropping invisible characters and inserting apostrophes', () => {
    fc.assert(
      fc.property(text, (t) => {
        // Re-stated here rather than imported: line breaks → space, then controls but TAB, format characters, lone surrogates gone.
        const flat = t.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, (c) => (c === '\t' ? c : ''));
        const out = safeCsvField(t);
        expect(out.replace(/'/g, '')).toBe(flat.replace(/'/g, ''));
        expect(out.length - flat.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 }
    );
  });
});
