// Who may see and record what about a case: administrators, and members of the case's study
// (researchers to record, viewers and researchers to read). The study is read from the case's
// own stream, whose first event is its enrolment, so there is no projection lag to wait for.
import { Injectable } from '@nestjs/common';
import { type CaseEnrolled, NotFound, type StudyPeriod } from '@casebook/domain';
import { Forbidden } from '../auth/auth-errors.js';
import { hasRole } from '../auth/principal.js';
import type { RequestContext } from '../http/request-context.js';
import { StudyRecord } from '../studies/study-record.js';
import { isStudyMember } from '../studies/study-access.js';
import { AggregateReader, Cases } from '@casebook/write-model';

export type Enrolment = Pick<CaseEnrolled['data'], 'caseId' | 'studyId' | 'mutualId'>;

@Injectable()
export class CaseAccess {
  constructor(
    private readonly aggregates: AggregateReader,
    private readonly studies: StudyRecord,
  ) {}

  async assertCanRead(context: RequestContext, caseId: string): Promise<Enrolment> {
    const enrolment = await this.enrolmentOf(caseId);
    if (!enrolment) throw new NotFound('case', caseId);
    if (!isStudyMember(context, enrolment.studyId)) throw new Forbidden('This case belongs to a study you are not a member of');
    return enrolment;
  }

  async assertCanWrite(context: RequestContext, caseId: string): Promise<Enrolment> {
    const principal = context.principal;
    if (!principal || !hasRole(principal, 'researcher')) throw new Forbidden('Recording needs the researcher role');
    return this.assertCanRead(context, caseId);
  }

  /** The study and mutual a case was enrolled with; undefined when no case has this id. */
  async enrolmentOf(caseId: string): Promise<Enrolment | undefined> {
    const enrolled = await this.aggregates.creation(Cases, caseId, 'CaseEnrolled');
    if (!enrolled) return undefined;
    const { studyId, mutualId } = enrolled.data;
    return { caseId, studyId, mutualId };
  }

  /** A case never changes study, so its enrolment names the study whose period bounds its waves. */
  async studyPeriodOf(enrolment: Enrolment): Promise<StudyPeriod> {
    return this.studies.periodOf(enrolment.studyId);
  }
}
