import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEGAL_FORMS, REGIONS, SERVICE_AREAS } from '@casebook/domain';

/** Documents the request for OpenAPI; the rules themselves live in the domain. */
export class RegisterMutualRequest {
  @ApiProperty({ example: 'Riverside Community Health CIC', maxLength: 200 })
  name!: string;

  @ApiProperty({ enum: SERVICE_AREAS, isArray: true, minItems: 1, example: ['health-and-social-care'] })
  serviceAreas!: string[];

  @ApiPropertyOptional({ enum: REGIONS, example: 'north-west' })
  region?: string;

  @ApiPropertyOptional({ enum: LEGAL_FORMS, example: 'community-interest-company' })
  legalForm?: string;

  @ApiPropertyOptional({ description: 'The public body the services came from', example: 'Riverside Primary Care Trust' })
  parentBody?: string;
}
