import { ExportAuditEntry } from '../entities/export-audit-entry.entity.js';
import type { Projection, RowChange } from './projection.js';

/** Each export recorded, as the audit list shows it. */
export const exportAuditProjection: Projection = {
  name: 'export-audit',
  version: 1,
  tables: [ExportAuditEntry],
  handles: ['DataExported'],
  project({ event }): RowChange[] {
    if (event.type !== 'DataExported') return [];
    const { exportId, studyId, view, format, level, freeText, filters, accountId, exportedAt } = event.data;
    const row: Partial<ExportAuditEntry> = {
      exportId,
      studyId,
      view,
      format,
      level,
      freeText,
      filters,
      accountId,
      exportedAt: new Date(exportedAt),
    };
    return [{ op: 'upsert', entity: ExportAuditEntry, row, conflictPaths: ['exportId'] }];
  },
};
