import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { correctRegistrationFromInput, mutualDecider, mutualStreamName } from '@casebook/domain';
import { expectedVersionFrom } from '../../http/if-match.js';
import type { RequestContext } from '../../http/request-context.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';

/** Registration details that were wrong, with a reason; each version stays in the history. */
export class CorrectRegistration extends Command<WriteResult> {
  constructor(
    readonly mutualId: string,
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(CorrectRegistration)
export class CorrectRegistrationHandler implements ICommandHandler<CorrectRegistration> {
  constructor(private readonly runner: DeciderRunner) {}

  execute({ mutualId, body, context }: CorrectRegistration): Promise<WriteResult> {
    return this.runner.run(mutualDecider, mutualStreamName(mutualId), (now) => correctRegistrationFromInput(body, mutualId, now), {
      ...context,
      expectedVersion: expectedVersionFrom(context.ifMatch),
    });
  }
}
