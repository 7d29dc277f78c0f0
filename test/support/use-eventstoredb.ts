// Jest setup for the `e2e-eventstoredb` project: the same end-to-end specs, with every app on
// EventStoreDB (the server EVENTSTORE_CONNECTION_STRING names, or a wire-compatible test server).
process.env.CASEBOOK_TEST_EVENT_STORE = 'eventstoredb';
