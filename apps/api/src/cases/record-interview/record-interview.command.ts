import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { caseDecider, caseStreamName, recordInterviewFromInput } from '@casebook/domain';
import { expectedVersionFrom } from '../../http/if-match.js';
import type { RequestContext } from '../../http/request-context.js';
import { Clock } from '../../write-model/clock.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';
import { newId } from '../../write-model/ids.js';

export class RecordInterview extends Command<WriteResult & { interviewId: string }> {
  constructor(
    readonly caseId: string,
    readonly waveId: string,
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(RecordInterview)
export class RecordInterviewHandler implements ICommandHandler<RecordInterview> {
  constructor(
    private readonly runner: DeciderRunner,
    private readonly clock: Clock,
  ) {}

  async execute({ caseId, waveId, body, context }: RecordInterview) {
    const interviewId = newId(context, 'interview');
    // The source is read with the command but belongs in the event's metadata, beside who
    // recorded it, so it has to be known before the runner is called.
    const { command, source } = recordInterviewFromInput(body, { caseId, waveId, interviewId }, this.clock.now().toISOString());
    const result = await this.runner.run(caseDecider, caseStreamName(caseId), () => command, {
      ...context,
      expectedVersion: expectedVersionFrom(context.ifMatch),
      ...(source && { source }),
    });
    return { ...result, interviewId };
  }
}
