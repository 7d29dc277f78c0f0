// The research domain: pure deciders, events and rules. Nothing here performs I/O or knows
// about Nest, TypeORM, BullMQ or an event store; a boundary check enforces that.
export * from './shared/assert-never.js';
export * from './shared/decider.js';
export * from './shared/domain-error.js';
export * from './shared/input-reader.js';
export * from './shared/partial-date.js';
export * from './shared/text-rules.js';
export * from './mutual/mutual.vocabulary.js';
export * from './mutual/mutual.events.js';
export * from './mutual/mutual.commands.js';
export * from './mutual/mutual.decider.js';
export * from './event-registry.js';
export * from './shared/event-registration.js';
export * from './shared/source.js';
export * from './account/account.events.js';
export * from './account/account.commands.js';
export * from './account/account.decider.js';
export * from './study/study.events.js';
export * from './study/study.commands.js';
export * from './study/study.decider.js';
export * from './case/case.vocabulary.js';
export * from './case/case.events.js';
export * from './case/case.commands.js';
export * from './case/wave.commands.js';
export * from './case/contact.commands.js';
export * from './case/case.state.js';
export * from './case/case.decider.js';
