import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CaseCommand, caseDecider, caseStreamName } from '@casebook/domain';
import { expectedVersionFrom } from '../http/if-match.js';
import type { RequestContext } from '../http/request-context.js';
import { DeciderRunner, type WriteResult } from '../write-model/decider-runner.js';

/**
 * A change to a case read from the request alone: a wave's window or outcome, a withdrawal.
 * Every one of them is decided by the case decider against the case's whole stream.
 */
export class ChangeCase extends Command<WriteResult> {
  constructor(
    readonly caseId: string,
    readonly build: (now: string) => CaseCommand,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeCase)
export class ChangeCaseHandler implements ICommandHandler<ChangeCase> {
  constructor(private readonly runner: DeciderRunner) {}

  execute({ caseId, build, context }: ChangeCase): Promise<WriteResult> {
    return this.runner.run(caseDecider, caseStreamName(caseId), build, { ...context, expectedVersion: expectedVersionFrom(context.ifMatch) });
  }
}
