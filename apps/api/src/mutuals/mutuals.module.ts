import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { AccountsModule } from '../accounts/accounts.module.js';
import { WriteModelModule } from '@casebook/write-model';
import { GetMilestoneHistoryHandler } from './get-milestone-history/get-milestone-history.query.js';
import { GetMutualHandler, ListMutualsHandler } from './get-mutuals/list-mutuals.query.js';
import { GetRegistrationHistoryHandler } from './get-mutuals/registration-history.query.js';
import { GetTimelineHandler } from './get-timeline/get-timeline.query.js';
import { MutualTimelineReader } from './get-timeline/mutual-timeline-reader.js';
import { GetMutualProfileHandler } from './get-profile/get-profile.query.js';
import { MutualProfiles } from './get-profile/mutual-profiles.js';
import { MutualAccess } from './mutual-access.js';
import { MutualReadsController } from './mutual-reads.http.controller.js';
import { MutualWritesController } from './mutual-writes.http.controller.js';

/** Mutuals: the registry and corrections of it, milestones and their corrections, the timeline and the profile on a day. */
@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule, AccountsModule],
  controllers: [MutualWritesController, MutualReadsController],
  providers: [
    MutualAccess,
    ListMutualsHandler,
    GetMutualHandler,
    GetRegistrationHistoryHandler,
    GetMilestoneHistoryHandler,
    GetTimelineHandler,
    MutualTimelineReader,
    GetMutualProfileHandler,
    MutualProfiles,
  ],
  exports: [MutualAccess, MutualTimelineReader, MutualProfiles],
})
export class MutualsModule {}
