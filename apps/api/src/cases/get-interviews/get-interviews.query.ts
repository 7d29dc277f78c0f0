import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { NotFound } from '@casebook/domain';
import { InterviewRecord, WaveProgress } from '@casebook/read-models';
import { AccountDirectory } from '../../accounts/account-directory.js';
import type { InterviewResponse } from './interview.response.dto.js';

/** The interviews held in a wave of a case, in the order they took place, with staff names. */
export class GetInterviews extends Query<InterviewResponse[]> {
  constructor(
    readonly caseId: string,
    readonly waveId: string,
  ) {
    super();
  }
}

@QueryHandler(GetInterviews)
export class GetInterviewsHandler implements IQueryHandler<GetInterviews> {
  constructor(
    @InjectRepository(WaveProgress) private readonly waves: Repository<WaveProgress>,
    @InjectRepository(InterviewRecord) private readonly interviews: Repository<InterviewRecord>,
    private readonly directory: AccountDirectory,
  ) {}

  async execute({ caseId, waveId }: GetInterviews): Promise<InterviewResponse[]> {
    if (!(await this.waves.existsBy({ waveId, caseId }))) throw new NotFound('wave', waveId);
    const rows = await this.interviews.find({ where: { waveId }, order: { interviewedOn: 'ASC', interviewId: 'ASC' } });
    const names = await this.directory.displayNames(rows.flatMap((row) => [row.interviewerAccountId, row.recordedBy]));
    const nameOf = (accountId: string | null) => (accountId === null ? null : (names.get(accountId) ?? null));
    return rows.map((row) => ({
      interviewId: row.interviewId,
      role: row.role,
      interviewedOn: row.interviewedOn,
      interviewerAccountId: row.interviewerAccountId,
      interviewerName: nameOf(row.interviewerAccountId),
      recordedBy: row.recordedBy,
      recordedByName: nameOf(row.recordedBy),
      consent: row.consent,
      ...(row.transcriptReference !== null && { transcriptReference: row.transcriptReference }),
      ...(row.contactId !== null && { contactId: row.contactId }),
    }));
  }
}
