import type { DomainEvent } from '@casebook/domain';
import { StudySummary } from '../entities/study-summary.entity.js';
import { studySummaryProjection } from './study-summary.projection.js';

const recordedAt = new Date('2026-11-23T10:00:00Z');
const studyId = '5b0e2f1c-6d7a-4c8e-9f10-2a3b4c5d6e7f';
const project = (event: DomainEvent, revision = 0n, streamName = `study-${studyId}`) =>
  studySummaryProjection.project({
    event,
    revision,
    streamName,
    position: { commit: 1n, prepare: 1n },
    recordedAt,
    metadata: {},
    eventId: 'e1',
  });

describe('study summary projection', () => {
  it('adds a created study at version 1, with no aims or time zone when none were given', () => {
    expect(
      project({
        type: 'StudyCreated',
        data: {
          studyId,
          title: 'Public Service Mutuals Research',
          startsOn: '2018-01-01',
          endsOn: '2020-03-31',
          createdAt: '2026-11-01T09:00:00.000Z',
        },
      }),
    ).toEqual([
      {
        op: 'upsert',
        entity: StudySummary,
        conflictPaths: ['studyId'],
        row: {
          studyId,
          title: 'Public Service Mutuals Research',
          startsOn: '2018-01-01',
          endsOn: '2020-03-31',
          aims: null,
          timeZone: null,
          createdAt: new Date('2026-11-01T09:00:00.000Z'),
          version: 1,
        },
      },
    ]);
  });

  it('writes only the details that changed, and the version', () => {
    expect(
      project(
        { type: 'StudyDetailsChanged', data: { studyId, endsOn: '2020-06-30', aims: 'Longer', changedAt: recordedAt.toISOString() } },
        3n,
      ),
    ).toEqual([{ op: 'update', entity: StudySummary, where: { studyId }, set: { endsOn: '2020-06-30', aims: 'Longer', version: 4 } }]);
  });

  it('writes a new time zone, and keeps the reason for a change out of the summary', () => {
    expect(
      project(
        {
          type: 'StudyDetailsChanged',
          data: { studyId, timeZone: 'Europe/London', reason: 'Fieldwork in England', changedAt: recordedAt.toISOString() },
        },
        1n,
      ),
    ).toEqual([{ op: 'update', entity: StudySummary, where: { studyId }, set: { timeZone: 'Europe/London', version: 2 } }]);
  });

  it('ignores events of other streams', () => {
    expect(
      project(
        { type: 'CaseWithdrawn', data: { caseId: 'c', reason: 'x', occurredOn: '2026-11-23', withdrawnAt: recordedAt.toISOString() } },
        0n,
        'case-c',
      ),
    ).toEqual([]);
  });

  it('moves only the version on a reminder policy change, so the study keeps the ETag its writes expect', () => {
    const policy = {
      daysBefore: [7],
      followUpDaysIntoWindow: null,
      workingHours: { from: '09:00', to: '12:00' },
      workingDays: [1, 3] as (1 | 3)[],
    };
    expect(project({ type: 'ReminderPolicyChanged', data: { studyId, ...policy, changedAt: '2026-11-02T09:00:00.000Z' } }, 4n)).toEqual([
      { op: 'update', entity: StudySummary, where: { studyId }, set: { version: 5 } },
    ]);
  });
});
