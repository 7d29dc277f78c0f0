import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per export of research data: who took which view of which study, in what format, at
 * which level, with which filters, and when. Accounts appear by id; names come from the account
 * directory when read.
 */
@Entity({ schema: 'read_models', name: 'export_audit' })
@Index('export_audit_order', ['exportedAt', 'exportId'])
export class ExportAuditEntry {
  @PrimaryColumn('uuid', { name: 'export_id' })
  exportId!: string;

  @Column('uuid', { name: 'study_id' })
  studyId!: string;

  @Column('text')
  view!: string;

  @Column('text')
  format!: string;

  @Column('text')
  level!: string;

  @Column('boolean', { name: 'free_text' })
  freeText!: boolean;

  @Column('jsonb')
  filters!: Record<string, string>;

  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('timestamptz', { name: 'exported_at' })
  exportedAt!: Date;
}
