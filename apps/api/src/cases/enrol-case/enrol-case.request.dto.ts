import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EMPLOYEE_BANDS, LEGAL_FORMS, REGIONS, SERVICE_AREAS, STAGES_OF_DEVELOPMENT, TURNOVER_BANDS } from '@casebook/domain';

export class CaseSelectionDto {
  @ApiProperty({ enum: SERVICE_AREAS, isArray: true, minItems: 1, example: ['health-and-social-care'] })
  serviceAreas!: string[];

  @ApiProperty({ enum: STAGES_OF_DEVELOPMENT, example: 'established', description: 'Whole years since spin-out: early 0-2, developing 3-5, established 6+' })
  stageOfDevelopment!: string;

  @ApiPropertyOptional({
    enum: TURNOVER_BANDS,
    nullable: true,
    example: '5m-20m',
    description: 'Annual turnover in pounds. Either size band, or both, may be unknown: an absent band is kept absent (null when read), never defaulted',
  })
  turnoverBand?: string | null;

  @ApiPropertyOptional({ enum: EMPLOYEE_BANDS, nullable: true, example: '250-999', description: 'Head count. May be absent like turnoverBand; null when read' })
  employeeBand?: string | null;

  @ApiProperty({ enum: REGIONS, example: 'north-west' })
  region!: string;

  @ApiProperty({ enum: LEGAL_FORMS, example: 'community-interest-company' })
  legalForm!: string;
}

/** Documents the request for OpenAPI; the rules themselves live in the domain. */
export class EnrolCaseRequest {
  @ApiProperty({ format: 'uuid', description: 'A registered mutual' })
  mutualId!: string;

  @ApiProperty({ type: CaseSelectionDto, description: 'Why this mutual was chosen: the dimensions the sample is meant to cover' })
  selection!: CaseSelectionDto;
}

export const ENROL_CASE_EXAMPLES = {
  'established-cic': {
    summary: 'An established community interest company in health and social care',
    value: {
      mutualId: '3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      selection: {
        serviceAreas: ['health-and-social-care'],
        stageOfDevelopment: 'established',
        turnoverBand: '5m-20m',
        employeeBand: '250-999',
        region: 'north-west',
        legalForm: 'community-interest-company',
      },
    },
  },
  'head-count-only': {
    summary: 'A mutual whose turnover the team does not know',
    value: {
      mutualId: '3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      selection: { serviceAreas: ['housing'], stageOfDevelopment: 'early', employeeBand: '50-249', region: 'london', legalForm: 'community-benefit-society' },
    },
  },
};
