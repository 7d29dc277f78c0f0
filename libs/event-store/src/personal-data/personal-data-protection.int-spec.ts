import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type TestDatabase, createTestDatabase } from '../../../../test/support/test-database.js';
import { untilReadable } from '../event-store.contract.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { PersonalDataProtectingEventStore, PersonalDataWithoutSubject } from './personal-data-protection.js';
import { SubjectKeyStore } from './subject-key-store.js';

describe('personal data in events (crypto-shredding)', () => {
  let database: TestDatabase;
  let inner: PostgresEventStore;
  let store: PersonalDataProtectingEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    inner = new PostgresEventStore({ connectionString: database.url, pollIntervalMs: 50 });
    store = new PersonalDataProtectingEventStore(inner, new SubjectKeyStore(database.url));
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const added = (contactId: string) => ({
    id: randomUUID(),
    type: 'ContactAdded.v1',
    data: { caseId: 'c1', contactId, role: 'director', personal: { name: 'Eleanor Whitfield', email: 'eleanor.whitfield@example.org' } },
  });

  async function rawText(): Promise<string> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ text: string | null }>(
      `SELECT string_agg(data::text || metadata::text, ' ') AS text FROM event_store.events`,
    );
    await client.end();
    return rows[0].text ?? '';
  }

  it('stores personal fields only encrypted, and reads them back while the key exists', async () => {
    const contactId = randomUUID();
    const { position } = await store.appendToStream(`case-${randomUUID()}`, [added(contactId)]);
    await untilReadable(store, position);
    const text = await rawText();
    expect(text).not.toContain('Eleanor');
    expect(text).not.toContain('whitfield@example.org');
    expect(text).toContain(contactId);
    const [read] = (await store.readAll({ maxCount: 1000 })).filter((e) => (e.data as { contactId: string }).contactId === contactId);
    expect(read.data).toMatchObject({ role: 'director', personal: { name: 'Eleanor Whitfield', email: 'eleanor.whitfield@example.org' } });
  });

  it('reads personal fields as null everywhere once the subject is erased, keeping the rest', async () => {
    const contactId = randomUUID();
    const stream = `case-${randomUUID()}`;
    await store.appendToStream(stream, [added(contactId)]);
    await store.eraseSubject(contactId);
    const [fromStream] = await store.readStream(stream);
    expect(fromStream.data).toEqual({ caseId: 'c1', contactId, role: 'director', personal: null });

    const subscription = store.subscribeToAll({ fromPosition: 'start' });
    let seen: unknown;
    for await (const { events } of subscription) {
      seen = events.find((e) => e.streamName === stream)?.data;
      if (seen) break;
    }
    await subscription.close();
    expect(seen).toEqual({ caseId: 'c1', contactId, role: 'director', personal: null });
  });

  it('protects a staff member by the account id, apart from any contact', async () => {
    const accountId = randomUUID();
    const contactId = randomUUID();
    const stream = `account-${accountId}`;
    await store.appendToStream(stream, [
      {
        id: randomUUID(),
        type: 'AccountCreated.v2',
        data: { accountId, role: 'researcher', createdAt: 'now', personal: { displayName: 'Dr Imogen Haverford' } },
      },
    ]);
    const { position } = await store.appendToStream(`case-${randomUUID()}`, [added(contactId)]);
    await untilReadable(store, position);
    expect(await rawText()).not.toContain('Haverford');
    expect((await store.readStream(stream))[0].data).toMatchObject({ personal: { displayName: 'Dr Imogen Haverford' } });

    await store.eraseSubject(accountId);
    expect((await store.readStream(stream))[0].data).toEqual({ accountId, role: 'researcher', createdAt: 'now', personal: null });
    const contactEvent = (await store.readAll({ maxCount: 1000 })).find((e) => (e.data as { contactId?: string }).contactId === contactId);
    expect(contactEvent?.data).toMatchObject({ personal: { name: 'Eleanor Whitfield' } });
  });

  it('refuses, storing nothing, personal data that names no subject', async () => {
    const stream = `case-${randomUUID()}`;
    const orphan = { id: randomUUID(), type: 'Orphan.v1', data: { caseId: 'c1', personal: { name: 'Nobody Knows' } } };
    await expect(store.appendToStream(stream, [orphan])).rejects.toThrow(PersonalDataWithoutSubject);
    expect(await store.readStream(stream)).toEqual([]);
    expect(await rawText()).not.toContain('Nobody Knows');
  });

  it('erases again a subject written after an earlier erasure', async () => {
    const contactId = randomUUID();
    await store.eraseSubject(contactId);
    const stream = `case-${randomUUID()}`;
    await store.appendToStream(stream, [added(contactId)]);
    await store.eraseSubject(contactId);
    const [read] = await store.readStream(stream);
    expect((read.data as { personal: unknown }).personal).toBeNull();
  });
});
