import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AggregateReader } from './aggregate-reader.js';
import { Clock, SystemClock } from './clock.js';
import { DeciderRunner } from './decider-runner.js';
import { AccountWriteHandler, CaseWriteHandler, ExportWriteHandler, MutualWriteHandler, StudyWriteHandler } from './write-commands.js';

/** The write path: one loop, one handler per aggregate, and the reader decisions use. */
@Module({
  imports: [CqrsModule],
  providers: [
    { provide: Clock, useClass: SystemClock },
    DeciderRunner,
    AggregateReader,
    MutualWriteHandler,
    CaseWriteHandler,
    StudyWriteHandler,
    AccountWriteHandler,
    ExportWriteHandler,
  ],
  exports: [DeciderRunner, Clock, AggregateReader],
})
export class WriteModelModule {}
