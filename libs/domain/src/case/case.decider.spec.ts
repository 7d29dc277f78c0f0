import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { NotFound, RuleViolated } from '../shared/domain-error.js';
import { enrolCaseFromInput, linkRevisitedCaseFromInput, withdrawCaseFromInput } from './case.commands.js';
import { caseDecider } from './case.decider.js';
import { type CaseEvent, type CaseSelection, caseStreamName } from './case.events.js';
import {
  addContactFromInput,
  changeContactConsentFromInput,
  eraseContactFromInput,
  optOutContactFromInput,
  updateContactDetailsFromInput,
} from './contact.commands.js';
import { cancelWaveFromInput, scheduleWaveFromInput } from './wave.commands.js';

const spec = deciderSpecification(caseDecider);
const now = '2026-11-23T10:00:00.000Z';
const caseId = 'c-1';
const studyId = 's-2';

const selection: CaseSelection = {
  serviceAreas: ['health-and-social-care'],
  stageOfDevelopment: 'established',
  turnoverBand: '5m-20m',
  employeeBand: '250-999',
  region: 'north-west',
  legalForm: 'community-interest-company',
};

const enrolled: CaseEvent = {
  type: 'CaseEnrolled',
  data: { caseId, studyId, mutualId: 'm-1', selection, enrolledAt: '2026-01-05T09:00:00.000Z' },
};
const withdrawn: CaseEvent = { type: 'CaseWithdrawn', data: { caseId, reason: 'The board declined', occurredOn: '2026-06-01', withdrawnAt: '2026-06-01T09:00:00.000Z' } };
const contactAdded = (contactId: string, consentToContact = true): CaseEvent => ({
  type: 'ContactAdded',
  data: { caseId, contactId, role: 'director', consentToContact, personal: { name: 'Sam Patel', email: 'sam.patel@example.org' } },
});
const waveScheduled = (waveNumber: number, opensOn: string, closesOn: string): CaseEvent => ({
  type: 'WaveScheduled',
  data: { caseId, waveId: `w-${waveNumber}`, waveNumber, opensOn, closesOn, remindContactIds: [], remindAt: '2026-01-05T09:00:00.000Z', scheduledAt: '2026-01-05T09:00:00.000Z' },
});
const contactIds = (contactId: string) => ({ caseId, contactId });

describe('case decider', () => {
  describe('enrolment', () => {
    it('enrols a case in a study, stamped with the command time', () => {
      spec
        .given([])
        .when(enrolCaseFromInput({ mutualId: 'm-1', selection }, { caseId, studyId }, now))
        .then([{ type: 'CaseEnrolled', data: { caseId, studyId, mutualId: 'm-1', selection, enrolledAt: now } }]);
    });

    it('records a selection that gives one size band as given, inventing no other', () => {
      const { turnoverBand: _, ...byHeadCount } = selection;
      spec
        .given([])
        .when(enrolCaseFromInput({ mutualId: 'm-1', selection: byHeadCount }, { caseId, studyId }, now))
        .then([{ type: 'CaseEnrolled', data: { caseId, studyId, mutualId: 'm-1', selection: byHeadCount, enrolledAt: now } }]);
    });

    it('enrols a case only once', () => {
      spec
        .given([enrolled])
        .when(enrolCaseFromInput({ mutualId: 'm-1', selection }, { caseId, studyId }, now))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('already-enrolled'));
    });

    it('knows no case that was never enrolled', () => {
      spec
        .given([])
        .when(withdrawCaseFromInput({ reason: 'x' }, { caseId }, now))
        .thenThrows(NotFound, (e) => expect(e.id).toBe(caseId));
    });

    it('names its stream after the case', () => {
      expect(caseStreamName(caseId)).toBe('case-c-1');
    });
  });

  describe('revisiting a case of an earlier study', () => {
    const link = (earlierCaseId: string, earlierStudyId: string) =>
      linkRevisitedCaseFromInput({ earlierCaseId, earlierStudyId, note: 'Revisited from the 2014 study' }, { caseId }, now);

    it('links the case to the one it revisits', () => {
      spec
        .given([enrolled])
        .when(link('c-0', 's-1'))
        .then([
          { type: 'CaseLinkedToEarlierCase', data: { caseId, earlierCaseId: 'c-0', earlierStudyId: 's-1', note: 'Revisited from the 2014 study' } },
        ]);
    });

    it('refuses to link a case to itself', () => {
      spec
        .given([enrolled])
        .when(link(caseId, 's-1'))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('self-link'));
    });

    it('keeps one link only', () => {
      const linked: CaseEvent = { type: 'CaseLinkedToEarlierCase', data: { caseId, earlierCaseId: 'c-0', earlierStudyId: 's-1' } };
      spec
        .given([enrolled, linked])
        .when(link('c-9', 's-1'))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('already-linked'));
    });

    it('refuses a link within the same study', () => {
      spec
        .given([enrolled])
        .when(link('c-7', studyId))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('same-study'));
    });
  });

  describe('withdrawal', () => {
    it('withdraws the case and cancels its open waves so nobody is reminded about them', () => {
      const wave1Done: CaseEvent[] = [
        waveScheduled(1, '2026-01-12', '2026-03-27'),
        { type: 'InterviewRecorded', data: { caseId, waveId: 'w-1', interviewId: 'i-1', role: 'staff', interviewedOn: '2026-02-02', interviewerAccountId: 'a-1', consent: 'given' } },
        { type: 'WaveCompleted', data: { caseId, waveId: 'w-1', occurredOn: '2026-03-30', completedAt: '2026-03-30T09:00:00.000Z' } },
      ];
      spec
        .given([enrolled, ...wave1Done, waveScheduled(2, '2027-01-11', '2027-02-26')])
        .when(withdrawCaseFromInput({ reason: 'The mutual closed' }, { caseId }, now))
        .then([
          { type: 'WaveCancelled', data: { caseId, waveId: 'w-2', reason: 'The mutual closed', occurredOn: '2026-11-23', cancelledAt: now } },
          { type: 'CaseWithdrawn', data: { caseId, reason: 'The mutual closed', occurredOn: '2026-11-23', withdrawnAt: now } },
        ]);
    });

    it.each([
      ['withdrawing again', withdrawCaseFromInput({ reason: 'x' }, { caseId }, now)],
      ['scheduling a wave', scheduleWaveFromInput({ waveNumber: 1, opensOn: '2027-01-11', closesOn: '2027-02-26' }, { caseId, waveId: 'w-1' }, now, { startsOn: '2025-01-06', endsOn: '2029-03-31' })],
      ['cancelling a wave', cancelWaveFromInput({ reason: 'x' }, { caseId, waveId: 'w-1' }, now)],
      ['linking an earlier case', linkRevisitedCaseFromInput({ earlierCaseId: 'c-0', earlierStudyId: 's-1' }, { caseId }, now)],
      ['adding a contact', addContactFromInput({ role: 'staff', consentToContact: true, personal: { name: 'A', email: 'a@example.org' } }, contactIds('p-2'), now)],
      ['changing consent', changeContactConsentFromInput({ consentToContact: false }, contactIds('p-1'), now)],
      ['opting a contact out', optOutContactFromInput({}, contactIds('p-1'), now)],
      ['updating contact details', updateContactDetailsFromInput({ personal: { name: 'B' } }, contactIds('p-1'), now)],
    ])('refuses %s once the case is withdrawn', (_, command) => {
      spec
        .given([enrolled, contactAdded('p-1'), waveScheduled(1, '2026-01-12', '2026-03-27'), withdrawn])
        .when(command)
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('withdrawn'));
    });

    it('still erases a contact of a withdrawn case', () => {
      spec
        .given([enrolled, contactAdded('p-1'), withdrawn])
        .when(eraseContactFromInput({ requestedBy: 'contact' }, contactIds('p-1'), now))
        .then([{ type: 'ContactErased', data: { caseId, contactId: 'p-1', requestedBy: 'contact', erasedAt: now } }]);
    });
  });

  describe('contacts', () => {
    const erased: CaseEvent = { type: 'ContactErased', data: { caseId, contactId: 'p-1', erasedAt: '2026-10-01T09:00:00.000Z' } };

    it('adds a contact with their details inside personal', () => {
      spec
        .given([enrolled])
        .when(
          addContactFromInput(
            { role: 'trade-union', consentToContact: false, personal: { name: 'Jo Reid', email: 'jo@example.org' } },
            contactIds('p-3'),
            now,
          ),
        )
        .then([
          {
            type: 'ContactAdded',
            data: { caseId, contactId: 'p-3', role: 'trade-union', consentToContact: false, personal: { name: 'Jo Reid', email: 'jo@example.org' } },
          },
        ]);
    });

    it('keeps contact ids unique', () => {
      spec
        .given([enrolled, contactAdded('p-1')])
        .when(addContactFromInput({ role: 'staff', consentToContact: true, personal: { name: 'A', email: 'a@example.org' } }, contactIds('p-1'), now))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('contact-exists'));
    });

    it('records a change of consent, and nothing when it is no change', () => {
      spec
        .given([enrolled, contactAdded('p-1')])
        .when(changeContactConsentFromInput({ consentToContact: false }, contactIds('p-1'), now))
        .then([{ type: 'ContactConsentChanged', data: { caseId, contactId: 'p-1', consentToContact: false, changedAt: now } }]);
      spec
        .given([enrolled, contactAdded('p-1')])
        .when(changeContactConsentFromInput({ consentToContact: true }, contactIds('p-1'), now))
        .then([]);
    });

    it('shreds the reason for an opt-out with the contact, and opting out twice records nothing', () => {
      spec
        .given([enrolled, contactAdded('p-1')])
        .when(optOutContactFromInput({ reason: 'Caring for a relative' }, contactIds('p-1'), now))
        .then([{ type: 'ContactOptedOut', data: { caseId, contactId: 'p-1', optedOutAt: now, personal: { reason: 'Caring for a relative' } } }]);
      const optedOut: CaseEvent = { type: 'ContactOptedOut', data: { caseId, contactId: 'p-1', optedOutAt: now } };
      spec.given([enrolled, contactAdded('p-1'), optedOut]).when(optOutContactFromInput({}, contactIds('p-1'), now)).then([]);
    });

    it('lets consent given again lift an opt-out', () => {
      const optedOut: CaseEvent = { type: 'ContactOptedOut', data: { caseId, contactId: 'p-1', optedOutAt: now } };
      spec
        .given([enrolled, contactAdded('p-1'), optedOut])
        .when(changeContactConsentFromInput({ consentToContact: true }, contactIds('p-1'), now))
        .then([{ type: 'ContactConsentChanged', data: { caseId, contactId: 'p-1', consentToContact: true, changedAt: now } }]);
    });

    it('records only the details that changed', () => {
      spec
        .given([enrolled, contactAdded('p-1')])
        .when(updateContactDetailsFromInput({ personal: { name: 'Sam Patel', email: 'sam@example.org' } }, contactIds('p-1'), now))
        .then([{ type: 'ContactDetailsUpdated', data: { caseId, contactId: 'p-1', personal: { email: 'sam@example.org' } } }]);
      spec
        .given([enrolled, contactAdded('p-1')])
        .when(updateContactDetailsFromInput({ personal: { name: 'Sam Patel' } }, contactIds('p-1'), now))
        .then([]);
    });

    it('erases a contact', () => {
      spec
        .given([enrolled, contactAdded('p-1')])
        .when(eraseContactFromInput(undefined, contactIds('p-1'), now))
        .then([{ type: 'ContactErased', data: { caseId, contactId: 'p-1', erasedAt: now } }]);
    });

    it('records nothing when an erased contact is erased again', () => {
      spec.given([enrolled, contactAdded('p-1'), erased]).when(eraseContactFromInput({}, contactIds('p-1'), now)).then([]);
    });

    it.each([
      ['changing consent', changeContactConsentFromInput({ consentToContact: false }, contactIds('p-1'), now)],
      ['opting out', optOutContactFromInput({}, contactIds('p-1'), now)],
      ['updating details', updateContactDetailsFromInput({ personal: { name: 'Sam' } }, contactIds('p-1'), now)],
    ])('refuses %s for an erased contact', (_, command) => {
      spec
        .given([enrolled, contactAdded('p-1'), erased])
        .when(command)
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('contact-erased'));
    });

    it('knows no contact it was never given', () => {
      spec
        .given([enrolled])
        .when(eraseContactFromInput({}, contactIds('p-404'), now))
        .thenThrows(NotFound, (e) => expect([e.entity, e.id]).toEqual(['contact', 'p-404']));
    });

    describe('read back after crypto-shredding, with personal: null', () => {
      const shredded = (events: CaseEvent[]): CaseEvent[] =>
        events.map((event) =>
          'personal' in event.data && 'contactId' in event.data && event.data.contactId === 'p-1'
            ? ({ ...event, data: { ...event.data, personal: null } } as CaseEvent)
            : event,
        );
      const history = shredded([
        enrolled,
        contactAdded('p-1'),
        { type: 'ContactDetailsUpdated', data: { caseId, contactId: 'p-1', personal: { email: 'sam@example.org' } } },
        { type: 'ContactOptedOut', data: { caseId, contactId: 'p-1', optedOutAt: now, personal: { reason: 'Moving abroad' } } },
        erased,
        contactAdded('p-2'),
      ]);

      it('keeps the erased contact so its id still refers to someone', () => {
        spec
          .given(history)
          .when(addContactFromInput({ role: 'staff', consentToContact: true, personal: { name: 'A', email: 'a@example.org' } }, contactIds('p-1'), now))
          .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('contact-exists'));
      });

      it('treats erasing again as done', () => {
        spec.given(history).when(eraseContactFromInput({}, contactIds('p-1'), now)).then([]);
      });

      it('leaves the other contacts untouched', () => {
        spec
          .given(history)
          .when(updateContactDetailsFromInput({ personal: { name: 'Alex Patel' } }, contactIds('p-2'), now))
          .then([{ type: 'ContactDetailsUpdated', data: { caseId, contactId: 'p-2', personal: { name: 'Alex Patel' } } }]);
      });

      it('treats a contact whose key is gone as erased, but still records its erasure', () => {
        const keyLost = shredded([enrolled, contactAdded('p-1')]);
        spec
          .given(keyLost)
          .when(changeContactConsentFromInput({ consentToContact: false }, contactIds('p-1'), now))
          .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('contact-erased'));
        spec
          .given(keyLost)
          .when(eraseContactFromInput({}, contactIds('p-1'), now))
          .then([{ type: 'ContactErased', data: { caseId, contactId: 'p-1', erasedAt: now } }]);
      });
    });
  });
});
