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

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
