import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { correctMilestoneFromInput, milestoneKindIn, mutualDecider, mutualStreamName, retractMilestoneFromInput } from '@casebook/domain';
import { expectedVersionFrom } from '../../http/if-match.js';
import type { RequestContext } from '../../http/request-context.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';

/** New values for a recorded milestone, with a reason; the first version stays in the history. */
export class CorrectMilestone extends Command<WriteResult> {
  constructor(
    readonly mutualId: string,
    readonly milestoneId: string,
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(CorrectMilestone)
export class CorrectMilestoneHandler implements ICommandHandler<CorrectMilestone> {
  constructor(private readonly runner: DeciderRunner) {}

  execute({ mutualId, milestoneId, body, context }: CorrectMilestone): Promise<WriteResult> {
    // The fields to check depend on the milestone's kind, which only the record knows.
    return this.runner.runOnState(
      mutualDecider,
      mutualStreamName(mutualId),
      (now, state) => correctMilestoneFromInput(body, { mutualId, milestoneId }, now, milestoneKindIn(state, milestoneId)),
      { ...context, expectedVersion: expectedVersionFrom(context.ifMatch) },
    );
  }
}

/** A milestone that should not have been recorded: it leaves the timeline, not the history. */
export class RetractMilestone extends Command<WriteResult> {
  constructor(
    readonly mutualId: string,
    readonly milestoneId: string,
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(RetractMilestone)
export class RetractMilestoneHandler implements ICommandHandler<RetractMilestone> {
  constructor(private readonly runner: DeciderRunner) {}

  execute({ mutualId, milestoneId, body, context }: RetractMilestone): Promise<WriteResult> {
    return this.runner.run(mutualDecider, mutualStreamName(mutualId), (now) => retractMilestoneFromInput(body, { mutualId, milestoneId }, now), {
      ...context,
      expectedVersion: expectedVersionFrom(context.ifMatch),
    });
  }
}
