import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { AccountsModule } from '../accounts/accounts.module.js';
import { StudiesModule } from '../studies/studies.module.js';
import { WriteModelModule } from '../write-model/write-model.module.js';
import { CaseAccess } from './case-access.js';
import { ChangeCaseHandler } from './change-case.command.js';
import { EnrolCaseHandler } from './enrol-case/enrol-case.command.js';
import { EnrolCaseController } from './enrol-case/enrol-case.http.controller.js';
import { GetCasesController } from './get-cases/get-cases.http.controller.js';
import { GetInterviewsController } from './get-interviews/get-interviews.http.controller.js';
import { GetWaveProgressHandler } from './get-wave-progress/get-wave-progress.query.js';
import { GetWaveProgressController } from './get-wave-progress/get-wave-progress.http.controller.js';
import { LinkCaseHandler } from './link-case/link-case.command.js';
import { LinkCaseController } from './link-case/link-case.http.controller.js';
import { RecordInterviewHandler } from './record-interview/record-interview.command.js';
import { RecordInterviewController } from './record-interview/record-interview.http.controller.js';
import { RescheduleWaveHandler } from './reschedule-wave/reschedule-wave.command.js';
import { RescheduleWaveController } from './reschedule-wave/reschedule-wave.http.controller.js';
import { ScheduleWaveHandler } from './schedule-wave/schedule-wave.command.js';
import { ScheduleWaveController } from './schedule-wave/schedule-wave.http.controller.js';
import { WaveLifecycleController } from './wave-lifecycle/wave-lifecycle.http.controller.js';
import { WithdrawCaseController } from './withdraw-case/withdraw-case.http.controller.js';

/** Cases: enrolment of mutuals in studies, revisits, withdrawal, and their interview waves. */
@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule, StudiesModule, AccountsModule],
  controllers: [
    EnrolCaseController,
    GetCasesController,
    LinkCaseController,
    WithdrawCaseController,
    ScheduleWaveController,
    RescheduleWaveController,
    RecordInterviewController,
    GetInterviewsController,
    WaveLifecycleController,
    GetWaveProgressController,
  ],
  providers: [CaseAccess, ChangeCaseHandler, EnrolCaseHandler, LinkCaseHandler, ScheduleWaveHandler, RescheduleWaveHandler, RecordInterviewHandler, GetWaveProgressHandler],
  exports: [CaseAccess],
})
export class CasesModule {}
