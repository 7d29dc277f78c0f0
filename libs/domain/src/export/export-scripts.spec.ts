// The codebook and the import scripts built from it: the columns a level allows, in order, in
// every script; and text a label may hold (quotes, line breaks, macro characters, non-ASCII)
// quoted so that it reads back as itself and cannot end a string or a command early.
import { type Codebook, type ExportColumn, codebookOf, columnsAt, exportColumns, exportRow, vocabulary } from './export-columns.js';
import { rImportScript, rString, spssImportScript, spssString, stataImportScript, stataString } from './export-scripts.js';

const HOSTILE = `He said "stop" \\ then 'left'\nnext line\r\ttab — café Zürich 🏥 $HOME \`cmd\` "'`;

const COLUMNS: ExportColumn[] = [
  { name: 'case_id', type: 'string', label: 'Case id' },
  { name: 'type', type: 'string', label: 'Milestone type', values: vocabulary({ 'spun-out': HOSTILE, merged: 'Merged' }) },
  { name: 'occurred_on', type: 'date', label: HOSTILE, partialDate: true },
  { name: 'recorded_at', type: 'datetime', label: 'Recorded at' },
  { name: 'headcount', type: 'integer', label: 'Headcount' },
  { name: 'amount_gbp', type: 'number', label: 'Amount' },
  { name: 'corrected', type: 'boolean', label: 'Corrected' },
  { name: 'notes', type: 'string', label: 'Notes', freeText: true },
  { name: 'name', type: 'string', label: 'Name', personal: true },
];

const codebook = (level: 'deidentified' | 'full' | 'personal' = 'personal', freeText = false): Codebook =>
  codebookOf(
    {
      view: 'milestones',
      title: 'Milestones',
      description: 'Test view',
      studyId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
      columns: exportColumns(COLUMNS),
    },
    { level, freeText },
  );

/** Reads an R string literal as R does, for the escapes rString writes. */
function readR(literal: string): string {
  expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
  return literal
    .slice(1, -1)
    .replace(
      /\\(U\{([0-9a-f]+)\}|u\{([0-9a-f]+)\}|x([0-9a-f]{2})|n|r|t|"|\\)/g,
      (_, escape: string, big?: string, small?: string, hex?: string) => {
        if (big ?? small ?? hex) return String.fromCodePoint(parseInt((big ?? small ?? hex)!, 16));
        return ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' } as Record<string, string>)[escape];
      },
    );
}

const R_LITERAL = /"(?:[^"\\\n]|\\.)*"/g;
const SPSS_LITERAL = /'(?:[^'\n]|'')*'/g;

describe('export columns and their levels', () => {
  it('follows each partial date with its precision column, and refuses names no tool can read', () => {
    expect(exportColumns(COLUMNS).map((column) => column.name)).toEqual([
      'case_id',
      'type',
      'occurred_on',
      'occurred_on_precision',
      'recorded_at',
      'headcount',
      'amount_gbp',
      'corrected',
      'notes',
      'name',
    ]);
    expect(() => exportColumns([{ name: 'Case-Id', type: 'string', label: 'x' }])).toThrow(/snake_case/);
    expect(() => exportColumns([{ name: 'a_name_far_too_long_for_stata', type: 'string', label: 'x' }])).toThrow(/26/);
    expect(() => exportColumns([...COLUMNS, { name: 'notes', type: 'string', label: 'again' }])).toThrow(/twice/);
  });

  it('leaves personal data out below level personal, and free text out of a de-identified export unless asked for', () => {
    const names = (level: 'deidentified' | 'full' | 'personal', freeText: boolean) =>
      columnsAt(exportColumns(COLUMNS), { level, freeText }).map((column) => column.name);
    expect(names('deidentified', false)).not.toContain('notes');
    expect(names('deidentified', false)).not.toContain('name');
    expect(names('deidentified', true)).toContain('notes');
    expect(names('deidentified', true)).not.toContain('name');
    expect(names('full', false)).toContain('notes');
    expect(names('full', false)).not.toContain('name');
    expect(names('personal', false)).toContain('name');
    expect(codebook('deidentified').columns.map((column) => column.name)).toEqual(names('deidentified', false));
  });

  it('splits a partial date into its first day and its precision, and leaves a value of the wrong type empty', () => {
    const columns = exportColumns(COLUMNS);
    expect(
      exportRow(columns, { occurred_on: '2016', headcount: '12', corrected: true, recorded_at: new Date('2026-03-02T10:00:00Z') }),
    ).toEqual(
      expect.objectContaining({
        occurred_on: '2016-01-01',
        occurred_on_precision: 'year',
        headcount: 12,
        corrected: true,
        recorded_at: '2026-03-02T10:00:00.000Z',
      }),
    );
    expect(exportRow(columns, { occurred_on: '2016-06' })).toEqual(
      expect.objectContaining({ occurred_on: '2016-06-01', occurred_on_precision: 'month' }),
    );
    expect(exportRow(columns, { occurred_on: 'soon', headcount: 'many', amount_gbp: 'NaN' })).toEqual(
      expect.objectContaining({ occurred_on: null, occurred_on_precision: null, headcount: null, amount_gbp: null, name: null }),
    );
  });
});

describe('the R import script', () => {
  it("lists the codebook's columns in order, with their classes", () => {
    for (const [level, freeText] of [
      ['deidentified', false],
      ['deidentified', true],
      ['full', false],
      ['personal', false],
    ] as const) {
      const book = codebook(level, freeText);
      const script = rImportScript(book);
      const block = /columns <- c\(\n([\s\S]*?)\n\)/.exec(script)![1];
      const listed = block.split('\n').map((line) => /^\s+(\w+) = /.exec(line)![1]);
      expect(listed).toEqual(book.columns.map((column) => column.name));
    }
    const script = rImportScript(codebook());
    expect(script).toContain('headcount = "integer"');
    expect(script).toContain('amount_gbp = "numeric"');
    expect(script).toContain('data$occurred_on <- as.Date(data$occurred_on, format = "%Y-%m-%d")');
    expect(script).toContain('data$corrected <- as.logical(data$corrected)');
    expect(script).toMatch(/data\$type <- factor\(data\$type, levels = c\("spun-out", "merged"\), labels = c\(".*", "Merged"\)\)/);
  });

  it('writes a label with quotes, line breaks and non-ASCII as an ASCII literal that reads back as the label', () => {
    expect(readR(rString(HOSTILE))).toBe(HOSTILE);
    expect(rString(HOSTILE)).toMatch(/^[\x20-\x7e]+$/);
    const script = rImportScript(codebook());
    // Every quote in the script opens or closes a literal, and no literal spans a line.
    expect(script.replace(R_LITERAL, '""').replace(/[^"]/g, '').length % 2).toBe(0);
    for (const line of script.split('\n')) expect(line.replace(R_LITERAL, '')).not.toContain('"');
    const literals = script.match(R_LITERAL)!.map(readR);
    expect(literals).toContain(HOSTILE);
    expect(script).toMatch(/^[\x20-\x7e\n]+$/);
  });
});

describe('the SPSS syntax', () => {
  it('reads every column with GET DATA, and labels variables and values', () => {
    const book = codebook();
    const script = spssImportScript(book);
    expect(script).toContain('GET DATA\n  /TYPE=TXT');
    const variables = /\/VARIABLES=\n([\s\S]*?)\n\./.exec(script)![1];
    expect(variables.split('\n').map((line) => line.trim().split(' ')[0])).toEqual(book.columns.map((column) => column.name));
    expect(variables).toContain('occurred_on SDATE10');
    expect(variables).toContain('corrected F1.0');
    expect(script).toContain("VALUE LABELS\n  type\n    'spun-out' ");
    expect(script).toContain("/corrected\n    0 'No'\n    1 'Yes'");
  });

  it('quotes a label in apostrophes, an apostrophe doubled, on one line', () => {
    const literal = spssString(HOSTILE);
    expect(literal).not.toMatch(/[\r\n]/);
    expect(literal.slice(1, -1).replace(/''/g, '')).not.toContain("'");
    expect(literal.slice(1, -1).replace(/''/g, "'")).toBe(HOSTILE.replace(/[\r\n]+/g, ' '));
    for (const line of spssImportScript(codebook()).split('\n')) expect(line.replace(SPSS_LITERAL, '')).not.toContain("'");
  });

  it('keeps a long value label within the bytes SPSS allows, cut at a whole character', () => {
    const literal = spssString('é'.repeat(200), 120);
    expect(new TextEncoder().encode(literal.slice(1, -1)).length).toBe(120);
    expect(literal.slice(1, -1)).toBe('é'.repeat(60));
  });
});

describe('the Stata do-file', () => {
  it('imports delimited text, encodes each vocabulary with its labels, and labels every variable', () => {
    const book = codebook();
    const script = stataImportScript(book);
    expect(script).toContain('import delimited using `"');
    expect(script).toContain('stringcols(1 2 3 4 5 9 10)');
    expect(script).toContain('numericcols(6 7 8)');
    expect(script).toContain("encode type, generate(`converted') label(type_codes) noextend");
    expect(script).toContain('label values type type_lbl');
    expect(/order (.*)/.exec(script)![1].split(' ')).toEqual(book.columns.map((column) => column.name));
    for (const column of book.columns) expect(script).toContain(`label variable ${column.name} \`"`);
  });

  it('quotes a label so that nothing in it ends the string, expands a macro or breaks the line', () => {
    const literal = stataString(HOSTILE);
    expect(literal.startsWith('`"') && literal.endsWith(`"'`)).toBe(true);
    const inside = literal.slice(2, -2);
    expect(inside).not.toContain(`"'`);
    expect(inside).not.toContain('`');
    expect(inside).not.toMatch(/[\r\n]/);
    expect(inside).not.toMatch(/(^|[^\\])\$/);
    expect(inside).toContain('café Zürich 🏥');
    expect(inside).toContain('He said "stop"');
  });
});
