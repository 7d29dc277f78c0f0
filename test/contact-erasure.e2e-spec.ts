// Erasure on request: afterwards no personal data of the contact can be read anywhere (every
// table and the event store, whichever adapter, and the reminder queue in Redis), while the
// research record stays whole.
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { redisOptionsFromUrl } from '@casebook/config';
import { EventStoreDbEventStore, PostgresEventStore } from '@casebook/event-store';
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { addContact, enrolledCase } from './support/research-fixtures.js';

const NAME = 'Eleanor Whitfield';
const EMAIL = 'eleanor.whitfield@example.org';
const NEW_EMAIL = 'e.whitfield@newmail.example.org';
const needles = [NAME, 'Whitfield', EMAIL, NEW_EMAIL, 'moved away'];

describe('erasing a contact', () => {
  let casebook: Harness;
  let prefix: string;

  beforeAll(async () => {
    casebook = await startCasebook();
    prefix = await casebook.startReminders('smtp://127.0.0.1:9');
  });
  afterAll(() => casebook?.close());

  /** Every readable text in the database: each text or JSON column of each table. */
  async function databaseText(): Promise<string> {
    const client = new Client({ connectionString: casebook.database.url });
    await client.connect();
    const { rows: columns } = await client.query(`
      SELECT table_schema, table_name, column_name FROM information_schema.columns
       WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
         AND data_type IN ('text', 'jsonb', 'json', 'character varying', 'ARRAY')`);
    const parts: string[] = [];
    for (const { table_schema, table_name, column_name } of columns) {
      const { rows } = await client.query(`SELECT string_agg("${column_name}"::text, ' ') AS t FROM "${table_schema}"."${table_name}"`);
      parts.push(rows[0].t ?? '');
    }
    await client.end();
    return parts.join('\n');
  }

  /** Every event as the store itself holds it, read past the decrypting layer. */
  async function eventStoreText(): Promise<string> {
    const raw =
      casebook.config.eventStore === 'eventstoredb'
        ? new EventStoreDbEventStore({ connectionString: casebook.config.eventStoreConnectionString! })
        : new PostgresEventStore({ connectionString: casebook.database.url });
    const events = await raw.readAll({ maxCount: 100_000 });
    await raw.close();
    return JSON.stringify(events.map((e) => ({ data: e.data, metadata: e.metadata })));
  }

  async function redisText(): Promise<string> {
    const redis = new Redis(redisOptionsFromUrl(casebook.config.redisUrl));
    const keys = await redis.keys(`${prefix}:*`);
    const values: string[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'hash') values.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'string') values.push((await redis.get(key)) ?? '');
      else if (type === 'list') values.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'zset') values.push(JSON.stringify(await redis.zrange(key, 0, -1)));
    }
    redis.disconnect();
    return values.join('\n');
  }

  it('leaves no readable trace of the person and keeps the research record consistent', async () => {
    const { caseId } = await enrolledCase(casebook, 'Pennine Care Co-operative');
    const contact = await addContact(casebook, caseId, NAME, EMAIL);
    const contactId = contact.body.id;
    const today = new Date().toISOString().slice(0, 10);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    expect(
      (await casebook.request('PATCH', `/api/v1/cases/${caseId}/contacts/${contactId}`, { personal: { email: NEW_EMAIL } })).status,
    ).toBe(200);
    const wave = await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, {
      waveNumber: 1,
      opensOn: day(-5),
      closesOn: day(30),
      remindContactIds: [contactId],
      remindAt: `${day(20)}T09:00:00Z`,
    });
    expect(wave.status).toBe(201);
    const interview = await casebook.request('POST', `/api/v1/cases/${caseId}/waves/${wave.body.id}/interviews`, {
      role: 'director',
      interviewedOn: today,
      consent: 'given',
      transcriptReference: 'PCC-W1-D',
      contactId,
    });
    expect(interview.status).toBe(201);
    const optOut = await casebook.request('POST', `/api/v1/cases/${caseId}/contacts/${contactId}/opt-out`, { reason: 'moved away' });
    expect(optOut.status).toBe(200);
    await casebook.projected(optOut);
    const before = await casebook.request('GET', `/api/v1/cases/${caseId}/contacts`);
    expect(before.body).toEqual([expect.objectContaining({ contactId, name: NAME, email: NEW_EMAIL, optedOut: true })]);

    // Only administrators erase.
    const researcher = await casebook.account('researcher');
    expect((await casebook.request('DELETE', `/api/v1/cases/${caseId}/contacts/${contactId}`, undefined, researcher.headers)).status).toBe(
      403,
    );

    const erased = await casebook.request('DELETE', `/api/v1/cases/${caseId}/contacts/${contactId}`, { requestedBy: 'contact' });
    expect(erased.status).toBe(200);
    await casebook.projected(erased);

    const everywhere = [await databaseText(), await eventStoreText(), await redisText()].join('\n').toLowerCase();
    for (const needle of needles) expect(everywhere).not.toContain(needle.toLowerCase());

    // The record stays: the contact's role, the interview and the wave are all still there.
    const after = await casebook.request('GET', `/api/v1/cases/${caseId}/contacts`);
    expect(after.body).toEqual([expect.objectContaining({ contactId, role: 'director', erased: true, name: null, email: null })]);
    const waves = await casebook.request('GET', `/api/v1/cases/${caseId}/waves`);
    expect(waves.body).toEqual(expect.arrayContaining([expect.objectContaining({ waveId: wave.body.id, interviewCount: 1 })]));
    expect(everywhere).toContain(contactId);

    // Erasing again changes nothing; changing an erased contact is refused.
    expect((await casebook.request('DELETE', `/api/v1/cases/${caseId}/contacts/${contactId}`, {})).status).toBe(200);
    expect((await casebook.request('PATCH', `/api/v1/cases/${caseId}/contacts/${contactId}`, { personal: { name: NAME } })).status).toBe(
      409,
    );
  });
});
