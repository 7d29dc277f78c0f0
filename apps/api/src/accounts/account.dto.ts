import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNT_ROLES } from '@casebook/domain';

export class CreateAccountRequest {
  @ApiProperty({ example: 'Dr Ana Silva', description: 'Personal data: stored encrypted with a key of the account, erased on request' })
  displayName!: string;

  @ApiProperty({ enum: ACCOUNT_ROLES, description: 'admin: accounts and erasure; researcher: records in their studies; viewer: reads their studies' })
  role!: string;
}

export class ChangeRoleRequest {
  @ApiProperty({ enum: ACCOUNT_ROLES })
  role!: string;
}

export class IssueTokenRequest {
  @ApiPropertyOptional({ example: 'laptop', description: 'A name to tell tokens apart' })
  label?: string;
}

export class DeactivateAccountRequest {
  @ApiPropertyOptional({ example: 'Left the project' })
  reason?: string;
}

export class IssuedTokenResponse {
  @ApiProperty({ format: 'uuid' })
  accountId!: string;

  @ApiProperty({ format: 'uuid' })
  tokenId!: string;

  @ApiProperty({ description: 'The bearer token. It is shown only now; only its hash is kept.' })
  token!: string;

  @ApiProperty()
  version!: number;
}

export class AccountResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, description: "The staff member's name: personal data, stored encrypted; null once erased" })
  displayName!: string | null;

  @ApiProperty({ description: "The account's personal data was erased; its records keep the account id" })
  erased!: boolean;

  @ApiProperty({ enum: ACCOUNT_ROLES })
  role!: string;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ type: [String] })
  studyIds!: string[];

  @ApiProperty({ type: [String], description: 'Ids of tokens that still sign in' })
  tokenIds!: string[];

  @ApiProperty()
  version!: number;
}

export class AccessResponse {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty()
  active!: boolean;

  @ApiPropertyOptional({ enum: ACCOUNT_ROLES })
  role?: string;

  @ApiProperty({ type: [String] })
  studyIds!: string[];
}
