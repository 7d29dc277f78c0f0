// Event processing: the loop every consumer of the event store's `$all` runs (the projection
// processors, the reminder scheduler), with its checkpoint, back-off and failure record.
export * from './checkpointed-consumer.js';
export * from './shared-catch-up-reader.js';
