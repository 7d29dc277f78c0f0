import { ApiPropertyOptional } from '@nestjs/swagger';

/** Documents the request for OpenAPI; the rules themselves live in the domain. */
export class ChangeStudyDetailsRequest {
  @ApiPropertyOptional({ example: 'Public Service Mutuals: the first decade', maxLength: 200 })
  title?: string;

  @ApiPropertyOptional({ example: '2018-01-08', format: 'date', description: 'Not after endsOn; must still hold every open wave of its cases' })
  startsOn?: string;

  @ApiPropertyOptional({ example: '2020-03-31', format: 'date', description: 'Not before startsOn; must still hold every open wave of its cases' })
  endsOn?: string;

  @ApiPropertyOptional({ example: 'How mutuals that left the public sector develop over ten years', maxLength: 4000 })
  aims?: string;

  @ApiPropertyOptional({ example: 'Europe/London', description: 'IANA time zone the study keeps its fieldwork days in' })
  timeZone?: string;

  @ApiPropertyOptional({ example: 'The funder extended the study by three months', maxLength: 2000, description: 'Why; kept in the history. Not a detail: a reason alone changes nothing' })
  reason?: string;
}

export const CHANGE_STUDY_DETAILS_EXAMPLES = {
  'extend-period': { summary: 'The study runs three months longer', value: { endsOn: '2020-06-30', reason: 'The funder extended the study by three months' } },
  'time-zone': { summary: 'Give the study its time zone', value: { timeZone: 'Europe/London' } },
  retitle: { summary: 'A new title and aims', value: { title: 'Public Service Mutuals: the first decade', aims: 'How mutuals develop after spin-out' } },
};
