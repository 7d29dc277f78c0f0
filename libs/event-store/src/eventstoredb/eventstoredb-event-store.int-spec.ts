import { EventStoreDbTestServer } from '../../../../test/support/eventstoredb-test-server/index.js';
import { type ContractFixture, describeEventStoreContract } from '../event-store.contract.js';
import { describeEventStoreProperties } from '../event-store.properties.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';

// Against the real server that EVENTSTORE_CONNECTION_STRING names (see docker/README.md), or
// else against the wire-compatible test server, always through the real client.
const adapter = process.env.EVENTSTORE_CONNECTION_STRING ? 'EventStoreDB' : 'EventStoreDB (test server)';

async function setUp(): Promise<ContractFixture> {
  const server = process.env.EVENTSTORE_CONNECTION_STRING ? undefined : await EventStoreDbTestServer.start();
  const store = new EventStoreDbEventStore({ connectionString: process.env.EVENTSTORE_CONNECTION_STRING ?? server!.connectionString });
  return {
    store,
    async teardown() {
      await store.close();
      await server?.close();
    },
  };
}

describeEventStoreContract(adapter, setUp);
describeEventStoreProperties(adapter, setUp);
