// No person's name or email may sit outside `personal`, the one property the store encrypts per
// data subject and erases by destroying the key: anywhere else it would outlive an erasure in
// plain text. Checked over an example of every registered event type, as stored.
import { accountDecider } from './account/account.decider.js';
import { createAccountFromInput } from './account/account.commands.js';
import { caseDecider } from './case/case.decider.js';
import { addContactFromInput, optOutContactFromInput, updateContactDetailsFromInput } from './case/contact.commands.js';
import { recordInterviewFromInput } from './case/wave.commands.js';
import { EVENT_EXAMPLES, SENTINEL_PEOPLE, exampleEvents } from './event-examples.js';
import {
  type DomainEvent,
  type DomainEventType,
  currentStoredType,
  domainEventTypes,
  fromStoredEvent,
  toStoredEvent,
} from './event-registry.js';
import { ValidationFailed } from './shared/domain-error.js';

/**
 * Keys that name a party: a person, or an organisation standing where a person could. Matched on
 * the last key of a path, for string values only (a count cannot hold a name).
 */
const NAMES_A_PARTY =
  /name|e-?mail|person|people|contact|interview(er|ee)|researcher|recorder|author|staff|member|owner|phone|address|commissioner|funder|body|organi[sz]ation|^by$|By$/i;

/** Keys ending in Id/Ids whose values are UUIDs refer to a record; the person's data lives there. */
const REFERENCE_KEY = /Ids?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL_SHAPED = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/**
 * Fields that match NAMES_A_PARTY but name organisations or things, never people. Every entry
 * must exist in its type's example, so a stale entry fails too. A correction's `values` are
 * checked against the list of the milestone type it corrects.
 */
const NOT_PEOPLE: Partial<Record<DomainEventType, { field: string; why: string }[]>> = {
  MutualRegistered: [
    { field: 'name', why: 'the mutual, an organisation' },
    { field: 'parentBody', why: 'the public body it spun out of' },
  ],
  RegistrationCorrected: [
    { field: 'changes.name', why: 'the mutual, an organisation' },
    { field: 'changes.parentBody', why: 'the public body it spun out of' },
  ],
  MutualSpunOut: [{ field: 'parentBody', why: 'the public body it spun out of' }],
  ContractAwarded: contractFields(),
  ContractRenewed: contractFields(),
  ContractExtended: contractFields(),
  ContractLost: contractFields(),
  ContractEnded: contractFields(),
  GovernanceChanged: [{ field: 'ownershipModel', why: 'a closed vocabulary (employee, community, ...)' }],
  FundingSecured: [{ field: 'funder', why: 'a funding body' }],
  ServiceLaunched: [{ field: 'serviceName', why: 'a service' }],
  ServiceClosed: [{ field: 'serviceName', why: 'a service' }],
  MutualMerged: [
    { field: 'withOrganisation', why: 'the organisation merged with' },
    { field: 'newName', why: 'the merged organisation' },
  ],
  MutualAcquired: [{ field: 'by', why: 'the acquiring organisation' }],
  AwardReceived: [
    { field: 'awardName', why: 'an award' },
    { field: 'awardedBy', why: 'the awarding organisation' },
  ],
  ContactErased: [{ field: 'requestedBy', why: "a closed vocabulary ('contact', 'research-team', 'mutual'), never a name" }],
  ReminderSent: [{ field: 'messageId', why: "the Message-ID the sending server gave, a random id at Casebook's own mail domain" }],
};

function contractFields() {
  return [
    { field: 'commissioner', why: 'the commissioning body' },
    { field: 'contractName', why: 'a contract' },
  ];
}

const SENTINEL_VALUES = [
  SENTINEL_PEOPLE.contact.name,
  SENTINEL_PEOPLE.contact.email,
  SENTINEL_PEOPLE.staff.displayName,
  'Whitfield',
  'Haverford',
];

interface Finding {
  type: string;
  path: string;
  why: string;
}

/** Where a stored event's data holds a person's name or email outside the protected property. */
function peopleOutsidePersonal(type: DomainEventType, data: object): Finding[] {
  const findings: Finding[] = [];
  const allowedFor = (eventType: DomainEventType) => new Set((NOT_PEOPLE[eventType] ?? []).map((entry) => entry.field));
  const visit = (value: unknown, path: string[], allowed: Set<string>) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, String(index)], allowed));
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        // Only the top-level `personal` is encrypted; one nested deeper would be stored as it is.
        if (path.length === 0 && key === 'personal') continue;
        visit(inner, [...path, key], allowed);
      }
      return;
    }
    if (typeof value !== 'string') return;
    const where = path.join('.');
    const key = [...path].reverse().find((part) => !/^\d+$/.test(part)) ?? '';
    // A Message-ID is shaped like an address without being anyone's: only a listed field may be.
    if (EMAIL_SHAPED.test(value) && !allowed.has(where)) findings.push({ type, path: where, why: 'an e-mail address' });
    if (SENTINEL_VALUES.some((sentinel) => value.toLowerCase().includes(sentinel.toLowerCase()))) {
      findings.push({ type, path: where, why: "a sentinel person's details" });
    }
    if (!NAMES_A_PARTY.test(key)) return;
    if (REFERENCE_KEY.test(key) && UUID.test(value)) return;
    const field = path.filter((part) => !/^\d+$/.test(part)).join('.');
    if (!allowed.has(field))
      findings.push({ type, path: where, why: `the key ${key} names a party, and ${field} is not a field known to name an organisation` });
  };
  if (type === 'MilestoneCorrected') {
    const { values, milestoneType, ...rest } = data as { values: object; milestoneType: DomainEventType };
    visit(rest, [], allowedFor(type));
    for (const finding of peopleOutsidePersonal(milestoneType, values)) findings.push({ ...finding, type, path: `values.${finding.path}` });
    return findings;
  }
  visit(data, [], allowedFor(type));
  return findings;
}

describe('personal data in stored events', () => {
  it('has an example of every registered event type, written under its current name and read back unchanged', () => {
    expect(Object.keys(EVENT_EXAMPLES).sort()).toEqual(domainEventTypes().sort());
    for (const event of exampleEvents()) {
      const stored = toStoredEvent(event);
      expect(stored.type).toBe(currentStoredType(event.type));
      expect(fromStoredEvent(stored.type, JSON.parse(JSON.stringify(stored.data)))).toEqual(event);
    }
  });

  it('keeps every name and email of a person inside `personal`, in every event type', () => {
    const findings = exampleEvents().flatMap((event) => peopleOutsidePersonal(event.type, toStoredEvent(event).data));
    expect(findings).toEqual([]);
  });

  it('allows as organisations only fields the examples really have', () => {
    for (const [type, entries] of Object.entries(NOT_PEOPLE) as [DomainEventType, { field: string }[]][]) {
      for (const { field } of entries) {
        const value = field
          .split('.')
          .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], EVENT_EXAMPLES[type]);
        expect({ type, field, present: value !== undefined }).toEqual({ type, field, present: true });
      }
    }
  });

  it('recognises the shapes this rule retired', () => {
    const retiredMutualWave = { mutualId: 'm', waveId: 'w', waveNumber: 1, contact: { name: 'Ann Other', email: 'ann.other@example.org' } };
    expect(peopleOutsidePersonal('MutualRegistered', retiredMutualWave).map((f) => f.path)).toEqual([
      'contact.name',
      'contact.email',
      'contact.email',
    ]);
    const accountV1 = { accountId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', displayName: 'Dr Ana Silva', role: 'admin' };
    expect(peopleOutsidePersonal('AccountCreated', accountV1).map((f) => f.path)).toEqual(['displayName']);
    const interviewV1 = { interviewId: '0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a', interviewer: 'Dr A. Researcher' };
    expect(peopleOutsidePersonal('InterviewRecorded', interviewV1).map((f) => f.path)).toEqual(['interviewer']);
    // A name copied into a free-text field is caught by its value, and an organisation field
    // of one type is no licence on another.
    expect(peopleOutsidePersonal('ObservationRecorded', { text: 'Met Dr Imogen Haverford' })).toHaveLength(1);
    expect(peopleOutsidePersonal('StudyCreated', { name: 'Pennine' })).toHaveLength(1);
    expect(
      peopleOutsidePersonal('MilestoneCorrected', { milestoneType: 'MutualAcquired', values: { by: 'Northern Care Group Ltd' } }),
    ).toEqual([]);
    expect(peopleOutsidePersonal('MilestoneCorrected', { milestoneType: 'ServiceLaunched', values: { by: 'Dr Ana Silva' } })).toHaveLength(
      1,
    );
  });

  it('is kept by the deciders when people are named in commands', () => {
    const now = '2026-03-02T10:00:00.000Z';
    const produced: DomainEvent[] = [
      ...accountDecider.decide(
        createAccountFromInput(
          { displayName: SENTINEL_PEOPLE.staff.displayName, role: 'researcher' },
          EVENT_EXAMPLES.AccountCreated.accountId,
          now,
          {
            tokenId: EVENT_EXAMPLES.AccessTokenIssued.tokenId,
            tokenHash: 'h',
          },
        ),
        accountDecider.initialState(),
      ),
    ];
    const { caseId, contactId } = EVENT_EXAMPLES.ContactAdded;
    const enrolled = caseDecider.evolve(caseDecider.initialState(), {
      type: 'CaseEnrolled',
      data: { ...EVENT_EXAMPLES.CaseEnrolled, caseId },
    });
    const [added] = caseDecider.decide(
      addContactFromInput({ role: 'director', consentToContact: true, personal: SENTINEL_PEOPLE.contact }, { caseId, contactId }, now),
      enrolled,
    );
    const withContact = caseDecider.evolve(enrolled, added);
    produced.push(
      added,
      ...caseDecider.decide(
        updateContactDetailsFromInput({ personal: { email: 'e.whitfield@newmail.example.org' } }, { caseId, contactId }, now),
        withContact,
      ),
      ...caseDecider.decide(
        optOutContactFromInput({ reason: `${SENTINEL_PEOPLE.contact.name} moved` }, { caseId, contactId }, now),
        withContact,
      ),
    );
    expect(produced.map((event) => event.type)).toEqual([
      'AccountCreated',
      'AccessTokenIssued',
      'ContactAdded',
      'ContactDetailsUpdated',
      'ContactOptedOut',
    ]);
    expect(produced.flatMap((event) => peopleOutsidePersonal(event.type, toStoredEvent(event).data))).toEqual([]);
  });

  it('takes interviewers by account, never by a name in free text', () => {
    const ids = {
      caseId: 'a6f7ef47-ee8d-484a-8905-6a3051ddc302',
      waveId: '0065abd0-0978-4926-878f-5e00851728b3',
      interviewId: 'f105b11d-f43d-4d32-8f5c-773ef904af97',
    };
    const interview = { role: 'director', interviewedOn: '2026-03-01', consent: 'given' };
    const now = '2026-03-02T10:00:00.000Z';
    expect(recordInterviewFromInput(interview, ids, now, '39a8b739-f30b-4e19-8393-4d6f6d9952d8').command.data.interviewerAccountId).toBe(
      '39a8b739-f30b-4e19-8393-4d6f6d9952d8',
    );
    expect(
      recordInterviewFromInput(
        { ...interview, interviewerAccountId: '9c1b6a93-3a7b-47ac-8aa8-b6041d2ee879' },
        ids,
        now,
        '39a8b739-f30b-4e19-8393-4d6f6d9952d8',
      ).command.data.interviewerAccountId,
    ).toBe('9c1b6a93-3a7b-47ac-8aa8-b6041d2ee879');
    expect(() =>
      recordInterviewFromInput({ ...interview, interviewer: 'Dr A. Researcher' }, ids, now, '39a8b739-f30b-4e19-8393-4d6f6d9952d8'),
    ).toThrow(ValidationFailed);
  });
});

describe('older shapes of events that held staff names', () => {
  it('reads AccountCreated.v1 with its display name under `personal`', () => {
    const v1 = {
      accountId: '2f8fe63a-6224-421d-85d0-a24cf30067d3',
      displayName: 'Dr Ana Silva',
      role: 'researcher',
      createdAt: '2026-01-05T09:00:00.000Z',
    };
    expect(fromStoredEvent('AccountCreated.v1', v1)).toEqual({
      type: 'AccountCreated',
      data: {
        accountId: '2f8fe63a-6224-421d-85d0-a24cf30067d3',
        role: 'researcher',
        createdAt: '2026-01-05T09:00:00.000Z',
        personal: { displayName: 'Dr Ana Silva' },
      },
    });
  });

  it('reads InterviewRecorded.v1 as an interview whose interviewer is not known by account', () => {
    const v1 = {
      caseId: 'c',
      waveId: 'w',
      interviewId: 'i',
      role: 'staff',
      interviewedOn: '2026-02-02',
      interviewer: 'Dr A. Researcher',
      consent: 'given',
      contactId: 'p',
    };
    const read = fromStoredEvent('InterviewRecorded.v1', v1);
    expect(read).toEqual({
      type: 'InterviewRecorded',
      data: {
        caseId: 'c',
        waveId: 'w',
        interviewId: 'i',
        role: 'staff',
        interviewedOn: '2026-02-02',
        interviewerAccountId: null,
        consent: 'given',
        contactId: 'p',
      },
    });
    expect(JSON.stringify(read)).not.toContain('Researcher');
  });
});
