// An exportable view is one declaration: its columns (the domain's column kinds, which the
// codebook and import scripts are built from) and the SQL its rows stream from, or the query
// that works them out a page at a time. The SQL names
// each output column after a declared column; a partial date is selected as its text and the
// framework splits it into the first day and its precision.
import type { QueryBus } from '@nestjs/cqrs';
import { type ExportColumn, exportColumns } from '@casebook/domain';

/** What a view's rows are limited to: the study always, and the filters the export was asked for. */
export interface ExportScope {
  studyId: string;
  caseId?: string;
  /** `YYYY-MM-DD`: the day "overdue" and the like are judged on. */
  today: string;
}

/** Rows from one SELECT, streamed through a server-side cursor. */
export interface SqlRows {
  sql: string;
  params: unknown[];
}

/** Rows worked out when asked (what depends on the day), a page at a time. */
export interface ComputedRows {
  rows: () => AsyncIterable<Record<string, unknown>>;
}

export type RowSource = SqlRows | ComputedRows;

/** What a view whose rows are worked out reads them with: the API's queries. */
export interface ViewReads {
  queries: QueryBus;
}

export interface ExportViewDeclaration {
  /** The view's path segment, e.g. `milestones`. */
  name: string;
  title: string;
  description: string;
  columns: readonly ExportColumn[];
  /**
   * One SELECT in a stable order (`$1` is the study id, further parameters from the scope's
   * filters), or rows worked out by the API's queries, a page at a time.
   */
  source: (scope: ExportScope, reads: ViewReads) => RowSource;
}

export interface ExportView extends ExportViewDeclaration {
  /** The declared columns as exported, each partial date followed by its precision column. */
  exportedColumns: readonly ExportColumn[];
}

export const defineExportView = (declaration: ExportViewDeclaration): ExportView => ({
  ...declaration,
  exportedColumns: exportColumns(declaration.columns),
});

/**
 * The SQL parameters of a view: `$1` is the study, each filter given is added after it, so a
 * view writes `${caseFilter('c.case_id')}` once and a filter not asked for is no condition.
 */
export function scoped(scope: ExportScope): {
  params: unknown[];
  caseFilter: (column: string) => string;
  param: (value: unknown) => string;
} {
  const params: unknown[] = [scope.studyId];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  return {
    params,
    param,
    caseFilter: (column) => (scope.caseId === undefined ? '' : `AND ${column} = ${param(scope.caseId)}::uuid`),
  };
}
