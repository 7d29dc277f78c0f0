import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { MutualsModule } from '../mutuals/mutuals.module.js';
import { WriteModelModule } from '../write-model/write-model.module.js';
import { CreateStudyHandler } from './create-study/create-study.command.js';
import { CreateStudyController } from './create-study/create-study.http.controller.js';
import { GetCrossCaseTimelineHandler } from './cross-case-timeline/cross-case-timeline.query.js';
import { SectorTimelineController } from './cross-case-timeline/sector-timeline.http.controller.js';
import { StudyTimelineController } from './cross-case-timeline/study-timeline.http.controller.js';
import { GetStudiesController } from './get-studies/get-studies.http.controller.js';
import { StudyAccess } from './study-access.js';

/** Studies: creation, reading, and timelines across the mutuals they (or the sector) follow. */
@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule, MutualsModule],
  controllers: [CreateStudyController, GetStudiesController, StudyTimelineController, SectorTimelineController],
  providers: [StudyAccess, CreateStudyHandler, GetCrossCaseTimelineHandler],
  exports: [StudyAccess],
})
export class StudiesModule {}
