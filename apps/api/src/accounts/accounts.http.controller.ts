// Accounts, roles, study memberships and tokens: administrators only. Every change is an event
// on the account's stream, so past access can be audited (GET .../access?at=). A staff member's
// name is the account's personal data: encrypted with the account's key, erased on request.
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import {
  type AccountEvent,
  NotFound,
  ValidationFailed,
  accessAt,
  accountDecider,
  accountStreamName,
  changeRoleFromInput,
  createAccountFromInput,
  deactivateAccountFromInput,
  fromStoredEvent,
  issueTokenFromInput,
} from '@casebook/domain';
import { EventStore, PersonalDataProtectingEventStore } from '@casebook/event-store';
import { issueToken } from '../auth/access-token.js';
import { assertStudyExists } from '../studies/study-access.js';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiIfMatch, etagFor, expectedVersionFrom } from '../http/if-match.js';
import { Context, type RequestContext } from '../http/request-context.js';
import { UUID_PARAM } from '../http/uuid-param.js';
import { WriteResponse, answerWrite } from '../http/write-response.js';
import { AccessResponse, AccountResponse, ChangeRoleRequest, CreateAccountRequest, DeactivateAccountRequest, IssueTokenRequest, IssuedTokenResponse } from './account.dto.js';
import { ChangeAccount } from './change-account.command.js';

@ApiTags('accounts')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/v1/accounts')
export class AccountsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly store: EventStore,
    private readonly personalData: PersonalDataProtectingEventStore,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a staff account and its first token (shown once)' })
  async create(@Body() body: CreateAccountRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<IssuedTokenResponse> {
    const accountId = randomUUID();
    const tokenId = randomUUID();
    const issued = issueToken(accountId);
    const result = await this.commands.execute(
      new ChangeAccount(accountId, (now) => createAccountFromInput(body, accountId, now, { tokenId, tokenHash: issued.tokenHash }), context),
    );
    void reply.header('etag', etagFor(result.version)).header('location', `/api/v1/accounts/${accountId}`);
    return { accountId, tokenId, token: issued.token, version: result.version };
  }

  @Get(':accountId')
  @ApiOperation({ summary: 'An account as it is now' })
  async get(@Param('accountId', UUID_PARAM) accountId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountResponse> {
    const events = await this.events(accountId);
    const state = events.reduce(accountDecider.evolve, accountDecider.initialState());
    if (state.status === 'none') throw new NotFound('account', accountId);
    void reply.header('etag', etagFor(events.length));
    return {
      id: accountId,
      displayName: state.displayName,
      erased: state.erased,
      role: state.role,
      active: state.status === 'active',
      studyIds: state.studyIds,
      tokenIds: Object.keys(state.tokens),
      version: events.length,
    };
  }

  @Get(':accountId/access')
  @ApiOperation({ summary: 'What the account could see and change at a moment in the past (default: now)' })
  async access(@Param('accountId', UUID_PARAM) accountId: string, @Query('at') at?: string): Promise<AccessResponse> {
    const moment = at ?? new Date().toISOString();
    if (Number.isNaN(Date.parse(moment))) {
      throw new ValidationFailed([{ field: 'at', rule: 'date-time', message: 'at must be a date and time, e.g. 2026-01-31T12:00:00Z' }]);
    }
    const events = await this.events(accountId);
    if (events.length === 0) throw new NotFound('account', accountId);
    const instant = new Date(moment).toISOString();
    return { at: instant, ...accessAt(events, instant) };
  }

  @Post(':accountId/tokens')
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue another token (shown once)' })
  async issue(@Param('accountId', UUID_PARAM) accountId: string, @Body() body: IssueTokenRequest, @Context() context: RequestContext): Promise<IssuedTokenResponse> {
    const tokenId = randomUUID();
    const issued = issueToken(accountId);
    const result = await this.commands.execute(
      new ChangeAccount(accountId, (now) => issueTokenFromInput(body, { tokenId, tokenHash: issued.tokenHash }, now), context),
    );
    return { accountId, tokenId, token: issued.token, version: result.version };
  }

  @Delete(':accountId/tokens/:tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a token: it stops signing in at once' })
  async revoke(@Param('accountId', UUID_PARAM) accountId: string, @Param('tokenId') tokenId: string, @Context() context: RequestContext): Promise<void> {
    await this.commands.execute(new ChangeAccount(accountId, (now) => ({ type: 'RevokeToken', tokenId, now }), context));
  }

  @Put(':accountId/role')
  @ApiIfMatch()
  @ApiOperation({ summary: "Change the account's role" })
  async role(@Param('accountId', UUID_PARAM) accountId: string, @Body() body: ChangeRoleRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.commands.execute(
      new ChangeAccount(accountId, (now) => changeRoleFromInput(body, now), context, expectedVersionFrom(context.ifMatch)),
    );
    void reply.header('etag', etagFor(result.version));
    return { id: accountId, version: result.version };
  }

  @Put(':accountId/studies/:studyId')
  @ApiOperation({ summary: 'Make the account a member of a study (404 when there is no such study)' })
  async grant(@Param('accountId', UUID_PARAM) accountId: string, @Param('studyId', UUID_PARAM) studyId: string, @Context() context: RequestContext) {
    await assertStudyExists(this.store, studyId);
    const result = await this.commands.execute(new ChangeAccount(accountId, (now) => ({ type: 'GrantStudyMembership', studyId, now }), context));
    return { id: accountId, version: result.version };
  }

  @Delete(':accountId/studies/:studyId')
  @ApiOperation({ summary: 'End the account’s membership of a study' })
  async revokeMembership(@Param('accountId', UUID_PARAM) accountId: string, @Param('studyId', UUID_PARAM) studyId: string, @Context() context: RequestContext) {
    const result = await this.commands.execute(new ChangeAccount(accountId, (now) => ({ type: 'RevokeStudyMembership', studyId, now }), context));
    return { id: accountId, version: result.version };
  }

  @Post(':accountId/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate the account: all its tokens stop working' })
  async deactivate(@Param('accountId', UUID_PARAM) accountId: string, @Body() body: DeactivateAccountRequest, @Context() context: RequestContext) {
    const result = await this.commands.execute(new ChangeAccount(accountId, (now) => deactivateAccountFromInput(body, now), context));
    return { id: accountId, version: result.version };
  }

  @Delete(':accountId/personal-data')
  @HttpCode(200)
  @ApiOperation({ summary: "Erase a deactivated account's personal data (its name) everywhere; its records keep the account id" })
  async erase(@Param('accountId', UUID_PARAM) accountId: string, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<WriteResponse> {
    // Checked first (the account exists and is deactivated); then the key goes before the event
    // is written: were the write to fail, the name would already be unreadable, never the reverse.
    const state = (await this.events(accountId)).reduce(accountDecider.evolve, accountDecider.initialState());
    accountDecider.decide({ type: 'EraseAccount', now: new Date().toISOString() }, state);
    await this.personalData.eraseSubject(accountId);
    const result = await this.commands.execute(new ChangeAccount(accountId, (now) => ({ type: 'EraseAccount', now }), context));
    return answerWrite(reply, accountId, result);
  }

  private async events(accountId: string): Promise<AccountEvent[]> {
    return (await this.store.readStream(accountStreamName(accountId)))
      .map((recorded) => fromStoredEvent(recorded.type, recorded.data) as AccountEvent | undefined)
      .filter((event): event is AccountEvent => event !== undefined);
  }
}
