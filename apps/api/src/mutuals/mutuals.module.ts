import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { AccountsModule } from '../accounts/accounts.module.js';
import { WriteModelModule } from '../write-model/write-model.module.js';
import { CorrectMilestoneHandler, RetractMilestoneHandler } from './correct-milestone/correct-milestone.command.js';
import { CorrectMilestoneController } from './correct-milestone/correct-milestone.http.controller.js';
import { CorrectRegistrationHandler } from './correct-registration/correct-registration.command.js';
import { CorrectRegistrationController } from './correct-registration/correct-registration.http.controller.js';
import { GetMutualsController } from './get-mutuals/get-mutuals.http.controller.js';
import { GetMutualHandler, ListMutualsHandler } from './get-mutuals/list-mutuals.query.js';
import { GetMilestoneHistoryController } from './get-milestone-history/get-milestone-history.http.controller.js';
import { MutualAccess } from './mutual-access.js';
import { GetTimelineController } from './get-timeline/get-timeline.http.controller.js';
import { GetTimelineHandler } from './get-timeline/get-timeline.query.js';
import { RecordMilestoneHandler } from './record-milestone/record-milestone.command.js';
import { RecordMilestoneController } from './record-milestone/record-milestone.http.controller.js';
import { RegisterMutualHandler } from './register-mutual/register-mutual.command.js';
import { RegisterMutualController } from './register-mutual/register-mutual.http.controller.js';

/** Mutuals: the registry and corrections of it, milestones and their corrections, and the timeline read. */
@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule, AccountsModule],
  controllers: [
    RegisterMutualController,
    GetMutualsController,
    CorrectRegistrationController,
    RecordMilestoneController,
    CorrectMilestoneController,
    GetMilestoneHistoryController,
    GetTimelineController,
  ],
  providers: [
    MutualAccess,
    RegisterMutualHandler,
    CorrectRegistrationHandler,
    ListMutualsHandler,
    GetMutualHandler,
    RecordMilestoneHandler,
    CorrectMilestoneHandler,
    RetractMilestoneHandler,
    GetTimelineHandler,
  ],
  exports: [MutualAccess],
})
export class MutualsModule {}
