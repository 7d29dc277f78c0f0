// Read models: TypeORM entities, their checked-in migrations, the pure projections that fill
// them, and the runner that applies projections with their checkpoint transactionally.
export * from './data-source.js';
export * from './entities/mutual-summary.entity.js';
export * from './entities/timeline-entry.entity.js';
export * from './entities/milestone-history-entry.entity.js';
export * from './entities/case-summary.entity.js';
export * from './entities/contact-record.entity.js';
export * from './entities/study-summary.entity.js';
export * from './entities/study-history-entry.entity.js';
export * from './entities/wave-progress.entity.js';
export * from './entities/wave-case.entity.js';
export * from './entities/interview-record.entity.js';
export * from './entities/registration-history-entry.entity.js';
export * from './entities/account-directory-entry.entity.js';
export * from './entities/export-audit-entry.entity.js';
export * from './entities/contact-history-entry.entity.js';
export * from './entities/wave-contact.entity.js';
export * from './entities/wave-case-contact.entity.js';
export * from './entities/projection-checkpoint.entity.js';
export * from './projections/index.js';
export * from './projector/projection-processor.js';
export * from './projector/projector.js';
export * from './projector/projection-status.js';
export * from './read-models.module.js';
export * from './projector/projection-rebuild.js';
