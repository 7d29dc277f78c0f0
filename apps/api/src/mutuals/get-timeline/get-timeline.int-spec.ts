// Time travel against its reference model: random histories of one mutual's milestones
// (recorded, corrected, retracted, at known moments, with dates of every precision) are
// projected into real tables, and the timeline as known at any moment, as true on any day, both
// and neither, equals what folding the history up to that moment gives, in the same order; the
// profile on that day as known then is the domain's fold of the model's milestones.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { type DomainEvent, profileOn } from '@casebook/domain';
import {
  type ProjectedEvent,
  createDataSource,
  milestoneHistoryProjection,
  mutualSummaryProjection,
  mutualTimelineProjection,
  registrationHistoryProjection,
} from '@casebook/read-models';
import { applyRowChanges } from '../../../../../libs/read-models/src/projector/row-changes-writer.js';
import { type TestDatabase, createTestDatabase } from '../../../../../test/support/test-database.js';
import { GetTimeline, GetTimelineHandler } from './get-timeline.query.js';
import { MutualTimelineReader } from './mutual-timeline-reader.js';
import { GetMutualProfile, GetMutualProfileHandler } from '../get-profile/get-profile.query.js';
import type { Clock } from '@casebook/write-model';

type Operation = { kind: 'record' | 'correct'; milestone: number; occurredOn: string } | { kind: 'retract'; milestone: number };

const START = Date.UTC(2020, 0, 1);
const MINUTE = 60_000;
const aDate = fc
  .tuple(fc.integer({ min: 2014, max: 2017 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.constantFrom(4, 7, 10))
  .map(([year, month, day, length]) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`.slice(0, length));
const anOperation = fc.oneof(
  fc.record({ kind: fc.constantFrom('record' as const, 'correct' as const), milestone: fc.integer({ min: 0, max: 7 }), occurredOn: aDate }),
  fc.record({ kind: fc.constant('retract' as const), milestone: fc.integer({ min: 0, max: 7 }) }),
);
const aDay = aDate.map((date) => (date.length === 10 ? date : `${date.slice(0, 4)}-06-15`));

/** The first and last day a partial date could denote, worked out on the calendar. */
function span(occurredOn: string): [string, string] {
  const [year, month, day] = occurredOn.split('-').map(Number);
  const first = new Date(Date.UTC(year, (month ?? 1) - 1, day ?? 1));
  const last = day ? first : month ? new Date(Date.UTC(year, month, 0)) : new Date(Date.UTC(year, 11, 31));
  return [first.toISOString().slice(0, 10), last.toISOString().slice(0, 10)];
}

/** The model: fold the operations recorded before `before`, keep what had happened by `trueOn`. */
function expected(operations: Operation[], ids: string[], before: number, trueOn?: string): [string, string, boolean][] {
  const state = new Map<number, { occurredOn: string; retracted: boolean; recordedAs: number }>();
  operations.forEach((operation, index) => {
    if (START + (index + 1) * MINUTE >= before) return;
    const current = state.get(operation.milestone);
    if (operation.kind === 'record' && !current)
      state.set(operation.milestone, { occurredOn: operation.occurredOn, retracted: false, recordedAs: index });
    if (operation.kind === 'correct' && current && !current.retracted) current.occurredOn = operation.occurredOn;
    if (operation.kind === 'retract' && current) current.retracted = true;
  });
  const rank = (date: string) => (date.length === 4 ? 0 : date.length === 7 ? 1 : 2);
  return [...state.entries()]
    .filter(([, m]) => !m.retracted && (!trueOn || span(m.occurredOn)[0] <= trueOn))
    .sort(
      ([, a], [, b]) =>
        span(a.occurredOn)[0].localeCompare(span(b.occurredOn)[0]) ||
        rank(a.occurredOn) - rank(b.occurredOn) ||
        a.recordedAs - b.recordedAs,
    )
    .map(([milestone, m]) => [ids[milestone], m.occurredOn, trueOn !== undefined && span(m.occurredOn)[1] > trueOn]);
}

/** The events the API would have stored for the operations it accepts. */
function eventsOf(mutualId: string, ids: string[], operations: Operation[]): ProjectedEvent[] {
  const live = new Map<number, boolean>();
  const events: { event: DomainEvent; at: number }[] = [
    {
      event: {
        type: 'MutualRegistered',
        data: { mutualId, name: 'Model Mutual', serviceAreas: ['housing'], registeredAt: new Date(START).toISOString() },
      },
      at: START,
    },
  ];
  operations.forEach((operation, index) => {
    const at = START + (index + 1) * MINUTE;
    const milestoneId = ids[operation.milestone];
    const recorded = live.get(operation.milestone);
    const values = { commissioner: 'County Council', startsOn: '2014', endsOn: '2030' };
    if (operation.kind === 'record' && recorded === undefined) {
      live.set(operation.milestone, true);
      events.push({ event: { type: 'ContractAwarded', data: { mutualId, milestoneId, occurredOn: operation.occurredOn, ...values } }, at });
    } else if (operation.kind === 'correct' && recorded) {
      events.push({
        event: {
          type: 'MilestoneCorrected',
          data: { mutualId, milestoneId, milestoneType: 'ContractAwarded', occurredOn: operation.occurredOn, values, reason: 'r' },
        },
        at,
      });
    } else if (operation.kind === 'retract' && recorded) {
      live.set(operation.milestone, false);
      events.push({ event: { type: 'MilestoneRetracted', data: { mutualId, milestoneId, reason: 'r' } }, at });
    }
  });
  return events.map(({ event, at }, revision) => ({
    event,
    streamName: `mutual-${mutualId}`,
    revision: BigInt(revision),
    position: { commit: BigInt(revision + 1), prepare: BigInt(revision + 1) },
    recordedAt: new Date(at),
    metadata: { recordedBy: 'a0000000-0000-4000-8000-000000000001' },
    eventId: randomUUID(),
  }));
}

describe('the timeline as known and as true on a date, against a fold of its history', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let handler: GetTimelineHandler;
  let profiles: GetMutualProfileHandler;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createDataSource(database.url).initialize();
    handler = new GetTimelineHandler(new MutualTimelineReader(dataSource));
    const clock: Clock = { now: () => new Date('2018-01-01T12:00:00Z') };
    profiles = new GetMutualProfileHandler(new MutualTimelineReader(dataSource), clock);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('answers every moment and day as the model does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anOperation, { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 42 }), fc.option(aDay, { nil: undefined })), { minLength: 1, maxLength: 4 }),
        async (operations, questions) => {
          const mutualId = randomUUID();
          const ids = Array.from({ length: 8 }, () => randomUUID());
          const events = eventsOf(mutualId, ids, operations);
          await dataSource.transaction(async (manager) => {
            const projections = [
              mutualSummaryProjection,
              mutualTimelineProjection,
              milestoneHistoryProjection,
              registrationHistoryProjection,
            ];
            await applyRowChanges(
              manager,
              events.flatMap((event) => projections.flatMap((projection) => projection.project(event))),
            );
          });
          for (const [minutes, trueOn] of questions) {
            // A moment half a minute after an operation: the ones before it count, later ones not.
            const before = START + minutes * MINUTE + MINUTE / 2;
            const asKnown = await handler.execute(
              new GetTimeline(mutualId, { knownBefore: new Date(before), ...(trueOn && { trueOn }) }, 500),
            );
            const answer = asKnown.milestones.map((m): [string, string, boolean] => [m.id, m.occurredOn, m.uncertain === true]);
            expect(answer).toEqual(expected(operations, ids, before, trueOn));

            const day = trueOn ?? '2018-01-01';
            const known = expected(operations, ids, before).map(([milestoneId, occurredOn]) => ({
              milestoneId,
              type: 'contract-awarded' as const,
              occurredOn,
              details: { commissioner: 'County Council', startsOn: '2014', endsOn: '2030' },
            }));
            const profile = await profiles.execute(new GetMutualProfile(mutualId, trueOn, new Date(before)));
            const { on, ...model } = profileOn({ name: 'Model Mutual', serviceAreas: ['housing'] }, known, day);
            expect(profile).toEqual({ mutualId, trueOn: on, knownBefore: new Date(before).toISOString(), ...model });
          }
          const now = await handler.execute(new GetTimeline(mutualId, {}, 500));
          expect(now.milestones.map((m): [string, string, boolean] => [m.id, m.occurredOn, false])).toEqual(
            expected(operations, ids, Infinity),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
