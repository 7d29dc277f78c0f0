// Staff are data subjects too. Their names are stored only encrypted, with a key per account,
// on whichever event store is configured; records refer to staff by account id and show names
// from the account directory; erasing an account takes its name out of everything readable.
import { Client } from 'pg';
import { EventStoreDbEventStore, PostgresEventStore } from '@casebook/event-store';
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { enrolledCase } from './support/research-fixtures.js';

const RECORDER = 'Dr Imogen Haverford';
const INTERVIEWER = 'Prof Tobias Quennell';

describe('staff names', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  /** Every event as the store itself holds it, read past the decrypting layer. */
  async function rawEvents(): Promise<{ type: string; data: unknown; metadata: unknown }[]> {
    const raw =
      casebook.config.eventStore === 'eventstoredb'
        ? new EventStoreDbEventStore({ connectionString: casebook.config.eventStoreConnectionString! })
        : new PostgresEventStore({ connectionString: casebook.database.url });
    const events = await raw.readAll({ maxCount: 100_000 });
    await raw.close();
    return events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));
  }

  /** Every readable text of every table, the event store's own included when it is PostgreSQL. */
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

  it('stores staff and interviewer names only encrypted, shows them by reference, and erases them', async () => {
    const { studyId, mutualId, caseId } = await enrolledCase(casebook, 'Pennine Care Co-operative');
    const recorder = await casebook.request('POST', '/api/v1/accounts', { displayName: RECORDER, role: 'researcher' });
    const interviewer = await casebook.request('POST', '/api/v1/accounts', { displayName: INTERVIEWER, role: 'researcher' });
    for (const account of [recorder, interviewer]) {
      expect(account.status).toBe(201);
      expect((await casebook.request('PUT', `/api/v1/accounts/${account.body.accountId}/studies/${studyId}`)).status).toBe(200);
    }
    const asRecorder = { authorization: `Bearer ${recorder.body.token}` };
    const asInterviewer = { authorization: `Bearer ${interviewer.body.token}` };

    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const wave = await casebook.request(
      'POST',
      `/api/v1/cases/${caseId}/waves`,
      { waveNumber: 1, opensOn: day(-20), closesOn: day(20) },
      asRecorder,
    );
    expect(wave.status).toBe(201);
    const interviews = `/api/v1/cases/${caseId}/waves/${wave.body.id}/interviews`;
    const interview = { role: 'director', interviewedOn: day(-1), consent: 'given' };
    const byColleague = await casebook.request(
      'POST',
      interviews,
      { ...interview, interviewerAccountId: interviewer.body.accountId },
      asRecorder,
    );
    expect(byColleague.status).toBe(201);
    const own = await casebook.request('POST', interviews, { ...interview, interviewedOn: day(-2) }, asInterviewer);
    expect(own.status).toBe(201);
    const nobody = await casebook.request(
      'POST',
      interviews,
      { ...interview, interviewerAccountId: '0f0f0f0f-0000-4000-8000-000000000000' },
      asRecorder,
    );
    expect(nobody.status).toBe(409);
    expect(nobody.body.rule).toBe('unknown-interviewer');
    const byName = await casebook.request('POST', interviews, { ...interview, interviewer: INTERVIEWER }, asRecorder);
    expect(byName.status).toBe(400);

    const milestone = await casebook.request(
      'POST',
      `/api/v1/mutuals/${mutualId}/milestones`,
      { type: 'observation', occurredOn: day(-1).slice(0, 7), text: 'New board' },
      asInterviewer,
    );
    expect(milestone.status).toBe(201);
    await casebook.projected(milestone);

    const listed = await casebook.request('GET', interviews);
    expect(listed.body).toEqual([
      expect.objectContaining({
        interviewId: own.body.id,
        interviewerAccountId: interviewer.body.accountId,
        interviewerName: INTERVIEWER,
        recordedByName: INTERVIEWER,
      }),
      expect.objectContaining({
        interviewId: byColleague.body.id,
        interviewerAccountId: interviewer.body.accountId,
        interviewerName: INTERVIEWER,
        recordedBy: recorder.body.accountId,
        recordedByName: RECORDER,
      }),
    ]);
    const history = await casebook.request('GET', `/api/v1/mutuals/${mutualId}/milestones/${milestone.body.id}/history`);
    expect(history.body.versions).toEqual([
      expect.objectContaining({ version: 1, recordedBy: interviewer.body.accountId, recordedByName: INTERVIEWER }),
    ]);

    // In the store itself, whichever adapter: no name in plain text, but a sealed `personal`
    // for each account, sealed for that account.
    const stored = await rawEvents();
    const storedText = JSON.stringify(stored);
    for (const name of [RECORDER, INTERVIEWER, 'Haverford', 'Quennell']) expect(storedText).not.toContain(name);
    const creations = stored.filter((e) => e.type.startsWith('AccountCreated.'));
    for (const account of [recorder, interviewer]) {
      const creation = creations.find((e) => (e.data as { accountId: string }).accountId === account.body.accountId);
      expect(creation).toMatchObject({
        type: 'AccountCreated.v2',
        data: { personal: { sealed: { alg: 'A256GCM', subject: account.body.accountId } } },
      });
    }
    expect(
      stored.filter((e) => e.type === 'InterviewRecorded.v2').map((e) => (e.data as { interviewerAccountId: string }).interviewerAccountId),
    ).toEqual([interviewer.body.accountId, interviewer.body.accountId]);

    // Erasure: only of a deactivated account, then the name is gone from everything readable.
    const erasePath = `/api/v1/accounts/${interviewer.body.accountId}/personal-data`;
    const tooSoon = await casebook.request('DELETE', erasePath);
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.rule).toBe('still-active');
    expect((await casebook.request('DELETE', erasePath, undefined, asRecorder)).status).toBe(403);
    expect(
      (await casebook.request('POST', `/api/v1/accounts/${interviewer.body.accountId}/deactivate`, { reason: 'Left the project' })).status,
    ).toBe(200);
    const erased = await casebook.request('DELETE', erasePath);
    expect(erased.status).toBe(200);
    await casebook.projected(erased);

    const everywhere = [await databaseText(), JSON.stringify(await rawEvents())].join('\n');
    expect(everywhere).not.toContain('Quennell');
    expect(everywhere).toContain(RECORDER);
    const account = await casebook.request('GET', `/api/v1/accounts/${interviewer.body.accountId}`);
    expect(account.body).toMatchObject({ displayName: null, erased: true, active: false });
    const after = await casebook.request('GET', interviews);
    expect(after.body).toEqual([
      expect.objectContaining({
        interviewId: own.body.id,
        interviewerAccountId: interviewer.body.accountId,
        interviewerName: null,
        recordedByName: null,
      }),
      expect.objectContaining({
        interviewId: byColleague.body.id,
        interviewerAccountId: interviewer.body.accountId,
        interviewerName: null,
        recordedByName: RECORDER,
      }),
    ]);
    const historyAfter = await casebook.request('GET', `/api/v1/mutuals/${mutualId}/milestones/${milestone.body.id}/history`);
    expect(historyAfter.body.versions).toEqual([
      expect.objectContaining({ version: 1, recordedBy: interviewer.body.accountId, recordedByName: null }),
    ]);
    // Erasing again changes nothing.
    expect((await casebook.request('DELETE', erasePath)).status).toBe(200);
  });
});
