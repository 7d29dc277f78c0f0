// What an exportable view is made of, as the codebook describes it: columns with stable
// snake_case names, a type, the allowed values of a controlled vocabulary with their labels,
// and whether a column is personal data or free text. Levels pick columns; the codebook and the
// import scripts are built from the same columns, so they cannot disagree with the data.
import { earliestDay, parsePartialDate } from '../shared/partial-date.js';
import { MILESTONE_EVENT_TYPES, MILESTONE_TYPES } from '../mutual/mutual.commands.js';
import { milestoneValueFields } from '../mutual/mutual.milestone-fields.js';
import { NotPermitted } from '../shared/domain-error.js';
import type { AccountRole } from '../account/account.events.js';
import { DATE_PRECISION_LABELS, MILESTONE_TYPE_LABELS } from './export-labels.js';
import type { ExportLevel } from './export.events.js';

export const EXPORT_COLUMN_TYPES = ['string', 'integer', 'number', 'date', 'boolean', 'datetime'] as const;
export type ExportColumnType = (typeof EXPORT_COLUMN_TYPES)[number];

export interface ExportValue {
  value: string;
  label: string;
}

export interface ExportColumn {
  /** snake_case, stable across releases: analysis scripts name it. */
  name: string;
  type: ExportColumnType;
  /** The variable label R, SPSS and Stata show. */
  label: string;
  description?: string;
  /** A controlled vocabulary: the only values the column holds, each with its label. */
  values?: readonly ExportValue[];
  /** Personal data of a contact: only in exports at the personal level. */
  personal?: boolean;
  /** Text typed by a person, which may name people: left out of de-identified exports unless asked for. */
  freeText?: boolean;
  /** A partial date: the column holds its first possible day and `<name>_precision` says how much of it is known. */
  partialDate?: boolean;
  /** The partial-date column this one gives the precision of. */
  precisionOf?: string;
}

/** One value of an exported row: what the CSV cell and the NDJSON property hold. */
export type ExportCell = string | number | boolean | null;

/** `Record<value, label>` as a vocabulary, in the order the labels are declared. */
export const vocabulary = (labels: Record<string, string>): ExportValue[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export const BOOLEAN_VALUES: readonly ExportValue[] = [
  { value: '0', label: 'No' },
  { value: '1', label: 'Yes' },
];

/**
 * Names fit every tool: snake_case (R, SPSS and Stata variable names alike), and at most 26
 * characters, so that the Stata label names derived from them (`<name>_codes`) stay within 32.
 */
const COLUMN_NAME = /^[a-z][a-z0-9_]{0,25}$/;
const PRECISION_SUFFIX = '_precision';

/**
 * The columns of a view as exported: each partial date followed by its precision column. Throws
 * at start-up on a name no tool can read or a name used twice, so a bad declaration never ships.
 */
export function exportColumns(declared: readonly ExportColumn[]): ExportColumn[] {
  const columns = declared.flatMap((column): ExportColumn[] =>
    column.partialDate
      ? [
          { ...column, type: 'date' },
          {
            name: `${column.name}${PRECISION_SUFFIX}`,
            type: 'string',
            label: `Precision of ${column.name}`,
            description: `How much of ${column.name} is known; ${column.name} holds the first day it could denote`,
            values: vocabulary(DATE_PRECISION_LABELS),
            precisionOf: column.name,
            ...(column.personal && { personal: true }),
            ...(column.freeText && { freeText: true }),
          },
        ]
      : [column],
  );
  const seen = new Set<string>();
  for (const { name } of columns) {
    if (!COLUMN_NAME.test(name)) throw new Error(`Export column "${name}" is not snake_case of at most 26 characters`);
    if (seen.has(name)) throw new Error(`Export column "${name}" is declared twice`);
    seen.add(name);
  }
  return columns;
}

export interface ExportSelection {
  level: ExportLevel;
  /** Free-text columns in a de-identified export; the other levels always include them. */
  freeText: boolean;
}

/** Whether an export at this selection holds free-text columns. */
export const includesFreeText = ({ level, freeText }: ExportSelection): boolean => level !== 'deidentified' || freeText;

/** The columns an export at this selection holds, in order. */
export function columnsAt(columns: readonly ExportColumn[], selection: ExportSelection): ExportColumn[] {
  return columns.filter(
    (column) => (!column.personal || selection.level === 'personal') && (!column.freeText || includesFreeText(selection)),
  );
}

/**
 * Who may take an export at which level: anyone who may read the study a de-identified one,
 * researchers and administrators the full record, administrators alone contacts' personal data.
 */
export function assertMayExport(role: AccountRole, level: ExportLevel): void {
  if (level === 'full' && role === 'viewer') {
    throw new NotPermitted('export-level-full-needs-researcher', 'An export at level full needs the researcher or admin role');
  }
  if (level === 'personal' && role !== 'admin') {
    throw new NotPermitted(
      'export-level-personal-needs-admin',
      'An export at level personal (contacts’ names and emails) needs the admin role',
    );
  }
}

/**
 * A row as exported: each column's cell from the row source's value of it, a partial date split
 * into its first day and its precision, and a value outside the column's type left empty rather
 * than misread by the tools.
 */
export function exportRow(columns: readonly ExportColumn[], source: Record<string, unknown>): Record<string, ExportCell> {
  const row: Record<string, ExportCell> = {};
  for (const column of columns) {
    if (column.precisionOf !== undefined) continue;
    const value = source[column.name];
    if (column.partialDate) {
      const date = typeof value === 'string' ? parsePartialDate(value) : undefined;
      const known = date !== undefined && typeof date !== 'string';
      row[column.name] = known ? earliestDay(date) : null;
      row[`${column.name}${PRECISION_SUFFIX}`] = known ? date.precision : null;
      continue;
    }
    row[column.name] = cellOf(column.type, value);
  }
  // Precision columns of partial dates not selected at this level are not in `columns` either.
  return Object.fromEntries(columns.map((column) => [column.name, row[column.name] ?? null]));
}

function cellOf(type: ExportColumnType, value: unknown): ExportCell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'integer': {
      const number = Number(value);
      return Number.isSafeInteger(number) ? number : null;
    }
    case 'number': {
      const number = Number(value);
      return Number.isFinite(number) ? number : null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (value instanceof Date) return value.toISOString().slice(0, 10);
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
    case 'datetime':
      if (value instanceof Date) return value.toISOString();
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null;
  }
}

export interface CodebookColumn {
  name: string;
  type: ExportColumnType;
  label: string;
  description?: string;
  values?: readonly ExportValue[];
  personal: boolean;
  freeText: boolean;
  /** Of a partial date: the column that says how much of it is known. */
  precisionColumn?: string;
  /** Of a precision column: the partial date it qualifies. */
  precisionOf?: string;
}

export interface MilestoneCatalogueEntry {
  type: string;
  label: string;
  /** The stored event type recording it. */
  eventType: string;
  /** Its own facts, as the API names them (the keys of `details`). */
  fields: readonly string[];
}

export interface Codebook {
  view: string;
  title: string;
  description: string;
  studyId: string;
  level: ExportLevel;
  freeText: boolean;
  /** The name the CSV export is downloaded under, which the import scripts read. */
  csvFile: string;
  encoding: {
    charset: 'UTF-8';
    csv: string;
    missing: string;
    boolean: string;
    date: string;
    datetime: string;
  };
  columns: CodebookColumn[];
  milestoneCatalogue: MilestoneCatalogueEntry[];
}

/** Every kind of milestone there is, with its label and its own facts. */
export const MILESTONE_CATALOGUE: readonly MilestoneCatalogueEntry[] = MILESTONE_TYPES.map((type) => ({
  type,
  label: MILESTONE_TYPE_LABELS[type],
  eventType: MILESTONE_EVENT_TYPES[type],
  fields: milestoneValueFields(MILESTONE_EVENT_TYPES[type]),
}));

export interface CodebookSubject {
  view: string;
  title: string;
  description: string;
  studyId: string;
  columns: readonly ExportColumn[];
}

/** The file name an export is downloaded under, without its extension. */
export const exportFileStem = (view: string, studyId: string, level: ExportLevel) => `casebook-${view}-${studyId}-${level}`;

export function codebookOf(subject: CodebookSubject, selection: ExportSelection): Codebook {
  const columns = columnsAt(subject.columns, selection);
  const names = new Set(columns.map((column) => column.name));
  return {
    view: subject.view,
    title: subject.title,
    description: subject.description,
    studyId: subject.studyId,
    level: selection.level,
    freeText: includesFreeText(selection),
    csvFile: `${exportFileStem(subject.view, subject.studyId, selection.level)}.csv`,
    encoding: {
      charset: 'UTF-8',
      csv: 'Comma-separated, a header row of the column names, fields with commas, quotes or line breaks in double quotes (a quote doubled)',
      missing: 'An empty CSV field; null in NDJSON',
      boolean: 'CSV: 1 for yes, 0 for no; NDJSON: true or false',
      date: 'YYYY-MM-DD; a partial date holds the first day it could denote, and its _precision column says year, month or day',
      datetime: 'ISO 8601 in UTC, YYYY-MM-DDTHH:MM:SS.sssZ',
    },
    columns: columns.map((column) => ({
      name: column.name,
      type: column.type,
      label: column.label,
      ...(column.description !== undefined && { description: column.description }),
      ...(column.type === 'boolean' ? { values: BOOLEAN_VALUES } : column.values && { values: column.values }),
      personal: column.personal ?? false,
      freeText: column.freeText ?? false,
      ...(column.partialDate && names.has(`${column.name}${PRECISION_SUFFIX}`) && { precisionColumn: `${column.name}${PRECISION_SUFFIX}` }),
      ...(column.precisionOf !== undefined && { precisionOf: column.precisionOf }),
    })),
    milestoneCatalogue: [...MILESTONE_CATALOGUE],
  };
}
