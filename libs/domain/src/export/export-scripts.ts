// Import scripts for R, SPSS and Stata, each built from a codebook: the column list, types,
// value labels and variable labels come from the very columns the export holds. Every text
// that reaches a script (labels, file names) passes through that language's own quoting, so
// a label with quotes, line breaks or a macro character cannot end a string early or run code.
import type { Codebook, CodebookColumn, ExportValue } from './export-columns.js';

const header = (codebook: Codebook, comment: (line: string) => string) =>
  [
    `Casebook export: ${codebook.title} (view ${codebook.view}) of study ${codebook.studyId}, level ${codebook.level}`,
    `Reads ${codebook.csvFile}, downloaded with format=csv and the same level, from the working directory.`,
    'Generated from the export codebook: the columns, types and labels are those of the export.',
  ].map((line) => comment(oneLine(line)));

/** Line breaks end a comment or a string literal in every one of these languages. */
const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, ' ');

const valuesOf = (column: CodebookColumn): readonly ExportValue[] | undefined => (column.type === 'boolean' ? undefined : column.values);

// ---------------------------------------------------------------------------------------------
// R

/**
 * An R string literal. Non-ASCII characters are written as \u escapes, so the script means the
 * same whatever encoding R reads it in; control characters as \x escapes.
 */
export function rString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code > 0xffff) out += `\\U{${code.toString(16)}}`;
    else if (code > 0x7e) out += `\\u{${code.toString(16)}}`;
    else out += char;
  }
  return `${out}"`;
}

const R_CLASSES = {
  string: 'character',
  integer: 'integer',
  number: 'numeric',
  date: 'character',
  boolean: 'integer',
  datetime: 'character',
} as const;

/** A syntactic R name, or the name in backticks. */
const rName = (name: string) => (/^[A-Za-z][A-Za-z0-9_.]*$/.test(name) ? name : `\`${name}\``);
const rVector = (items: readonly string[]) => `c(${items.map(rString).join(', ')})`;

export function rImportScript(codebook: Codebook): string {
  const lines = [...header(codebook, (line) => `# ${line}`), ''];
  lines.push('columns <- c(');
  codebook.columns.forEach((column, index) => {
    lines.push(`  ${rName(column.name)} = ${rString(R_CLASSES[column.type])}${index < codebook.columns.length - 1 ? ',' : ''}`);
  });
  lines.push(')');
  lines.push(
    `data <- read.csv(${rString(codebook.csvFile)}, colClasses = columns, na.strings = "", fileEncoding = "UTF-8", encoding = "UTF-8", check.names = FALSE, stringsAsFactors = FALSE)`,
  );
  lines.push('stopifnot(identical(names(data), names(columns)))');
  for (const column of codebook.columns) {
    const ref = `data$${rName(column.name)}`;
    if (column.type === 'date') lines.push(`${ref} <- as.Date(${ref}, format = "%Y-%m-%d")`);
    if (column.type === 'datetime') lines.push(`${ref} <- as.POSIXct(${ref}, format = "%Y-%m-%dT%H:%M:%OS", tz = "UTC")`);
    if (column.type === 'boolean') lines.push(`${ref} <- as.logical(${ref})`);
    const values = valuesOf(column);
    if (values) {
      lines.push(
        `${ref} <- factor(${ref}, levels = ${rVector(values.map((v) => v.value))}, labels = ${rVector(values.map((v) => v.label))})`,
      );
    }
  }
  lines.push('labels <- c(');
  codebook.columns.forEach((column, index) => {
    lines.push(`  ${rName(column.name)} = ${rString(column.label)}${index < codebook.columns.length - 1 ? ',' : ''}`);
  });
  lines.push(')');
  lines.push('for (name in names(labels)) attr(data[[name]], "label") <- labels[[name]]');
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// SPSS

/** SPSS caps value labels at 120 bytes and variable labels at 256; cut at a character, never mid-way. */
const withinBytes = (text: string, max: number) => {
  let out = '';
  let bytes = 0;
  for (const char of text) {
    bytes += new TextEncoder().encode(char).length;
    if (bytes > max) break;
    out += char;
  }
  return out;
};

/** An SPSS string literal: in apostrophes, an apostrophe doubled, on one line. */
export const spssString = (text: string, maxBytes = 255): string => `'${withinBytes(oneLine(text), maxBytes).replace(/'/g, "''")}'`;

/** Input formats: strings as wide as their longest value may be, numbers as read. */
function spssFormat(column: CodebookColumn): string {
  switch (column.type) {
    case 'string': {
      const values = valuesOf(column);
      if (values) return `A${Math.max(...values.map((v) => new TextEncoder().encode(v.value).length))}`;
      return column.freeText ? 'A32767' : 'A1000';
    }
    case 'integer':
      return 'F20.0';
    case 'number':
      return 'F32.6';
    case 'boolean':
      return 'F1.0';
    case 'date':
      return 'SDATE10';
    case 'datetime':
      return 'A30';
  }
}

export function spssImportScript(codebook: Codebook): string {
  const lines = ['* Encoding: UTF-8.', ...header(codebook, (line) => `* ${line.replace(/\.$/, '')}.`), ''];
  lines.push('GET DATA', '  /TYPE=TXT', `  /FILE=${spssString(codebook.csvFile, 1000)}`, "  /ENCODING='UTF8'");
  lines.push('  /ARRANGEMENT=DELIMITED', '  /DELIMITERS=","', `  /QUALIFIER='"'`, '  /FIRSTCASE=2', '  /VARIABLES=');
  for (const column of codebook.columns) lines.push(`    ${column.name} ${spssFormat(column)}`);
  lines.push('.', '');
  lines.push('VARIABLE LABELS');
  codebook.columns.forEach((column, index) => {
    lines.push(`  ${index === 0 ? '' : '/'}${column.name} ${spssString(column.label, 255)}`);
  });
  lines.push('.');
  const labelled = codebook.columns.filter((column) => column.values);
  if (labelled.length > 0) {
    lines.push('', 'VALUE LABELS');
    labelled.forEach((column, index) => {
      lines.push(`  ${index === 0 ? '' : '/'}${column.name}`);
      for (const { value, label } of column.values ?? []) {
        const code = column.type === 'boolean' ? value : spssString(value, 255);
        lines.push(`    ${code} ${spssString(label, 120)}`);
      }
    });
    lines.push('.');
  }
  const dates = codebook.columns.filter((column) => column.type === 'date');
  if (dates.length > 0) lines.push('', `FORMATS ${dates.map((column) => column.name).join(' ')} (SDATE10).`);
  lines.push('EXECUTE.');
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Stata

/**
 * A Stata string in compound double quotes, so a quote inside cannot end it. What could still
 * end or open one is changed: `"'` gets a space between, and a backtick (which opens a macro or
 * a nested compound quote) becomes an apostrophe; `$` is escaped, as Stata expands macros even
 * inside quotes; line breaks become spaces (a do-file command ends at the line).
 */
export const stataString = (text: string): string =>
  '`"' + oneLine(text).replace(/`/g, "'").replace(/"'/g, `" '`).replace(/\$/g, '\\$') + '"\'';

export function stataImportScript(codebook: Codebook): string {
  const lines = [...header(codebook, (line) => `* ${line}`), 'version 15', ''];
  // Every column read as text except the numeric ones, so nothing is guessed from the first rows.
  const numeric = (column: CodebookColumn) => column.type === 'integer' || column.type === 'number' || column.type === 'boolean';
  const positions = (pick: (column: CodebookColumn) => boolean) =>
    codebook.columns.flatMap((column, index) => (pick(column) ? [index + 1] : [])).join(' ');
  const stringCols = positions((column) => !numeric(column));
  const numericCols = positions(numeric);
  lines.push(
    `import delimited using ${stataString(codebook.csvFile)}, varnames(1) case(preserve) encoding("utf-8") bindquotes(strict) maxquotedrows(unlimited)` +
      `${stringCols ? ` stringcols(${stringCols})` : ''}${numericCols ? ` numericcols(${numericCols})` : ''} clear`,
  );
  lines.push('', 'tempvar converted');
  for (const column of codebook.columns) {
    const name = column.name;
    if (column.type === 'date') {
      lines.push(
        `generate double \`converted' = date(${name}, "YMD")`,
        `drop ${name}`,
        `rename \`converted' ${name}`,
        `format ${name} %td`,
      );
    }
    if (column.type === 'datetime') {
      lines.push(
        `generate double \`converted' = clock(substr(${name}, 1, 23), "YMD#hms")`,
        `drop ${name}`,
        `rename \`converted' ${name}`,
        `format ${name} %tc`,
      );
    }
    const values = valuesOf(column);
    if (values) {
      // encode matches the text against a label: the codes' label holds the stored values,
      // then the column is given the human labels under the same numbers.
      lines.push(`label define ${name}_codes ${values.map((v, i) => `${i + 1} ${stataString(v.value)}`).join(' ')}`);
      lines.push(`encode ${name}, generate(\`converted') label(${name}_codes) noextend`, `drop ${name}`, `rename \`converted' ${name}`);
      lines.push(`label define ${name}_lbl ${values.map((v, i) => `${i + 1} ${stataString(v.label)}`).join(' ')}`);
      lines.push(`label values ${name} ${name}_lbl`, `label drop ${name}_codes`);
    }
    if (column.type === 'boolean') {
      lines.push(`label define ${name}_lbl 0 ${stataString('No')} 1 ${stataString('Yes')}`, `label values ${name} ${name}_lbl`);
    }
  }
  lines.push('');
  for (const column of codebook.columns) lines.push(`label variable ${column.name} ${stataString(withinBytes(column.label, 80))}`);
  lines.push(`order ${codebook.columns.map((column) => column.name).join(' ')}`);
  return `${lines.join('\n')}\n`;
}
