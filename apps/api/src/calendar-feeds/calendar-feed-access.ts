// Who a feed's secret URL stands for, read from that account's own stream at every fetch, never
// from a read model that may lag: a revoked feed, a deactivated or erased account, or a lost
// study membership counts from the next fetch.
import { Injectable } from '@nestjs/common';
import type { CalendarFeed } from '@casebook/domain';
import { hashSecret, sameSecret } from '../auth/access-token.js';
import type { Principal } from '../auth/principal.js';
import { Accounts, AggregateReader } from '@casebook/write-model';
import { parseFeedToken } from './calendar-feed-token.js';

@Injectable()
export class CalendarFeedAccess {
  constructor(private readonly aggregates: AggregateReader) {}

  /** The account the token stands for as it is now, or undefined when it stands for nobody. */
  async subscriberOf(token: string): Promise<Principal | undefined> {
    const parsed = parseFeedToken(token);
    if (!parsed) return undefined;
    const { state } = await this.aggregates.read(Accounts, parsed.accountId);
    if (state.status !== 'active') return undefined;
    const feed = state.calendarFeeds[parsed.feedId] as CalendarFeed | undefined;
    // Compared even for an unknown feed, so that the time taken does not tell which part was wrong.
    const matches = sameSecret(feed?.secretHash ?? '', hashSecret(parsed.secret));
    if (!feed || feed.revokedAt !== undefined || !matches) return undefined;
    return { accountId: state.accountId, role: state.role, studyIds: state.studyIds };
  }
}
