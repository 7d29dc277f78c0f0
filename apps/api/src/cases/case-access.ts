// Who may see and record what about a case: administrators, and members of the case's study
// (researchers to record, viewers and researchers to read). The study is read from the case's
// own stream, whose first event is its enrolment, so there is no projection lag to wait for.
import { Injectable } from '@nestjs/common';
import { type CaseEnrolled, NotFound, caseStreamName, fromStoredEvent } from '@casebook/domain';
import { EventStore } from '@casebook/event-store';
import { Forbidden } from '../auth/auth-errors.js';
import { hasRole } from '../auth/principal.js';
import type { RequestContext } from '../http/request-context.js';
import { isStudyMember } from '../studies/study-access.js';

export type Enrolment = Pick<CaseEnrolled['data'], 'caseId' | 'studyId' | 'mutualId'>;

@Injectable()
export class CaseAccess {
  constructor(private readonly store: EventStore) {}

  async assertCanRead(context: RequestContext, caseId: string): Promise<void> {
    const enrolment = await this.enrolmentOf(caseId);
    if (!enrolment) throw new NotFound('case', caseId);
    if (!isStudyMember(context, enrolment.studyId)) throw new Forbidden("This case belongs to a study you are not a member of");
  }

  async assertCanWrite(context: RequestContext, caseId: string): Promise<void> {
    const principal = context.principal;
    if (!principal || !hasRole(principal, 'researcher')) throw new Forbidden('Recording needs the researcher role');
    await this.assertCanRead(context, caseId);
  }

  /** The study and mutual a case was enrolled with; undefined when no case has this id. */
  async enrolmentOf(caseId: string): Promise<Enrolment | undefined> {
    const [first] = await this.store.readStream(caseStreamName(caseId), { maxCount: 1 });
    const event = first && fromStoredEvent(first.type, first.data);
    if (event?.type !== 'CaseEnrolled') return undefined;
    const { studyId, mutualId } = event.data;
    return { caseId, studyId, mutualId };
  }
}
