import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { mutualDecider, mutualStreamName, recordMilestoneFromInput } from '@casebook/domain';
import { expectedVersionFrom } from '../../http/if-match.js';
import type { RequestContext } from '../../http/request-context.js';
import { newId } from '../../write-model/ids.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';

export class RecordMilestone extends Command<WriteResult & { milestoneId: string }> {
  constructor(
    readonly mutualId: string,
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(RecordMilestone)
export class RecordMilestoneHandler implements ICommandHandler<RecordMilestone> {
  constructor(private readonly runner: DeciderRunner) {}

  async execute({ mutualId, body, context }: RecordMilestone) {
    const milestoneId = newId(context, 'milestone');
    const result = await this.runner.run(
      mutualDecider,
      mutualStreamName(mutualId),
      (now) => recordMilestoneFromInput(body, { mutualId, milestoneId }, now),
      { ...context, expectedVersion: expectedVersionFrom(context.ifMatch) },
    );
    return { ...result, milestoneId };
  }
}
