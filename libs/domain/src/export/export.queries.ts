// The query strings of the export routes, read like request bodies: every bad parameter is
// named with its rule at once, and the same schemas document the routes.
import { z } from 'zod';
import { object, oneOf, optional, pageCursor, pageSize, uuid } from '../shared/body-fields.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { EXPORT_FORMATS, EXPORT_LEVELS } from './export.events.js';

const level = optional(
  oneOf(EXPORT_LEVELS, {
    description:
      'deidentified (the default: no contact personal data, free-text columns only with freeText=include), full (every column but personal data; researcher or admin), personal (adds contacts’ names and emails; admin only)',
  }),
);
const freeText = optional(
  oneOf(['include', 'exclude'], { description: 'At level deidentified, whether free-text columns are included; exclude unless given' }),
);

/** What an export's columns depend on: its codebook and import scripts take these. */
export const ExportLayoutQuery = object({ level, freeText });

/** `GET /api/v1/studies/{id}/exports/{view}`. */
export const ExportQuery = object({
  format: optional(oneOf(EXPORT_FORMATS, { description: 'csv (the default) or ndjson, one JSON object a line' })),
  level,
  freeText,
  caseId: optional(uuid('Only the rows of this case of the study')),
});

/** The filters an export records and applies, besides its level. */
export const EXPORT_FILTERS = ['caseId'] as const;

export const EXPORT_AUDIT_PAGE_SIZE = { default: 50, max: 200 } as const;

/** Where a page of the export audit ends: the instant and id of its last export, newest first. */
export type ExportAuditCursor = [exportedAt: string, exportId: string];

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const encodeExportAuditCursor = (cursor: ExportAuditCursor): string => encodeCursor(cursor);

function decodeExportAuditCursor(text: string): ExportAuditCursor | undefined {
  const decoded = decodeCursor(text);
  if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
  const [at, id] = decoded as unknown[];
  return typeof at === 'string' && INSTANT.test(at) && typeof id === 'string' && ID.test(id) ? [at, id] : undefined;
}

/** `GET /api/v1/exports`: every export recorded, newest first. */
export const ExportAuditQuery = object({
  studyId: optional(uuid('Only exports of this study')),
  accountId: optional(uuid('Only exports taken by this account')),
  limit: optional(pageSize(EXPORT_AUDIT_PAGE_SIZE)),
  cursor: optional(pageCursor(decodeExportAuditCursor)),
});

export type ExportQueryInput = z.output<typeof ExportQuery>;
