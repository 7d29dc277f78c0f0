import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFound, caseDecider, caseStreamName, scheduleWaveFromInput } from '@casebook/domain';
import { expectedVersionFrom } from '../../http/if-match.js';
import type { RequestContext } from '../../http/request-context.js';
import { StudyRecord } from '../../studies/study-record.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';
import { newId } from '../../write-model/ids.js';
import { CaseAccess } from '../case-access.js';

export class ScheduleWave extends Command<WriteResult & { waveId: string }> {
  constructor(
    readonly caseId: string,
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(ScheduleWave)
export class ScheduleWaveHandler implements ICommandHandler<ScheduleWave> {
  constructor(
    private readonly runner: DeciderRunner,
    private readonly cases: CaseAccess,
    private readonly studies: StudyRecord,
  ) {}

  async execute({ caseId, body, context }: ScheduleWave) {
    const waveId = newId(context, 'wave');
    const studyPeriod = await studyPeriodOfCase(this.cases, this.studies, caseId);
    const result = await this.runner.run(caseDecider, caseStreamName(caseId), (now) => scheduleWaveFromInput(body, { caseId, waveId }, now, studyPeriod), {
      ...context,
      expectedVersion: expectedVersionFrom(context.ifMatch),
    });
    return { ...result, waveId };
  }
}

/** A case never changes study, so its enrolment names the study whose period bounds its waves. */
export async function studyPeriodOfCase(cases: CaseAccess, studies: StudyRecord, caseId: string) {
  const enrolment = await cases.enrolmentOf(caseId);
  if (!enrolment) throw new NotFound('case', caseId);
  return studies.periodOf(enrolment.studyId);
}
