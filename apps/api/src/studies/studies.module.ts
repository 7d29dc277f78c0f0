import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { MutualsModule } from '../mutuals/mutuals.module.js';
import { WriteModelModule } from '../write-model/write-model.module.js';
import { GetCrossCaseTimelineHandler } from './cross-case-timeline/cross-case-timeline.query.js';
import { SectorTimelineController } from './cross-case-timeline/sector-timeline.http.controller.js';
import { StudyTimelineController } from './cross-case-timeline/study-timeline.http.controller.js';
import { GetStudiesController } from './get-studies/get-studies.http.controller.js';
import { GetStudyHistoryController } from './get-study-history/get-study-history.http.controller.js';
import { StudyAccess } from './study-access.js';
import { StudyRecord } from './study-record.js';
import { StudyWritesController } from './study-writes.http.controller.js';

/** Studies: creation, changes to their details and its history, reading, and timelines across the mutuals they (or the sector) follow. */
@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule, MutualsModule],
  controllers: [StudyWritesController, GetStudiesController, GetStudyHistoryController, StudyTimelineController, SectorTimelineController],
  providers: [StudyAccess, StudyRecord, GetCrossCaseTimelineHandler],
  exports: [StudyAccess, StudyRecord],
})
export class StudiesModule {}
