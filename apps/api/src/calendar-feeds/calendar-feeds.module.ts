import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { WriteModelModule } from '@casebook/write-model';
import { CalendarFeedAccess } from './calendar-feed-access.js';
import { CalendarFeedController } from './calendar-feed.http.controller.js';
import { FailedFeedLookups } from './failed-feed-lookups.js';
import { GetCalendarFeedWindowsHandler } from './get-calendar-feed.query.js';

/** The iCalendar feeds of interview waves; feeds are issued and revoked on the account (accounts/). */
@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule],
  controllers: [CalendarFeedController],
  providers: [CalendarFeedAccess, FailedFeedLookups, GetCalendarFeedWindowsHandler],
})
export class CalendarFeedsModule {}
