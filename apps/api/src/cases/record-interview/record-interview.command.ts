import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AccountEvent, RuleViolated, accountDecider, accountStreamName, caseDecider, caseStreamName, fromStoredEvent, recordInterviewFromInput } from '@casebook/domain';
import { EventStore } from '@casebook/event-store';
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
    private readonly store: EventStore,
  ) {}

  async execute({ caseId, waveId, body, context }: RecordInterview) {
    const interviewId = newId(context, 'interview');
    // The source is read with the command but belongs in the event's metadata, beside who
    // recorded it, so it has to be known before the runner is called.
    const { command, source } = recordInterviewFromInput(body, { caseId, waveId, interviewId }, this.clock.now().toISOString(), context.recordedBy);
    const { interviewerAccountId } = command.data;
    // The recorder is the default and has just been authenticated; anyone else named must be an
    // account (active or not: interviews are often recorded after someone has left).
    if (interviewerAccountId !== null && interviewerAccountId !== context.recordedBy && !(await this.accountExists(interviewerAccountId))) {
      throw new RuleViolated('unknown-interviewer', `No account ${interviewerAccountId}: the interviewer must be a staff account`);
    }
    const result = await this.runner.run(caseDecider, caseStreamName(caseId), () => command, {
      ...context,
      expectedVersion: expectedVersionFrom(context.ifMatch),
      ...(source && { source }),
    });
    return { ...result, interviewId };
  }

  private async accountExists(accountId: string): Promise<boolean> {
    const state = (await this.store.readStream(accountStreamName(accountId)))
      .map((recorded) => fromStoredEvent(recorded.type, recorded.data) as AccountEvent | undefined)
      .filter((event): event is AccountEvent => event !== undefined)
      .reduce(accountDecider.evolve, accountDecider.initialState());
    return state.status !== 'none';
  }
}
