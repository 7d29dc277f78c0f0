// The event-store port and its adapters. Application code depends on the abstract
// `EventStore` only; configuration picks the adapter at start-up.
export * from './event-store.port.js';
export * from './postgres/postgres-event-store.js';
export * from './postgres/migrations/1763900000000-create-event-store.js';
export * from './event-store.module.js';
export * from './eventstoredb/eventstoredb-event-store.js';
export * from './personal-data/subject-key-store.js';
export * from './personal-data/personal-data-protection.js';
export * from './postgres/migrations/1763900003000-create-personal-data-keys.js';
export * from './postgres/migrations/1763900018000-append-in-one-statement.js';
