import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFound, ValidationFailed, caseDecider, caseStreamName, linkRevisitedCaseFromInput } from '@casebook/domain';
import { expectedVersionFrom } from '../../http/if-match.js';
import type { RequestContext } from '../../http/request-context.js';
import { Clock } from '../../write-model/clock.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';
import { CaseAccess } from '../case-access.js';

/** The client names the earlier case only; its study is read from that case's own record. */
export class LinkCase extends Command<WriteResult> {
  constructor(
    readonly caseId: string,
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

// Stands in for the earlier study while the rest of the request is checked; never stored.
const STUDY_NOT_YET_KNOWN = '00000000-0000-4000-8000-000000000000';

@CommandHandler(LinkCase)
export class LinkCaseHandler implements ICommandHandler<LinkCase> {
  constructor(
    private readonly runner: DeciderRunner,
    private readonly access: CaseAccess,
    private readonly clock: Clock,
  ) {}

  async execute({ caseId, body, context }: LinkCase): Promise<WriteResult> {
    const read = (earlierStudyId: string, now: string) => linkRevisitedCaseFromInput(linkInput(body, earlierStudyId), { caseId }, now);
    // Bad input is answered as such before the earlier case is looked up.
    const { earlierCaseId } = read(STUDY_NOT_YET_KNOWN, this.clock.now().toISOString()).data;
    const earlier = await this.access.enrolmentOf(earlierCaseId);
    if (!earlier) throw new NotFound('case', earlierCaseId);
    return this.runner.run(caseDecider, caseStreamName(caseId), (now) => read(earlier.studyId, now), {
      ...context,
      expectedVersion: expectedVersionFrom(context.ifMatch),
    });
  }
}

function linkInput(body: unknown, earlierStudyId: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  if ('earlierStudyId' in body) {
    throw new ValidationFailed([
      { field: 'earlierStudyId', rule: 'unknown-field', message: 'earlierStudyId is not a field of this request: it is read from the earlier case' },
    ]);
  }
  return { ...body, earlierStudyId };
}
