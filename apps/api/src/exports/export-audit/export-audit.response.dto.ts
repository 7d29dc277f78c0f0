import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXPORT_FORMATS, EXPORT_LEVELS } from '@casebook/domain';
import { EXPORT_VIEW_NAMES } from '../export-views.js';

export class ExportedBy {
  @ApiProperty({ format: 'uuid' })
  accountId!: string;

  @ApiProperty({ type: String, nullable: true, description: "The account's display name; null once erased" })
  displayName!: string | null;
}

export class ExportAuditEntryResponse {
  @ApiProperty({ format: 'uuid' })
  exportId!: string;

  @ApiProperty({ format: 'uuid' })
  studyId!: string;

  @ApiProperty({ enum: EXPORT_VIEW_NAMES })
  view!: string;

  @ApiProperty({ enum: EXPORT_FORMATS })
  format!: string;

  @ApiProperty({ enum: EXPORT_LEVELS })
  level!: string;

  @ApiProperty({ description: 'Whether free-text columns were included' })
  freeText!: boolean;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { caseId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d' } })
  filters!: Record<string, string>;

  @ApiProperty({ format: 'date-time' })
  exportedAt!: string;

  @ApiProperty({ type: ExportedBy })
  exportedBy!: ExportedBy;
}

export class ExportAuditResponse {
  @ApiProperty({ type: [ExportAuditEntryResponse], description: 'This page, newest first' })
  exports!: ExportAuditEntryResponse[];

  @ApiPropertyOptional({ description: 'The next page, with the same filters; absent on the last page' })
  next?: string;

  @ApiPropertyOptional({ description: 'The cursor inside `next`, for clients that build their own URLs' })
  nextCursor?: string;
}
