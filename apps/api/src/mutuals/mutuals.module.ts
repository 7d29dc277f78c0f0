import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { AccountsModule } from '../accounts/accounts.module.js';
import { WriteModelModule } from '../write-model/write-model.module.js';
import { GetMutualsController } from './get-mutuals/get-mutuals.http.controller.js';
import { GetMutualHandler, ListMutualsHandler } from './get-mutuals/list-mutuals.query.js';
import { GetMilestoneHistoryController } from './get-milestone-history/get-milestone-history.http.controller.js';
import { MutualAccess } from './mutual-access.js';
import { MutualWritesController } from './mutual-writes.http.controller.js';
import { GetTimelineController } from './get-timeline/get-timeline.http.controller.js';
import { GetTimelineHandler } from './get-timeline/get-timeline.query.js';

/** Mutuals: the registry and corrections of it, milestones and their corrections, and the timeline read. */
@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule, AccountsModule],
  controllers: [MutualWritesController, GetMutualsController, GetMilestoneHistoryController, GetTimelineController],
  providers: [MutualAccess, ListMutualsHandler, GetMutualHandler, GetTimelineHandler],
  exports: [MutualAccess],
})
export class MutualsModule {}
