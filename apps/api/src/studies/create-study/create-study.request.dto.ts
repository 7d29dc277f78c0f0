import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Documents the request for OpenAPI; the rules themselves live in the domain. */
export class CreateStudyRequest {
  @ApiProperty({ example: 'Public Service Mutuals: the first decade', maxLength: 200 })
  title!: string;

  @ApiProperty({ example: '2025-01-06', format: 'date' })
  startsOn!: string;

  @ApiProperty({ example: '2028-03-31', format: 'date', description: 'Not before startsOn' })
  endsOn!: string;

  @ApiPropertyOptional({ example: 'How mutuals that left the public sector develop over ten years', maxLength: 4000 })
  aims?: string;

  @ApiPropertyOptional({ example: 'Europe/London', description: 'IANA time zone the study keeps its fieldwork days in' })
  timeZone?: string;
}

export const CREATE_STUDY_EXAMPLES = {
  study: {
    summary: 'A longitudinal study of spun-out mutuals',
    value: {
      title: 'Public Service Mutuals: the first decade',
      startsOn: '2025-01-06',
      endsOn: '2028-03-31',
      aims: 'How mutuals that left the public sector develop over ten years',
    },
  },
};
