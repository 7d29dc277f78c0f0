import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CaseCommand, caseDecider, caseStreamName } from '@casebook/domain';
import type { RequestContext } from '../http/request-context.js';
import { DeciderRunner, type WriteResult } from '../write-model/decider-runner.js';

/** A change to a case's contacts; contacts live in the case's stream, beside its waves. */
export class ChangeContact extends Command<WriteResult> {
  constructor(
    readonly caseId: string,
    readonly build: (now: string) => CaseCommand,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeContact)
export class ChangeContactHandler implements ICommandHandler<ChangeContact> {
  constructor(private readonly runner: DeciderRunner) {}

  execute({ caseId, build, context }: ChangeContact): Promise<WriteResult> {
    return this.runner.run(caseDecider, caseStreamName(caseId), build, context);
  }
}
