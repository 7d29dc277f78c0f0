import { MutualSummary } from '../entities/mutual-summary.entity.js';
import { type Projection, type RowChange } from './projection.js';

/** The mutuals list: identity, classification, spin-out date and how much is recorded. */
export const mutualSummaryProjection: Projection = {
  name: 'mutual-summary',
  project({ event, revision, recordedAt }): RowChange[] {
    const version = Number(revision) + 1;
    switch (event.type) {
      case 'MutualRegistered': {
        const { data } = event;
        const row: Partial<MutualSummary> = {
          id: data.mutualId,
          name: data.name,
          serviceAreas: data.serviceAreas,
          region: data.region ?? null,
          legalForm: data.legalForm ?? null,
          parentBody: data.parentBody ?? null,
          spunOutOn: null,
          milestoneCount: 0,
          version,
          registeredAt: new Date(data.registeredAt ?? recordedAt),
        };
        return [{ op: 'upsert', entity: MutualSummary, row, conflictPaths: ['id'] }];
      }
      case 'MutualSpunOut':
      case 'ContractAwarded':
      case 'ContractRenewed': {
        const where = { id: event.data.mutualId };
        const set: Partial<MutualSummary> = { version };
        if (event.type === 'MutualSpunOut') set.spunOutOn = event.data.occurredOn;
        return [
          { op: 'update', entity: MutualSummary, where, set },
          { op: 'increment', entity: MutualSummary, where, column: 'milestoneCount', by: 1 },
        ];
      }
      case 'InterviewWaveScheduled':
        return [{ op: 'update', entity: MutualSummary, where: { id: event.data.mutualId }, set: { version } }];
      default:
        return [];
    }
  },
};
