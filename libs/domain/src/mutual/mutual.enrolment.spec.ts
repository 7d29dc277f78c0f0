import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { NotFound, NotPermitted } from '../shared/domain-error.js';
import type { EnrolMutualInStudy } from './mutual.commands.js';
import { mutualDecider } from './mutual.decider.js';
import type { MutualEvent } from './mutual.events.js';

const spec = deciderSpecification(mutualDecider);
const now = '2026-11-23T10:00:00.000Z';
const mutualId = '3f1c7a52-8a4e-4d34-9a57-0a4f3c2b1d10';
const [studyOne, studyTwo, studyThree] = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
];
const registered: MutualEvent = {
  type: 'MutualRegistered',
  data: { mutualId, name: 'Skills Forward Mutual', serviceAreas: ['employment-and-skills'], registeredAt: '2026-11-01T09:00:00.000Z' },
};
const enrolled = (studyId: string, caseId: string): MutualEvent => ({
  type: 'MutualEnrolledInStudy',
  data: { mutualId, studyId, caseId, enrolledAt: '2026-11-02T09:00:00.000Z' },
});
const enrol = (studyId: string, caseId: string, requestedBy: EnrolMutualInStudy['requestedBy']): EnrolMutualInStudy => ({
  type: 'EnrolMutualInStudy',
  data: { mutualId, studyId, caseId },
  requestedBy,
  now,
});
const researcherOf = (...memberOf: string[]) => ({ admin: false, memberOf });

describe('enrolling a mutual in a study', () => {
  it('records the enrolment of a mutual that is no case yet, for any researcher of the study', () => {
    spec
      .given([registered])
      .when(enrol(studyOne, 'case-1', researcherOf(studyOne)))
      .then([{ type: 'MutualEnrolledInStudy', data: { mutualId, studyId: studyOne, caseId: 'case-1', enrolledAt: now } }]);
  });

  it('refuses a researcher who is not a member of every study the mutual is a case of', () => {
    spec
      .given([registered, enrolled(studyOne, 'case-1')])
      .when(enrol(studyTwo, 'case-2', researcherOf(studyTwo)))
      .thenThrows(NotPermitted, (error) => expect(error.rule).toBe('case-of-another-study'));
    spec
      .given([registered, enrolled(studyOne, 'case-1'), enrolled(studyTwo, 'case-2')])
      .when(enrol(studyThree, 'case-3', researcherOf(studyOne, studyThree)))
      .thenThrows(NotPermitted, (error) => expect(error.rule).toBe('case-of-another-study'));
  });

  it('lets a member of all its studies, or an administrator, enrol it in another', () => {
    spec
      .given([registered, enrolled(studyOne, 'case-1')])
      .when(enrol(studyTwo, 'case-2', researcherOf(studyOne, studyTwo)))
      .then([{ type: 'MutualEnrolledInStudy', data: { mutualId, studyId: studyTwo, caseId: 'case-2', enrolledAt: now } }]);
    spec
      .given([registered, enrolled(studyOne, 'case-1')])
      .when(enrol(studyTwo, 'case-2', { admin: true, memberOf: [] }))
      .then([{ type: 'MutualEnrolledInStudy', data: { mutualId, studyId: studyTwo, caseId: 'case-2', enrolledAt: now } }]);
  });

  it('records nothing for an enrolment already made, so a retry writes nothing twice', () => {
    spec
      .given([registered, enrolled(studyOne, 'case-1')])
      .when(enrol(studyOne, 'case-1', researcherOf(studyOne)))
      .then([]);
  });

  it('cannot enrol a mutual that was never registered', () => {
    spec
      .given([])
      .when(enrol(studyOne, 'case-1', { admin: true, memberOf: [] }))
      .thenThrows(NotFound);
  });
});
