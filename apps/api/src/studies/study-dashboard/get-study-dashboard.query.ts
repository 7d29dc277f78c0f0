// A study's dashboard: one row per case, a page at a time in the order cases were enrolled,
// each with its selection, its mutual's profile today (folded by the domain from the timeline),
// its waves by state and its interviews by role: four queries a page, whatever its length.
// Worked out when asked rather than stored, because most of it depends on the day: years since
// spin-out, contracts running, waves overdue.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CASE_INTERVIEW_ROLES, DASHBOARD_PAGE_SIZE, type DashboardCursor, type WaveStatus, waveStatus } from '@casebook/domain';
import { Clock } from '@casebook/write-model';
import { MutualProfiles } from '../../mutuals/get-profile/mutual-profiles.js';
import type { DashboardRow, DashboardWaves, StudyDashboardResponse } from './study-dashboard.response.dto.js';

export type StudyDashboardPage = Omit<StudyDashboardResponse, 'next' | 'nextCursor'> & { nextCursor?: DashboardCursor };

export class GetStudyDashboard extends Query<StudyDashboardPage> {
  constructor(
    readonly studyId: string,
    readonly limit: number = DASHBOARD_PAGE_SIZE.default,
    readonly after?: DashboardCursor,
  ) {
    super();
  }
}

interface CaseRow {
  case_id: string;
  mutual_id: string;
  mutual_name: string | null;
  selection: {
    serviceAreas: string[];
    region: string;
    stageOfDevelopment: string;
    turnoverBand?: string;
    employeeBand?: string;
  };
  status: 'active' | 'withdrawn';
  enrolled_at: Date;
}

const noWaves = (): DashboardWaves => ({ total: 0, scheduled: 0, inProgress: 0, completed: 0, skipped: 0, cancelled: 0, overdue: 0 });
const WAVE_COUNTER: Record<WaveStatus, keyof DashboardWaves> = {
  scheduled: 'scheduled',
  'in-progress': 'inProgress',
  completed: 'completed',
  'signed-off': 'completed',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

@QueryHandler(GetStudyDashboard)
export class GetStudyDashboardHandler implements IQueryHandler<GetStudyDashboard> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly profiles: MutualProfiles,
    private readonly clock: Clock,
  ) {}

  async execute({ studyId, limit, after }: GetStudyDashboard): Promise<StudyDashboardPage> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const cases: CaseRow[] = await this.dataSource.query(
      `SELECT c.case_id, c.mutual_id, m.name AS mutual_name, c.selection, c.status, c.enrolled_at
         FROM read_models.cases c
         LEFT JOIN read_models.mutuals m ON m.id = c.mutual_id
        WHERE c.study_id = $1 AND ($2::timestamptz IS NULL OR (c.enrolled_at, c.case_id) > ($2::timestamptz, $3::uuid))
        ORDER BY c.enrolled_at, c.case_id
        LIMIT $4`,
      [studyId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const page = cases.slice(0, limit);
    const caseIds = page.map((row) => row.case_id);
    const [profiles, waves, interviews] = await Promise.all([
      this.profiles.onDay([...new Set(page.map((row) => row.mutual_id))], today),
      this.wavesOf(caseIds, today),
      this.interviewsOf(caseIds),
    ]);
    const last = page.at(-1);
    return {
      studyId,
      today,
      cases: page.map((row): DashboardRow => {
        const profile = profiles.get(row.mutual_id);
        const { selection } = row;
        return {
          caseId: row.case_id,
          mutualId: row.mutual_id,
          mutualName: profile?.name ?? row.mutual_name ?? '',
          caseStatus: row.status,
          serviceAreas: selection.serviceAreas,
          region: selection.region,
          sizeBand: {
            ...(selection.turnoverBand && { turnoverBand: selection.turnoverBand }),
            ...(selection.employeeBand && { employeeBand: selection.employeeBand }),
          },
          stageAtSelection: selection.stageOfDevelopment,
          ...(profile?.stageOfDevelopment && { stageOfDevelopment: profile.stageOfDevelopment }),
          ...(profile?.yearsSinceSpinOut && { yearsSinceSpinOut: profile.yearsSinceSpinOut }),
          status: profile?.status ?? 'active',
          ...(profile?.legalForm && { legalForm: profile.legalForm }),
          activeContracts: profile?.activeContracts.length ?? 0,
          annualContractValueGbp: profile?.annualContractValueGbp ?? 0,
          ...(profile?.nextContractEnd && { nextContractEnd: profile.nextContractEnd }),
          ...(profile?.staffing && { staffing: profile.staffing }),
          ...(profile?.turnover && { turnover: profile.turnover }),
          waves: waves.get(row.case_id) ?? noWaves(),
          interviewsByRole: Object.fromEntries(CASE_INTERVIEW_ROLES.map((role) => [role, interviews.get(row.case_id)?.get(role) ?? 0])),
          uncertainMilestones: profile?.uncertain.length ?? 0,
        };
      }),
      ...(cases.length > limit && last ? { nextCursor: [last.enrolled_at.toISOString(), last.case_id] as DashboardCursor } : {}),
    };
  }

  private async wavesOf(caseIds: string[], today: string): Promise<Map<string, DashboardWaves>> {
    const rows: { case_id: string; status: WaveStatus; closes_on: string }[] = await this.dataSource.query(
      `SELECT case_id, status, closes_on::text AS closes_on FROM read_models.waves WHERE case_id = ANY($1::uuid[])`,
      [caseIds],
    );
    const counts = new Map<string, DashboardWaves>();
    for (const row of rows) {
      const waves = counts.get(row.case_id) ?? noWaves();
      const { status, overdue } = waveStatus({ status: row.status, closesOn: row.closes_on }, today);
      waves.total += 1;
      waves[WAVE_COUNTER[status]] += 1;
      if (overdue) waves.overdue += 1;
      counts.set(row.case_id, waves);
    }
    return counts;
  }

  private async interviewsOf(caseIds: string[]): Promise<Map<string, Map<string, number>>> {
    const rows: { case_id: string; role: string; interviews: number }[] = await this.dataSource.query(
      `SELECT case_id, role, count(*)::int AS interviews FROM read_models.interviews WHERE case_id = ANY($1::uuid[]) GROUP BY case_id, role`,
      [caseIds],
    );
    const byCase = new Map<string, Map<string, number>>();
    for (const row of rows) byCase.set(row.case_id, (byCase.get(row.case_id) ?? new Map<string, number>()).set(row.role, row.interviews));
    return byCase;
  }
}
