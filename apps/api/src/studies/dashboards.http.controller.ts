// Dashboards: a study's cases one row each, and the sector's figures over the registry or a
// study. Access to a study is decided from the event store; the registry's figures count the
// mutuals the registry lists for the caller.
import { Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DASHBOARD_PAGE_SIZE, SectorFiguresQuery, StudyDashboardQuery, encodeDashboardCursor, readBody } from '@casebook/domain';
import { ApiController, ReadRoute } from '../http/api-routes.js';
import { grantedRead } from '../http/granted-read.js';
import { nextPageLink } from '../http/next-page.js';
import { Context, type RequestContext } from '../http/request-context.js';
import { Ids, type PathIds } from '../http/path-ids.js';
import { MutualAccess } from '../mutuals/mutual-access.js';
import { Clock } from '@casebook/write-model';
import { GetSectorFigures } from './sector-figures/get-sector-figures.query.js';
import { SectorFiguresResponse } from './sector-figures/sector-figures.response.dto.js';
import { GetStudyDashboard } from './study-dashboard/get-study-dashboard.query.js';
import { StudyDashboardResponse } from './study-dashboard/study-dashboard.response.dto.js';
import { StudyAccess } from './study-access.js';

const NOT_MEMBER = 'Not a member of the study';
const NO_STUDY = 'No study has this id';

@ApiController('dashboards', 'api/v1')
export class DashboardsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: StudyAccess,
    private readonly mutuals: MutualAccess,
    private readonly clock: Clock,
  ) {}

  @ReadRoute({
    path: 'studies/:studyId/dashboard',
    summary:
      "A study's dashboard: one row per case with its selection, its mutual today (stage, years since spin-out, legal form, contracts, staffing, turnover), its waves by state and its interviews by role",
    description:
      'Cases come in the order they were enrolled (withdrawn ones too, marked). Follow `next` until it is absent: each case comes once. ' +
      "The mutual's figures are its profile today (see `GET /api/v1/mutuals/{id}/profile`).",
    answer: StudyDashboardResponse,
    serialized: true,
    query: StudyDashboardQuery,
    forbidden: NOT_MEMBER,
    notFound: NO_STUDY,
  })
  async getStudyDashboard(
    @Ids() { studyId }: PathIds<'studyId'>,
    @Query() query: Record<string, unknown>,
    @Context() context: RequestContext,
  ): Promise<StudyDashboardResponse> {
    const { limit = DASHBOARD_PAGE_SIZE.default, cursor } = readBody(StudyDashboardQuery, { ...query });
    const { nextCursor, ...page } = await grantedRead(
      this.access.assertCanRead(context, studyId),
      this.queries.execute(new GetStudyDashboard(studyId, limit, cursor)),
    );
    if (!nextCursor) return page;
    const encoded = encodeDashboardCursor(nextCursor);
    return { ...page, next: nextPageLink(`/api/v1/studies/${studyId}/dashboard`, query, limit, encoded), nextCursor: encoded };
  }

  @ReadRoute({
    path: 'studies/:studyId/figures',
    summary:
      "The sector's figures over one study's cases, on a day: status, service area, region and legal form, contracts by year, years since spin-out",
    answer: SectorFiguresResponse,
    query: SectorFiguresQuery,
    forbidden: NOT_MEMBER,
    notFound: NO_STUDY,
  })
  async getStudyFigures(
    @Ids() { studyId }: PathIds<'studyId'>,
    @Query() query: Record<string, unknown>,
    @Context() context: RequestContext,
  ): Promise<SectorFiguresResponse> {
    const { trueOn } = readBody(SectorFiguresQuery, { ...query });
    await this.access.assertCanRead(context, studyId);
    return this.queries.execute(new GetSectorFigures({ studyId }, trueOn ?? this.today()));
  }

  @ReadRoute({
    path: 'figures',
    summary: 'The State-of-the-Sector figures over the registry on a day: the mutuals you may see, as the registry lists them',
    description:
      'Each mutual is counted by its profile on the day: only milestones certainly dated by it count, and `uncertainMilestones` says how many were left out.',
    answer: SectorFiguresResponse,
    query: SectorFiguresQuery,
  })
  async getRegistryFigures(@Query() query: Record<string, unknown>, @Context() context: RequestContext): Promise<SectorFiguresResponse> {
    const { trueOn } = readBody(SectorFiguresQuery, { ...query });
    const mutualIds = await this.mutuals.visibleMutualIds(context);
    return this.queries.execute(new GetSectorFigures(mutualIds ? { mutualIds } : 'registry', trueOn ?? this.today()));
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }
}
