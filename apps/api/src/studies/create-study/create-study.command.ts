import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { createStudyFromInput, studyDecider, studyStreamName } from '@casebook/domain';
import type { RequestContext } from '../../http/request-context.js';
import { newId } from '../../write-model/ids.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';

export class CreateStudy extends Command<WriteResult & { studyId: string }> {
  constructor(
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(CreateStudy)
export class CreateStudyHandler implements ICommandHandler<CreateStudy> {
  constructor(private readonly runner: DeciderRunner) {}

  async execute({ body, context }: CreateStudy) {
    const studyId = newId(context, 'study');
    const result = await this.runner.run(studyDecider, studyStreamName(studyId), (now) => createStudyFromInput(body, studyId, now), context);
    return { ...result, studyId };
  }
}
