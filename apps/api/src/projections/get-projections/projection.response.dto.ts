import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProjectionFailureResponse {
  @ApiProperty({ type: String, nullable: true, example: '48213/48213', description: "The failing event's position in `$all`" })
  position!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'WaveSkipped.v2', description: 'Its stored type' })
  eventType!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'case-7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d' })
  stream!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The error the projection met' })
  error!: string | null;

  @ApiProperty({ format: 'date-time', description: 'Since when it has been failing on this event' })
  since!: string;
}

export class ProjectionRebuildResponse {
  @ApiProperty({ example: '30112/30112', description: 'The position the fresh tables have reached' })
  checkpoint!: string;

  @ApiProperty({ example: 2, description: 'The version of the projection being built' })
  version!: number;

  @ApiProperty({ format: 'date-time', description: 'When the rebuild last applied a batch' })
  updatedAt!: string;
}

export class ProjectionResponse {
  @ApiProperty({ example: 'wave-progress' })
  name!: string;

  @ApiProperty({
    enum: ['up-to-date', 'catching-up', 'rebuilding', 'failing', 'stalled', 'not-started'],
    description:
      'rebuilding: fresh tables are being built from the first event while the current ones serve (see rebuild); failing: it keeps failing on one event (see failure) and retries it; stalled: events wait and its checkpoint has not moved for PROJECTION_STALL_SECONDS; not-started: no projector has run it on this database',
  })
  condition!: string;

  @ApiProperty({ example: '48213/48213', description: 'The position of the last event applied; `none` before the first' })
  checkpoint!: string;

  @ApiProperty({ description: 'Events waiting to be applied, counted up to one past PROJECTION_LAG_MAX_EVENTS' })
  eventsBehind!: number;

  @ApiProperty({ description: 'More events wait than eventsBehind says: it stopped counting at the lag limit' })
  eventsBehindIsAtLeast!: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When its checkpoint last moved' })
  updatedAt!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 1, description: 'The version of the projection that built the tables serving now' })
  version!: number | null;

  @ApiPropertyOptional({ type: ProjectionRebuildResponse })
  rebuild?: ProjectionRebuildResponse;

  @ApiPropertyOptional({ type: ProjectionFailureResponse })
  failure?: ProjectionFailureResponse;

  @ApiPropertyOptional()
  stalledForSeconds?: number;

  @ApiPropertyOptional()
  message?: string;
}
