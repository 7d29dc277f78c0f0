import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEGAL_FORMS, REGIONS, SERVICE_AREAS } from '@casebook/domain';

/** Documents the request for OpenAPI; the rules themselves live in the domain (correctRegistrationFromInput). */
export class CorrectRegistrationRequest {
  @ApiPropertyOptional({ maxLength: 200 })
  name?: string;

  @ApiPropertyOptional({ enum: SERVICE_AREAS, isArray: true, minItems: 1, description: 'The full new set' })
  serviceAreas?: string[];

  @ApiPropertyOptional({ enum: REGIONS, nullable: true, description: '`null` clears it' })
  region?: string | null;

  @ApiPropertyOptional({ enum: LEGAL_FORMS, nullable: true, description: '`null` clears it' })
  legalForm?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 200, description: '`null` clears it' })
  parentBody?: string | null;

  @ApiProperty({ maxLength: 2000, description: 'Why the registration is corrected' })
  reason!: string;

  @ApiPropertyOptional({ description: 'Where the corrected details come from: `{ kind, reference?, url?, interviewId? }`' })
  source?: Record<string, unknown>;
}

export const CORRECT_REGISTRATION_EXAMPLES = {
  rename: { value: { name: 'Riverside Community Health CIC Ltd', reason: 'Name as on the Companies House register', source: { kind: 'url', url: 'https://find-and-update.company-information.service.gov.uk/' } } },
  reclassify: { value: { serviceAreas: ['health-and-social-care', 'housing'], region: 'north-east', parentBody: null, reason: 'The business case names no parent body' } },
};
