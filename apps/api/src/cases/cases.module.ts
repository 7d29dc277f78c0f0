import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { AccountsModule } from '../accounts/accounts.module.js';
import { StudiesModule } from '../studies/studies.module.js';
import { WriteModelModule } from '@casebook/write-model';
import { CaseAccess } from './case-access.js';
import { CaseWritesController } from './case-writes.http.controller.js';
import { CaseReadsController } from './case-reads.http.controller.js';
import { GetCasesHandler } from './get-cases/get-cases.query.js';
import { GetInterviewsHandler } from './get-interviews/get-interviews.query.js';
import { GetWaveProgressHandler } from './get-wave-progress/get-wave-progress.query.js';

/** Cases: enrolment of mutuals in studies, revisits, withdrawal, and their interview waves. */
@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule, StudiesModule, AccountsModule],
  controllers: [CaseWritesController, CaseReadsController],
  providers: [CaseAccess, GetCasesHandler, GetInterviewsHandler, GetWaveProgressHandler],
  exports: [CaseAccess],
})
export class CasesModule {}
