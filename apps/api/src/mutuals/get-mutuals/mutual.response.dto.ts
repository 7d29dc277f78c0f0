import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEGAL_FORMS, REGIONS, SERVICE_AREAS } from '@casebook/domain';

export const MUTUAL_STATUSES = ['active', 'merged', 'acquired', 'dissolved'] as const;
export type MutualStatus = (typeof MUTUAL_STATUSES)[number];

/** A mutual in the registry: its registration as last corrected, and whether it goes on. */
export class MutualResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Riverside Community Health CIC' })
  name!: string;

  @ApiProperty({ enum: SERVICE_AREAS, isArray: true })
  serviceAreas!: string[];

  @ApiPropertyOptional({ enum: REGIONS })
  region?: string;

  @ApiPropertyOptional({
    enum: LEGAL_FORMS,
    description: 'As registered (and corrected); later changes are governance milestones on the timeline',
  })
  legalForm?: string;

  @ApiPropertyOptional({ example: 'Riverside Primary Care Trust' })
  parentBody?: string;

  @ApiProperty({
    enum: MUTUAL_STATUSES,
    description:
      'active, or how it ended: by the dissolution, merger or acquisition that counts as its end (the one certainly over first; see the end rule of POST .../milestones)',
  })
  status!: MutualStatus;

  @ApiPropertyOptional({ example: '2020-09', description: 'Date of the ending milestone, at its precision; absent while active' })
  endedOn?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The ending milestone; absent while active' })
  endMilestoneId?: string;

  @ApiPropertyOptional({ example: '2011-04', description: 'Partial date of the spin-out, when recorded' })
  spunOutOn?: string;

  @ApiProperty({ description: 'Milestones that count now: recorded and not retracted' })
  milestoneCount!: number;

  @ApiProperty({ format: 'date-time' })
  registeredAt!: string;

  @ApiProperty({ description: 'Version of the mutual these read models reflect; the ETag of GET /api/v1/mutuals/{id}, for If-Match' })
  version!: number;
}

export class MutualPage {
  @ApiProperty({ type: [MutualResponse], description: 'By name (ignoring case), then id' })
  items!: MutualResponse[];

  @ApiPropertyOptional({
    example: '/api/v1/mutuals?limit=25&cursor=WyJyaXZlcnNpZGUiLCIzZjFjN2E1MiJd',
    description: 'The next page, with the same filters; absent on the last page',
  })
  next?: string;

  @ApiPropertyOptional({ description: 'The cursor inside `next`, for clients that build their own URLs' })
  nextCursor?: string;
}

export class RegistrationVersion {
  @ApiProperty({ enum: ['registered', 'corrected'] })
  change!: string;

  @ApiProperty({
    description: 'The registration as it stood after this version',
    example: { name: 'Riverside Community Health CIC', serviceAreas: ['health-and-social-care'], region: 'north-west' },
  })
  details!: Record<string, unknown>;

  @ApiProperty({ type: [String], description: 'The details this version set (all of them when registered)' })
  changed!: string[];

  @ApiPropertyOptional({ description: 'Why it was corrected' })
  reason?: string;

  @ApiPropertyOptional({ description: 'The account that recorded it' })
  recordedBy?: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;

  @ApiPropertyOptional({ description: 'Where the corrected details come from' })
  source?: Record<string, unknown>;
}

export class RegistrationHistory {
  @ApiProperty({ format: 'uuid' })
  mutualId!: string;

  @ApiProperty({ type: [RegistrationVersion], description: 'Oldest first' })
  versions!: RegistrationVersion[];
}
