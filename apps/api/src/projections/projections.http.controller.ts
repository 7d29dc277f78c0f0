// Where each projection of the read models stands, for administrators: what /health sums up,
// projection by projection.
import { QueryBus } from '@nestjs/cqrs';
import { ApiController, ReadRoute } from '../http/api-routes.js';
import { GetProjections } from './get-projections/get-projections.query.js';
import { ProjectionResponse } from './get-projections/projection.response.dto.js';

@ApiController('projections', 'api/v1')
export class ProjectionsController {
  constructor(private readonly queries: QueryBus) {}

  @ReadRoute({
    path: 'projections',
    summary: 'Each projection of the read models: its checkpoint, the events waiting for it, and the event it keeps failing on, if any',
    answer: [ProjectionResponse],
    role: 'admin',
  })
  listProjections(): Promise<ProjectionResponse[]> {
    return this.queries.execute(new GetProjections());
  }
}
