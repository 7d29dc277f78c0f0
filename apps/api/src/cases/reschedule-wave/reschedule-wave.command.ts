import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { caseDecider, caseStreamName, rescheduleWaveFromInput } from '@casebook/domain';
import { expectedVersionFrom } from '../../http/if-match.js';
import type { RequestContext } from '../../http/request-context.js';
import { StudyRecord } from '../../studies/study-record.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';
import { CaseAccess } from '../case-access.js';
import { studyPeriodOfCase } from '../schedule-wave/schedule-wave.command.js';

export class RescheduleWave extends Command<WriteResult> {
  constructor(
    readonly caseId: string,
    readonly waveId: string,
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(RescheduleWave)
export class RescheduleWaveHandler implements ICommandHandler<RescheduleWave> {
  constructor(
    private readonly runner: DeciderRunner,
    private readonly cases: CaseAccess,
    private readonly studies: StudyRecord,
  ) {}

  async execute({ caseId, waveId, body, context }: RescheduleWave) {
    const studyPeriod = await studyPeriodOfCase(this.cases, this.studies, caseId);
    return this.runner.run(caseDecider, caseStreamName(caseId), (now) => rescheduleWaveFromInput(body, { caseId, waveId }, now, studyPeriod), {
      ...context,
      expectedVersion: expectedVersionFrom(context.ifMatch),
    });
  }
}
