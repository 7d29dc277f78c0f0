import { isMilestoneEvent, EVENT_TYPES_OF_STREAMS } from '@casebook/domain';
import { MutualSummary } from '../entities/mutual-summary.entity.js';
import type { Projection, RowChange } from './projection.js';

/**
 * The mutuals list: the registration as last corrected, the spin-out date and how much is
 * recorded. The legal form is the registration's; later changes of legal form are governance
 * milestones on the timeline, with their dates.
 */
export const mutualSummaryProjection: Projection = {
  name: 'mutual-summary',
  version: 1,
  tables: [MutualSummary],
  handles: EVENT_TYPES_OF_STREAMS.mutual,
  project({ event, streamName, revision, recordedAt, metadata }): RowChange[] {
    // Only the mutual's own stream moves its version; case events also name the mutual.
    if (!streamName.startsWith('mutual-')) return [];
    const version = Number(revision) + 1;
    if (event.type === 'MutualRegistered') {
      const { data } = event;
      const row: Partial<MutualSummary> = {
        id: data.mutualId,
        name: data.name,
        serviceAreas: data.serviceAreas,
        region: data.region ?? null,
        legalForm: data.legalForm ?? null,
        parentBody: data.parentBody ?? null,
        spunOutOn: null,
        spunOutMilestoneId: null,
        milestoneCount: 0,
        version,
        registeredAt: new Date(data.registeredAt ?? recordedAt),
        registeredBy: typeof metadata.recordedBy === 'string' ? metadata.recordedBy : null,
      };
      return [{ op: 'upsert', entity: MutualSummary, row, conflictPaths: ['id'] }];
    }
    if (!('mutualId' in event.data)) return [];
    const where = { id: event.data.mutualId };
    const touch: RowChange = { op: 'update', entity: MutualSummary, where, set: { version } };
    if (isMilestoneEvent(event)) {
      const changes: RowChange[] = [touch, { op: 'increment', entity: MutualSummary, where, column: 'milestoneCount', by: 1 }];
      if (event.type === 'MutualSpunOut') {
        changes.push({
          op: 'update',
          entity: MutualSummary,
          where,
          set: { spunOutOn: event.data.occurredOn, spunOutMilestoneId: event.data.milestoneId },
        });
      }
      return changes;
    }
    switch (event.type) {
      case 'RegistrationCorrected': {
        const { changes } = event.data;
        const set: Partial<MutualSummary> = { version };
        if (changes.name !== undefined) set.name = changes.name;
        if (changes.serviceAreas !== undefined) set.serviceAreas = changes.serviceAreas;
        if (changes.region !== undefined) set.region = changes.region;
        if (changes.legalForm !== undefined) set.legalForm = changes.legalForm;
        if (changes.parentBody !== undefined) set.parentBody = changes.parentBody;
        return [{ op: 'update', entity: MutualSummary, where, set }];
      }
      case 'MilestoneCorrected':
        return [
          touch,
          {
            op: 'update',
            entity: MutualSummary,
            where: { ...where, spunOutMilestoneId: event.data.milestoneId },
            set: { spunOutOn: event.data.occurredOn },
          },
        ];
      case 'MilestoneRetracted':
        return [
          touch,
          { op: 'increment', entity: MutualSummary, where, column: 'milestoneCount', by: -1 },
          {
            op: 'update',
            entity: MutualSummary,
            where: { ...where, spunOutMilestoneId: event.data.milestoneId },
            set: { spunOutOn: null, spunOutMilestoneId: null },
          },
        ];
      default:
        return [touch];
    }
  },
};
