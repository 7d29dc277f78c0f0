import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Who an account id is, for showing beside the records it made: staff names are the accounts'
 * personal data, so events refer to accounts by id and readers join this small table. The name
 * becomes null, for good, when the account is erased.
 */
@Entity({ schema: 'read_models', name: 'account_directory' })
export class AccountDirectoryEntry {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text', { name: 'display_name', nullable: true })
  displayName!: string | null;

  @Column('boolean', { default: false })
  erased!: boolean;
}
