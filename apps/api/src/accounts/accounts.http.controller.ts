// Accounts, roles, study memberships and tokens: administrators only. Every change is an event
// on the account's stream, so past access can be audited (GET .../access?at=). A staff member's
// name is the account's personal data: encrypted with the account's key, erased on request.
import { Body, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type AccountEvent,
  ChangeRoleBody,
  CreateAccountBody,
  DeactivateAccountBody,
  IssueTokenBody,
  NotFound,
  ValidationFailed,
  accessAt,
  changeRoleFromInput,
  createAccountFromInput,
  deactivateAccountFromInput,
  issueTokenFromInput,
} from '@casebook/domain';
import { issueToken } from '../auth/access-token.js';
import { Forbidden } from '../auth/auth-errors.js';
import { feedPath, issueFeedToken } from '../calendar-feeds/calendar-feed-token.js';
import { etagFor } from '../http/if-match.js';
import { Context, type RequestContext } from '../http/request-context.js';
import { Ids, type PathIds } from '../http/path-ids.js';
import { Accounts, AggregateReader, Studies, WriteAccount, type WriteResult, domainEventsOf, newId } from '@casebook/write-model';
import { ApiController, ReadRoute } from '../http/api-routes.js';
import { type WriteAnswer, WriteRoute, answer } from '../write-route/write-route.js';
import { AccessResponse, AccountResponse, CalendarFeedResponse, IssuedCalendarFeedResponse, IssuedTokenResponse } from './account.dto.js';

const ACCOUNT = 'No account has this id';
const TOKEN_SECRET = 'token';
const FEED_SECRET = 'url';
const OWN_FEEDS = 'Only the account itself, or an administrator, manages its calendar feeds';

@ApiController('accounts', 'api/v1/accounts')
export class AccountsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly aggregates: AggregateReader,
  ) {}

  @WriteRoute({
    method: 'POST',
    status: 201,
    role: 'admin',
    summary: 'Create a staff account and its first token (shown once)',
    body: CreateAccountBody,
    answer: IssuedTokenResponse,
    location: ({ id }) => `/api/v1/accounts/${id}`,
    secret: TOKEN_SECRET,
  })
  async createAccount(@Body() body: unknown, @Context() context: RequestContext): Promise<IssuedTokenResponse> {
    const accountId = newId(context, 'account');
    const tokenId = newId(context, 'token');
    const issued = issueToken(accountId);
    const command = createAccountFromInput(body, accountId, context.now, { tokenId, tokenHash: issued.tokenHash });
    return tokenAnswer(accountId, tokenId, issued.token, await this.commands.execute(new WriteAccount(accountId, command, context)));
  }

  @ReadRoute({ path: ':accountId', summary: 'An account as it is now', answer: AccountResponse, role: 'admin', notFound: ACCOUNT })
  async getAccount(@Ids() { accountId }: PathIds<'accountId'>, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountResponse> {
    const { state, version } = await this.aggregates.read(Accounts, accountId);
    if (state.status === 'none') throw new NotFound('account', accountId);
    void reply.header('etag', etagFor(version));
    return {
      id: accountId,
      displayName: state.displayName,
      erased: state.erased,
      role: state.role,
      active: state.status === 'active',
      studyIds: state.studyIds,
      tokenIds: Object.keys(state.tokens),
      version,
    };
  }

  @ReadRoute({
    path: ':accountId/access',
    summary: 'What the account could see and change at a moment in the past (default: now)',
    answer: AccessResponse,
    role: 'admin',
    notFound: ACCOUNT,
  })
  @ApiQuery({ name: 'at', required: false, example: '2026-01-31T12:00:00Z', description: 'The moment, a date and time with a zone' })
  async getAccountAccess(@Ids() { accountId }: PathIds<'accountId'>, @Query('at') at?: string): Promise<AccessResponse> {
    const moment = at ?? new Date().toISOString();
    if (Number.isNaN(Date.parse(moment))) {
      throw new ValidationFailed([{ field: 'at', rule: 'date-time', message: 'at must be a date and time, e.g. 2026-01-31T12:00:00Z' }]);
    }
    const events = domainEventsOf(await this.aggregates.history(Accounts, accountId)) as AccountEvent[];
    if (events.length === 0) throw new NotFound('account', accountId);
    const instant = new Date(moment).toISOString();
    return { at: instant, ...accessAt(events, instant) };
  }

  @WriteRoute({
    method: 'POST',
    path: ':accountId/tokens',
    status: 201,
    role: 'admin',
    summary: 'Issue another token (shown once)',
    body: IssueTokenBody,
    bodyOptional: true,
    answer: IssuedTokenResponse,
    notFound: ACCOUNT,
    conflicts: 'the account is deactivated',
    secret: TOKEN_SECRET,
  })
  async issueToken(
    @Ids() { accountId }: PathIds<'accountId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ): Promise<IssuedTokenResponse> {
    const tokenId = newId(context, 'token');
    const issued = issueToken(accountId);
    const command = issueTokenFromInput(body, { tokenId, tokenHash: issued.tokenHash }, context.now);
    return tokenAnswer(accountId, tokenId, issued.token, await this.commands.execute(new WriteAccount(accountId, command, context)));
  }

  @WriteRoute({
    method: 'DELETE',
    path: ':accountId/tokens/:tokenId',
    status: 200,
    role: 'admin',
    summary: 'Revoke a token: it stops signing in at once',
    notFound: ACCOUNT,
  })
  revokeToken(@Ids() { accountId, tokenId }: PathIds<'accountId' | 'tokenId'>, @Context() context: RequestContext): Promise<WriteAnswer> {
    return this.change(accountId, { type: 'RevokeToken', tokenId, now: context.now }, context);
  }

  @WriteRoute({
    method: 'POST',
    path: ':accountId/calendar-feeds',
    status: 201,
    role: 'viewer',
    summary: 'Issue a calendar feed of the interview waves the account may see (its address shown once)',
    description:
      'Any account may issue feeds for itself, an administrator for any account. The address answered is the credential ' +
      '(calendar apps send no Authorization header): keep it like a token. The feed follows what the account may see at each fetch.',
    answer: IssuedCalendarFeedResponse,
    notFound: ACCOUNT,
    conflicts: 'the account is deactivated',
    secret: FEED_SECRET,
  })
  async issueCalendarFeed(
    @Ids() { accountId }: PathIds<'accountId'>,
    @Req() request: FastifyRequest,
    @Context() context: RequestContext,
  ): Promise<IssuedCalendarFeedResponse> {
    assertOwnOrAdmin(context, accountId);
    const feedId = newId(context, 'calendar-feed');
    const issued = issueFeedToken(accountId, feedId);
    const command = { type: 'IssueCalendarFeed' as const, feedId, secretHash: issued.secretHash, now: context.now };
    const result = await this.commands.execute(new WriteAccount(accountId, command, context));
    const url = `${request.protocol}://${request.host}${feedPath(issued.token)}`;
    return { ...answer(accountId, result), accountId, feedId, url: result.replayed ? null : url };
  }

  @WriteRoute({
    method: 'DELETE',
    path: ':accountId/calendar-feeds/:feedId',
    status: 200,
    role: 'viewer',
    summary: 'Revoke a calendar feed: its address answers 404 from the next fetch',
    notFound: 'No such account, or no feed of it has this id',
    conflicts: 'calendar-feed-revoked (it was revoked before)',
  })
  revokeCalendarFeed(
    @Ids() { accountId, feedId }: PathIds<'accountId' | 'feedId'>,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    assertOwnOrAdmin(context, accountId);
    return this.change(accountId, { type: 'RevokeCalendarFeed', feedId, now: context.now }, context);
  }

  @ReadRoute({
    path: ':accountId/calendar-feeds',
    summary: "The account's calendar feeds, revoked ones too (never their addresses)",
    answer: [CalendarFeedResponse],
    forbidden: OWN_FEEDS,
    notFound: ACCOUNT,
  })
  async listCalendarFeeds(@Ids() { accountId }: PathIds<'accountId'>, @Context() context: RequestContext): Promise<CalendarFeedResponse[]> {
    assertOwnOrAdmin(context, accountId);
    const { state } = await this.aggregates.read(Accounts, accountId);
    if (state.status === 'none') throw new NotFound('account', accountId);
    return Object.entries(state.calendarFeeds)
      .map(([id, feed]) => ({
        id,
        issuedAt: feed.issuedAt,
        revoked: feed.revokedAt !== undefined,
        ...(feed.revokedAt !== undefined && { revokedAt: feed.revokedAt }),
      }))
      .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.id.localeCompare(b.id));
  }

  @WriteRoute({
    method: 'PUT',
    path: ':accountId/role',
    status: 200,
    role: 'admin',
    summary: "Change the account's role",
    body: ChangeRoleBody,
    notFound: ACCOUNT,
  })
  changeRole(@Ids() { accountId }: PathIds<'accountId'>, @Body() body: unknown, @Context() context: RequestContext): Promise<WriteAnswer> {
    return this.change(accountId, changeRoleFromInput(body, context.now), context);
  }

  @WriteRoute({
    method: 'PUT',
    path: ':accountId/studies/:studyId',
    status: 200,
    role: 'admin',
    summary: 'Make the account a member of a study',
    notFound: 'No such account, or no such study',
  })
  async grantStudyMembership(
    @Ids() { accountId, studyId }: PathIds<'accountId' | 'studyId'>,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    await this.aggregates.assertExists(Studies, studyId, 'StudyCreated');
    return this.change(accountId, { type: 'GrantStudyMembership', studyId, now: context.now }, context);
  }

  @WriteRoute({
    method: 'DELETE',
    path: ':accountId/studies/:studyId',
    status: 200,
    role: 'admin',
    summary: 'End the account’s membership of a study',
    notFound: ACCOUNT,
  })
  revokeStudyMembership(
    @Ids() { accountId, studyId }: PathIds<'accountId' | 'studyId'>,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    return this.change(accountId, { type: 'RevokeStudyMembership', studyId, now: context.now }, context);
  }

  @WriteRoute({
    method: 'POST',
    path: ':accountId/deactivate',
    status: 200,
    role: 'admin',
    summary: 'Deactivate the account: all its tokens stop working',
    body: DeactivateAccountBody,
    bodyOptional: true,
    notFound: ACCOUNT,
  })
  deactivateAccount(
    @Ids() { accountId }: PathIds<'accountId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    return this.change(accountId, deactivateAccountFromInput(body, context.now), context);
  }

  @WriteRoute({
    method: 'DELETE',
    path: ':accountId/personal-data',
    status: 200,
    role: 'admin',
    summary: "Erase a deactivated account's personal data (its name) everywhere; its records keep the account id",
    description: "The account's key is destroyed before the erasure is recorded, so its name is unreadable in every event at once.",
    notFound: ACCOUNT,
    conflicts: 'the account is still active',
  })
  eraseAccountPersonalData(@Ids() { accountId }: PathIds<'accountId'>, @Context() context: RequestContext): Promise<WriteAnswer> {
    return this.change(accountId, { type: 'EraseAccount', now: context.now }, context);
  }

  private async change(accountId: string, command: WriteAccount['command'], context: RequestContext): Promise<WriteAnswer> {
    return answer(accountId, await this.commands.execute(new WriteAccount(accountId, command, context)));
  }
}

/** A calendar feed is its account's own; administrators manage every account's. */
function assertOwnOrAdmin(context: RequestContext, accountId: string): void {
  const principal = context.principal;
  if (principal?.role !== 'admin' && principal?.accountId !== accountId) throw new Forbidden(OWN_FEEDS);
}

/** A token is shown once: a write found already made (a retry after a crash) cannot show it again. */
function tokenAnswer(accountId: string, tokenId: string, token: string, result: WriteResult): IssuedTokenResponse {
  return { ...answer(accountId, result), accountId, tokenId, token: result.replayed ? null : token };
}
