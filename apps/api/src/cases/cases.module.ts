import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { AccountsModule } from '../accounts/accounts.module.js';
import { StudiesModule } from '../studies/studies.module.js';
import { WriteModelModule } from '../write-model/write-model.module.js';
import { CaseAccess } from './case-access.js';
import { CaseWritesController } from './case-writes.http.controller.js';
import { GetCasesController } from './get-cases/get-cases.http.controller.js';
import { GetInterviewsController } from './get-interviews/get-interviews.http.controller.js';
import { GetWaveProgressHandler } from './get-wave-progress/get-wave-progress.query.js';
import { GetWaveProgressController } from './get-wave-progress/get-wave-progress.http.controller.js';

/** Cases: enrolment of mutuals in studies, revisits, withdrawal, and their interview waves. */
@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule, StudiesModule, AccountsModule],
  controllers: [CaseWritesController, GetCasesController, GetInterviewsController, GetWaveProgressController],
  providers: [CaseAccess, GetWaveProgressHandler],
  exports: [CaseAccess],
})
export class CasesModule {}
