import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { mutualDecider, mutualStreamName, scheduleInterviewWaveFromInput } from '@casebook/domain';
import { expectedVersionFrom } from '../../http/if-match.js';
import type { RequestContext } from '../../http/request-context.js';
import { newId } from '../../write-model/ids.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';

export class ScheduleInterviewWave extends Command<WriteResult & { waveId: string }> {
  constructor(
    readonly mutualId: string,
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(ScheduleInterviewWave)
export class ScheduleInterviewWaveHandler implements ICommandHandler<ScheduleInterviewWave> {
  constructor(private readonly runner: DeciderRunner) {}

  async execute({ mutualId, body, context }: ScheduleInterviewWave) {
    const waveId = newId(context, 'wave');
    const result = await this.runner.run(
      mutualDecider,
      mutualStreamName(mutualId),
      (now) => scheduleInterviewWaveFromInput(body, { mutualId, waveId }, now),
      { ...context, expectedVersion: expectedVersionFrom(context.ifMatch) },
    );
    return { ...result, waveId };
  }
}
