// Random but plausible histories for the projections: every domain event type, built from the
// domain's own example of it (`EVENT_EXAMPLES`), with ids drawn from small pools so that later
// events meet the rows earlier ones made (corrections of recorded milestones, waves of enrolled
// cases, erasure of added contacts) and with the values that projections branch on varied.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  type DomainEvent,
  type DomainEventType,
  accountStreamName,
  caseStreamName,
  exportStreamName,
  mutualStreamName,
  studyStreamName,
  toStoredEvent,
} from '@casebook/domain';
import type { EventStore, Position } from '@casebook/event-store';
import type { ProjectedEvent } from '@casebook/read-models';
// The examples and the registrations are the domain's own, not part of its public surface.
import { EVENT_EXAMPLES } from '../../libs/domain/src/event-examples.js';
import { accountEventRegistrations } from '../../libs/domain/src/account/account.registrations.js';
import { caseEventRegistrations } from '../../libs/domain/src/case/case.registrations.js';
import { mutualEventRegistrations } from '../../libs/domain/src/mutual/mutual.registrations.js';
import { studyEventRegistrations } from '../../libs/domain/src/study/study.registrations.js';
import { exportEventRegistrations } from '../../libs/domain/src/export/export.registrations.js';

const pool = (prefix: string, size: number) =>
  Array.from({ length: size }, (_, i) => `${prefix}${String(i).padStart(4, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`);

const POOLS: Record<string, string[]> = {
  mutualId: pool('1111', 3),
  milestoneId: pool('2222', 5),
  studyId: pool('3333', 2),
  earlierStudyId: pool('3333', 2),
  caseId: pool('4444', 3),
  earlierCaseId: pool('4444', 3),
  waveId: pool('5555', 4),
  interviewId: pool('6666', 4),
  contactId: pool('7777', 3),
  accountId: pool('8888', 2),
  interviewerAccountId: pool('8888', 2),
  tokenId: pool('9999', 2),
  exportId: pool('aaaa', 3),
};

/** The event types of each kind of stream, as each aggregate registers them. */
export const STREAM_EVENT_TYPES = {
  mutual: Object.keys(mutualEventRegistrations),
  case: Object.keys(caseEventRegistrations),
  account: Object.keys(accountEventRegistrations),
  study: Object.keys(studyEventRegistrations),
  export: Object.keys(exportEventRegistrations),
} as Record<'mutual' | 'case' | 'account' | 'study' | 'export', DomainEventType[]>;

const ALL_TYPES: DomainEventType[] = Object.values(STREAM_EVENT_TYPES).flat();

function streamNameOf(type: DomainEventType, data: Record<string, string>): string {
  if (STREAM_EVENT_TYPES.mutual.includes(type)) return mutualStreamName(data.mutualId);
  if (STREAM_EVENT_TYPES.case.includes(type)) return caseStreamName(data.caseId);
  if (STREAM_EVENT_TYPES.account.includes(type)) return accountStreamName(data.accountId);
  if (STREAM_EVENT_TYPES.export.includes(type)) return exportStreamName(data.exportId);
  return studyStreamName(data.studyId);
}

// Milestones may be dated to a year or a month; the other events' days are whole dates.
const PARTIAL_DATES = ['2016', '2016-06', '2016-06-01', '2019-03-29', '2021-11', '2024-02-29'];
const DAYS = ['2016-06-01', '2019-03-29', '2024-02-29', '2026-04-30'];

/**
 * Text the record accepts that a writer could still get wrong: quotes and backslashes (JSON and
 * SQL both escape them), line breaks and tabs, right-to-left names with the isolates and marks
 * they need, astral characters, combining marks, JSON and SQL look-alikes, LIKE wildcards, and
 * text far longer than a name.
 */
export const HOSTILE_TEXTS = [
  `O'Brien & "Partners" \\ Co`,
  'Line one\nline two\ttabbed\r\nthree',
  '\u2067مؤسسة الرعاية\u2069 \u200Fשירותי קהילה\u200F',
  'Care 🏥 Co-op 𝔐𝔲𝔱𝔲𝔞𝔩 e\u0301',
  '{"name": "not json", "array": [1, 2]}',
  "'); DROP TABLE read_models.mutuals; --",
  '100% _mutual_ \\%',
  'Long notes '.repeat(1_000),
];

interface Draw {
  type: DomainEventType;
  picks: number[];
  variant: number;
  flag: boolean;
}

function eventOf({ type, picks, variant, flag }: Draw): DomainEvent {
  const data = structuredClone(EVENT_EXAMPLES[type]) as unknown as Record<string, unknown>;
  Object.keys(POOLS).forEach((field, i) => {
    if (field in data) data[field] = POOLS[field][picks[i] % POOLS[field].length];
  });
  if (typeof data.occurredOn === 'string') {
    const dates = data.occurredOn.length === 10 ? DAYS : PARTIAL_DATES;
    data.occurredOn = dates[variant % dates.length];
  }
  if (typeof data.name === 'string') data.name = `${data.name} ${variant % 7}`;
  // Every third event carries hostile text in the free-text fields it has.
  if (variant % 3 === 0) {
    const text = HOSTILE_TEXTS[Math.floor(variant / 3) % HOSTILE_TEXTS.length];
    for (const field of ['name', 'notes', 'text', 'title', 'aims', 'note', 'commissioner', 'parentBody'] as const) {
      if (typeof data[field] === 'string') data[field] = text;
    }
  }
  if (typeof data.consentToContact === 'boolean') data.consentToContact = flag;
  if (typeof data.waveNumber === 'number') data.waveNumber = 1 + (variant % 3);
  if (typeof data.reason === 'string') data.reason = `${data.reason} (${variant % 5})`;
  if (type === 'RegistrationCorrected' && flag) data.changes = { region: 'london' };
  if (type === 'ContactDetailsUpdated' && flag) data.personal = { email: `contact${variant % 4}@example.org` };
  return { type, data } as DomainEvent;
}

/** A history of `minLength` to `maxLength` events in `$all` order, with revisions and positions. */
export function eventSequence({ minLength = 20, maxLength = 150 } = {}): fc.Arbitrary<ProjectedEvent[]> {
  const draw = fc.record({
    type: fc.constantFrom(...ALL_TYPES),
    picks: fc.array(fc.nat(50), { minLength: Object.keys(POOLS).length, maxLength: Object.keys(POOLS).length }),
    variant: fc.nat(1000),
    flag: fc.boolean(),
  });
  return fc.array(draw, { minLength, maxLength }).map((draws) => {
    const revisions = new Map<string, bigint>();
    return draws.map((d, index): ProjectedEvent => {
      const event = eventOf(d);
      const streamName = streamNameOf(d.type, event.data as unknown as Record<string, string>);
      const revision = revisions.get(streamName) ?? 0n;
      revisions.set(streamName, revision + 1n);
      const position = BigInt(1000 + index * 10);
      return {
        event,
        streamName,
        revision,
        position: { commit: position, prepare: position },
        recordedAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000),
        metadata: { recordedBy: POOLS.accountId[index % 2], correlationId: `c-${index}` },
        eventId: `e0000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      };
    });
  });
}

export const ALL_EVENT_TYPES = ALL_TYPES;

/**
 * Appends a history to a real store as the API would, in appends of up to `chunk` events per
 * stream, the streams' appends interleaved in `$all`; returns the position of the last.
 */
export async function appendHistory(store: EventStore, history: ProjectedEvent[], chunk = 50): Promise<Position> {
  const byStream = new Map<string, ProjectedEvent[]>();
  for (const event of history) {
    const own = byStream.get(event.streamName);
    if (own) own.push(event);
    else byStream.set(event.streamName, [event]);
  }
  const appends = [...byStream.entries()].flatMap(([stream, events]) =>
    Array.from({ length: Math.ceil(events.length / chunk) }, (_, i) => ({
      stream,
      events: events.slice(i * chunk, i * chunk + chunk),
      order: i,
    })),
  );
  appends.sort((a, b) => a.order - b.order || a.stream.localeCompare(b.stream));
  let head: Position | undefined;
  for (const { stream, events } of appends) {
    const appended = await store.appendToStream(
      stream,
      events.map(({ event, metadata }) => ({ id: randomUUID(), ...toStoredEvent(event), metadata })),
    );
    head = appended.position;
  }
  if (!head) throw new Error('an empty history has no head');
  return head;
}
