import fc from 'fast-check';
import { instantOfLocal } from '../shared/zoned-time.js';
import { DEFAULT_REMINDER_POLICY, type IsoWeekday, type ReminderPolicy, minutesOfClock } from '../study/reminder-policy.js';
import type { ContactState, WaveState } from './case.state.js';
import type { WaveStatus } from './case.vocabulary.js';
import {
  type Reminder,
  type ReminderRecord,
  type WaveReminderInput,
  currentReminder,
  isDue,
  remindersOfCase,
  remindersOfWave,
} from './reminder-schedule.js';

const waveId = '3c9d2e1f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const contactIds = [
  '0c9e8f7a-6b5d-4c3e-9f2a-1b0c9d8e7f6a',
  '1dee6e3e-c67d-4803-8b33-63d93f46f1af',
  'b97db4a9-f432-4615-8fb1-a5d38cebdac4',
  '6f1e2d3c-4b5a-4968-8776-655443322110',
];
const reachable = (contactId: string): ContactState => ({
  contactId,
  role: 'director',
  consentToContact: true,
  optedOut: false,
  erased: false,
  personal: { name: 'Sam Okafor', email: 'sam@example.org' },
});
const wave = (opensOn: string, closesOn: string, changes: Partial<WaveState> = {}): WaveState => ({
  waveId,
  waveNumber: 1,
  opensOn,
  closesOn,
  status: 'scheduled',
  remindContactIds: [contactIds[0]],
  windowVersion: 1,
  interviews: [],
  reminderOutcomes: [],
  ...changes,
});
const input = (w: WaveState, now: string, changes: Partial<WaveReminderInput> = {}): WaveReminderInput => ({
  policy: DEFAULT_REMINDER_POLICY,
  timeZone: 'Europe/London',
  caseStatus: 'enrolled',
  wave: w,
  contacts: contactIds.map(reachable),
  now,
  ...changes,
});
const summary = (reminders: Reminder[]) =>
  reminders.map((r) => `${r.kind === 'before-opening' ? `before-${r.daysBefore}` : 'follow-up'} ${r.sendAt}`);
const longBefore = '2026-01-05T12:00:00.000Z';

describe('reminder schedule, at the clock changes', () => {
  it('times reminders in BST once London has moved its clocks in March', () => {
    expect(summary(remindersOfWave(input(wave('2026-04-13', '2026-05-08'), longBefore)))).toEqual([
      'before-14 2026-03-30T08:00:00.000Z',
      'before-3 2026-04-10T08:00:00.000Z',
      'follow-up 2026-04-20T08:00:00.000Z',
    ]);
  });

  it('keeps GMT before the March change, and steps back over the weekend of the change', () => {
    expect(summary(remindersOfWave(input(wave('2026-04-01', '2026-04-30'), longBefore)))).toEqual([
      'before-14 2026-03-18T09:00:00.000Z',
      // 29 March, a Sunday and the day of the change: the Friday before, still GMT.
      'before-3 2026-03-27T09:00:00.000Z',
      'follow-up 2026-04-08T08:00:00.000Z',
    ]);
  });

  it('returns to GMT after the October change', () => {
    expect(summary(remindersOfWave(input(wave('2026-10-28', '2026-11-20'), '2026-09-01T12:00:00.000Z')))).toEqual([
      'before-14 2026-10-14T08:00:00.000Z',
      'before-3 2026-10-23T08:00:00.000Z',
      'follow-up 2026-11-04T09:00:00.000Z',
    ]);
  });

  it('follows New York, whose clocks change on other days', () => {
    const newYork = { timeZone: 'America/New_York' };
    expect(summary(remindersOfWave(input(wave('2026-03-16', '2026-04-10'), longBefore, newYork)))).toEqual([
      'before-14 2026-03-02T14:00:00.000Z',
      'before-3 2026-03-13T13:00:00.000Z',
      'follow-up 2026-03-23T13:00:00.000Z',
    ]);
    expect(summary(remindersOfWave(input(wave('2026-11-04', '2026-11-30'), '2026-09-01T12:00:00.000Z', newYork)))).toEqual([
      'before-14 2026-10-21T13:00:00.000Z',
      'before-3 2026-10-30T13:00:00.000Z',
      'follow-up 2026-11-11T14:00:00.000Z',
    ]);
  });

  it('starts working hours that fall in the skipped or repeated hour at a moment that exists, once', () => {
    const night: ReminderPolicy = {
      daysBefore: [1],
      followUpDaysIntoWindow: null,
      workingHours: { from: '01:30', to: '03:00' },
      workingDays: [1, 2, 3, 4, 5, 6, 7],
    };
    expect(summary(remindersOfWave(input(wave('2026-03-30', '2026-04-30'), longBefore, { policy: night })))).toEqual([
      'before-1 2026-03-29T01:30:00.000Z',
    ]);
    expect(summary(remindersOfWave(input(wave('2026-10-26', '2026-11-30'), longBefore, { policy: night })))).toEqual([
      'before-1 2026-10-25T00:30:00.000Z',
    ]);
  });
});

describe('reminder schedule, as time passes', () => {
  const april = wave('2026-04-13', '2026-05-08');

  it('sends a reminder whose moment has passed at once when it is working time', () => {
    // Thursday 11:00 BST: the fortnight's reminder is late, the three days' one still to come.
    expect(summary(remindersOfWave(input(april, '2026-04-09T10:00:00.000Z')))).toEqual([
      'before-14 2026-04-09T10:00:00.000Z',
      'before-3 2026-04-10T08:00:00.000Z',
      'follow-up 2026-04-20T08:00:00.000Z',
    ]);
  });

  it('sends one reminder, the nearest the opening, when late ones would fall together', () => {
    // Thursday 19:00 BST: the next working moment is Friday 09:00, the three days' reminder's own.
    expect(summary(remindersOfWave(input(april, '2026-04-09T18:00:00.000Z')))).toEqual([
      'before-3 2026-04-10T08:00:00.000Z',
      'follow-up 2026-04-20T08:00:00.000Z',
    ]);
  });

  it('sends no before-opening reminder once the next working moment is in the window', () => {
    expect(summary(remindersOfWave(input(april, '2026-04-11T12:00:00.000Z')))).toEqual(['follow-up 2026-04-20T08:00:00.000Z']);
  });

  it('sends a late follow-up at the next working moment while the window is open, and nothing after it closes', () => {
    expect(summary(remindersOfWave(input(april, '2026-04-22T06:00:00.000Z')))).toEqual(['follow-up 2026-04-22T08:00:00.000Z']);
    // Friday 8 May, 18:00 BST: the last day's working hours are over.
    expect(remindersOfWave(input(april, '2026-05-08T17:00:00.000Z'))).toEqual([]);
    expect(remindersOfWave(input(april, '2026-05-09T10:00:00.000Z'))).toEqual([]);
  });

  it('sends no follow-up that would fall after the window closes', () => {
    expect(summary(remindersOfWave(input(wave('2026-04-13', '2026-04-17'), longBefore)))).toEqual([
      'before-14 2026-03-30T08:00:00.000Z',
      'before-3 2026-04-10T08:00:00.000Z',
    ]);
  });

  it('gives job ids BullMQ accepts, from the wave, contact, kind and window version', () => {
    const ids = remindersOfWave(input(wave('2026-04-13', '2026-05-08', { windowVersion: 2 }), longBefore)).map((r) => r.jobId);
    expect(ids).toEqual([
      `reminder_${waveId}_${contactIds[0]}_before-14_v2`,
      `reminder_${waveId}_${contactIds[0]}_before-3_v2`,
      `reminder_${waveId}_${contactIds[0]}_follow-up_v2`,
    ]);
    for (const id of ids) {
      expect(id).not.toContain(':');
      expect(`${parseInt(id, 10)}`).not.toBe(id);
    }
  });

  it('tells a worker that ran late, after working hours, when the reminder is now due', () => {
    const [followUp] = remindersOfWave(input(april, '2026-04-15T12:00:00.000Z')).filter((r) => r.kind === 'follow-up');
    expect(followUp.sendAt).toBe('2026-04-20T08:00:00.000Z');
    const state = {
      policy: DEFAULT_REMINDER_POLICY,
      timeZone: 'Europe/London',
      case: {
        status: 'enrolled' as const,
        caseId: 'case',
        studyId: 'study',
        mutualId: 'mutual',
        selection: {} as never,
        waves: [april],
        contacts: contactIds.map(reachable),
      },
    };
    // Monday 20 April, 19:30 BST: still called for, at 09:00 the next morning.
    expect(isDue(followUp, state, '2026-04-20T18:30:00.000Z')).toBe(true);
    expect(currentReminder(followUp, state, '2026-04-20T18:30:00.000Z')?.sendAt).toBe('2026-04-21T08:00:00.000Z');
    expect(isDue({ ...followUp, waveId: 'another' }, state, '2026-04-20T18:30:00.000Z')).toBe(false);
  });

  it.each<[WaveStatus]>([['cancelled'], ['completed'], ['skipped'], ['signed-off']])('calls for nothing once the wave is %s', (status) => {
    expect(remindersOfWave(input(wave('2026-04-13', '2026-05-08', { status }), longBefore))).toEqual([]);
  });

  it('calls for nothing once the case is withdrawn', () => {
    expect(remindersOfWave(input(april, longBefore, { caseStatus: 'withdrawn' }))).toEqual([]);
  });
});

// ---- properties ----

const ZONES = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'] as const;
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const clockOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The local day, weekday and minute of an instant, read by Intl directly rather than by the code under test. */
function localOf(instant: string, timeZone: string) {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  for (const { type, value } of format.formatToParts(new Date(instant))) parts[type] = value;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday],
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(Math.floor(ms / DAY) * DAY).toISOString().slice(0, 10);

const aPolicy: fc.Arbitrary<ReminderPolicy> = fc
  .record({
    daysBefore: fc.uniqueArray(fc.integer({ min: 1, max: 90 }), { maxLength: 4 }),
    followUpDaysIntoWindow: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
    from: fc.integer({ min: 0, max: 95 }).map((quarter) => quarter * 15),
    length: fc.integer({ min: 1, max: 48 }).map((quarters) => quarters * 15),
    workingDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
  })
  .map(({ daysBefore, followUpDaysIntoWindow, from, length, workingDays }) => ({
    daysBefore,
    followUpDaysIntoWindow,
    workingHours: { from: clockOf(from), to: clockOf(Math.min(from + length, 23 * 60 + 59)) },
    workingDays: workingDays as IsoWeekday[],
  }));

const aContact: fc.Arbitrary<(id: string) => ContactState> = fc
  .record({ consentToContact: fc.boolean(), optedOut: fc.boolean(), erased: fc.boolean(), unreadable: fc.boolean() })
  .map(({ consentToContact, optedOut, erased, unreadable }) => (contactId) => ({
    ...reachable(contactId),
    consentToContact,
    optedOut,
    erased,
    personal: erased || unreadable ? null : { name: 'Ana Lima', email: 'ana@example.org' },
  }));

const aScenario = fc
  .record({
    policy: aPolicy,
    timeZone: fc.constantFrom(...ZONES),
    opensAt: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }),
    length: fc.integer({ min: 0, max: 45 }),
    windowVersion: fc.integer({ min: 1, max: 6 }),
    status: fc.constantFrom<WaveStatus>('scheduled', 'in-progress', 'scheduled', 'in-progress', 'completed', 'cancelled'),
    contacts: fc.array(fc.oneof(aContact, fc.constant(reachable)), { minLength: 4, maxLength: 4 }),
    named: fc.subarray(contactIds, { minLength: 1 }),
    interviewed: fc.subarray(contactIds),
    // Half the time in the first weeks of the window, where follow-ups fall.
    nowOffset: fc.oneof(fc.integer({ min: -100 * DAY, max: 60 * DAY }), fc.integer({ min: 0, max: 30 * DAY })),
    // Half the time a moment inside working hours (on any day), where late reminders go out at once.
    inWorkingHours: fc.option(fc.double({ min: 0, max: 0.999, noNaN: true }), { nil: undefined }),
  })
  .map(({ policy, timeZone, opensAt, length, windowVersion, status, contacts, named, interviewed, nowOffset, inWorkingHours }) => {
    const opensOn = isoDay(opensAt);
    const w = wave(opensOn, isoDay(opensAt + length * DAY), {
      status,
      windowVersion,
      remindContactIds: named,
      interviews: interviewed.map((contactId, index) => ({ interviewId: `i-${index}`, interviewedOn: opensOn, contactId })),
    });
    const scenario: WaveReminderInput = {
      policy,
      timeZone,
      caseStatus: 'enrolled',
      wave: w,
      contacts: contacts.map((make, index) => make(contactIds[index])),
      now: new Date(opensAt + nowOffset).toISOString(),
    };
    if (inWorkingHours !== undefined) {
      const [from, to] = [policy.workingHours.from, policy.workingHours.to].map(minutesOfClock);
      const minute = from + Math.floor(inWorkingHours * (to - from));
      scenario.now = new Date(instantOfLocal(isoDay(opensAt + nowOffset), minute, timeZone) + 17_000).toISOString();
    }
    return scenario;
  });

const record = (scenario: WaveReminderInput): ReminderRecord => ({
  policy: scenario.policy,
  timeZone: scenario.timeZone,
  case: {
    status: scenario.caseStatus,
    caseId: 'case',
    studyId: 'study',
    mutualId: 'mutual',
    selection: {} as never,
    waves: [scenario.wave as WaveState],
    contacts: [...scenario.contacts],
  },
});

const RUNS = { numRuns: 300 };

describe('reminder schedule, properties', () => {
  it('sends every reminder at a working moment in the study zone, not before now', () => {
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(aScenario, (scenario) => {
        const { from, to } = scenario.policy.workingHours;
        const [fromMinutes, toMinutes] = [from, to].map((clock) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3)));
        for (const reminder of remindersOfWave(scenario)) {
          const kind = `${reminder.kind} ${reminder.sendAt === scenario.now ? 'at once' : 'later'}`;
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          const local = localOf(reminder.sendAt, scenario.timeZone);
          expect(scenario.policy.workingDays).toContain(local.weekday);
          expect(local.minutes).toBeGreaterThanOrEqual(fromMinutes);
          expect(local.minutes).toBeLessThan(toMinutes);
          expect(reminder.sendAt >= scenario.now).toBe(true);
        }
      }),
      { numRuns: 1_000 },
    );
    // The scenarios reach every kind of reminder, late ones sent at once included, and not by a fluke.
    expect([...kinds.keys()].sort()).toEqual(['before-opening at once', 'before-opening later', 'follow-up at once', 'follow-up later']);
  });

  it('sends before-opening reminders before the window opens and follow-ups inside it, on or after their day', () => {
    fc.assert(
      fc.property(aScenario, (scenario) => {
        const { opensOn, closesOn } = scenario.wave;
        for (const reminder of remindersOfWave(scenario)) {
          const { day } = localOf(reminder.sendAt, scenario.timeZone);
          if (reminder.kind === 'before-opening') {
            expect(day < opensOn).toBe(true);
          } else {
            expect(day >= isoDay(Date.parse(opensOn) + Number(scenario.policy.followUpDaysIntoWindow) * DAY)).toBe(true);
            expect(day <= closesOn).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('reminds only named contacts who may be contacted, and follows up only those not interviewed', () => {
    fc.assert(
      fc.property(aScenario, (scenario) => {
        const interviewed = new Set(scenario.wave.interviews.map((interview) => interview.contactId));
        for (const reminder of remindersOfWave(scenario)) {
          const contact = scenario.contacts.find((candidate) => candidate.contactId === reminder.contactId);
          expect(scenario.wave.remindContactIds).toContain(reminder.contactId);
          expect(contact).toMatchObject({ consentToContact: true, optedOut: false, erased: false });
          expect(contact?.personal).not.toBeNull();
          if (reminder.kind === 'follow-up') expect(interviewed.has(reminder.contactId)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('gives each (wave, contact, kind) one job id, a new one for each window version', () => {
    fc.assert(
      fc.property(aScenario, (scenario) => {
        const current = remindersOfWave(scenario);
        const keys = current.map((r) => `${r.contactId} ${r.kind === 'before-opening' ? r.daysBefore : 'follow-up'}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(current.map((r) => r.jobId)).size).toBe(current.length);
        const next = remindersOfWave({ ...scenario, wave: { ...scenario.wave, windowVersion: scenario.wave.windowVersion + 1 } });
        expect(next.map((r) => r.sendAt)).toEqual(current.map((r) => r.sendAt));
        for (const [index, reminder] of next.entries()) {
          expect(reminder.jobId).not.toBe(current[index].jobId);
          expect(reminder.jobId.replace(/_v\d+$/, '')).toBe(current[index].jobId.replace(/_v\d+$/, ''));
        }
      }),
      RUNS,
    );
  });

  it('keeps every reminder due when its moment comes, and none of them once the wave is rescheduled', () => {
    fc.assert(
      fc.property(aScenario, fc.integer({ min: -20, max: 20 }), (scenario, moveDays) => {
        const current = remindersOfWave(scenario);
        for (const reminder of current) expect(isDue(reminder, record(scenario), reminder.sendAt)).toBe(true);
        const moved = {
          ...scenario.wave,
          opensOn: isoDay(Date.parse(scenario.wave.opensOn) + moveDays * DAY),
          closesOn: isoDay(Date.parse(scenario.wave.closesOn) + moveDays * DAY),
          windowVersion: scenario.wave.windowVersion + 1,
        };
        const rescheduled = record({ ...scenario, wave: moved });
        for (const reminder of current) expect(isDue(reminder, rescheduled, reminder.sendAt)).toBe(false);
        for (const reminder of remindersOfCase(rescheduled, scenario.now)) expect(isDue(reminder, rescheduled, reminder.sendAt)).toBe(true);
      }),
      RUNS,
    );
  });

  it('drops a contact follow-up once an interview with them is recorded, and nothing else', () => {
    fc.assert(
      fc.property(aScenario, fc.constantFrom(...contactIds), (scenario, contactId) => {
        const before = remindersOfWave(scenario);
        const interviews = [...scenario.wave.interviews, { interviewId: 'i-new', interviewedOn: scenario.wave.opensOn, contactId }];
        const after = remindersOfWave({ ...scenario, wave: { ...scenario.wave, interviews } });
        expect(after).toEqual(before.filter((r) => !(r.kind === 'follow-up' && r.contactId === contactId)));
        const followUp = before.find((r) => r.kind === 'follow-up' && r.contactId === contactId);
        if (followUp) expect(isDue(followUp, record({ ...scenario, wave: { ...scenario.wave, interviews } }), followUp.sendAt)).toBe(false);
      }),
      RUNS,
    );
  });

  it('stops every reminder to a contact who opts out or is erased', () => {
    fc.assert(
      fc.property(
        aScenario,
        fc.constantFrom(...contactIds),
        fc.constantFrom('optedOut', 'erased', 'no-consent'),
        (scenario, contactId, change) => {
          const before = remindersOfWave(scenario);
          const contacts = scenario.contacts.map((contact) =>
            contact.contactId !== contactId
              ? contact
              : change === 'optedOut'
                ? { ...contact, optedOut: true, consentToContact: false }
                : change === 'erased'
                  ? { ...contact, erased: true, personal: null }
                  : { ...contact, consentToContact: false },
          );
          const after = remindersOfWave({ ...scenario, contacts });
          expect(after).toEqual(before.filter((r) => r.contactId !== contactId));
          for (const reminder of before.filter((r) => r.contactId === contactId))
            expect(isDue(reminder, record({ ...scenario, contacts }), reminder.sendAt)).toBe(false);
        },
      ),
      RUNS,
    );
  });

  it('calls for a full schedule for a study of twelve cases in a few milliseconds a case', () => {
    const started = performance.now();
    let count = 0;
    for (let caseIndex = 0; caseIndex < 12; caseIndex += 1) {
      for (let waveIndex = 0; waveIndex < 4; waveIndex += 1) {
        const opensOn = isoDay(Date.UTC(2026, 2 + waveIndex * 3, 2 + caseIndex));
        count += remindersOfWave(
          input(wave(opensOn, isoDay(Date.parse(opensOn) + 28 * DAY), { remindContactIds: contactIds }), longBefore),
        ).length;
      }
    }
    // Four contacts, four waves, twelve cases, three reminders each.
    expect(count).toBe(12 * 4 * 4 * 3);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
