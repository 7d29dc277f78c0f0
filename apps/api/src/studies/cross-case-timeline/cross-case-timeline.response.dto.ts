import { ApiProperty } from '@nestjs/swagger';
import { MilestoneEntry } from '../../mutuals/get-timeline/timeline.response.dto.js';

export class CrossCaseMilestone extends MilestoneEntry {
  @ApiProperty({ format: 'uuid' })
  mutualId!: string;

  @ApiProperty({ example: 'Riverside Community Health CIC' })
  mutualName!: string;
}

export class SectorTimelineResponse {
  @ApiProperty({
    type: [CrossCaseMilestone],
    description: 'In the order they happened; on the same date, vaguer dates first, then by mutual',
  })
  milestones!: CrossCaseMilestone[];
}
