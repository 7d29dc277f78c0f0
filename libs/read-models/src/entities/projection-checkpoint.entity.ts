import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far a projector has applied the event store's `$all`. Written in the same transaction
 * as the read-model rows it covers. Positions are 64-bit and kept as decimal strings.
 */
@Entity({ schema: 'read_models', name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn('text')
  name!: string;

  @Column('numeric', { name: 'commit_position', precision: 20, scale: 0 })
  commitPosition!: string;

  @Column('numeric', { name: 'prepare_position', precision: 20, scale: 0 })
  preparePosition!: string;

  /** The version of the projection that built the rows this checkpoint covers. */
  @Column('integer', { default: 1 })
  version!: number;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  /** Set while the consumer keeps failing on one event; cleared by the next applied batch. */
  @Column('timestamptz', { name: 'failed_at', nullable: true })
  failedAt!: Date | null;

  @Column('text', { name: 'failure_position', nullable: true })
  failurePosition!: string | null;

  @Column('text', { name: 'failure_event_type', nullable: true })
  failureEventType!: string | null;

  @Column('text', { name: 'failure_stream', nullable: true })
  failureStream!: string | null;

  @Column('text', { name: 'failure_message', nullable: true })
  failureMessage!: string | null;
}
