import { caseDecider } from './case.decider.js';
import type { CaseEvent } from './case.events.js';
import { type CaseRecord, type CaseState, contactsToRemind, waveStatus } from './case.state.js';
import { stageOfDevelopmentAfter } from './case.vocabulary.js';

const caseId = 'c-1';
const at = '2026-01-05T09:00:00.000Z';

const enrolled: CaseEvent = {
  type: 'CaseEnrolled',
  data: {
    caseId,
    studyId: 's-1',
    mutualId: 'm-1',
    selection: {
      serviceAreas: ['education-youth-and-children'],
      stageOfDevelopment: 'early',
      turnoverBand: 'under-1m',
      employeeBand: 'under-50',
      region: 'london',
      legalForm: 'co-operative-society',
    },
    enrolledAt: at,
  },
};
const contact = (
  contactId: string,
  personal: { name: string; email: string } | null = { name: 'Sam', email: 'sam@example.org' },
): CaseEvent => ({
  type: 'ContactAdded',
  data: { caseId, contactId, role: 'director', consentToContact: true, personal },
});
const wave1: CaseEvent = {
  type: 'WaveScheduled',
  data: {
    caseId,
    waveId: 'w-1',
    waveNumber: 1,
    opensOn: '2026-01-12',
    closesOn: '2026-03-27',
    remindContactIds: ['p-1', 'p-2'],
    remindAt: '2026-01-05T09:00:00.000Z',
    scheduledAt: at,
  },
};
const interviewed: CaseEvent = {
  type: 'InterviewRecorded',
  data: {
    caseId,
    waveId: 'w-1',
    interviewId: 'i-1',
    role: 'staff',
    interviewedOn: '2026-02-02',
    interviewerAccountId: 'a-1',
    consent: 'given',
    contactId: 'p-1',
  },
};

const fold = (events: CaseEvent[]): CaseState => events.reduce(caseDecider.evolve, caseDecider.initialState());
const record = (events: CaseEvent[]): CaseRecord => {
  const state = fold(events);
  if (state.status === 'not-enrolled') throw new Error('expected an enrolled case');
  return state;
};

describe('case state', () => {
  describe('waveStatus', () => {
    it('moves a wave from scheduled to in-progress at its first interview', () => {
      expect(waveStatus(record([enrolled, wave1]).waves[0], '2026-02-01').status).toBe('scheduled');
      expect(waveStatus(record([enrolled, wave1, interviewed]).waves[0], '2026-02-02').status).toBe('in-progress');
    });

    it.each([
      ['scheduled', '2026-03-28', true],
      ['in-progress', '2026-03-28', true],
      ['scheduled', '2026-03-27', false],
      ['in-progress', '2026-01-01', false],
      ['completed', '2027-01-01', false],
      ['skipped', '2027-01-01', false],
      ['cancelled', '2027-01-01', false],
      ['signed-off', '2027-01-01', false],
    ] as const)('a %s wave on %s is overdue: %s', (status, today, overdue) => {
      expect(waveStatus({ status, closesOn: '2026-03-27' }, today)).toEqual({ status, overdue });
    });

    it('reads an instant as its day, so the last day of the window is not yet overdue', () => {
      expect(waveStatus({ status: 'scheduled', closesOn: '2026-03-27' }, '2026-03-27T18:00:00.000Z').overdue).toBe(false);
      expect(waveStatus({ status: 'scheduled', closesOn: '2026-03-27' }, '2026-03-28T00:00:00.000Z').overdue).toBe(true);
    });
  });

  describe('after crypto-shredding', () => {
    const shreddedHistory: CaseEvent[] = [
      enrolled,
      contact('p-1', null),
      { type: 'ContactDetailsUpdated', data: { caseId, contactId: 'p-1', personal: null } },
      { type: 'ContactOptedOut', data: { caseId, contactId: 'p-1', optedOutAt: at, personal: null } },
      wave1,
      interviewed,
      { type: 'ContactErased', data: { caseId, contactId: 'p-1', erasedAt: at, requestedBy: 'contact' } },
    ];

    it('keeps the contact with its id, role and consent but no personal details', () => {
      expect(record(shreddedHistory).contacts).toEqual([
        { contactId: 'p-1', role: 'director', consentToContact: false, optedOut: true, erased: true, personal: null },
      ]);
    });

    it('keeps the waves and interviews that refer to the contact', () => {
      expect(record(shreddedHistory).waves[0]).toMatchObject({
        status: 'in-progress',
        remindContactIds: ['p-1', 'p-2'],
        interviews: [{ interviewId: 'i-1' }],
      });
    });

    it('drops personal details from state on erasure even when they were readable', () => {
      const state = record([enrolled, contact('p-1'), { type: 'ContactErased', data: { caseId, contactId: 'p-1', erasedAt: at } }]);
      expect(state.contacts[0]).toMatchObject({ erased: true, personal: null });
    });

    it('merges readable detail updates', () => {
      const state = record([
        enrolled,
        contact('p-1'),
        { type: 'ContactDetailsUpdated', data: { caseId, contactId: 'p-1', personal: { email: 'new@example.org' } } },
      ]);
      expect(state.contacts[0].personal).toEqual({ name: 'Sam', email: 'new@example.org' });
    });
  });

  describe('contactsToRemind', () => {
    it('reminds the named contacts who may still be contacted', () => {
      const state = fold([enrolled, contact('p-1'), contact('p-2'), contact('p-3'), wave1]);
      expect(contactsToRemind(state, 'w-1').map((c) => c.contactId)).toEqual(['p-1', 'p-2']);
    });

    it('stops reminding a contact who opts out or is erased after the wave was scheduled', () => {
      const state = fold([
        enrolled,
        contact('p-1'),
        contact('p-2'),
        wave1,
        { type: 'ContactOptedOut', data: { caseId, contactId: 'p-1', optedOutAt: at } },
        { type: 'ContactErased', data: { caseId, contactId: 'p-2', erasedAt: at } },
      ]);
      expect(contactsToRemind(state, 'w-1')).toEqual([]);
    });

    it('reminds nobody about a wave that is over or a case that was withdrawn', () => {
      const base = [enrolled, contact('p-1'), wave1];
      expect(
        contactsToRemind(
          fold([
            ...base,
            { type: 'WaveCancelled', data: { caseId, waveId: 'w-1', reason: 'x', occurredOn: at.slice(0, 10), cancelledAt: at } },
          ]),
          'w-1',
        ),
      ).toEqual([]);
      expect(
        contactsToRemind(
          fold([...base, { type: 'CaseWithdrawn', data: { caseId, reason: 'x', occurredOn: at.slice(0, 10), withdrawnAt: at } }]),
          'w-1',
        ),
      ).toEqual([]);
      expect(contactsToRemind(fold(base), 'w-404')).toEqual([]);
    });
  });

  it.each([
    [undefined, 'pre-spin-out'],
    [0, 'early'],
    [2, 'early'],
    [3, 'developing'],
    [5, 'developing'],
    [6, 'established'],
    [14, 'established'],
  ] as const)('after %s whole years since spin-out a mutual is %s', (years, stage) => {
    expect(stageOfDevelopmentAfter(years)).toBe(stage);
  });
});
