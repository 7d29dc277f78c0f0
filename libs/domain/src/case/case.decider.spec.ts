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

/** Wave n's id in these examples, a UUID as the API hands out. */
const waveIdOf = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-00000000000a`;

const spec = deciderSpecification(caseDecider);
const now = '2026-11-23T10:00:00.000Z';
const caseId = 'a6f7ef47-ee8d-484a-8905-6a3051ddc302';
const studyId = '450222bc-c347-4b01-8a69-d5b0150a75a0';

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
  data: { caseId, studyId, mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78', selection, enrolledAt: '2026-01-05T09:00:00.000Z' },
};
const withdrawn: CaseEvent = {
  type: 'CaseWithdrawn',
  data: { caseId, reason: 'The board declined', occurredOn: '2026-06-01', withdrawnAt: '2026-06-01T09:00:00.000Z' },
};
const contactAdded = (contactId: string, consentToContact = true): CaseEvent => ({
  type: 'ContactAdded',
  data: { caseId, contactId, role: 'director', consentToContact, personal: { name: 'Sam Patel', email: 'sam.patel@example.org' } },
});
const waveScheduled = (waveNumber: number, opensOn: string, closesOn: string): CaseEvent => ({
  type: 'WaveScheduled',
  data: {
    caseId,
    waveId: waveIdOf(waveNumber),
    waveNumber,
    opensOn,
    closesOn,
    remindContactIds: [],
    remindAt: '2026-01-05T09:00:00.000Z',
    scheduledAt: '2026-01-05T09:00:00.000Z',
  },
});
const contactIds = (contactId: string) => ({ caseId, contactId });

describe('case decider', () => {
  describe('enrolment', () => {
    it('enrols a case in a study, stamped with the command time', () => {
      spec
        .given([])
        .when(enrolCaseFromInput({ mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78', selection }, { caseId, studyId }, now))
        .then([
          { type: 'CaseEnrolled', data: { caseId, studyId, mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78', selection, enrolledAt: now } },
        ]);
    });

    it('records a selection that gives one size band as given, inventing no other', () => {
      const { turnoverBand: _, ...byHeadCount } = selection;
      spec
        .given([])
        .when(enrolCaseFromInput({ mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78', selection: byHeadCount }, { caseId, studyId }, now))
        .then([
          {
            type: 'CaseEnrolled',
            data: { caseId, studyId, mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78', selection: byHeadCount, enrolledAt: now },
          },
        ]);
    });

    it('enrols a case only once', () => {
      spec
        .given([enrolled])
        .when(enrolCaseFromInput({ mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78', selection }, { caseId, studyId }, now))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('already-enrolled'));
    });

    it('knows no case that was never enrolled', () => {
      spec
        .given([])
        .when(withdrawCaseFromInput({ reason: 'x' }, { caseId }, now))
        .thenThrows(NotFound, (e) => expect(e.id).toBe(caseId));
    });

    it('names its stream after the case', () => {
      expect(caseStreamName(caseId)).toBe('case-a6f7ef47-ee8d-484a-8905-6a3051ddc302');
    });
  });

  describe('revisiting a case of an earlier study', () => {
    const link = (earlierCaseId: string, earlierStudyId: string) =>
      linkRevisitedCaseFromInput({ earlierCaseId, note: 'Revisited from the 2014 study' }, { caseId }, now).ofStudy(earlierStudyId);

    it('links the case to the one it revisits', () => {
      spec
        .given([enrolled])
        .when(link('b63888b6-e03e-4b6b-886c-fd7f321794e3', '6a840baf-5d8c-4ff2-8168-8aeb14546e65'))
        .then([
          {
            type: 'CaseLinkedToEarlierCase',
            data: {
              caseId,
              earlierCaseId: 'b63888b6-e03e-4b6b-886c-fd7f321794e3',
              earlierStudyId: '6a840baf-5d8c-4ff2-8168-8aeb14546e65',
              note: 'Revisited from the 2014 study',
            },
          },
        ]);
    });

    it('refuses to link a case to itself', () => {
      spec
        .given([enrolled])
        .when(link(caseId, '6a840baf-5d8c-4ff2-8168-8aeb14546e65'))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('self-link'));
    });

    it('keeps one link only', () => {
      const linked: CaseEvent = {
        type: 'CaseLinkedToEarlierCase',
        data: { caseId, earlierCaseId: 'b63888b6-e03e-4b6b-886c-fd7f321794e3', earlierStudyId: '6a840baf-5d8c-4ff2-8168-8aeb14546e65' },
      };
      spec
        .given([enrolled, linked])
        .when(link('9cde1fd9-9f62-44b5-85fc-5a4ba67a09aa', '6a840baf-5d8c-4ff2-8168-8aeb14546e65'))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('already-linked'));
    });

    it('refuses a link within the same study', () => {
      spec
        .given([enrolled])
        .when(link('ab6a0ce6-317b-4862-84e6-e49cf88faa58', studyId))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('same-study'));
    });
  });

  describe('withdrawal', () => {
    it('withdraws the case and cancels its open waves so nobody is reminded about them', () => {
      const wave1Done: CaseEvent[] = [
        waveScheduled(1, '2026-01-12', '2026-03-27'),
        {
          type: 'InterviewRecorded',
          data: {
            caseId,
            waveId: waveIdOf(1),
            interviewId: 'f105b11d-f43d-4d32-8f5c-773ef904af97',
            role: 'staff',
            interviewedOn: '2026-02-02',
            interviewerAccountId: '2f8fe63a-6224-421d-85d0-a24cf30067d3',
            consent: 'given',
          },
        },
        { type: 'WaveCompleted', data: { caseId, waveId: waveIdOf(1), occurredOn: '2026-03-30', completedAt: '2026-03-30T09:00:00.000Z' } },
      ];
      spec
        .given([enrolled, ...wave1Done, waveScheduled(2, '2027-01-11', '2027-02-26')])
        .when(withdrawCaseFromInput({ reason: 'The mutual closed' }, { caseId }, now))
        .then([
          {
            type: 'WaveCancelled',
            data: { caseId, waveId: waveIdOf(2), reason: 'The mutual closed', occurredOn: '2026-11-23', cancelledAt: now },
          },
          { type: 'CaseWithdrawn', data: { caseId, reason: 'The mutual closed', occurredOn: '2026-11-23', withdrawnAt: now } },
        ]);
    });

    it.each([
      ['withdrawing again', withdrawCaseFromInput({ reason: 'x' }, { caseId }, now)],
      [
        'scheduling a wave',
        scheduleWaveFromInput({ waveNumber: 1, opensOn: '2027-01-11', closesOn: '2027-02-26' }, { caseId, waveId: waveIdOf(1) }, now, {
          startsOn: '2025-01-06',
          endsOn: '2029-03-31',
        }),
      ],
      ['cancelling a wave', cancelWaveFromInput({ reason: 'x' }, { caseId, waveId: waveIdOf(1) }, now)],
      [
        'linking an earlier case',
        linkRevisitedCaseFromInput({ earlierCaseId: 'b63888b6-e03e-4b6b-886c-fd7f321794e3' }, { caseId }, now).ofStudy(
          '6a840baf-5d8c-4ff2-8168-8aeb14546e65',
        ),
      ],
      [
        'adding a contact',
        addContactFromInput(
          { role: 'staff', consentToContact: true, personal: { name: 'A', email: 'a@example.org' } },
          contactIds('b97db4a9-f432-4615-8fb1-a5d38cebdac4'),
          now,
        ),
      ],
      [
        'changing consent',
        changeContactConsentFromInput({ consentToContact: false }, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now),
      ],
      ['opting a contact out', optOutContactFromInput({}, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now)],
      [
        'updating contact details',
        updateContactDetailsFromInput({ personal: { name: 'B' } }, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now),
      ],
    ])('refuses %s once the case is withdrawn', (_, command) => {
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), waveScheduled(1, '2026-01-12', '2026-03-27'), withdrawn])
        .when(command)
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('withdrawn'));
    });

    it('still erases a contact of a withdrawn case', () => {
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), withdrawn])
        .when(eraseContactFromInput({ requestedBy: 'contact' }, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now))
        .then([
          {
            type: 'ContactErased',
            data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', requestedBy: 'contact', erasedAt: now },
          },
        ]);
    });
  });

  describe('contacts', () => {
    const erased: CaseEvent = {
      type: 'ContactErased',
      data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', erasedAt: '2026-10-01T09:00:00.000Z' },
    };

    it('adds a contact with their details inside personal', () => {
      spec
        .given([enrolled])
        .when(
          addContactFromInput(
            { role: 'trade-union', consentToContact: false, personal: { name: 'Jo Reid', email: 'jo@example.org' } },
            contactIds('094f5333-853b-4f38-8477-c4e46cb8aec3'),
            now,
          ),
        )
        .then([
          {
            type: 'ContactAdded',
            data: {
              caseId,
              contactId: '094f5333-853b-4f38-8477-c4e46cb8aec3',
              role: 'trade-union',
              consentToContact: false,
              personal: { name: 'Jo Reid', email: 'jo@example.org' },
            },
          },
        ]);
    });

    it('keeps contact ids unique', () => {
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af')])
        .when(
          addContactFromInput(
            { role: 'staff', consentToContact: true, personal: { name: 'A', email: 'a@example.org' } },
            contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'),
            now,
          ),
        )
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('contact-exists'));
    });

    it('records a change of consent, and nothing when it is no change', () => {
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af')])
        .when(changeContactConsentFromInput({ consentToContact: false }, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now))
        .then([
          {
            type: 'ContactConsentChanged',
            data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', consentToContact: false, changedAt: now },
          },
        ]);
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af')])
        .when(changeContactConsentFromInput({ consentToContact: true }, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now))
        .then([]);
    });

    it('shreds the reason for an opt-out with the contact, and opting out twice records nothing', () => {
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af')])
        .when(optOutContactFromInput({ reason: 'Caring for a relative' }, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now))
        .then([
          {
            type: 'ContactOptedOut',
            data: {
              caseId,
              contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af',
              optedOutAt: now,
              personal: { reason: 'Caring for a relative' },
            },
          },
        ]);
      const optedOut: CaseEvent = {
        type: 'ContactOptedOut',
        data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', optedOutAt: now },
      };
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), optedOut])
        .when(optOutContactFromInput({}, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now))
        .then([]);
    });

    it('lets consent given again lift an opt-out', () => {
      const optedOut: CaseEvent = {
        type: 'ContactOptedOut',
        data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', optedOutAt: now },
      };
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), optedOut])
        .when(changeContactConsentFromInput({ consentToContact: true }, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now))
        .then([
          {
            type: 'ContactConsentChanged',
            data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', consentToContact: true, changedAt: now },
          },
        ]);
    });

    it('records only the details that changed', () => {
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af')])
        .when(
          updateContactDetailsFromInput(
            { personal: { name: 'Sam Patel', email: 'sam@example.org' } },
            contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'),
            now,
          ),
        )
        .then([
          {
            type: 'ContactDetailsUpdated',
            data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', personal: { email: 'sam@example.org' } },
          },
        ]);
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af')])
        .when(updateContactDetailsFromInput({ personal: { name: 'Sam Patel' } }, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now))
        .then([]);
    });

    it('erases a contact', () => {
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af')])
        .when(eraseContactFromInput(undefined, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now))
        .then([{ type: 'ContactErased', data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', erasedAt: now } }]);
    });

    it('records nothing when an erased contact is erased again', () => {
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), erased])
        .when(eraseContactFromInput({}, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now))
        .then([]);
    });

    it.each([
      [
        'changing consent',
        changeContactConsentFromInput({ consentToContact: false }, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now),
      ],
      ['opting out', optOutContactFromInput({}, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now)],
      [
        'updating details',
        updateContactDetailsFromInput({ personal: { name: 'Sam' } }, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now),
      ],
    ])('refuses %s for an erased contact', (_, command) => {
      spec
        .given([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), erased])
        .when(command)
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('contact-erased'));
    });

    it('knows no contact it was never given', () => {
      spec
        .given([enrolled])
        .when(eraseContactFromInput({}, contactIds('fdebb62c-3139-4f74-86fd-a570b2153f6a'), now))
        .thenThrows(NotFound, (e) => expect([e.entity, e.id]).toEqual(['contact', 'fdebb62c-3139-4f74-86fd-a570b2153f6a']));
    });

    describe('read back after crypto-shredding, with personal: null', () => {
      const shredded = (events: CaseEvent[]): CaseEvent[] =>
        events.map((event) =>
          'personal' in event.data && 'contactId' in event.data && event.data.contactId === '1dee6e3e-c67d-4803-8b33-63d93f46f1af'
            ? ({ ...event, data: { ...event.data, personal: null } } as CaseEvent)
            : event,
        );
      const history = shredded([
        enrolled,
        contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af'),
        {
          type: 'ContactDetailsUpdated',
          data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', personal: { email: 'sam@example.org' } },
        },
        {
          type: 'ContactOptedOut',
          data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', optedOutAt: now, personal: { reason: 'Moving abroad' } },
        },
        erased,
        contactAdded('b97db4a9-f432-4615-8fb1-a5d38cebdac4'),
      ]);

      it('keeps the erased contact so its id still refers to someone', () => {
        spec
          .given(history)
          .when(
            addContactFromInput(
              { role: 'staff', consentToContact: true, personal: { name: 'A', email: 'a@example.org' } },
              contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'),
              now,
            ),
          )
          .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('contact-exists'));
      });

      it('treats erasing again as done', () => {
        spec
          .given(history)
          .when(eraseContactFromInput({}, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now))
          .then([]);
      });

      it('leaves the other contacts untouched', () => {
        spec
          .given(history)
          .when(
            updateContactDetailsFromInput({ personal: { name: 'Alex Patel' } }, contactIds('b97db4a9-f432-4615-8fb1-a5d38cebdac4'), now),
          )
          .then([
            {
              type: 'ContactDetailsUpdated',
              data: { caseId, contactId: 'b97db4a9-f432-4615-8fb1-a5d38cebdac4', personal: { name: 'Alex Patel' } },
            },
          ]);
      });

      it('treats a contact whose key is gone as erased, but still records its erasure', () => {
        const keyLost = shredded([enrolled, contactAdded('1dee6e3e-c67d-4803-8b33-63d93f46f1af')]);
        spec
          .given(keyLost)
          .when(changeContactConsentFromInput({ consentToContact: false }, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now))
          .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('contact-erased'));
        spec
          .given(keyLost)
          .when(eraseContactFromInput({}, contactIds('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), now))
          .then([{ type: 'ContactErased', data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', erasedAt: now } }]);
      });
    });
  });
});
