// The commands the CommandBus carries to the write loop: plain data (which record, the domain's
// command, the request's metadata), one class and one handler per aggregate. Routes read the
// body into the domain's command; everything after that is the same for every write.
import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccountCommand, CaseCommand, ExportCommand, MutualCommand, StudyCommand } from '@casebook/domain';
import { type Aggregate, Accounts, Cases, Exports, Mutuals, Studies } from './aggregates.js';
import { DeciderRunner, type WriteResult } from './decider-runner.js';
import type { WriteRequest } from './write-request.js';

abstract class Write<C> extends Command<WriteResult> {
  constructor(
    /** The record's id; the aggregate names its stream. */
    readonly id: string,
    readonly command: C,
    readonly request: WriteRequest,
  ) {
    super();
  }
}

export class WriteMutual extends Write<MutualCommand> {}
export class WriteCase extends Write<CaseCommand> {}
export class WriteStudy extends Write<StudyCommand> {}
export class WriteAccount extends Write<AccountCommand> {}
export class WriteExport extends Write<ExportCommand> {}

@Injectable()
abstract class WriteHandler<C, S> implements ICommandHandler<Write<C>, WriteResult> {
  protected abstract readonly aggregate: Aggregate<C, S>;
  constructor(private readonly runner: DeciderRunner) {}

  execute({ id, command, request }: Write<C>): Promise<WriteResult> {
    return this.runner.run(this.aggregate, id, command, request);
  }
}

@CommandHandler(WriteMutual)
export class MutualWriteHandler extends WriteHandler<MutualCommand, unknown> {
  protected readonly aggregate = Mutuals as Aggregate<MutualCommand, unknown>;
}

@CommandHandler(WriteCase)
export class CaseWriteHandler extends WriteHandler<CaseCommand, unknown> {
  protected readonly aggregate = Cases as Aggregate<CaseCommand, unknown>;
}

@CommandHandler(WriteStudy)
export class StudyWriteHandler extends WriteHandler<StudyCommand, unknown> {
  protected readonly aggregate = Studies as Aggregate<StudyCommand, unknown>;
}

@CommandHandler(WriteAccount)
export class AccountWriteHandler extends WriteHandler<AccountCommand, unknown> {
  protected readonly aggregate = Accounts as Aggregate<AccountCommand, unknown>;
}

@CommandHandler(WriteExport)
export class ExportWriteHandler extends WriteHandler<ExportCommand, unknown> {
  protected readonly aggregate = Exports as Aggregate<ExportCommand, unknown>;
}
