import { ExportAuditEntry } from '../entities/export-audit-entry.entity.js';
import { exportAuditProjection } from './export-audit.projection.js';
import type { ProjectedEvent } from './projection.js';

const exported = {
  exportId: '1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
  studyId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
  view: 'contacts',
  format: 'ndjson' as const,
  level: 'personal' as const,
  freeText: true,
  filters: { caseId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d' },
  accountId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  exportedAt: '2026-03-02T10:00:00.000Z',
};

const projected = (event: ProjectedEvent['event']): ProjectedEvent => ({
  event,
  streamName: 'export-1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
  revision: 0n,
  position: { commit: 10n, prepare: 10n },
  recordedAt: new Date('2026-03-02T10:00:01.000Z'),
  metadata: { recordedBy: exported.accountId },
  eventId: 'e0000000-0000-4000-8000-000000000001',
});

describe('the export audit projection', () => {
  it('keeps one row per export: who took which view, in what format, at which level, with which filters, and when', () => {
    expect(exportAuditProjection.project(projected({ type: 'DataExported', data: exported }))).toEqual([
      {
        op: 'upsert',
        entity: ExportAuditEntry,
        conflictPaths: ['exportId'],
        row: { ...exported, exportedAt: new Date(exported.exportedAt) },
      },
    ]);
  });

  it('makes nothing of other events', () => {
    const created = {
      studyId: exported.studyId,
      title: 'A study',
      startsOn: '2025-01-06',
      endsOn: '2028-03-31',
      createdAt: exported.exportedAt,
    };
    expect(exportAuditProjection.project(projected({ type: 'StudyCreated', data: created }))).toEqual([]);
  });
});
