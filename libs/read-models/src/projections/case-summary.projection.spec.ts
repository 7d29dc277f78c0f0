import type { CaseSelection, DomainEvent } from '@casebook/domain';
import { CaseSummary } from '../entities/case-summary.entity.js';
import { caseSummaryProjection } from './case-summary.projection.js';

const recordedAt = new Date('2026-11-23T10:00:00Z');
const caseId = '7a1f0c3e-2b4d-4e6f-8a9b-0c1d2e3f4a5b';
const project = (event: DomainEvent, revision: bigint, streamName = `case-${caseId}`) =>
  caseSummaryProjection.project({
    event,
    revision,
    streamName,
    position: { commit: 1n, prepare: 1n },
    recordedAt,
    metadata: {},
    eventId: 'e1',
  });

const selection: CaseSelection = {
  serviceAreas: ['health-and-social-care'],
  stageOfDevelopment: 'established',
  turnoverBand: '5m-20m',
  employeeBand: '250-999',
  region: 'north-west',
  legalForm: 'community-interest-company',
};

describe('case summary projection', () => {
  it('adds an enrolled case as active, at version 1', () => {
    expect(
      project(
        { type: 'CaseEnrolled', data: { caseId, studyId: 's', mutualId: 'm', selection, enrolledAt: '2026-01-05T09:00:00.000Z' } },
        0n,
      ),
    ).toEqual([
      {
        op: 'upsert',
        entity: CaseSummary,
        conflictPaths: ['caseId'],
        row: {
          caseId,
          studyId: 's',
          mutualId: 'm',
          selection,
          status: 'active',
          earlierCaseId: null,
          withdrawnReason: null,
          withdrawnOn: null,
          enrolledAt: new Date('2026-01-05T09:00:00.000Z'),
          version: 1,
        },
      },
    ]);
  });

  it('keeps a size band that was not given as null, inventing none', () => {
    const { employeeBand: _, ...byTurnover } = selection;
    const [change] = project(
      {
        type: 'CaseEnrolled',
        data: { caseId, studyId: 's', mutualId: 'm', selection: byTurnover, enrolledAt: '2026-01-05T09:00:00.000Z' },
      },
      0n,
    );
    expect(change).toMatchObject({ op: 'upsert', row: { selection: { ...byTurnover, employeeBand: null } } });
    const [neither] = project(
      {
        type: 'CaseEnrolled',
        data: {
          caseId,
          studyId: 's',
          mutualId: 'm',
          selection: { ...byTurnover, turnoverBand: undefined },
          enrolledAt: '2026-01-05T09:00:00.000Z',
        },
      },
      0n,
    );
    expect(neither).toMatchObject({ row: { selection: { turnoverBand: null, employeeBand: null } } });
  });

  it('records the case a revisit links to', () => {
    expect(
      project({ type: 'CaseLinkedToEarlierCase', data: { caseId, earlierCaseId: 'c0', earlierStudyId: 's0', note: 'Revisit' } }, 1n),
    ).toEqual([{ op: 'update', entity: CaseSummary, where: { caseId }, set: { earlierCaseId: 'c0', version: 2 } }]);
  });

  it('marks a withdrawn case with its reason and the day it was withdrawn', () => {
    expect(
      project(
        {
          type: 'CaseWithdrawn',
          data: { caseId, reason: 'The board declined', occurredOn: '2020-03-20', withdrawnAt: recordedAt.toISOString() },
        },
        5n,
      ),
    ).toEqual([
      {
        op: 'update',
        entity: CaseSummary,
        where: { caseId },
        set: { status: 'withdrawn', withdrawnReason: 'The board declined', withdrawnOn: '2020-03-20', version: 6 },
      },
    ]);
  });

  it('moves the version for every other event of the case, waves and contacts included', () => {
    const wave: DomainEvent = {
      type: 'WaveCompleted',
      data: { caseId, waveId: 'w', occurredOn: '2026-11-20', completedAt: recordedAt.toISOString() },
    };
    const contact: DomainEvent = { type: 'ContactErased', data: { caseId, contactId: 'p', erasedAt: recordedAt.toISOString() } };
    expect(project(wave, 2n)).toEqual([{ op: 'update', entity: CaseSummary, where: { caseId }, set: { version: 3 } }]);
    expect(project(contact, 3n)).toEqual([{ op: 'update', entity: CaseSummary, where: { caseId }, set: { version: 4 } }]);
  });

  it('ignores events of other streams', () => {
    expect(
      project(
        {
          type: 'StudyCreated',
          data: { studyId: 's', title: 'T', startsOn: '2018-01-01', endsOn: '2019-01-01', createdAt: recordedAt.toISOString() },
        },
        0n,
        'study-s',
      ),
    ).toEqual([]);
  });
});
