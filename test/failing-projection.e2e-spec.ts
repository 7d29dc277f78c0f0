// One projection that cannot apply an accepted event stops itself only. A faulty release of the
// wave projection is stood in for by a constraint on its table that refuses one skip reason: the
// write is accepted (the record is right), the wave projection fails on it, and every other view
// keeps following new writes. /health names the projection, the event and the error; once the
// fault is gone the wave projection resumes from that very event and nothing is lost.
import { Client } from 'pg';
import { formatPosition, parsePosition } from '@casebook/event-store';
import { READ_MODEL_PROJECTIONS } from '@casebook/read-models';
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';
import { projectionsCli } from './support/projections-cli.js';
import { addContact, enrolledCase } from './support/research-fixtures.js';
import { waitForProjection, waitUntil } from './support/wait-for.js';

const FAULTY_REASON = 'Refused by a faulty release';

describe('a projection failing on one event', () => {
  let casebook: Harness;
  let database: Client;

  beforeAll(async () => {
    casebook = await startCasebook({ config: { projectionStallSeconds: 60 } });
    database = new Client({ connectionString: casebook.database.url });
    await database.connect();
  });
  afterAll(async () => {
    await database?.query(`ALTER TABLE read_models.waves DROP CONSTRAINT IF EXISTS waves_faulty_release`).catch(() => undefined);
    await database?.end();
    await casebook?.close();
  });

  const ok = <T>(response: HttpResult<T>, status: number, what: string) => {
    if (response.status !== status) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  };
  const wavesOf = async (caseId: string) =>
    (await casebook.request('GET', `/api/v1/cases/${caseId}/waves`)).body as {
      waveNumber: number;
      status: string;
      skippedReason?: string;
    }[];

  it('stops only that projection, names the event in /health, and resumes from it once fixed', async () => {
    const { caseId, mutualId } = await enrolledCase(casebook, 'Riverside Care Cooperative');
    const first = ok(
      await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, { waveNumber: 1, opensOn: '2025-03-03', closesOn: '2025-04-25' }),
      201,
      'schedule wave 1',
    );
    await casebook.projected(first);
    await database.query(
      `ALTER TABLE read_models.waves ADD CONSTRAINT waves_faulty_release CHECK (skipped_reason IS DISTINCT FROM '${FAULTY_REASON}')`,
    );

    const skipped = ok(
      await casebook.request('POST', `/api/v1/cases/${caseId}/waves/${first.body.id}/skip`, {
        reason: FAULTY_REASON,
        occurredOn: '2025-03-10',
      }),
      200,
      'skip wave 1',
    );

    // Written after the event the wave projection cannot apply; each lands in another view.
    const other = ok(
      await casebook.request('POST', '/api/v1/mutuals', { name: 'Harbourside Leisure Trust', serviceAreas: ['sports-and-leisure'] }),
      201,
      'register another mutual',
    );
    const milestone = ok(
      await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, {
        type: 'contract-awarded',
        occurredOn: '2025-06',
        commissioner: 'Riverside Integrated Care Board',
        startsOn: '2025-07',
        endsOn: '2028-06',
      }),
      201,
      'record a milestone',
    );
    await addContact(casebook, caseId, 'Morag Ellison', 'morag.ellison@riverside.example');
    const second = ok(
      await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, { waveNumber: 2, opensOn: '2027-01-11', closesOn: '2027-02-26' }),
      201,
      'schedule wave 2',
    );

    await waitUntil(async () => (await casebook.request('GET', `/api/v1/mutuals/${other.body.id}`)).status === 200, {
      what: 'the mutual registered after the failing event to be readable',
    });
    const timeline = await waitUntil(
      async () => {
        const { body } = await casebook.request<{ milestones?: { id: string }[] }>('GET', `/api/v1/mutuals/${mutualId}/timeline`);
        const entries = body.milestones ?? [];
        return entries.some((entry) => entry.id === milestone.body.id) ? entries : undefined;
      },
      { what: 'the milestone recorded after the failing event to reach the timeline' },
    );
    expect(timeline.length).toBeGreaterThanOrEqual(1);
    const contacts = await waitUntil(
      async () => {
        const listed = (await casebook.request('GET', `/api/v1/cases/${caseId}/contacts`)).body as { role: string }[];
        return listed.length === 1 ? listed : undefined;
      },
      { what: 'the contact added after the failing event to be listed' },
    );
    expect(contacts).toMatchObject([{ role: 'director' }]);

    // Every other projection reaches the last write.
    const others = READ_MODEL_PROJECTIONS.map((p) => p.name).filter((name) => name !== 'wave-progress');
    await waitForProjection(casebook.database.url, parsePosition(second.body.position)!, others);

    const down = await waitUntil(
      async () => {
        const response = await casebook.request('GET', '/health');
        return response.status === 503 && response.body.error.projection?.failure ? response : undefined;
      },
      { what: '/health to name the failing projection' },
    );
    const projection = down.body.error.projection;
    expect(projection.failure).toMatchObject({
      projection: 'wave-progress',
      position: formatPosition(parsePosition(skipped.body.position)!),
      eventType: expect.stringMatching(/^WaveSkipped\./),
      stream: `case-${caseId}`,
      error: expect.stringContaining('waves_faulty_release'),
    });
    // The skip and the four writes after it wait for the wave projection.
    expect(projection.projections['wave-progress'].eventsBehind).toBeGreaterThanOrEqual(5);
    for (const name of ['mutual-summary', 'mutual-timeline', 'contacts', 'case-summary']) {
      expect(projection.projections[name]).toEqual({ checkpoint: expect.any(String), eventsBehind: 0 });
    }
    // Administrators see the same, projection by projection; nobody else does.
    const listed = await casebook.request('GET', '/api/v1/projections');
    expect(listed.status).toBe(200);
    const byName = new Map((listed.body as { name: string }[]).map((state) => [state.name, state]));
    expect([...byName.keys()].sort()).toEqual(Object.keys(projection.projections).sort());
    expect(byName.get('wave-progress')).toMatchObject({
      condition: 'failing',
      failure: { position: projection.failure.position, eventType: projection.failure.eventType, stream: `case-${caseId}` },
    });
    expect(byName.get('contacts')).toMatchObject({ condition: 'up-to-date', eventsBehind: 0, eventsBehindIsAtLeast: false });
    const researcher = await casebook.account('researcher');
    expect((await casebook.request('GET', '/api/v1/projections', undefined, researcher.headers)).status).toBe(403);

    // And so does `npm run projections`, against the running system.
    const projections = projectionsCli(casebook);
    expect((await projections('list')).stdout.trim().split('\n').sort()).toEqual([...byName.keys()].sort());
    const lines = (await projections('status')).stdout.trim().split('\n');
    expect(lines.find((line) => line.startsWith('wave-progress '))).toMatch(
      new RegExp(
        `^wave-progress failing at \\d+/\\d+, \\d+ behind failing on WaveSkipped\\.v\\d+ at ${projection.failure.position} in case-${caseId} since .*waves_faulty_release`,
      ),
    );
    expect(lines.find((line) => line.startsWith('contacts '))).toMatch(/^contacts up-to-date at \d+\/\d+, 0 behind$/);
    await expect(projections('rebuild')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run projections') });

    // The waves stand just before the failing event: wave 1 still scheduled, wave 2 not yet there.
    expect((await wavesOf(caseId)).map(({ waveNumber, status }) => [waveNumber, status])).toEqual([[1, 'scheduled']]);

    // The fault is fixed: the projection resumes from the event it failed on.
    await database.query(`ALTER TABLE read_models.waves DROP CONSTRAINT waves_faulty_release`);
    await casebook.projected(second);
    expect((await wavesOf(caseId)).map(({ waveNumber, status, skippedReason }) => [waveNumber, status, skippedReason])).toEqual([
      [1, 'skipped', FAULTY_REASON],
      [2, 'scheduled', undefined],
    ]);
    const up = await waitUntil(
      async () => {
        const response = await casebook.request('GET', '/health');
        // Up as soon as nothing fails, caught up a moment later: wait for both.
        return response.status === 200 && response.body.info.projection.eventsBehind === 0 ? response : undefined;
      },
      { what: '/health to report every projection up and caught up' },
    );
    expect(up.body.info.projection).toMatchObject({ status: 'up', eventsBehind: 0 });
    expect(up.body.info.projection.failure).toBeUndefined();
  });
});
