// The State-of-the-Sector figures on a day: each mutual's profile on the day (the domain's fold,
// as on its profile and the dashboards), counted, with contract milestones counted by year in
// SQL. Mutuals are folded a batch at a time, so the registry's size bounds time, not memory.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LEGAL_FORMS, MUTUAL_STATUSES, REGIONS, SERVICE_AREAS } from '@casebook/domain';
import { MutualProfiles } from '../../mutuals/get-profile/mutual-profiles.js';
import type { ContractsInYear, SectorFiguresResponse } from './sector-figures.response.dto.js';

/** Which mutuals count: a study's cases, a list of ids (those a member may see), or every one. */
export type FiguresScope = { studyId: string } | { mutualIds: readonly string[] } | 'registry';

export class GetSectorFigures extends Query<SectorFiguresResponse> {
  constructor(
    readonly scope: FiguresScope,
    readonly trueOn: string,
  ) {
    super();
  }
}

const BATCH = 500;
const CONTRACT_COUNTERS: Record<string, keyof Omit<ContractsInYear, 'year'>> = {
  'contract-awarded': 'awarded',
  'contract-renewed': 'renewed',
  'contract-extended': 'extended',
  'contract-lost': 'lost',
  'contract-ended': 'ended',
};

const zeroes = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, 0])) as Record<string, number>;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

@QueryHandler(GetSectorFigures)
export class GetSectorFiguresHandler implements IQueryHandler<GetSectorFigures> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly profiles: MutualProfiles,
  ) {}

  async execute({ scope, trueOn }: GetSectorFigures): Promise<SectorFiguresResponse> {
    const figures: SectorFiguresResponse = {
      trueOn,
      ...(typeof scope === 'object' && 'studyId' in scope && { studyId: scope.studyId }),
      mutuals: 0,
      byStatus: zeroes(MUTUAL_STATUSES),
      byServiceArea: zeroes(SERVICE_AREAS),
      byRegion: { ...zeroes(REGIONS), unknown: 0 },
      byLegalForm: { ...zeroes(LEGAL_FORMS), unknown: 0 },
      contractsByYear: [],
      medianYearsSinceSpinOut: null,
      endedByTheDay: 0,
      uncertainMilestones: 0,
    };
    const years: number[] = [];
    for await (const batch of this.mutualBatches(scope)) {
      for (const profile of (await this.profiles.onDay(batch, trueOn)).values()) {
        figures.mutuals += 1;
        figures.byStatus[profile.status] += 1;
        figures.uncertainMilestones += profile.uncertain.length;
        if (profile.end) figures.endedByTheDay += 1;
        if (profile.status !== 'active') continue;
        for (const area of profile.serviceAreas) figures.byServiceArea[area] += 1;
        figures.byRegion[profile.region ?? 'unknown'] += 1;
        figures.byLegalForm[profile.legalForm ?? 'unknown'] += 1;
        if (profile.yearsSinceSpinOut) years.push(profile.yearsSinceSpinOut.atLeast);
      }
    }
    figures.medianYearsSinceSpinOut = median(years);
    figures.contractsByYear = await this.contractsByYear(scope, trueOn);
    return figures;
  }

  /** The scope's mutual ids, in batches, by id. */
  private async *mutualBatches(scope: FiguresScope): AsyncGenerator<string[]> {
    if (typeof scope === 'object' && 'mutualIds' in scope) {
      for (let i = 0; i < scope.mutualIds.length; i += BATCH) yield scope.mutualIds.slice(i, i + BATCH);
      return;
    }
    let after: string | null = null;
    for (;;) {
      const rows: { id: string }[] =
        scope === 'registry'
          ? await this.dataSource.query(`SELECT id FROM read_models.mutuals WHERE $1::uuid IS NULL OR id > $1 ORDER BY id LIMIT $2`, [
              after,
              BATCH,
            ])
          : await this.dataSource.query(
              `SELECT DISTINCT mutual_id AS id FROM read_models.cases WHERE study_id = $1 AND ($2::uuid IS NULL OR mutual_id > $2) ORDER BY mutual_id LIMIT $3`,
              [scope.studyId, after, BATCH],
            );
      if (rows.length > 0) yield rows.map((row) => row.id);
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1].id;
    }
  }

  private async contractsByYear(scope: FiguresScope, trueOn: string): Promise<ContractsInYear[]> {
    const params: unknown[] = [Object.keys(CONTRACT_COUNTERS), trueOn];
    let within = '';
    if (scope !== 'registry') {
      if ('studyId' in scope) {
        params.push(scope.studyId);
        within = `AND t.mutual_id IN (SELECT mutual_id FROM read_models.cases WHERE study_id = $3)`;
      } else {
        params.push(scope.mutualIds);
        within = `AND t.mutual_id = ANY($3::uuid[])`;
      }
    }
    // Certainly by the day: the last day its date could denote is on or before it.
    const rows: { year: number; type: string; milestones: number }[] = await this.dataSource.query(
      `SELECT left(t.occurred_on, 4)::int AS year, t.type, count(*)::int AS milestones
         FROM read_models.mutual_timeline t
        WHERE t.type = ANY($1::text[]) AND t.last_day <= $2 ${within}
        GROUP BY 1, 2
        ORDER BY 1`,
      params,
    );
    const byYear = new Map<number, ContractsInYear>();
    for (const row of rows) {
      const year = byYear.get(row.year) ?? { year: row.year, awarded: 0, renewed: 0, extended: 0, lost: 0, ended: 0 };
      year[CONTRACT_COUNTERS[row.type]] += row.milestones;
      byYear.set(row.year, year);
    }
    return [...byYear.values()];
  }
}
