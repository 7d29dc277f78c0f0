import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { Repository } from 'typeorm';
import { InputReader, LEGAL_FORMS, NotFound, REGIONS, SERVICE_AREAS } from '@casebook/domain';
import { RegistrationHistoryEntry } from '@casebook/read-models';
import { etagFor } from '../../http/if-match.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { MutualAccess } from '../mutual-access.js';
import { GetMutual, ListMutuals, type RegistryCursor, type RegistryFilter } from './list-mutuals.query.js';
import { MutualPage, MutualResponse, RegistrationHistory } from './mutual.response.dto.js';

const PATH = '/api/v1/mutuals';
export const PAGE_SIZE = { default: 25, max: 100 } as const;
const FILTERS = ['serviceArea', 'region', 'legalForm', 'name'] as const;
/** jsonb keeps no key order, so the changed details are listed in the registration's own order. */
const REGISTRATION_DETAILS = ['name', 'serviceAreas', 'region', 'legalForm', 'parentBody'];

@ApiBearerAuth()
@ApiTags('mutuals')
@Controller('api/v1/mutuals')
export class GetMutualsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: MutualAccess,
    @InjectRepository(RegistrationHistoryEntry) private readonly history: Repository<RegistrationHistoryEntry>,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The registry: the mutuals you may see, a page at a time',
    description:
      'Administrators see every mutual; researchers and viewers those enrolled in their studies, and those they registered until enrolled anywhere (as for reading a mutual). ' +
      'Ordered by name ignoring case, then id. Follow `next` (same filters, a cursor) until it is absent: each mutual comes once, none is skipped, even while others are registered.',
  })
  @ApiQuery({ name: 'serviceArea', required: false, enum: SERVICE_AREAS, description: 'Mutuals with this among their service areas' })
  @ApiQuery({ name: 'region', required: false, enum: REGIONS })
  @ApiQuery({ name: 'legalForm', required: false, enum: LEGAL_FORMS, description: 'The legal form as registered' })
  @ApiQuery({ name: 'name', required: false, example: 'riverside', description: 'Part of the name, ignoring case' })
  @ApiQuery({ name: 'limit', required: false, example: PAGE_SIZE.default, description: `Page size, 1 to ${PAGE_SIZE.max}; ${PAGE_SIZE.default} unless given` })
  @ApiQuery({ name: 'cursor', required: false, description: 'From `nextCursor` of the page before' })
  @ApiOkResponse({ type: MutualPage })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid parameter and rule' })
  async list(@Query() query: Record<string, unknown>, @Context() context: RequestContext): Promise<MutualPage> {
    const { filter, limit, after } = registryQuery(query);
    const mutualIds = await this.access.visibleMutualIds(context);
    const page = await this.queries.execute(new ListMutuals({ ...filter, ...(mutualIds && { mutualIds }) }, limit, after));
    if (!page.nextCursor) return { items: page.items };
    const nextCursor = encodeCursor(page.nextCursor);
    const search = new URLSearchParams({ ...filter, limit: String(limit), cursor: nextCursor });
    return { items: page.items, next: `${PATH}?${search}`, nextCursor };
  }

  @Get(':mutualId')
  @ApiOperation({ summary: 'One mutual: its registration as last corrected, and its status (active, or merged / acquired / dissolved with the date)' })
  @ApiOkResponse({ type: MutualResponse, description: 'The ETag header holds the version, for If-Match on PATCH' })
  @ApiForbiddenResponse({ description: 'Not a mutual you may see' })
  @ApiNotFoundResponse({ description: 'No mutual has this id (or it is not yet in the read models)' })
  async get(@Param('mutualId', UUID_PARAM) mutualId: string, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<MutualResponse> {
    await this.access.assertCanRead(context, mutualId);
    const mutual = await this.queries.execute(new GetMutual(mutualId));
    void reply.header('etag', etagFor(mutual.version));
    return mutual;
  }

  @Get(':mutualId/history')
  @ApiOperation({ summary: 'Every version of the registration: as registered, then each correction; who, when, why, from which source' })
  @ApiOkResponse({ type: RegistrationHistory })
  @ApiForbiddenResponse({ description: 'Not a mutual you may see' })
  @ApiNotFoundResponse({ description: 'No mutual has this id (or it is not yet in the read models)' })
  async registrationHistory(@Param('mutualId', UUID_PARAM) mutualId: string, @Context() context: RequestContext): Promise<RegistrationHistory> {
    await this.access.assertCanRead(context, mutualId);
    const entries = await this.history.find({ where: { mutualId }, order: { streamRevision: 'ASC' } });
    if (entries.length === 0) throw new NotFound('mutual', mutualId);
    let details: Record<string, unknown> = {};
    const versions = entries.map((entry) => {
      details = { ...details, ...entry.details };
      for (const [field, value] of Object.entries(entry.details)) if (value === null) delete details[field];
      return {
        change: entry.change,
        details,
        changed: REGISTRATION_DETAILS.filter((field) => Object.hasOwn(entry.details, field)),
        ...(entry.reason !== null && { reason: entry.reason }),
        ...(entry.recordedBy !== null && { recordedBy: entry.recordedBy }),
        recordedAt: entry.recordedAt.toISOString(),
        ...(entry.source !== null && { source: entry.source }),
      };
    });
    return { mutualId, versions };
  }
}

function registryQuery(query: Record<string, unknown>): { filter: Omit<RegistryFilter, 'mutualIds'> & Record<string, string>; limit: number; after?: RegistryCursor } {
  const reader = new InputReader({ ...query });
  reader.rejectUnknown([...FILTERS, 'limit', 'cursor']);
  const filter: Record<string, string | undefined> = {
    serviceArea: reader.optionalOneOf('serviceArea', SERVICE_AREAS),
    region: reader.optionalOneOf('region', REGIONS),
    legalForm: reader.optionalOneOf('legalForm', LEGAL_FORMS),
    name: reader.optionalText('name', { maxLength: 200 }),
  };
  const limit = pageSize(reader);
  const after = reader.has('cursor') ? decodeCursor(reader) : undefined;
  reader.throwIfInvalid();
  const given = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as Record<string, string>;
  return { filter: given, limit, ...(after && { after }) };
}

function pageSize(reader: InputReader): number {
  if (!reader.has('limit')) return PAGE_SIZE.default;
  const raw = reader.raw('limit');
  const value = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= PAGE_SIZE.max)) {
    reader.fail('limit', 'page-size', `must be a whole number from 1 to ${PAGE_SIZE.max}`);
    return PAGE_SIZE.default;
  }
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor is the sort key of the last mutual of a page, opaque to clients. */
function encodeCursor(cursor: RegistryCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(reader: InputReader): RegistryCursor | undefined {
  const raw = reader.raw('cursor');
  try {
    const decoded: unknown = typeof raw === 'string' ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) : undefined;
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === 'string' && typeof decoded[1] === 'string' && UUID.test(decoded[1])) {
      return [decoded[0], decoded[1]];
    }
  } catch {
    // Reported below like any other cursor that is not one of ours.
  }
  reader.fail('cursor', 'cursor', 'must be the nextCursor of an earlier page');
  return undefined;
}
