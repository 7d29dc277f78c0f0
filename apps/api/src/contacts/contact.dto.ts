import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_INTERVIEW_ROLES } from '@casebook/domain';

export class ContactResponse {
  @ApiProperty({ format: 'uuid' })
  contactId!: string;

  @ApiProperty({ enum: CASE_INTERVIEW_ROLES })
  role!: string;

  @ApiProperty()
  consentToContact!: boolean;

  @ApiProperty()
  optedOut!: boolean;

  @ApiProperty({ description: 'Erased on request: the personal fields are gone everywhere' })
  erased!: boolean;

  @ApiPropertyOptional({ nullable: true })
  name!: string | null;

  @ApiPropertyOptional({ nullable: true })
  email!: string | null;
}
