import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Documents the request for OpenAPI; the rules themselves live in the domain. */
export class LinkCaseRequest {
  @ApiProperty({ format: 'uuid', description: 'The case of an earlier study that this case revisits' })
  earlierCaseId!: string;

  @ApiPropertyOptional({ maxLength: 4000, example: 'Revisited ten years after the 2014 study' })
  note?: string;
}

export const LINK_CASE_EXAMPLES = {
  revisit: { summary: 'A mutual followed again by a later study', value: { earlierCaseId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', note: 'Revisited ten years after the 2014 study' } },
};
