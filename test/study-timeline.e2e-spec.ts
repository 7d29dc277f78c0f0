// A study's timeline as its team reads it: twelve cases' milestones on one timeline, filtered by
// the mutuals' service area, region and legal form, by milestone type and by dates, walked a
// page at a time while researchers keep recording: each milestone once, none missing; as known
// on a past day; and the sector's timeline over the registry, paged the same way.
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

interface Entry {
  id: string;
  mutualId: string;
  mutualName: string;
  type: string;
  occurredOn: string;
  uncertain?: true;
}
interface Page {
  studyId: string;
  milestones: Entry[];
  next?: string;
}

const REGIONS = ['north-west', 'london', 'yorkshire-and-the-humber'] as const;
const LEGAL_FORMS = ['community-interest-company', 'community-benefit-society'] as const;
const AREAS = ['health-and-social-care', 'sports-and-leisure', 'culture-media-and-libraries', 'employment-and-skills'] as const;

describe("a study's timeline across its cases", () => {
  let casebook: Harness;
  let studyId: string;
  const mutuals: { id: string; region: string; legalForm: string; area: string }[] = [];
  const recorded: { id: string; mutualId: string; type: string; occurredOn: string }[] = [];

  const ok = <T>(response: HttpResult<T>, status: number, what: string) => {
    if (response.status !== status) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  };
  const record = async (mutualId: string, body: { type: string; occurredOn: string } & Record<string, unknown>) => {
    const written = ok(await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, body), 201, 'record');
    recorded.push({ id: written.body.id as string, mutualId, type: body.type, occurredOn: body.occurredOn });
    return written;
  };

  beforeAll(async () => {
    casebook = await startCasebook();
    studyId = ok(
      await casebook.request('POST', '/api/v1/studies', {
        title: 'Twelve mutuals over a decade',
        startsOn: '2025-01-06',
        endsOn: '2028-03-31',
      }),
      201,
      'study',
    ).body.id as string;
    for (let i = 0; i < 12; i++) {
      const region = REGIONS[i % 3];
      const legalForm = LEGAL_FORMS[i % 2];
      const area = AREAS[i % 4];
      const id = ok(
        await casebook.request('POST', '/api/v1/mutuals', {
          name: `Case ${String(i).padStart(2, '0')} Mutual`,
          serviceAreas: [area],
          region,
          legalForm,
        }),
        201,
        'register',
      ).body.id as string;
      mutuals.push({ id, region, legalForm, area });
      ok(
        await casebook.request('POST', `/api/v1/studies/${studyId}/cases`, {
          mutualId: id,
          selection: {
            serviceAreas: [area],
            stageOfDevelopment: 'established',
            turnoverBand: '1m-5m',
            employeeBand: '50-249',
            region,
            legalForm,
          },
        }),
        201,
        'enrol',
      );
      await record(id, { type: 'spun-out', occurredOn: `${2010 + (i % 4)}`, parentBody: 'County Council' });
      for (let k = 0; k < 5; k++) {
        const occurredOn = k % 2 === 0 ? `${2013 + k}-0${1 + (i % 9)}` : `${2013 + k}`;
        await record(id, {
          type: 'contract-awarded',
          occurredOn,
          commissioner: `Commissioner ${k}`,
          startsOn: occurredOn,
          endsOn: '2030',
        });
      }
    }
    // A mutual outside the study, whose milestones never show.
    const outsider = ok(
      await casebook.request('POST', '/api/v1/mutuals', { name: 'Not In Study', serviceAreas: ['housing'] }),
      201,
      'outsider',
    );
    const last = ok(
      await casebook.request('POST', `/api/v1/mutuals/${outsider.body.id}/milestones`, {
        type: 'spun-out',
        occurredOn: '2012',
        parentBody: 'X',
      }),
      201,
      'outsider milestone',
    );
    await casebook.projected(last);
  });
  afterAll(async () => {
    await casebook?.close();
  });

  const walk = async (
    query: string,
    between?: (page: number) => Promise<void>,
    from = `/api/v1/studies/${studyId}/timeline`,
    headers?: Record<string, string>,
  ) => {
    const seen: Entry[] = [];
    let path: string | undefined = `${from}?${query}`;
    for (let page = 0; path && page < 100; page++) {
      const answer: HttpResult<Page> = ok(await casebook.request<Page>('GET', path, undefined, headers), 200, 'page');
      seen.push(...answer.body.milestones);
      path = answer.body.next;
      await between?.(page);
    }
    return seen;
  };

  it('walks all twelve cases a page at a time while milestones are recorded, each once and none missing', async () => {
    const before = recorded.map((m) => m.id);
    const seen = await walk('limit=10', async (page) => {
      const mutual = mutuals[page % mutuals.length];
      await record(mutual.id, { type: 'observation', occurredOn: `${2012 + (page % 8)}`, text: `Noted during page ${page}` });
    });
    const ids = seen.map((m) => m.id);
    expect(seen.length).toBeGreaterThanOrEqual(72);
    expect(new Set(ids).size).toBe(ids.length);
    expect(before.filter((id) => !ids.includes(id))).toEqual([]);
    expect(seen.every((m) => mutuals.some((mutual) => mutual.id === m.mutualId))).toBe(true);
    // In the order they happened: first possible days never go back.
    const firstDays = seen.map((m) =>
      m.occurredOn.length === 4 ? `${m.occurredOn}-01-01` : m.occurredOn.length === 7 ? `${m.occurredOn}-01` : m.occurredOn,
    );
    expect([...firstDays].sort()).toEqual(firstDays);
  });

  it('filters by region, legal form and service area as registered, by type and by dates', async () => {
    // Everything recorded so far is in the read models before counting.
    const settled = await record(mutuals[0].id, { type: 'observation', occurredOn: '2020', text: 'Counted' });
    await casebook.projected(settled);
    const inRegion = await walk('region=london&limit=500');
    const londoners = new Set(mutuals.filter((m) => m.region === 'london').map((m) => m.id));
    expect(inRegion.length).toBeGreaterThan(0);
    expect(inRegion.every((m) => londoners.has(m.mutualId))).toBe(true);
    expect(inRegion.length).toBe(recorded.filter((m) => londoners.has(m.mutualId)).length);

    const societies = await walk('legalForm=community-benefit-society&serviceArea=sports-and-leisure&type=spun-out');
    const expectedIds = mutuals
      .filter((m) => m.legalForm === 'community-benefit-society' && m.area === 'sports-and-leisure')
      .map((m) => m.id);
    expect(societies.map((m) => m.mutualId).sort()).toEqual(expectedIds.sort());
    expect(societies.every((m) => m.type === 'spun-out')).toBe(true);

    // Contracts from mid-2015 to 2016: those dated 2015 may fall before the range.
    const range = await walk('type=contract-awarded&from=2015-07&to=2016&limit=500');
    expect(range.length).toBeGreaterThan(0);
    expect(range.every((m) => m.occurredOn.startsWith('2015') || m.occurredOn.startsWith('2016'))).toBe(true);
    expect(range.filter((m) => m.occurredOn === '2015').every((m) => m.uncertain === true)).toBe(true);
    expect(range.filter((m) => m.occurredOn.startsWith('2016')).some((m) => m.uncertain)).toBe(false);
  });

  it('keeps what had happened by a day, marking milestones whose partial date spans it', async () => {
    const byMid2014 = await walk('trueOn=2014-06-30&limit=500');
    expect(byMid2014.length).toBeGreaterThan(0);
    for (const m of byMid2014) {
      const first = m.occurredOn.length === 4 ? `${m.occurredOn}-01-01` : m.occurredOn.length === 7 ? `${m.occurredOn}-01` : m.occurredOn;
      expect(first <= '2014-06-30').toBe(true);
      // A year (2014) spans the day; months of 2013 and the spin-out years before do not.
      expect([m.occurredOn, m.uncertain === true]).toEqual([m.occurredOn, m.occurredOn === '2014']);
    }
    const uncertain = byMid2014.filter((m) => m.uncertain);
    expect(uncertain.length).toBe(recorded.filter((m) => m.occurredOn === '2014').length);
  });

  it('answers as known on a past day across cases: later corrections, retractions and records not applied', async () => {
    const [first, second] = [mutuals[1].id, mutuals[2].id];
    const award = await record(first, {
      type: 'contract-awarded',
      occurredOn: '2019-05',
      commissioner: 'Known CCG',
      startsOn: '2019-06',
      endsOn: '2030',
    });
    const observation = await record(second, { type: 'observation', occurredOn: '2019-07', text: 'Seen at the AGM' });
    await casebook.projected(observation);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const moment = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    ok(
      await casebook.request('PUT', `/api/v1/mutuals/${first}/milestones/${award.body.id}`, {
        occurredOn: '2019-08',
        values: { commissioner: 'Known CCG', startsOn: '2019-09', endsOn: '2030' },
        reason: 'The register gives August',
      }),
      200,
      'correct',
    );
    ok(
      await casebook.request('POST', `/api/v1/mutuals/${second}/milestones/${observation.body.id}/retraction`, { reason: 'Wrong mutual' }),
      200,
      'retract',
    );
    const later = await record(first, { type: 'observation', occurredOn: '2019-06', text: 'Recorded after the moment' });
    await casebook.projected(later);

    const asKnown = await walk(`from=2019&to=2019&knownOn=${moment}&limit=3`);
    expect(
      asKnown.filter((m) => [award.body.id, observation.body.id, later.body.id].includes(m.id)).map((m) => [m.id, m.occurredOn]),
    ).toEqual([
      [award.body.id, '2019-05'],
      [observation.body.id, '2019-07'],
    ]);
    const now = await walk('from=2019&to=2019&limit=3');
    expect(now.filter((m) => [award.body.id, observation.body.id, later.body.id].includes(m.id)).map((m) => [m.id, m.occurredOn])).toEqual([
      [later.body.id, '2019-06'],
      [award.body.id, '2019-08'],
    ]);
    // Every milestone of 2019 recorded before the moment, each once, across pages of three.
    const knownIds = asKnown.map((m) => m.id);
    expect(new Set(knownIds).size).toBe(knownIds.length);
    expect(knownIds.sort()).toEqual(
      recorded
        .filter((m) => m.occurredOn.startsWith('2019') && m.id !== later.body.id)
        .map((m) => m.id)
        .sort(),
    );
  });

  it('walks the sector timeline over every mutual an administrator may see, and a member sees the study', async () => {
    const sector = await walk('limit=25', undefined, '/api/v1/timeline');
    const ids = sector.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sector.some((m) => m.mutualName === 'Not In Study')).toBe(true);
    const member = await casebook.account('viewer', [studyId]);
    const seen = await walk('limit=25&type=spun-out', undefined, '/api/v1/timeline', member.headers);
    const inStudy = await walk('limit=500&type=spun-out');
    expect(seen.map((m) => m.id)).toEqual(inStudy.map((m) => m.id));
    expect(seen).toHaveLength(mutuals.length);
  });

  it('refuses filters it does not know and values outside the vocabulary', async () => {
    const bad = await casebook.request(
      'GET',
      `/api/v1/studies/${studyId}/timeline?region=atlantis&type=picnic&from=2016&to=2015&limit=501&trueOn=2016`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]).sort()).toEqual(
      [
        ['limit', 'page-size'],
        ['region', 'one-of'],
        ['to', 'not-before-from'],
        ['trueOn', 'date'],
        ['type[0]', 'one-of'],
      ].sort(),
    );
  });
});
