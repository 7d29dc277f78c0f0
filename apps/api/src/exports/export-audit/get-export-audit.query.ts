// The audit of exports, newest first, a page at a time behind a keyset cursor on
// (exported_at, export_id), so a walk sees each export once while others are taken.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ExportAuditCursor } from '@casebook/domain';
import { AccountDirectory } from '../../accounts/account-directory.js';
import type { ExportAuditEntryResponse } from './export-audit.response.dto.js';

export interface ExportAuditPage {
  exports: ExportAuditEntryResponse[];
  nextCursor?: ExportAuditCursor;
}

export class GetExportAudit extends Query<ExportAuditPage> {
  constructor(
    readonly filter: { studyId?: string; accountId?: string },
    readonly limit: number,
    readonly after?: ExportAuditCursor,
  ) {
    super();
  }
}

interface AuditRow {
  export_id: string;
  study_id: string;
  view: string;
  format: string;
  level: string;
  free_text: boolean;
  filters: Record<string, string>;
  account_id: string;
  exported_at: Date;
}

@QueryHandler(GetExportAudit)
export class GetExportAuditHandler implements IQueryHandler<GetExportAudit> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: AccountDirectory,
  ) {}

  async execute({ filter, limit, after }: GetExportAudit): Promise<ExportAuditPage> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions = ['TRUE'];
    if (filter.studyId) conditions.push(`study_id = ${param(filter.studyId)}::uuid`);
    if (filter.accountId) conditions.push(`account_id = ${param(filter.accountId)}::uuid`);
    if (after) conditions.push(`(exported_at, export_id) < (${param(after[0])}::timestamptz, ${param(after[1])}::uuid)`);
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT export_id, study_id, view, format, level, free_text, filters, account_id, exported_at
         FROM read_models.export_audit
        WHERE ${conditions.join(' AND ')}
        ORDER BY exported_at DESC, export_id DESC
        LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const names = await this.directory.displayNames(page.map((row) => row.account_id));
    const last = page.at(-1);
    return {
      exports: page.map((row) => ({
        exportId: row.export_id,
        studyId: row.study_id,
        view: row.view,
        format: row.format,
        level: row.level,
        freeText: row.free_text,
        filters: row.filters,
        exportedAt: new Date(row.exported_at).toISOString(),
        exportedBy: { accountId: row.account_id, displayName: names.get(row.account_id) ?? null },
      })),
      ...(rows.length > limit && last && { nextCursor: [new Date(last.exported_at).toISOString(), last.export_id] as ExportAuditCursor }),
    };
  }
}
