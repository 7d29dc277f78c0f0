// The registry, served from the read models: a page of the mutuals a reader may see, in a
// stable order (name ignoring case, then id), found by a keyset cursor so that a page never
// repeats or skips a mutual because others were registered meanwhile. Status comes from the
// ending milestones on the timeline, judged by the domain's own end rule.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import {
  ENDING_MILESTONE_TYPES,
  type EndingMilestoneType,
  MILESTONE_EVENT_TYPES,
  type MilestoneType,
  NotFound,
  endOf,
  milestoneKindOf,
} from '@casebook/domain';
import { MutualSummary, TimelineEntry } from '@casebook/read-models';
import type { MutualResponse, MutualStatus } from './mutual.response.dto.js';

export interface RegistryFilter {
  /** The mutuals to include; undefined means every mutual. */
  mutualIds?: string[];
  serviceArea?: string;
  region?: string;
  legalForm?: string;
  /** Part of the name, matched ignoring case. */
  name?: string;
}

/** Where a page starts: after this (lower-cased name, id). */
export type RegistryCursor = [sortName: string, id: string];

export class ListMutuals extends Query<{ items: MutualResponse[]; nextCursor?: RegistryCursor }> {
  constructor(
    readonly filter: RegistryFilter,
    readonly limit: number,
    readonly after?: RegistryCursor,
  ) {
    super();
  }
}

export class GetMutual extends Query<MutualResponse> {
  constructor(readonly mutualId: string) {
    super();
  }
}

const STATUS_OF_END: Record<EndingMilestoneType, MutualStatus> = {
  MutualDissolved: 'dissolved',
  MutualMerged: 'merged',
  MutualAcquired: 'acquired',
};
const ENDING_KINDS = ENDING_MILESTONE_TYPES.flatMap((type) => milestoneKindOf(type) ?? []);

/** `%` and `_` in a search are letters, not wildcards. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface Row {
  id: string;
  name: string;
  service_areas: string[];
  region: string | null;
  legal_form: string | null;
  parent_body: string | null;
  spun_out_on: string | null;
  milestone_count: number;
  version: number;
  registered_at: Date;
  sort_name: string;
}

@QueryHandler(ListMutuals)
export class ListMutualsHandler implements IQueryHandler<ListMutuals> {
  constructor(
    @InjectRepository(MutualSummary) private readonly mutuals: Repository<MutualSummary>,
    @InjectRepository(TimelineEntry) private readonly timeline: Repository<TimelineEntry>,
  ) {}

  async execute({ filter, limit, after }: ListMutuals) {
    if (filter.mutualIds?.length === 0) return { items: [] };
    const conditions: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.mutualIds) conditions.push(`id = ANY(${param(filter.mutualIds)}::uuid[])`);
    if (filter.serviceArea) conditions.push(`${param(filter.serviceArea)} = ANY(service_areas)`);
    if (filter.region) conditions.push(`region = ${param(filter.region)}`);
    if (filter.legalForm) conditions.push(`legal_form = ${param(filter.legalForm)}`);
    if (filter.name) conditions.push(`name ILIKE ${param(likePattern(filter.name))}`);
    if (after) conditions.push(`(lower(name), id) > (${param(after[0])}, ${param(after[1])}::uuid)`);
    // One row more than the page tells whether there is a next page without counting.
    const rows: Row[] = await this.mutuals.query(
      `SELECT *, lower(name) AS sort_name FROM read_models.mutuals
       ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY lower(name), id LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const ends = await endsOf(
      this.timeline,
      page.map((row) => row.id),
    );
    const items = page.map((row) => mutualResponse(row, ends.get(row.id)));
    const last = page[page.length - 1];
    return rows.length > limit && last ? { items, nextCursor: [last.sort_name, last.id] as RegistryCursor } : { items };
  }
}

@QueryHandler(GetMutual)
export class GetMutualHandler implements IQueryHandler<GetMutual> {
  constructor(
    @InjectRepository(MutualSummary) private readonly mutuals: Repository<MutualSummary>,
    @InjectRepository(TimelineEntry) private readonly timeline: Repository<TimelineEntry>,
  ) {}

  async execute({ mutualId }: GetMutual): Promise<MutualResponse> {
    const [row]: Row[] = await this.mutuals.query(`SELECT *, lower(name) AS sort_name FROM read_models.mutuals WHERE id = $1`, [mutualId]);
    if (!row) throw new NotFound('mutual', mutualId);
    const ends = await endsOf(this.timeline, [mutualId]);
    return mutualResponse(row, ends.get(mutualId));
  }
}

interface End {
  milestoneId: string;
  type: EndingMilestoneType;
  occurredOn: string;
}

/** The end of each of these mutuals that has one, by the domain's rule, from the timeline as currently believed. */
async function endsOf(timeline: Repository<TimelineEntry>, mutualIds: string[]): Promise<Map<string, End>> {
  if (mutualIds.length === 0) return new Map();
  const entries = await timeline.find({
    where: { mutualId: In(mutualIds), type: In(ENDING_KINDS) },
    order: { streamRevision: 'ASC' },
  });
  const byMutual = new Map<string, End[]>();
  for (const entry of entries) {
    const type = MILESTONE_EVENT_TYPES[entry.type as MilestoneType] as EndingMilestoneType;
    byMutual.set(entry.mutualId, [
      ...(byMutual.get(entry.mutualId) ?? []),
      { milestoneId: entry.milestoneId, type, occurredOn: entry.occurredOn },
    ]);
  }
  const ends = new Map<string, End>();
  for (const [mutualId, candidates] of byMutual) {
    const end = endOf(candidates);
    if (end) ends.set(mutualId, end);
  }
  return ends;
}

function mutualResponse(row: Row, end: End | undefined): MutualResponse {
  return {
    id: row.id,
    name: row.name,
    serviceAreas: row.service_areas,
    ...(row.region !== null && { region: row.region }),
    ...(row.legal_form !== null && { legalForm: row.legal_form }),
    ...(row.parent_body !== null && { parentBody: row.parent_body }),
    status: end ? STATUS_OF_END[end.type] : 'active',
    ...(end && { endedOn: end.occurredOn, endMilestoneId: end.milestoneId }),
    ...(row.spun_out_on !== null && { spunOutOn: row.spun_out_on }),
    milestoneCount: row.milestone_count,
    registeredAt: new Date(row.registered_at).toISOString(),
    version: row.version,
  };
}
