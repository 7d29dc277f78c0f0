// The calendar feed a team member subscribes to in a calendar app, which sends no Authorization
// header: the secret URL itself names the account and feed and is checked, at every fetch,
// against that account's own stream. An unknown, forged or revoked address and one of a
// deactivated account are the same 404, and count as failed sign-ins.
import { Controller, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '@casebook/domain';
import { Public } from '../auth/auth.decorators.js';
import { ReadRoute } from '../http/api-routes.js';
import { Clock } from '@casebook/write-model';
import { CalendarFeedAccess } from './calendar-feed-access.js';
import { calendarFeedIcs } from './calendar-feed.ics.js';
import { CALENDAR_FEED_TOKEN_FORMAT } from './calendar-feed-token.js';
import { FailedFeedLookups } from './failed-feed-lookups.js';
import { GetCalendarFeedWindows } from './get-calendar-feed.query.js';

const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';

@ApiTags('calendar')
@Public()
@Controller('calendar')
export class CalendarFeedController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: CalendarFeedAccess,
    private readonly failedLookups: FailedFeedLookups,
    private readonly clock: Clock,
  ) {}

  @ReadRoute({
    path: ':token.ics',
    summary: 'The interview-wave windows of every study the feed’s account may see now, as an iCalendar feed',
    description:
      'For calendar apps, which cannot send a bearer token: the address, answered once when the feed is issued ' +
      '(`POST /api/v1/accounts/{accountId}/calendar-feeds`), is the credential. One all-day event per wave window still open ' +
      '(overdue ones too): DTSTART the day it opens, DTEND the day after it closes. A cancelled wave stays with STATUS:CANCELLED; ' +
      'completed, skipped and signed-off waves leave the feed. Each event keeps its UID when its wave is rescheduled. ' +
      'Revoking the feed, deactivating the account or ending a study membership counts from the next fetch.',
    answer: String,
    produces: { [ICS_CONTENT_TYPE]: 'iCalendar (RFC 5545): one all-day VEVENT per wave window' },
    pathParams: {
      token: {
        description: `The feed's secret, \`${CALENDAR_FEED_TOKEN_FORMAT}\`: the account id and the feed id as 32 lower-case hex digits each, then the secret`,
      },
    },
    notFound: 'No feed has this address: unknown, revoked, or of a deactivated account, alike',
  })
  @ApiResponse({ status: 429, description: 'Too many failed fetches from this address or for this account; see Retry-After' })
  async getCalendarFeed(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    await this.failedLookups.refuseIfBlocked(request, token);
    const subscriber = await this.access.subscriberOf(token);
    if (!subscriber) {
      await this.failedLookups.record(request, token);
      throw new NotFound('calendar feed', 'at this address');
    }
    const studyIds = subscriber.role === 'admin' ? undefined : subscriber.studyIds;
    const windows = await this.queries.execute(new GetCalendarFeedWindows(studyIds));
    void reply.header('content-type', ICS_CONTENT_TYPE);
    return calendarFeedIcs(windows, this.clock.now());
  }
}
