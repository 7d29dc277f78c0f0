import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ProjectionStatus } from '../projection-status.js';
import type { ProjectionResponse } from './projection.response.dto.js';

export class GetProjections extends Query<ProjectionResponse[]> {}

@QueryHandler(GetProjections)
export class GetProjectionsHandler implements IQueryHandler<GetProjections> {
  constructor(private readonly status: ProjectionStatus) {}

  async execute(): Promise<ProjectionResponse[]> {
    const states = await this.status.read();
    return states.map(({ pastLagLimit, ...state }) => ({ ...state, eventsBehindIsAtLeast: pastLagLimit }));
  }
}
