import type { DomainEvent } from '@casebook/domain';
import { TimelineEntry } from '../entities/timeline-entry.entity.js';
import { mutualTimelineProjection } from './mutual-timeline.projection.js';

const recordedAt = new Date('2026-11-23T10:00:00Z');
const project = (event: DomainEvent, revision = 1n) =>
  mutualTimelineProjection.project({
    event,
    revision,
    streamName: 'mutual-x',
    position: { commit: 1n, prepare: 1n },
    recordedAt,
    metadata: { recordedBy: 'a1', source: { kind: 'document', reference: 'Annual report 2015' } },
    eventId: 'e1',
  });

describe('mutual timeline projection', () => {
  it('turns a contract renewal into a timeline row that keeps its precision, details, recorder and source', () => {
    const changes = project({
      type: 'ContractRenewed',
      data: {
        mutualId: 'm',
        milestoneId: 'k',
        occurredOn: '2015-03',
        commissioner: 'CCG',
        startsOn: '2015-04',
        endsOn: '2018-03',
        annualValueGbp: 100,
      },
    });
    expect(changes).toEqual([
      {
        op: 'upsert',
        entity: TimelineEntry,
        conflictPaths: ['milestoneId'],
        row: {
          milestoneId: 'k',
          mutualId: 'm',
          type: 'contract-renewed',
          occurredOn: '2015-03',
          precision: 'month',
          sortKey: '2015-03-01:1',
          lastDay: '2015-03-31',
          details: { commissioner: 'CCG', startsOn: '2015-04', endsOn: '2018-03', annualValueGbp: 100 },
          streamRevision: '1',
          recordedAt,
          recordedBy: 'a1',
          source: { kind: 'document', reference: 'Annual report 2015' },
          correctedAt: null,
          correctedBy: null,
          correctionReason: null,
        },
      },
    ]);
  });

  it('gives sort keys that order like the calendar, a year before its first day', () => {
    const key = (occurredOn: string) =>
      (
        project({
          type: 'MutualSpunOut',
          data: { mutualId: 'm', milestoneId: occurredOn, occurredOn, parentBody: 'PCT' },
        })[0] as unknown as {
          row: { sortKey: string };
        }
      ).row.sortKey;
    const keys = ['2012-01-01', '2011', '2012', '2012-04'].map(key).sort();
    expect(keys).toEqual([key('2011'), key('2012'), key('2012-01-01'), key('2012-04')]);
  });

  it('ignores events that are not milestones', () => {
    expect(
      project({
        type: 'MutualRegistered',
        data: { mutualId: 'm', name: 'X', serviceAreas: ['housing'], registeredAt: '2026-01-01T00:00:00Z' },
      }),
    ).toEqual([]);
  });
});

describe('mutual timeline projection, corrections', () => {
  it('shows a corrected milestone with its new date and values, and who corrected it, when and why', () => {
    expect(
      project({
        type: 'MilestoneCorrected',
        data: {
          mutualId: 'm',
          milestoneId: 'k',
          milestoneType: 'MutualSpunOut',
          occurredOn: '2012-04-01',
          values: { parentBody: 'Riverside PCT' },
          reason: 'Annual report gives the day',
        },
      }),
    ).toEqual([
      {
        op: 'update',
        entity: TimelineEntry,
        where: { milestoneId: 'k' },
        set: {
          occurredOn: '2012-04-01',
          precision: 'day',
          sortKey: '2012-04-01:2',
          lastDay: '2012-04-01',
          details: { parentBody: 'Riverside PCT' },
          source: { kind: 'document', reference: 'Annual report 2015' },
          correctedAt: recordedAt,
          correctedBy: 'a1',
          correctionReason: 'Annual report gives the day',
        },
      },
    ]);
  });

  it('shows the effective end of a lost or ended contract, given or not, recorded or corrected', () => {
    const detailsOf = (changes: ReturnType<typeof project>): unknown[] =>
      changes.map((change): unknown =>
        change.op === 'upsert' ? change.row.details : change.op === 'update' ? change.set.details : undefined,
      );
    const lost = { mutualId: 'm', milestoneId: 'k', occurredOn: '2019-10', commissioner: 'CCG' };
    expect(detailsOf(project({ type: 'ContractLost', data: lost }))).toEqual([{ commissioner: 'CCG', endsOn: '2019-10' }]);
    expect(detailsOf(project({ type: 'ContractEnded', data: { ...lost, endsOn: '2020-03' } }))).toEqual([
      { commissioner: 'CCG', endsOn: '2020-03' },
    ]);
    const corrected = {
      mutualId: 'm',
      milestoneId: 'k',
      milestoneType: 'ContractLost' as const,
      occurredOn: '2019-11',
      values: { commissioner: 'CCG' },
      reason: 'Letter',
    };
    expect(detailsOf(project({ type: 'MilestoneCorrected', data: corrected }))).toEqual([{ commissioner: 'CCG', endsOn: '2019-11' }]);
  });

  it('takes a retracted milestone off the timeline', () => {
    expect(
      project({ type: 'MilestoneRetracted', data: { mutualId: 'm', milestoneId: 'k', reason: 'Recorded for the wrong mutual' } }),
    ).toEqual([{ op: 'delete', entity: TimelineEntry, where: { milestoneId: 'k' } }]);
  });
});
