// An export of research data leaves the system for a researcher's own machine, where erasure can
// no longer reach it: so each one is recorded, before any row is sent, as a fact of its own.

/** How much of the record an export may hold, after REDCap's export rights. */
export const EXPORT_LEVELS = ['deidentified', 'full', 'personal'] as const;
export type ExportLevel = (typeof EXPORT_LEVELS)[number];

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface DataExported {
  type: 'DataExported';
  data: {
    exportId: string;
    studyId: string;
    /** The view exported, e.g. `milestones`. */
    view: string;
    format: ExportFormat;
    level: ExportLevel;
    /** Whether free-text columns were included. */
    freeText: boolean;
    /** The query's filters, as read (none is `{}`). */
    filters: Record<string, string>;
    /** Who exported: an account id, never a name. */
    accountId: string;
    exportedAt: string;
  };
}

export type ExportEvent = DataExported;
