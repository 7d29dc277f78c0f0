import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { caseDecider, caseStreamName, scheduleWaveFromInput } from '@casebook/domain';
import { expectedVersionFrom } from '../../http/if-match.js';
import type { RequestContext } from '../../http/request-context.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';
import { newId } from '../../write-model/ids.js';

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
  constructor(private readonly runner: DeciderRunner) {}

  async execute({ caseId, body, context }: ScheduleWave) {
    const waveId = newId(context, 'wave');
    const result = await this.runner.run(caseDecider, caseStreamName(caseId), (now) => scheduleWaveFromInput(body, { caseId, waveId }, now), {
      ...context,
      expectedVersion: expectedVersionFrom(context.ifMatch),
    });
    return { ...result, waveId };
  }
}
