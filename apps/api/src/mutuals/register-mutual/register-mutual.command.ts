import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { mutualDecider, mutualStreamName, registerMutualFromInput } from '@casebook/domain';
import type { RequestContext } from '../../http/request-context.js';
import { newId } from '../../write-model/ids.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';

export class RegisterMutual extends Command<WriteResult & { mutualId: string }> {
  constructor(
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterMutual)
export class RegisterMutualHandler implements ICommandHandler<RegisterMutual> {
  constructor(private readonly runner: DeciderRunner) {}

  async execute({ body, context }: RegisterMutual) {
    const mutualId = newId(context, 'mutual');
    const result = await this.runner.run(
      mutualDecider,
      mutualStreamName(mutualId),
      (now) => registerMutualFromInput(body, mutualId, now),
      context,
    );
    return { ...result, mutualId };
  }
}
