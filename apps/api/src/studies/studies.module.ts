import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { MutualsModule } from '../mutuals/mutuals.module.js';
import { WriteModelModule } from '@casebook/write-model';
import { GetCrossCaseTimelineHandler } from './cross-case-timeline/cross-case-timeline.query.js';
import { GetStudiesHandler } from './get-studies/get-studies.query.js';
import { GetStudyHistoryHandler } from './get-study-history/get-study-history.query.js';
import { StudyAccess } from './study-access.js';
import { StudyRecord } from './study-record.js';
import { StudyReadsController } from './study-reads.http.controller.js';
import { StudyWritesController } from './study-writes.http.controller.js';
import { DashboardsController } from './dashboards.http.controller.js';
import { GetStudyDashboardHandler } from './study-dashboard/get-study-dashboard.query.js';
import { GetSectorFiguresHandler } from './sector-figures/get-sector-figures.query.js';
import { GetWaveCalendarHandler } from './wave-calendar/get-wave-calendar.query.js';

/** Studies: creation, changes to their details and its history, reading, and timelines across the mutuals they (or the sector) follow. */
@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule, MutualsModule],
  controllers: [StudyWritesController, StudyReadsController, DashboardsController],
  providers: [
    StudyAccess,
    StudyRecord,
    GetStudiesHandler,
    GetStudyHistoryHandler,
    GetCrossCaseTimelineHandler,
    GetStudyDashboardHandler,
    GetSectorFiguresHandler,
    GetWaveCalendarHandler,
  ],
  exports: [StudyAccess, StudyRecord],
})
export class StudiesModule {}
