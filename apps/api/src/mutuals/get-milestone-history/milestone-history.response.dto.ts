import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class MilestoneVersionResponse {
  @ApiProperty({
    example: 3,
    description: "1 for the milestone as first recorded, then one more for each change, in the order of the mutual's stream; cite it as v3",
  })
  version!: number;

  @ApiProperty({ enum: ['recorded', 'corrected', 'retracted'] })
  change!: string;

  @ApiProperty({ type: String, nullable: true, description: 'API name of the milestone type; null for a retraction' })
  type!: string | null;

  @ApiProperty({ type: String, nullable: true })
  occurredOn!: string | null;

  @ApiProperty({ type: Object, nullable: true })
  values!: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The account that recorded this version' })
  recordedBy!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "That account's display name, from the account directory; null when unknown or erased",
  })
  recordedByName!: string | null;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;

  @ApiPropertyOptional({ type: Object, nullable: true })
  source!: Record<string, unknown> | null;
}

export class MilestoneHistoryResponse {
  @ApiProperty({ format: 'uuid' })
  milestoneId!: string;

  @ApiProperty({ type: [MilestoneVersionResponse] })
  versions!: MilestoneVersionResponse[];
}
