import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Contacts of cases. Name and email are the only personal fields and become null on erasure;
 * the row stays, so the case's record of whom it interviewed in which role stays consistent.
 */
@Entity({ schema: 'read_models', name: 'contacts' })
@Index('contacts_by_case', ['caseId'])
export class ContactRecord {
  @PrimaryColumn('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('text')
  role!: string;

  @Column('boolean', { name: 'consent_to_contact' })
  consentToContact!: boolean;

  @Column('boolean', { name: 'opted_out', default: false })
  optedOut!: boolean;

  @Column('boolean', { default: false })
  erased!: boolean;

  @Column('text', { nullable: true })
  name!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;
}
