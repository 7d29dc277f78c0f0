// Read models: TypeORM entities, their checked-in migrations, the pure projections that fill
// them, and the runner that applies projections with their checkpoint transactionally.
export * from './data-source';
export * from './entities/mutual-summary.entity';
export * from './entities/timeline-entry.entity';
export * from './entities/projection-checkpoint.entity';
export * from './projections';
export * from './projector/projection-runner';
