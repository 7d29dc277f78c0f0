// The research domain: pure deciders, events and rules. Nothing here performs I/O or knows
// about Nest, TypeORM, BullMQ or an event store; a boundary check enforces that.
export * from './shared/assert-never';
export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/input-reader';
export * from './shared/partial-date';
export * from './mutual/mutual.vocabulary';
export * from './mutual/mutual.events';
export * from './mutual/mutual.commands';
export * from './mutual/mutual.decider';
export * from './event-registry';
