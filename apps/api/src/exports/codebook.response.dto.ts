import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXPORT_COLUMN_TYPES, EXPORT_LEVELS } from '@casebook/domain';
import { EXPORT_VIEW_NAMES } from './export-views.js';

export class CodebookValue {
  @ApiProperty({ example: 'health-and-social-care', description: 'As the export holds it' })
  value!: string;

  @ApiProperty({ example: 'Health and social care' })
  label!: string;
}

export class CodebookColumnResponse {
  @ApiProperty({ example: 'occurred_on', description: 'snake_case, stable across releases' })
  name!: string;

  @ApiProperty({ enum: EXPORT_COLUMN_TYPES })
  type!: string;

  @ApiProperty({ example: 'When it happened' })
  label!: string;

  @ApiPropertyOptional()
  description?: string;

  @ApiPropertyOptional({ type: [CodebookValue], description: 'The only values the column holds, with their labels' })
  values?: CodebookValue[];

  @ApiProperty({ description: "A contact's personal data: only at level personal" })
  personal!: boolean;

  @ApiProperty({ description: 'Text typed by a person: at level deidentified only with freeText=include' })
  freeText!: boolean;

  @ApiPropertyOptional({ example: 'occurred_on_precision', description: 'Of a partial date: the column saying year, month or day' })
  precisionColumn?: string;

  @ApiPropertyOptional({ example: 'occurred_on', description: 'Of a precision column: the partial date it qualifies' })
  precisionOf?: string;
}

export class MilestoneCatalogueEntryResponse {
  @ApiProperty({ example: 'contract-awarded' })
  type!: string;

  @ApiProperty({ example: 'Contract awarded' })
  label!: string;

  @ApiProperty({ example: 'ContractAwarded' })
  eventType!: string;

  @ApiProperty({ type: [String], example: ['commissioner', 'contractName', 'startsOn', 'endsOn', 'annualValueGbp', 'notes'] })
  fields!: string[];
}

export class CodebookEncoding {
  @ApiProperty({ example: 'UTF-8' })
  charset!: string;

  @ApiProperty()
  csv!: string;

  @ApiProperty()
  missing!: string;

  @ApiProperty()
  boolean!: string;

  @ApiProperty()
  date!: string;

  @ApiProperty()
  datetime!: string;
}

export class CodebookResponse {
  @ApiProperty({ enum: EXPORT_VIEW_NAMES })
  view!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ format: 'uuid' })
  studyId!: string;

  @ApiProperty({ enum: EXPORT_LEVELS })
  level!: string;

  @ApiProperty({ description: 'Whether the export at this level holds free-text columns' })
  freeText!: boolean;

  @ApiProperty({ example: 'casebook-milestones-7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d-deidentified.csv' })
  csvFile!: string;

  @ApiProperty({ type: CodebookEncoding })
  encoding!: CodebookEncoding;

  @ApiProperty({ type: [CodebookColumnResponse], description: 'Every column of the export at this level, in order' })
  columns!: CodebookColumnResponse[];

  @ApiProperty({ type: [MilestoneCatalogueEntryResponse], description: 'Every type of milestone, its label and its own facts' })
  milestoneCatalogue!: MilestoneCatalogueEntryResponse[];
}
