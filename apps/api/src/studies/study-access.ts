// Who may see and record what about a study. Administrators: every study. Researchers (write)
// and viewers (read): the studies they are members of. Whether the study exists is read from
// its stream, not a read model, so a study created a moment ago is already there.
import { Injectable } from '@nestjs/common';
import { NotFound, fromStoredEvent, studyStreamName } from '@casebook/domain';
import { EventStore } from '@casebook/event-store';
import { Forbidden } from '../auth/auth-errors.js';
import { hasRole } from '../auth/principal.js';
import type { RequestContext } from '../http/request-context.js';

@Injectable()
export class StudyAccess {
  constructor(private readonly store: EventStore) {}

  async assertCanRead(context: RequestContext, studyId: string): Promise<void> {
    await this.assertExists(studyId);
    if (!isStudyMember(context, studyId)) throw new Forbidden('You are not a member of this study');
  }

  async assertCanWrite(context: RequestContext, studyId: string): Promise<void> {
    const principal = context.principal;
    if (!principal || !hasRole(principal, 'researcher')) throw new Forbidden('Recording needs the researcher role');
    await this.assertCanRead(context, studyId);
  }

  // An unknown study is a 404 for everyone, as unknown mutuals and cases are.
  private assertExists(studyId: string): Promise<void> {
    return assertStudyExists(this.store, studyId);
  }
}

/** Read from the study's stream, so a study created a moment ago already counts. */
export async function assertStudyExists(store: EventStore, studyId: string): Promise<void> {
  const [first] = await store.readStream(studyStreamName(studyId), { maxCount: 1 });
  if (!first || fromStoredEvent(first.type, first.data)?.type !== 'StudyCreated') throw new NotFound('study', studyId);
}

/** Administrators count as members of every study. */
export function isStudyMember(context: RequestContext, studyId: string): boolean {
  const principal = context.principal;
  if (!principal) return false;
  return principal.role === 'admin' || principal.studyIds.includes(studyId);
}
