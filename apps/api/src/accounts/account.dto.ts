import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNT_ROLES } from '@casebook/domain';
import { WriteAnswer } from '../write-route/write-route.js';

export class IssuedTokenResponse extends WriteAnswer {
  @ApiProperty({ format: 'uuid', description: 'The account, as `id`' })
  accountId!: string;

  @ApiProperty({ format: 'uuid' })
  tokenId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'cbk_0b7c2f0e9d1a4c3b8e6f5a4b3c2d1e0f_2Vb9XkQ0pLmN7sT4wYz1aB3cD5eF7gH9iJ0kL2mN4oP',
    description:
      'The bearer token, shown only in this answer: only its hash is kept. Null in a replay of this answer (Idempotency-Key), which cannot show it again.',
  })
  token!: string | null;
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

export class IssuedCalendarFeedResponse extends WriteAnswer {
  @ApiProperty({ format: 'uuid', description: 'The account, as `id`' })
  accountId!: string;

  @ApiProperty({ format: 'uuid' })
  feedId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example:
      'https://casebook.example.org/calendar/cbc_0b7c2f0e9d1a4c3b8e6f5a4b3c2d1e0f_6d7e8f9a0b1c4d2e8f3a4b5c6d7e8f9a_2Vb9XkQ0pLmN7sT4wYz1aB3cD5eF7gH9iJ0kL2mN4oP.ics',
    description:
      'The address to subscribe to in a calendar app, shown only in this answer: only a hash of its secret is kept, and anyone with it reads the feed until it is revoked. Null in a replay of this answer (Idempotency-Key), which cannot show it again.',
  })
  url!: string | null;
}

export class CalendarFeedResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ description: 'Revoked feeds answer 404' })
  revoked!: boolean;

  @ApiPropertyOptional({ format: 'date-time' })
  revokedAt?: string;
}
