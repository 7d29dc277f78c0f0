// Who may see and record what about a mutual. Administrators: everything. Researchers (write)
// and viewers (read): mutuals enrolled as a case in a study they are members of, and, until a
// mutual is enrolled anywhere, the mutual they registered themselves. Access to one mutual is
// decided from its stream in the event store; only lists (visibleMutualIds) come from the read
// models, so a list may lag an enrolment by the projector's delay but no decision does.
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { CaseSummary, MutualSummary } from '@casebook/read-models';
import { Forbidden } from '../auth/auth-errors.js';
import { hasRole } from '../auth/principal.js';
import type { RequestContext } from '../http/request-context.js';
import { AggregateReader, Mutuals } from '@casebook/write-model';

@Injectable()
export class MutualAccess {
  constructor(
    @InjectRepository(CaseSummary) private readonly cases: Repository<CaseSummary>,
    @InjectRepository(MutualSummary) private readonly mutuals: Repository<MutualSummary>,
    private readonly aggregates: AggregateReader,
  ) {}

  async assertCanRead(context: RequestContext, mutualId: string): Promise<void> {
    if (!(await this.allowed(context, mutualId))) throw new Forbidden('This mutual is not part of a study you are a member of');
  }

  async assertCanWrite(context: RequestContext, mutualId: string): Promise<void> {
    const principal = context.principal;
    if (!principal || !hasRole(principal, 'researcher')) throw new Forbidden('Recording needs the researcher role');
    await this.assertCanRead(context, mutualId);
  }

  /** Ids of the mutuals a non-administrator may see; undefined means all of them. */
  async visibleMutualIds(context: RequestContext): Promise<string[] | undefined> {
    const principal = context.principal;
    if (!principal) return [];
    if (principal.role === 'admin') return undefined;
    const enrolled = principal.studyIds.length
      ? await this.cases.find({ where: { studyId: In(principal.studyIds) }, select: { mutualId: true } })
      : [];
    const own = await this.mutuals.find({ where: { registeredBy: principal.accountId }, select: { id: true } });
    const enrolledAnywhere = own.length
      ? await this.cases.find({ where: { mutualId: In(own.map((m) => m.id)) }, select: { mutualId: true } })
      : [];
    const ownUnenrolled = own.map((m) => m.id).filter((id) => !enrolledAnywhere.some((c) => c.mutualId === id));
    return [...new Set([...enrolled.map((c) => c.mutualId), ...ownUnenrolled])];
  }

  /**
   * Decided from the mutual's own stream: who registered it (the first event's recorder) and
   * the studies it was enrolled in (`MutualEnrolledInStudy`), so an enrolment counts from the
   * moment it is written, whatever the projector is doing.
   */
  private async allowed(context: RequestContext, mutualId: string): Promise<boolean> {
    const principal = context.principal;
    if (!principal) return false;
    if (principal.role === 'admin') return true;
    const { state, first } = await this.aggregates.read(Mutuals, mutualId);
    // An unknown mutual is reported as such (404) by the write, not hidden behind a 403.
    if (state.status !== 'registered') return true;
    const studies = [...state.studies.keys()];
    if (studies.some((studyId) => principal.studyIds.includes(studyId))) return true;
    return studies.length === 0 && first?.metadata.recordedBy === principal.accountId;
  }
}
