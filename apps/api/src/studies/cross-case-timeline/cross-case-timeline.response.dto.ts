import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TimelineMilestone } from '../../mutuals/get-timeline/timeline.response.dto.js';

export class CrossCaseMilestone extends TimelineMilestone {
  @ApiProperty({ format: 'uuid' })
  mutualId!: string;

  @ApiProperty({ example: 'Riverside Community Health CIC', description: 'As last registered' })
  mutualName!: string;
}

const ORDER = 'This page, in the order they happened; on the same date vaguer dates first, then by mutual, then as recorded';
const NEXT = 'The next page, with the same filters; absent on the last page';

export class StudyTimelineResponse {
  @ApiProperty({ format: 'uuid' })
  studyId!: string;

  @ApiProperty({ type: [CrossCaseMilestone], description: ORDER })
  milestones!: CrossCaseMilestone[];

  @ApiPropertyOptional({
    example: '/api/v1/studies/7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d/timeline?region=north-west&limit=100&cursor=WyIyMDE0LTA0LTAxOjEiXQ',
    description: NEXT,
  })
  next?: string;

  @ApiPropertyOptional({ description: 'The cursor inside `next`, for clients that build their own URLs' })
  nextCursor?: string;
}

export class SectorTimelineResponse {
  @ApiProperty({ type: [CrossCaseMilestone], description: ORDER })
  milestones!: CrossCaseMilestone[];

  @ApiPropertyOptional({
    example: '/api/v1/timeline?serviceArea=housing&from=2012&limit=100&cursor=WyIyMDEyLTAxLTAxOjAiXQ',
    description: NEXT,
  })
  next?: string;

  @ApiPropertyOptional({ description: 'The cursor inside `next`, for clients that build their own URLs' })
  nextCursor?: string;
}
