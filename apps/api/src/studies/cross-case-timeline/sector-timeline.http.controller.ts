import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InputReader, SERVICE_AREAS } from '@casebook/domain';
import { Context, type RequestContext } from '../../http/request-context.js';
import { MutualAccess } from '../../mutuals/mutual-access.js';
import { GetCrossCaseTimeline, type TimelineScope } from './cross-case-timeline.query.js';
import { SectorTimelineResponse } from './cross-case-timeline.response.dto.js';

@ApiBearerAuth()
@ApiTags('timeline')
@Controller('api/v1/timeline')
export class SectorTimelineController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: MutualAccess,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The milestones of every mutual you may see, on one timeline; filter by service area and years' })
  @ApiQuery({ name: 'serviceArea', required: false, enum: SERVICE_AREAS })
  @ApiQuery({ name: 'from', required: false, example: '2011', description: 'First year to include, YYYY' })
  @ApiQuery({ name: 'to', required: false, example: '2015', description: 'Last year to include, YYYY' })
  @ApiOkResponse({ type: SectorTimelineResponse })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid parameter and rule' })
  async timeline(@Query() query: Record<string, unknown>, @Context() context: RequestContext): Promise<SectorTimelineResponse> {
    const filters = sectorFilters(query);
    const mutualIds = await this.access.visibleMutualIds(context);
    const milestones = await this.queries.execute(new GetCrossCaseTimeline({ ...filters, ...(mutualIds && { mutualIds }) }));
    return { milestones };
  }
}

function sectorFilters(query: Record<string, unknown>): Omit<TimelineScope, 'mutualIds'> {
  const reader = new InputReader({ ...query });
  reader.rejectUnknown(['serviceArea', 'from', 'to']);
  const serviceArea = reader.optionalOneOf('serviceArea', SERVICE_AREAS);
  const fromYear = year(reader, 'from');
  const toYear = year(reader, 'to');
  if (fromYear !== undefined && toYear !== undefined && toYear < fromYear) {
    reader.fail('to', 'not-before-from', `must not be before from (${fromYear})`);
  }
  reader.throwIfInvalid();
  return {
    ...(serviceArea !== undefined && { serviceArea }),
    ...(fromYear !== undefined && { fromYear }),
    ...(toYear !== undefined && { toYear }),
  };
}

function year(reader: InputReader, field: string): number | undefined {
  if (!reader.has(field)) return undefined;
  const value = reader.raw(field);
  if (typeof value === 'string' && /^\d{4}$/.test(value)) return Number(value);
  reader.fail(field, 'year', 'must be a year written YYYY');
  return undefined;
}
