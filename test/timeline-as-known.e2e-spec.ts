// A mutual's timeline as a research team reads it: what was believed on a past day
// (`knownOn`, before later corrections and retractions), what had happened by a day (`trueOn`,
// partial dates judged soundly), both together, filters by type and dates, who recorded each
// milestone and from which source, and a timeline longer than a page walked while researchers
// keep recording, with no milestone twice and none missing.
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

interface Entry {
  id: string;
  type: string;
  occurredOn: string;
  details: Record<string, unknown>;
  recordedBy: { accountId: string; displayName: string | null } | null;
  source?: Record<string, unknown>;
  correction?: { correctedAt: string; correctedBy: { displayName: string | null } | null; reason: string | null };
  uncertain?: true;
  uncertainBecause?: string;
}
interface Page {
  milestones: Entry[];
  next?: string;
  nextCursor?: string;
}

describe('the timeline as known and as true on a date', () => {
  let casebook: Harness;
  let headers: Record<string, string>;

  beforeAll(async () => {
    casebook = await startCasebook();
    // An administrator with a name, so that the timeline can say who recorded what.
    headers = (await casebook.account('admin')).headers;
  });
  afterAll(async () => {
    await casebook?.close();
  });

  const ok = <T>(response: HttpResult<T>, status: number, what: string) => {
    if (response.status !== status) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  };
  const timeline = async (mutualId: string, query = '') =>
    ok(
      await casebook.request<Page>('GET', `/api/v1/mutuals/${mutualId}/timeline${query ? `?${query}` : ''}`, undefined, headers),
      200,
      'timeline',
    ).body;
  const newMutual = async (name: string) =>
    ok(await casebook.request('POST', '/api/v1/mutuals', { name, serviceAreas: ['health-and-social-care'] }, headers), 201, 'register').body
      .id as string;
  const record = async (mutualId: string, body: object) =>
    ok(await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, body, headers), 201, 'record');
  const contract = (occurredOn: string, commissioner = 'Riverside CCG') => ({
    type: 'contract-awarded',
    occurredOn,
    commissioner,
    startsOn: occurredOn,
    endsOn: '2030',
  });
  /** A moment strictly between two writes, from the clock the store stamps them with. */
  const between = async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const moment = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return moment;
  };

  it('shows a correction only from when it was recorded, and a retracted milestone until then', async () => {
    const mutualId = await newMutual('Time Travel Health CIC');
    const award = await record(mutualId, { ...contract('2016'), source: { kind: 'annual-report', reference: 'AR 2016-17' } });
    const spinOut = await record(mutualId, { type: 'spun-out', occurredOn: '2015-03', parentBody: 'Riverside PCT' });
    await casebook.projected(spinOut);
    const beforeCorrection = await between();
    const corrected = ok(
      await casebook.request(
        'PUT',
        `/api/v1/mutuals/${mutualId}/milestones/${award.body.id}`,
        {
          occurredOn: '2017-02',
          values: { commissioner: 'Riverside CCG', startsOn: '2017-04', endsOn: '2030' },
          reason: 'The contract register gives the award date',
        },
        headers,
      ),
      200,
      'correct',
    );
    await casebook.projected(corrected);
    const beforeRetraction = await between();
    const retracted = ok(
      await casebook.request(
        'POST',
        `/api/v1/mutuals/${mutualId}/milestones/${spinOut.body.id}/retraction`,
        { reason: 'Recorded against the wrong mutual' },
        headers,
      ),
      200,
      'retract',
    );
    await casebook.projected(retracted);

    // Now: the corrected award, with who corrected it and why; the spin-out gone.
    const now = await timeline(mutualId);
    expect(now.milestones).toEqual([
      expect.objectContaining({
        id: award.body.id,
        occurredOn: '2017-02',
        details: { commissioner: 'Riverside CCG', startsOn: '2017-04', endsOn: '2030' },
        recordedBy: { accountId: expect.any(String), displayName: 'Test admin' },
        correction: {
          correctedAt: expect.any(String),
          correctedBy: { accountId: expect.any(String), displayName: 'Test admin' },
          reason: 'The contract register gives the award date',
        },
      }),
    ]);
    // A correction without a source of its own leaves the values shown without one.
    expect(now.milestones[0].source).toBeUndefined();

    // As known before the correction: the award as first recorded, with its source; the spin-out there.
    const before = await timeline(mutualId, `knownOn=${encodeURIComponent(beforeCorrection)}`);
    expect(before.milestones.map((m) => [m.id, m.occurredOn])).toEqual([
      [spinOut.body.id, '2015-03'],
      [award.body.id, '2016'],
    ]);
    expect(before.milestones[1]).toMatchObject({ source: { kind: 'annual-report', reference: 'AR 2016-17' } });
    expect(before.milestones[1].correction).toBeUndefined();
    // Between the correction and the retraction: corrected, and the spin-out still there.
    const between1 = await timeline(mutualId, `knownOn=${encodeURIComponent(beforeRetraction)}`);
    expect(between1.milestones.map((m) => [m.id, m.occurredOn])).toEqual([
      [spinOut.body.id, '2015-03'],
      [award.body.id, '2017-02'],
    ]);
    // Before anything was recorded: nothing; a day long after: as now.
    expect((await timeline(mutualId, 'knownOn=2001-01-01')).milestones).toEqual([]);
    expect((await timeline(mutualId, 'knownOn=2999-12-31')).milestones).toEqual(now.milestones);

    // What did we believe before the correction about what had happened by 1 June 2016? The
    // award was then dated 2016: perhaps, and it says so. Now it is dated 2017-02: no.
    const believed = await timeline(mutualId, `knownOn=${encodeURIComponent(beforeCorrection)}&trueOn=2016-06-01`);
    expect(believed.milestones).toEqual([
      expect.objectContaining({ id: spinOut.body.id }),
      expect.objectContaining({ id: award.body.id, uncertain: true, uncertainBecause: '2016 may fall after 2016-06-01' }),
    ]);
    expect(believed.milestones[0].uncertain).toBeUndefined();
    expect((await timeline(mutualId, 'trueOn=2016-06-01')).milestones).toEqual([]);
    expect((await timeline(mutualId, 'trueOn=2017-02-28')).milestones.map((m) => [m.id, m.uncertain])).toEqual([
      [award.body.id, undefined],
    ]);
    expect((await timeline(mutualId, 'trueOn=2017-02-01')).milestones.map((m) => [m.id, m.uncertain])).toEqual([[award.body.id, true]]);
  });

  it('filters by type and by a range of partial dates, marking those that may fall outside', async () => {
    const mutualId = await newMutual('Filtered Leisure Trust');
    await record(mutualId, contract('2014'));
    await record(mutualId, contract('2015-07-01'));
    await record(mutualId, { type: 'staffing-reported', occurredOn: '2015-09', headcount: 120 });
    const last = await record(mutualId, contract('2016-01'));
    await casebook.projected(last);

    const contracts = await timeline(mutualId, 'type=contract-awarded');
    expect(contracts.milestones.map((m) => m.occurredOn)).toEqual(['2014', '2015-07-01', '2016-01']);
    const repeated = await timeline(mutualId, 'type=contract-awarded&type=staffing-reported');
    expect(repeated.milestones.map((m) => m.occurredOn)).toEqual(['2014', '2015-07-01', '2015-09', '2016-01']);
    // From June 2015 to 2015: the July day and September inside; 2014 and 2016-01 outside.
    const range = await timeline(mutualId, 'from=2015-06&to=2015');
    expect(range.milestones.map((m) => [m.occurredOn, m.uncertain ?? false])).toEqual([
      ['2015-07-01', false],
      ['2015-09', false],
    ]);
    // From mid-2014: a milestone dated 2014 may have been before it.
    const straddling = await timeline(mutualId, 'from=2014-06-15&type=contract-awarded');
    expect(straddling.milestones.map((m) => [m.occurredOn, m.uncertain ?? false])).toEqual([
      ['2014', true],
      ['2015-07-01', false],
      ['2016-01', false],
    ]);
  });

  it('refuses bad parameters with problem+json naming each one and its rule', async () => {
    const mutualId = await newMutual('Strict Query Mutual');
    const bad = await casebook.request(
      'GET',
      `/api/v1/mutuals/${mutualId}/timeline?knownOn=yesterday&trueOn=2016-02-30&type=picnic&limit=0&cursor=abc&from=2016&to=2015`,
      undefined,
      headers,
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]).sort()).toEqual(
      [
        ['cursor', 'cursor'],
        ['knownOn', 'known-on'],
        ['limit', 'page-size'],
        ['to', 'not-before-from'],
        ['trueOn', 'date'],
        ['type[0]', 'one-of'],
      ].sort(),
    );
    const unknown = await casebook.request('GET', `/api/v1/mutuals/${mutualId}/timeline?when=now`, undefined, headers);
    expect(unknown.status).toBe(400);
  });

  it('walks a timeline longer than a page while milestones are recorded, each once and none missing', async () => {
    const mutualId = await newMutual('Long Record Cooperative');
    const before: string[] = [];
    for (let i = 0; i < 130; i++) {
      // Dates at every precision, many sharing a year, so that ties are broken by the order recorded.
      const occurredOn =
        i % 3 === 0 ? `${2000 + (i % 20)}` : i % 3 === 1 ? `${2000 + (i % 20)}-0${1 + (i % 9)}` : `${2000 + (i % 20)}-05-1${i % 10}`;
      before.push((await record(mutualId, contract(occurredOn, `Commissioner ${i}`))).body.id as string);
    }
    const lastBefore = await record(mutualId, { type: 'observation', occurredOn: '2021', text: 'Board minutes reviewed' });
    before.push(lastBefore.body.id as string);
    await casebook.projected(lastBefore);

    const seen: string[] = [];
    let path: string | undefined = `/api/v1/mutuals/${mutualId}/timeline?limit=20&type=contract-awarded&type=observation`;
    let pages = 0;
    let written = 0;
    while (path && pages < 50) {
      const page: HttpResult<Page> = ok(await casebook.request<Page>('GET', path, undefined, headers), 200, 'page');
      seen.push(...page.body.milestones.map((m) => m.id));
      if (page.body.next) expect(page.body.nextCursor).toBeDefined();
      path = page.body.next;
      pages += 1;
      // Between pages, new milestones land before and after the page boundary.
      await record(mutualId, contract(`${2000 + (pages % 20)}`, `Late ${pages}`));
      written += 1;
    }
    expect(pages).toBeGreaterThanOrEqual(7);
    expect(new Set(seen).size).toBe(seen.length);
    expect(before.filter((id) => !seen.includes(id))).toEqual([]);
    expect(written).toBe(pages);
    // The same walk without writes gives the order of a single read.
    const whole = await timeline(mutualId, 'limit=500');
    expect(whole.next).toBeUndefined();
    expect(seen.filter((id) => whole.milestones.some((m) => m.id === id))).toEqual(
      whole.milestones.map((m) => m.id).filter((id) => seen.includes(id)),
    );
  });
});
