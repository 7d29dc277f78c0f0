import type { DomainEvent } from '@casebook/domain';
import { StudyHistoryEntry } from '../entities/study-history-entry.entity.js';
import { studyHistoryProjection } from './study-history.projection.js';

const recordedAt = new Date('2026-11-23T10:00:00Z');
const studyId = '5b0e2f1c-6d7a-4c8e-9f10-2a3b4c5d6e7f';
const project = (
  event: DomainEvent,
  revision: bigint,
  metadata: Record<string, unknown> = { recordedBy: 'a-1' },
  streamName = `study-${studyId}`,
) =>
  studyHistoryProjection.project({
    event,
    revision,
    streamName,
    position: { commit: 1n, prepare: 1n },
    recordedAt,
    metadata,
    eventId: `e${revision}`,
  });

describe('study history projection', () => {
  it('keeps the details a study was created with as its first version', () => {
    const created: DomainEvent = {
      type: 'StudyCreated',
      data: {
        studyId,
        title: 'Public Service Mutuals Research',
        startsOn: '2018-01-08',
        endsOn: '2020-03-31',
        createdAt: '2018-01-02T09:00:00.000Z',
      },
    };
    expect(project(created, 0n)).toEqual([
      {
        op: 'upsert',
        entity: StudyHistoryEntry,
        conflictPaths: ['eventId'],
        row: {
          eventId: 'e0',
          studyId,
          version: 1,
          change: 'created',
          details: { title: 'Public Service Mutuals Research', startsOn: '2018-01-08', endsOn: '2020-03-31' },
          reason: null,
          recordedBy: 'a-1',
          recordedAt,
        },
      },
    ]);
  });

  it('keeps each change with only what it changed, the reason apart, and who made it', () => {
    const changed: DomainEvent = {
      type: 'StudyDetailsChanged',
      data: {
        studyId,
        endsOn: '2020-06-30',
        timeZone: 'Europe/London',
        reason: 'Extended by the funder',
        changedAt: recordedAt.toISOString(),
      },
    };
    expect(project(changed, 2n, { recordedBy: 'a-2' })).toEqual([
      expect.objectContaining({
        row: expect.objectContaining({
          version: 3,
          change: 'changed',
          details: { endsOn: '2020-06-30', timeZone: 'Europe/London' },
          reason: 'Extended by the funder',
          recordedBy: 'a-2',
        }),
      }),
    ]);
    const unexplained: DomainEvent = { type: 'StudyDetailsChanged', data: { studyId, title: 'PSM', changedAt: recordedAt.toISOString() } };
    expect(project(unexplained, 3n, {})).toEqual([
      expect.objectContaining({ row: expect.objectContaining({ details: { title: 'PSM' }, reason: null, recordedBy: null }) }),
    ]);
  });

  it('ignores events of other streams', () => {
    expect(
      project(
        { type: 'CaseWithdrawn', data: { caseId: 'c', reason: 'x', occurredOn: '2026-11-23', withdrawnAt: recordedAt.toISOString() } },
        0n,
        {},
        'case-c',
      ),
    ).toEqual([]);
  });
});
