import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Each contact a wave named or reminded, with what became of its reminders: a wave's reminded and
 * failed contacts are counted from these rows when read, so that a second reminder to the same
 * contact, or an event seen again, counts nobody twice.
 */
@Entity({ schema: 'read_models', name: 'wave_contacts' })
@Index('wave_contacts_by_wave', ['waveId'])
export class WaveContact {
  /** `<waveId>:<contactId>`: a read model has one primary key column. */
  @PrimaryColumn('text', { name: 'wave_contact' })
  waveContact!: string;

  @Column('uuid', { name: 'wave_id' })
  waveId!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  /** Among the contacts the wave was scheduled to remind. */
  @Column('boolean', { default: false })
  named!: boolean;

  /** At least one reminder of the wave was sent to the contact. */
  @Column('boolean', { default: false })
  reminded!: boolean;

  /** At least one reminder of the wave to the contact failed for good. */
  @Column('boolean', { default: false })
  failed!: boolean;
}
