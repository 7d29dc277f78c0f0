// Who may see and record what about a study. Administrators: every study. Researchers (write)
// and viewers (read): the studies they are members of. Whether the study exists is read from
// its stream, not a read model, so a study created a moment ago is already there.
import { Injectable } from '@nestjs/common';
import { Forbidden } from '../auth/auth-errors.js';
import { hasRole } from '../auth/principal.js';
import type { RequestContext } from '../http/request-context.js';
import { AggregateReader, Studies } from '@casebook/write-model';

@Injectable()
export class StudyAccess {
  constructor(private readonly aggregates: AggregateReader) {}

  async assertCanRead(context: RequestContext, studyId: string): Promise<void> {
    // An unknown study is a 404 for everyone, as unknown mutuals and cases are.
    await this.assertExists(studyId);
    if (!isStudyMember(context, studyId)) throw new Forbidden('You are not a member of this study');
  }

  async assertCanWrite(context: RequestContext, studyId: string): Promise<void> {
    const principal = context.principal;
    if (!principal || !hasRole(principal, 'researcher')) throw new Forbidden('Recording needs the researcher role');
    await this.assertCanRead(context, studyId);
  }

  /** Read from the study's stream, so a study created a moment ago already counts. */
  assertExists(studyId: string): Promise<void> {
    return this.aggregates.assertExists(Studies, studyId, 'StudyCreated');
  }
}

/** Administrators count as members of every study. */
export function isStudyMember(context: RequestContext, studyId: string): boolean {
  const principal = context.principal;
  if (!principal) return false;
  return principal.role === 'admin' || principal.studyIds.includes(studyId);
}
