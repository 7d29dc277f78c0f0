import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AccountCommand, accountDecider, accountStreamName } from '@casebook/domain';
import type { RequestContext } from '../http/request-context.js';
import { DeciderRunner, type WriteResult } from '../write-model/decider-runner.js';

/** Any change to one account: every account use case goes through the same decider. */
export class ChangeAccount extends Command<WriteResult> {
  constructor(
    readonly accountId: string,
    readonly build: (now: string) => AccountCommand,
    readonly context: RequestContext,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

@CommandHandler(ChangeAccount)
export class ChangeAccountHandler implements ICommandHandler<ChangeAccount> {
  constructor(private readonly runner: DeciderRunner) {}

  execute({ accountId, build, context, expectedVersion }: ChangeAccount): Promise<WriteResult> {
    return this.runner.run(accountDecider, accountStreamName(accountId), build, { ...context, expectedVersion });
  }
}
