// A mutual's profile on a day, as a research team asks for it: a history of hundreds of
// milestones recorded through the API, read on days across it (`trueOn`), as known before and
// after a correction, a retraction and a registration correction (`knownOn`), with a partial
// date that spans the asked day named, and refused for a bad day or a mutual one may not see.
import { enrolledCase } from './support/research-fixtures.js';
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

interface Profile {
  name: string;
  trueOn: string;
  knownBefore?: string;
  status: string;
  legalForm?: string;
  ownershipModel?: string;
  boardComposition?: Record<string, number>;
  spunOutOn?: string;
  yearsSinceSpinOut?: { atLeast: number; atMost: number };
  stageOfDevelopment?: string;
  activeContracts: { milestoneId: string; commissioner: string; endsOn: string; annualValueGbp?: number }[];
  nextContractEnd?: { commissioner: string; endsOn: string };
  annualContractValueGbp: number;
  contractsWithoutValue: number;
  staffing?: { headcount: number; asAt: string };
  turnover?: { financialYear: string; amountGbp: number };
  services: { serviceName: string }[];
  serviceAreas: string[];
  uncertain: { milestoneId: string; because: string }[];
  end?: { type: string };
}

const YEARS = Array.from({ length: 12 }, (_, i) => 2012 + i);
const QUARTERS = ['01', '04', '07', '10'];
const headcountOf = (year: number, quarter: number) => 300 + (year - 2012) * 12 + quarter;
const commissioners = ['Riverside CCG', 'Riverside Council', 'NHS England', 'Public Health Riverside'];

describe('a mutual profile on a day', () => {
  let casebook: Harness;
  let headers: Record<string, string>;
  let mutualId: string;
  let studyId: string;
  let recorded = 0;
  const ids: Record<string, string> = {};

  const ok = <T>(response: HttpResult<T>, status: number, what: string) => {
    if (response.status !== status) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  };
  const record = async (body: Record<string, unknown>) => {
    recorded += 1;
    return ok(await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, body, headers), 201, `record ${String(body.type)}`);
  };
  const profile = async (query: string) =>
    ok(await casebook.request<Profile>('GET', `/api/v1/mutuals/${mutualId}/profile?${query}`, undefined, headers), 200, 'profile').body;
  const between = async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const moment = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return moment;
  };

  beforeAll(async () => {
    casebook = await startCasebook();
    headers = (await casebook.account('admin')).headers;
    const enrolled = await enrolledCase(casebook, 'Riverside Community Health CIC');
    ({ mutualId, studyId } = enrolled);
    ids.spinOut = (
      await record({ type: 'spun-out', occurredOn: '2012-04-01', parentBody: 'Riverside PCT', staffTransferred: 300 })
    ).body.id;
    ids.governance = (
      await record({
        type: 'governance-changed',
        occurredOn: '2012-04-01',
        legalForm: 'community-interest-company',
        ownershipModel: 'employee',
        boardComposition: { staff: 4, independent: 3, total: 7 },
      })
    ).body.id;
    // Each year a three-year contract with one of four commissioners, valued by year.
    for (const year of YEARS) {
      const response = await record({
        type: year === 2012 ? 'contract-awarded' : 'contract-renewed',
        occurredOn: `${year}-03-15`,
        commissioner: commissioners[year % 4],
        contractName: `Community services ${year % 4}`,
        startsOn: `${year}-04-01`,
        endsOn: `${year + 3}-03-31`,
        annualValueGbp: 100_000 * (year - 2010),
      });
      ids[`contract${year}`] = response.body.id;
    }
    for (const year of YEARS) {
      for (const [quarter, month] of QUARTERS.entries()) {
        await record({ type: 'staffing-reported', occurredOn: `${year}-${month}-20`, headcount: headcountOf(year, quarter) });
      }
      await record({
        type: 'turnover-reported',
        occurredOn: `${year}-09-30`,
        financialYear: `${year - 1}-${String(year % 100).padStart(2, '0')}`,
        amountGbp: 1_000_000 * (year - 2000),
      });
      await record({ type: 'service-launched', occurredOn: `${year}-06-01`, serviceName: `Service ${year}` });
      if (year > 2012) await record({ type: 'service-closed', occurredOn: `${year}-06-01`, serviceName: `Service ${year - 1}` });
      await record({ type: 'observation', occurredOn: `${year}-12-01`, text: `Wave notes ${year}` });
    }
    const last = await record({ type: 'governance-changed', occurredOn: '2020', memberCount: 512 });
    ids.partial = last.body.id;
    await casebook.projected(last);
  });
  afterAll(async () => {
    await casebook?.close();
  });

  it('reads a history of hundreds of milestones on days across it', async () => {
    expect(recorded).toBeGreaterThan(100);
    for (const year of [2013, 2016, 2019, 2023]) {
      const day = `${year}-08-01`;
      const answer = await profile(`trueOn=${day}`);
      // Contracts start on 1 April for three years: those of this year and the two before run.
      const running = YEARS.filter((y) => y <= year && y >= year - 2);
      expect(answer.activeContracts.map((c) => c.milestoneId).sort()).toEqual(running.map((y) => ids[`contract${y}`]).sort());
      expect(answer.annualContractValueGbp).toBe(running.reduce((sum, y) => sum + 100_000 * (y - 2010), 0));
      expect(answer.nextContractEnd?.endsOn).toBe(`${Math.min(...running) + 3}-03-31`);
      // The last staffing report by 1 August is July's.
      expect(answer.staffing?.headcount).toBe(headcountOf(Math.min(year, 2023), 2));
      expect(answer.turnover?.financialYear).toBe(`${year - 2}-${String((year - 1) % 100).padStart(2, '0')}`);
      expect(answer.services.map((s) => s.serviceName)).toEqual([`Service ${Math.min(year, 2023)}`]);
      expect(answer.yearsSinceSpinOut).toEqual({ atLeast: year - 2012, atMost: year - 2012 });
      expect(answer).toMatchObject({ status: 'active', legalForm: 'community-interest-company', ownershipModel: 'employee' });
    }
    expect((await profile('trueOn=2011-12-31')).status).toBe('pre-spin-out');
  });

  it('names a milestone whose partial date spans the day, and applies it once the day is past', async () => {
    const midYear = await profile('trueOn=2020-06-01');
    expect(midYear.uncertain).toEqual([
      { milestoneId: ids.partial, type: 'governance-changed', occurredOn: '2020', because: '2020 may fall after 2020-06-01' },
    ]);
    expect(midYear).not.toHaveProperty('memberCount');
    const yearEnd = await profile('trueOn=2020-12-31');
    expect(yearEnd).toMatchObject({ memberCount: 512, uncertain: [] });
  });

  it('answers as known before a correction, a retraction and a registration correction, and as now after them', async () => {
    const beforeChanges = await between();
    ok(
      await casebook.request(
        'PUT',
        `/api/v1/mutuals/${mutualId}/milestones/${ids.governance}`,
        {
          occurredOn: '2012-04-01',
          values: { legalForm: 'community-benefit-society', ownershipModel: 'multi-stakeholder' },
          reason: 'The society registered on spin-out; the CIC was a proposal',
        },
        headers,
      ),
      200,
      'correct',
    );
    const retracted = ok(
      await casebook.request(
        'POST',
        `/api/v1/mutuals/${mutualId}/milestones/${ids.contract2015}/retraction`,
        { reason: 'Another mutual’s contract' },
        headers,
      ),
      200,
      'retract',
    );
    await casebook.projected(retracted);
    const mutual = ok(await casebook.request('GET', `/api/v1/mutuals/${mutualId}`, undefined, headers), 200, 'mutual');
    const renamed = ok(
      await casebook.request(
        'PATCH',
        `/api/v1/mutuals/${mutualId}`,
        { name: 'Riverside Health Society', reason: 'Renamed on conversion' },
        { ...headers, 'if-match': mutual.headers.get('etag') ?? '' },
      ),
      200,
      'rename',
    );
    await casebook.projected(renamed);

    const asKnown = await profile(`trueOn=2016-08-01&knownOn=${beforeChanges}`);
    expect(asKnown).toMatchObject({
      name: 'Riverside Community Health CIC',
      legalForm: 'community-interest-company',
      ownershipModel: 'employee',
    });
    expect(asKnown.knownBefore).toBe(new Date(Date.parse(beforeChanges) + 1).toISOString());
    expect(asKnown.activeContracts.map((c) => c.milestoneId)).toContain(ids.contract2015);

    const now = await profile('trueOn=2016-08-01');
    expect(now).toMatchObject({
      name: 'Riverside Health Society',
      legalForm: 'community-benefit-society',
      ownershipModel: 'multi-stakeholder',
    });
    expect(now.boardComposition).toBeUndefined();
    expect(now.activeContracts.map((c) => c.milestoneId)).not.toContain(ids.contract2015);
    expect(now.activeContracts.map((c) => c.milestoneId).sort()).toEqual([ids.contract2014, ids.contract2016].sort());

    // The timeline as known then names the mutual as it was then registered.
    const timeline = (query: string) => casebook.request('GET', `/api/v1/mutuals/${mutualId}/timeline?limit=1${query}`, undefined, headers);
    expect((await timeline(`&knownOn=${beforeChanges}`)).body.name).toBe('Riverside Community Health CIC');
    expect((await timeline('')).body.name).toBe('Riverside Health Society');

    // A day known before the mutual was registered knows nothing of it.
    const missing = await casebook.request('GET', `/api/v1/mutuals/${mutualId}/profile?knownOn=2000-01-01`, undefined, headers);
    expect(missing.status).toBe(404);
  });

  it('is refused for a bad day, and to someone outside the mutual’s studies, and shown to a member', async () => {
    for (const [query, field] of [
      ['trueOn=2016-02-30', 'trueOn'],
      ['trueOn=2016', 'trueOn'],
      ['knownOn=yesterday', 'knownOn'],
      ['on=2016-01-01', 'on'],
    ] as const) {
      const refused = await casebook.request('GET', `/api/v1/mutuals/${mutualId}/profile?${query}`, undefined, headers);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.errors).toEqual([expect.objectContaining({ field })]);
    }
    const outsider = await casebook.account('viewer');
    expect((await casebook.request('GET', `/api/v1/mutuals/${mutualId}/profile`, undefined, outsider.headers)).status).toBe(403);
    const member = await casebook.account('viewer', [studyId]);
    const seen = await casebook.request<Profile>('GET', `/api/v1/mutuals/${mutualId}/profile?trueOn=2013-01-01`, undefined, member.headers);
    expect(seen.status).toBe(200);
    expect(seen.body.stageOfDevelopment).toBe('early');
  });

  it('publishes the time-travel parameters of the profile, the timelines and the dashboards with an example each', async () => {
    const docs = ok(await casebook.request('GET', '/api/docs-json'), 200, 'docs').body;
    const parameters = (path: string) =>
      (docs.paths[path].get.parameters as { name: string; in: string; schema: { example?: unknown } }[]).filter((p) => p.in === 'query');
    for (const path of [
      '/api/v1/mutuals/{mutualId}/profile',
      '/api/v1/mutuals/{mutualId}/timeline',
      '/api/v1/studies/{studyId}/timeline',
      '/api/v1/timeline',
      '/api/v1/figures',
    ]) {
      const timeTravel = parameters(path).filter((p) => ['trueOn', 'knownOn', 'from', 'to', 'type'].includes(p.name));
      expect(timeTravel.length).toBeGreaterThan(0);
      for (const parameter of timeTravel)
        expect([path, parameter.name, typeof parameter.schema.example]).toEqual([path, parameter.name, 'string']);
    }
    // Each example is one the API accepts.
    const examples = Object.fromEntries(parameters('/api/v1/mutuals/{mutualId}/timeline').map((p) => [p.name, String(p.schema.example)]));
    delete examples.cursor;
    const answer = await casebook.request(
      'GET',
      `/api/v1/mutuals/${mutualId}/timeline?${new URLSearchParams(examples).toString()}`,
      undefined,
      headers,
    );
    expect(answer.status).toBe(200);
  });
});
