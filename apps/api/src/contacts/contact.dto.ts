import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_INTERVIEW_ROLES } from '@casebook/domain';

export class ContactPersonalDto {
  @ApiProperty({ example: 'Sam Patel' })
  name!: string;

  @ApiProperty({ example: 'sam.patel@example.org', format: 'email' })
  email!: string;
}

export class AddContactRequest {
  @ApiProperty({ enum: CASE_INTERVIEW_ROLES })
  role!: string;

  @ApiProperty({ description: 'Whether the person agreed to be contacted by the research team' })
  consentToContact!: boolean;

  @ApiProperty({ type: ContactPersonalDto, description: 'Personal data: stored encrypted, erased on request' })
  personal!: ContactPersonalDto;
}

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
