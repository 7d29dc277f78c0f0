import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { caseDecider, caseStreamName, enrolCaseFromInput, mutualDecider, mutualStreamName } from '@casebook/domain';
import type { RequestContext } from '../../http/request-context.js';
import { Clock } from '../../write-model/clock.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';
import { uuidFromHash } from '../../write-model/ids.js';

/**
 * The caller has checked that the study exists and that it may record in it. Any registered
 * mutual that is not yet a case may be enrolled (the registry is the sector's); one that is a
 * case already is decided by the mutual's own rule (see EnrolMutualInStudy).
 */
export class EnrolCase extends Command<WriteResult & { caseId: string }> {
  constructor(
    readonly studyId: string,
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(EnrolCase)
export class EnrolCaseHandler implements ICommandHandler<EnrolCase> {
  constructor(
    private readonly runner: DeciderRunner,
    private readonly clock: Clock,
  ) {}

  async execute({ studyId, body, context }: EnrolCase) {
    const caseId = caseIdFor(studyId, body);
    // Read first, so bad input is answered as such before the mutual is looked up.
    const command = enrolCaseFromInput(body, { caseId, studyId }, this.clock.now().toISOString());
    const { mutualId } = command.data;
    // The mutual's stream first (an unknown mutual is a 404 there): it decides whether this
    // study may take the mutual (one that is a case of a study the caller is not a member of
    // needs an administrator), and everything
    // that later decides access to the mutual reads it there. A retry after a crash between the
    // two writes finds the first already made and makes the second.
    const principal = context.principal;
    await this.runner.run(
      mutualDecider,
      mutualStreamName(mutualId),
      (now) => ({
        type: 'EnrolMutualInStudy' as const,
        data: { mutualId, studyId, caseId },
        requestedBy: { admin: principal?.role === 'admin', memberOf: principal?.studyIds ?? [] },
        now,
      }),
      context,
    );
    const result = await this.runner.run(caseDecider, caseStreamName(caseId), () => command, context);
    return { ...result, caseId };
  }
}

/**
 * A study follows a mutual at most once, so the case id follows from the two: a second
 * enrolment finds the first one's stream and the decider refuses it (409 already-enrolled),
 * however close together the two requests come.
 */
function caseIdFor(studyId: string, body: unknown): string {
  const mutualId = typeof body === 'object' && body !== null ? (body as { mutualId?: unknown }).mutualId : undefined;
  // The reader checks mutualId exactly as given, so whenever it accepts the request this is the id it read.
  return uuidFromHash(`case/${studyId}/${typeof mutualId === 'string' ? mutualId : ''}`);
}
