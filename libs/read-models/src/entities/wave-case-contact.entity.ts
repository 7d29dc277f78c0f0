import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Whether each contact of a case has opted out, as the wave projection keeps it: a contact may opt
 * out before or after a wave names them, so a wave's opted-out contacts are its named contacts
 * joined with these rows when read, both kept at the same checkpoint.
 */
@Entity({ schema: 'read_models', name: 'wave_case_contacts' })
export class WaveCaseContact {
  @PrimaryColumn('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  /** Opted out, and not consented again since. */
  @Column('boolean', { name: 'opted_out', default: false })
  optedOut!: boolean;
}
