import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { MutualsModule } from '../mutuals/mutuals.module.js';
import { WriteModelModule } from '../write-model/write-model.module.js';
import { ChangeStudyDetailsHandler } from './change-study-details/change-study-details.command.js';
import { ChangeStudyDetailsController } from './change-study-details/change-study-details.http.controller.js';
import { CreateStudyHandler } from './create-study/create-study.command.js';
import { CreateStudyController } from './create-study/create-study.http.controller.js';
import { GetCrossCaseTimelineHandler } from './cross-case-timeline/cross-case-timeline.query.js';
import { SectorTimelineController } from './cross-case-timeline/sector-timeline.http.controller.js';
import { StudyTimelineController } from './cross-case-timeline/study-timeline.http.controller.js';
import { GetStudiesController } from './get-studies/get-studies.http.controller.js';
import { GetStudyHistoryController } from './get-study-history/get-study-history.http.controller.js';
import { StudyAccess } from './study-access.js';
import { StudyRecord } from './study-record.js';

/** Studies: creation, changes to their details and its history, reading, and timelines across the mutuals they (or the sector) follow. */
@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule, MutualsModule],
  controllers: [CreateStudyController, GetStudiesController, ChangeStudyDetailsController, GetStudyHistoryController, StudyTimelineController, SectorTimelineController],
  providers: [StudyAccess, StudyRecord, CreateStudyHandler, ChangeStudyDetailsHandler, GetCrossCaseTimelineHandler],
  exports: [StudyAccess, StudyRecord],
})
export class StudiesModule {}
