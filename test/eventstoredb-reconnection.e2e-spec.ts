// The production event store going away and coming back while everything runs: the projector
// retries, /health says the store is down meanwhile, and afterwards the read models equal a
// full replay of the store: nothing lost, nothing applied twice.
import { DataSource } from 'typeorm';
import { EventStoreDbEventStore, parsePosition } from '@casebook/event-store';
import { MutualSummary, Projector, READ_MODEL_PROJECTIONS, TimelineEntry, createDataSource } from '@casebook/read-models';
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { type TestDatabase, createTestDatabase } from './support/test-database.js';
import { waitForProjection, waitUntil } from './support/wait-for.js';

describe('EventStoreDB going away and coming back', () => {
  let casebook: Harness;
  let replayDatabase: TestDatabase | undefined;

  beforeAll(async () => {
    casebook = await startCasebook({ eventStore: 'eventstoredb', ownEventStoreServer: true });
  });
  afterAll(async () => {
    await casebook?.close();
    await replayDatabase?.drop();
  });

  async function recordHistory(name: string) {
    const mutual = await casebook.request('POST', '/api/v1/mutuals', { name, serviceAreas: ['employment-and-skills'] });
    expect(mutual.status).toBe(201);
    let last = mutual;
    for (const year of [2012, 2015, 2018]) {
      last = await casebook.request('POST', `/api/v1/mutuals/${mutual.body.id}/milestones`, {
        type: 'contract-awarded',
        occurredOn: `${year}`,
        commissioner: 'Combined Authority',
        startsOn: `${year}`,
        endsOn: `${year + 3}`,
      });
      expect(last.status).toBe(201);
    }
    return { id: mutual.body.id as string, last };
  }

  async function snapshot(dataSource: DataSource) {
    const mutuals = await dataSource.manager.find(MutualSummary, { order: { id: 'ASC' } });
    const timeline = await dataSource.manager.find(TimelineEntry, { order: { milestoneId: 'ASC' } });
    return { mutuals, timeline };
  }

  it('keeps projecting after the server returns, and the read models equal a full replay', async () => {
    const server = casebook.eventStoreServer!;
    const before = await recordHistory('Skills for Life Mutual');
    await casebook.projected(before.last);

    await server.stop();
    const down = await waitUntil(async () => {
      const health = await casebook.request('GET', '/health');
      return health.status === 503 ? health : undefined;
    });
    expect(down.body.error.eventStore.status).toBe('down');
    const refused = await casebook.request('POST', `/api/v1/mutuals/${before.id}/milestones`, {
      type: 'spun-out',
      occurredOn: '2011',
      parentBody: 'County Council',
    });
    expect(refused.status).toBe(503);

    await server.restart();
    const after = await recordHistory('Second Chance Employment Mutual');
    await casebook.projected(after.last);
    const health = await waitUntil(async () => {
      const response = await casebook.request('GET', '/health');
      return response.status === 200 ? response : undefined;
    });
    expect(health.body.info.eventStore.status).toBe('up');

    // A fresh projector replays the whole store into a second database.
    replayDatabase = await createTestDatabase();
    const replaySource = await createDataSource(replayDatabase.url).initialize();
    const store = new EventStoreDbEventStore({ connectionString: server.connectionString });
    const projector = new Projector(store, replaySource, READ_MODEL_PROJECTIONS);
    projector.start();
    await waitForProjection(replayDatabase.url, parsePosition(after.last.body.position)!);
    await projector.stop();
    await store.close();

    const liveSource = await createDataSource(casebook.database.url).initialize();
    const [live, replayed] = [await snapshot(liveSource), await snapshot(replaySource)];
    await liveSource.destroy();
    await replaySource.destroy();
    expect(live.mutuals.map((m) => [m.name, m.milestoneCount, m.version])).toEqual(
      expect.arrayContaining([
        ['Skills for Life Mutual', 3, 4],
        ['Second Chance Employment Mutual', 3, 4],
      ]),
    );
    expect(live).toEqual(replayed);
  });
});
