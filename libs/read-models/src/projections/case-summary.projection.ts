import { EVENT_TYPES_OF_STREAMS } from '@casebook/domain';
import { CaseSummary } from '../entities/case-summary.entity.js';
import type { Projection, RowChange } from './projection.js';

/** The cases of each study: which mutual, chosen for what, whether it is still followed. */
export const caseSummaryProjection: Projection = {
  name: 'case-summary',
  version: 1,
  tables: [CaseSummary],
  handles: EVENT_TYPES_OF_STREAMS.case,
  project({ event, streamName, revision }): RowChange[] {
    // Every event of the case's stream moves its version (the ETag clients send back), waves
    // and contacts included; events elsewhere never name a case.
    if (!streamName.startsWith('case-') || !('caseId' in event.data)) return [];
    const version = Number(revision) + 1;
    const where = { caseId: event.data.caseId };
    switch (event.type) {
      case 'CaseEnrolled': {
        const { caseId, studyId, mutualId, selection, enrolledAt } = event.data;
        const row: Partial<CaseSummary> = {
          caseId,
          studyId,
          mutualId,
          // A band that was not given stays unknown: null, not a default.
          selection: { ...selection, turnoverBand: selection.turnoverBand ?? null, employeeBand: selection.employeeBand ?? null },
          status: 'active',
          earlierCaseId: null,
          withdrawnReason: null,
          withdrawnOn: null,
          enrolledAt: new Date(enrolledAt),
          version,
        };
        return [{ op: 'upsert', entity: CaseSummary, row, conflictPaths: ['caseId'] }];
      }
      case 'CaseLinkedToEarlierCase':
        return [{ op: 'update', entity: CaseSummary, where, set: { earlierCaseId: event.data.earlierCaseId, version } }];
      case 'CaseWithdrawn':
        return [
          {
            op: 'update',
            entity: CaseSummary,
            where,
            set: { status: 'withdrawn', withdrawnReason: event.data.reason, withdrawnOn: event.data.occurredOn, version },
          },
        ];
      default:
        return [{ op: 'update', entity: CaseSummary, where, set: { version } }];
    }
  },
};
