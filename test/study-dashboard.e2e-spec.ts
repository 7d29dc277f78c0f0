// A study's dashboard and the sector's figures as a research team reads them: twelve cases with
// spin-outs, contracts, governance, staffing, turnover, a merger and a withdrawal, three
// interview waves each (one past, one open, one ahead) with interviews by role; the dashboard
// walked a page at a time while another case is enrolled, compared row by row with each
// mutual's profile; the figures over the study and the registry, today and on a past day; and
// both while the projector is stopped.
import { parse } from 'csv-parse/sync';
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

interface Row {
  caseId: string;
  mutualId: string;
  mutualName: string;
  caseStatus: string;
  region: string;
  sizeBand: { turnoverBand?: string; employeeBand?: string };
  stageAtSelection: string;
  stageOfDevelopment?: string;
  yearsSinceSpinOut?: { atLeast: number; atMost: number };
  status: string;
  legalForm?: string;
  activeContracts: number;
  annualContractValueGbp: number;
  nextContractEnd?: { commissioner: string; endsOn: string };
  staffing?: { headcount: number };
  turnover?: { financialYear: string };
  waves: Record<string, number>;
  interviewsByRole: Record<string, number>;
  uncertainMilestones: number;
}
interface Dashboard {
  today: string;
  cases: Row[];
  next?: string;
}
interface Figures {
  trueOn: string;
  mutuals: number;
  byStatus: Record<string, number>;
  byServiceArea: Record<string, number>;
  byRegion: Record<string, number>;
  byLegalForm: Record<string, number>;
  contractsByYear: { year: number; awarded: number; renewed: number; lost: number }[];
  medianYearsSinceSpinOut: number | null;
  endedByTheDay: number;
  uncertainMilestones: number;
}

const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const shift = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const YEAR = Number(today.slice(0, 4));
const REGIONS = ['north-west', 'london', 'yorkshire-and-the-humber'] as const;
const AREAS = ['health-and-social-care', 'sports-and-leisure', 'culture-media-and-libraries', 'employment-and-skills'] as const;
const CASES = 12;
const MERGED = 7;
const WITHDRAWN = 4;
const spunOutYear = (i: number) => YEAR - 1 - i;

describe("a study's dashboard and the sector's figures", () => {
  let casebook: Harness;
  let studyId: string;
  let outsiderId: string;
  const cases: { caseId: string; mutualId: string; region: string; area: string }[] = [];
  /** The mutuals counted over the study: its twelve cases and the one enrolled during a walk. */
  const IN_STUDY = CASES + 1;

  const ok = <T>(response: HttpResult<T>, status: number, what: string) => {
    if (response.status !== status) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  };
  const post = async (path: string, body: unknown, what: string) => ok(await casebook.request('POST', path, body), 201, what);
  const get = async <T>(path: string, headers?: Record<string, string>) =>
    ok(await casebook.request<T>('GET', path, undefined, headers), 200, path).body;
  const walk = async (path: string, onPage?: (page: number) => Promise<void>) => {
    const rows: Row[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < 20; page++) {
      const body: Dashboard = await get<Dashboard>(next);
      rows.push(...body.cases);
      next = body.next;
      await onPage?.(page);
    }
    return rows;
  };
  const enrol = async (i: number, name: string) => {
    const region = REGIONS[i % 3];
    const area = AREAS[i % 4];
    const mutualId = (
      await post('/api/v1/mutuals', { name, serviceAreas: [area], region, legalForm: 'community-interest-company' }, 'register')
    ).body.id as string;
    const enrolled = await post(
      `/api/v1/studies/${studyId}/cases`,
      {
        mutualId,
        selection: {
          serviceAreas: [area],
          stageOfDevelopment: i < 4 ? 'developing' : 'established',
          ...(i % 2 === 0 ? { turnoverBand: '1m-5m' } : { employeeBand: '50-249' }),
          region,
          legalForm: 'community-interest-company',
        },
      },
      'enrol',
    );
    return { caseId: enrolled.body.id as string, mutualId, region, area, enrolled };
  };

  beforeAll(async () => {
    casebook = await startCasebook();
    studyId = (await post('/api/v1/studies', { title: 'Twelve mutuals, three waves', startsOn: shift(-400), endsOn: shift(400) }, 'study'))
      .body.id as string;
    for (let i = 0; i < CASES; i++) {
      const enrolled = await enrol(i, `Case ${String(i).padStart(2, '0')} Mutual`);
      cases.push(enrolled);
      const { caseId, mutualId } = enrolled;
      const record = (body: Record<string, unknown>) =>
        post(`/api/v1/mutuals/${mutualId}/milestones`, body, `milestone ${String(body.type)}`);
      // Case 11's spin-out is known only by year, which spans the day asked below.
      await record({
        type: 'spun-out',
        occurredOn: i === 11 ? `${spunOutYear(i)}` : `${spunOutYear(i)}-04-01`,
        parentBody: 'County Council',
      });
      await record({
        type: 'contract-awarded',
        occurredOn: '2015-03-01',
        commissioner: 'Old CCG',
        startsOn: '2015-04-01',
        endsOn: '2018-03-31',
      });
      await record({
        type: 'contract-awarded',
        occurredOn: `${YEAR - 1}-03-01`,
        commissioner: `Commissioner ${i}`,
        startsOn: `${YEAR - 1}-04-01`,
        endsOn: `${YEAR + 1 + (i % 3)}-03-31`,
        annualValueGbp: (i + 1) * 100_000,
      });
      if (i % 3 === 0)
        await record({ type: 'governance-changed', occurredOn: `${YEAR - 1}-06-01`, legalForm: 'community-benefit-society' });
      await record({ type: 'staffing-reported', occurredOn: `${YEAR - 2}-06-01`, headcount: 100 + i });
      await record({ type: 'staffing-reported', occurredOn: `${YEAR - 1}-06-01`, headcount: 200 + i });
      await record({
        type: 'turnover-reported',
        occurredOn: `${YEAR - 1}-09-01`,
        financialYear: `${YEAR - 2}-${String((YEAR - 1) % 100).padStart(2, '0')}`,
        amountGbp: 1_000_000,
      });
      if (i === MERGED) await record({ type: 'merged', occurredOn: shift(-10), withOrganisation: 'Lakeside Health' });

      const past = await post(`/api/v1/cases/${caseId}/waves`, { waveNumber: 1, opensOn: shift(-60), closesOn: shift(-30) }, 'wave 1');
      const open = await post(`/api/v1/cases/${caseId}/waves`, { waveNumber: 2, opensOn: shift(-5), closesOn: shift(25) }, 'wave 2');
      await post(`/api/v1/cases/${caseId}/waves`, { waveNumber: 3, opensOn: shift(60), closesOn: shift(90) }, 'wave 3');
      const interview = (waveId: string, role: string, interviewedOn: string) =>
        post(`/api/v1/cases/${caseId}/waves/${waveId}/interviews`, { role, interviewedOn, consent: 'given' }, 'interview');
      // Even cases finished the first wave; odd ones left it open past its window (overdue).
      await interview(past.body.id as string, 'director', shift(-45));
      if (i % 2 === 0) {
        await interview(past.body.id as string, 'staff', shift(-44));
        ok(await casebook.request('POST', `/api/v1/cases/${caseId}/waves/${past.body.id}/completion`, {}), 200, 'complete');
      }
      if (i % 4 === 0) await interview(open.body.id as string, 'service-user', shift(-1));
      // Withdrawing cancels the case's open waves.
      if (i === WITHDRAWN)
        ok(await casebook.request('POST', `/api/v1/cases/${caseId}/withdrawal`, { reason: 'The mutual left the study' }), 200, 'withdraw');
    }
    outsiderId = (await post('/api/v1/mutuals', { name: 'Not In Study', serviceAreas: ['housing'], region: 'wales' }, 'outsider')).body
      .id as string;
    const last = await post(
      `/api/v1/mutuals/${outsiderId}/milestones`,
      { type: 'spun-out', occurredOn: '2012', parentBody: 'X' },
      'outsider',
    );
    await casebook.projected(last);
  });
  afterAll(async () => {
    await casebook?.close();
  });

  it('gives one row per case, each once across pages walked while another case is enrolled', async () => {
    let extra: Awaited<ReturnType<typeof enrol>> | undefined;
    const rows = await walk(`/api/v1/studies/${studyId}/dashboard?limit=5`, async (page) => {
      if (page === 0) extra = await enrol(12, 'Enrolled Mid-Walk Mutual');
    });
    if (extra) await casebook.projected(extra.enrolled);
    const ids = rows.map((row) => row.caseId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, CASES)).toEqual(cases.map((c) => c.caseId));
    // Enrolled after the first page: it comes at the end, if the read models had it by then.
    expect(ids.length === CASES || ids[CASES] === extra?.caseId).toBe(true);
  });

  it("shows each case's selection, its mutual today, its waves and interviews", async () => {
    const rows = await walk(`/api/v1/studies/${studyId}/dashboard?limit=200`);
    for (const [i, { caseId, mutualId, region }] of cases.entries()) {
      const row = rows.find((r) => r.caseId === caseId);
      expect(row).toBeDefined();
      const years = YEAR - spunOutYear(i) - (today.slice(5) < '04-01' ? 1 : 0);
      expect(row).toMatchObject({
        mutualId,
        mutualName: `Case ${String(i).padStart(2, '0')} Mutual`,
        caseStatus: i === WITHDRAWN ? 'withdrawn' : 'active',
        region,
        sizeBand: i % 2 === 0 ? { turnoverBand: '1m-5m' } : { employeeBand: '50-249' },
        stageAtSelection: i < 4 ? 'developing' : 'established',
        status: i === MERGED ? 'merged' : 'active',
        legalForm: i % 3 === 0 ? 'community-benefit-society' : 'community-interest-company',
        activeContracts: i === MERGED ? 0 : 1,
        annualContractValueGbp: i === MERGED ? 0 : (i + 1) * 100_000,
        staffing: { headcount: 200 + i },
        waves: {
          total: 3,
          completed: i % 2 === 0 ? 1 : 0,
          overdue: i % 2 === 0 ? 0 : 1,
          inProgress: expect.any(Number),
          scheduled: expect.any(Number),
        },
      });
      // Spun out on some day of a year: at least the whole years from its last day, at most from its first.
      if (i === 11)
        expect(row?.yearsSinceSpinOut).toEqual({
          atLeast: YEAR - spunOutYear(i) - (today.slice(5) < '12-31' ? 1 : 0),
          atMost: YEAR - spunOutYear(i),
        });
      else expect(row?.yearsSinceSpinOut).toEqual({ atLeast: years, atMost: years });
      if (i !== MERGED)
        expect(row?.nextContractEnd).toMatchObject({ commissioner: `Commissioner ${i}`, endsOn: `${YEAR + 1 + (i % 3)}-03-31` });
      expect(row?.interviewsByRole).toMatchObject({
        director: 1,
        staff: i % 2 === 0 ? 1 : 0,
        'service-user': i % 4 === 0 ? 1 : 0,
        'trade-union': 0,
      });
      // The dashboard's mutual columns are the mutual's profile today.
      const profile = await get<Record<string, unknown>>(`/api/v1/mutuals/${mutualId}/profile`);
      expect(row).toMatchObject({
        status: profile.status,
        legalForm: profile.legalForm,
        annualContractValueGbp: profile.annualContractValueGbp,
        staffing: profile.staffing,
        turnover: profile.turnover,
        ...(profile.stageOfDevelopment ? { stageOfDevelopment: profile.stageOfDevelopment } : {}),
      });
    }
  });

  it('counts the study, and the registry as each caller may see it, today and on a past day', async () => {
    const study = await get<Figures>(`/api/v1/studies/${studyId}/figures`);
    const rows = (await get<Dashboard>(`/api/v1/studies/${studyId}/dashboard?limit=200`)).cases;
    expect(rows).toHaveLength(IN_STUDY);
    expect(study.mutuals).toBe(IN_STUDY);
    expect(study.byStatus).toMatchObject({ active: IN_STUDY - 1, merged: 1, 'pre-spin-out': 0 });
    expect(study.endedByTheDay).toBe(1);
    // The mutual enrolled mid-walk is active in the first region, with no spin-out recorded.
    const active = [...cases.filter((_, i) => i !== MERGED), { region: REGIONS[0] }];
    for (const region of REGIONS) expect(study.byRegion[region]).toBe(active.filter((c) => c.region === region).length);
    expect(study.byLegalForm['community-benefit-society']).toBe(4);
    expect(study.byLegalForm['community-interest-company']).toBe(IN_STUDY - 1 - 4);
    expect(study.contractsByYear.find((year) => year.year === 2015)).toMatchObject({ awarded: CASES, renewed: 0, lost: 0 });
    expect(study.contractsByYear.find((year) => year.year === YEAR - 1)?.awarded).toBe(CASES);
    // The median of the least whole years since each active mutual's spin-out, as its dashboard row gives them.
    const years = rows
      .filter((row) => row.status === 'active' && row.yearsSinceSpinOut)
      .map((row) => row.yearsSinceSpinOut?.atLeast ?? 0)
      .sort((a, b) => a - b);
    expect(years).toHaveLength(CASES - 1);
    expect(study.medianYearsSinceSpinOut).toBe(years[(years.length - 1) / 2]);

    // Mid-way through the year case 11 spun out in: every spin-out is ahead or, for case 11's
    // year-only date, uncertain; the mutual with none recorded is counted active.
    const then = await get<Figures>(`/api/v1/studies/${studyId}/figures?trueOn=${spunOutYear(11)}-06-30`);
    expect(then.byStatus).toMatchObject({ 'pre-spin-out': CASES, active: 1, merged: 0 });
    expect(then.uncertainMilestones).toBe(1);
    expect(then.contractsByYear).toEqual([]);
    expect(then.medianYearsSinceSpinOut).toBeNull();

    const registry = await get<Figures>('/api/v1/figures');
    expect(registry.mutuals).toBe(study.mutuals + 1);
    expect(registry.byRegion.wales).toBe(1);
    const member = await casebook.account('viewer', [studyId]);
    const asMember = await get<Figures>('/api/v1/figures', member.headers);
    expect(asMember.mutuals).toBe(study.mutuals);
    expect(asMember.byRegion.wales).toBe(0);
  });

  it('exports the dashboard as the dashboard shows it, a row per case, in CSV and NDJSON', async () => {
    const rows = (await get<Dashboard>(`/api/v1/studies/${studyId}/dashboard?limit=200`)).cases;
    const csv = ok(await casebook.request<string>('GET', `/api/v1/studies/${studyId}/exports/dashboard?format=csv`), 200, 'csv');
    const records: Record<string, string>[] = parse(csv.body, { columns: true });
    expect(records.map((r) => r.case_id)).toEqual(rows.map((r) => r.caseId));
    for (const [i, row] of rows.entries()) {
      expect(records[i]).toMatchObject({
        mutual_name: row.mutualName,
        case_status: row.caseStatus,
        status: row.status,
        legal_form: row.legalForm ?? '',
        active_contracts: String(row.activeContracts),
        annual_contract_value_gbp: String(row.annualContractValueGbp),
        staff_headcount: String(row.staffing?.headcount ?? ''),
        waves_total: String(row.waves.total),
        waves_overdue: String(row.waves.overdue),
        interviews_director: String(row.interviewsByRole.director),
        interviews_service_user: String(row.interviewsByRole['service-user']),
        years_since_spin_out_min: String(row.yearsSinceSpinOut?.atLeast ?? ''),
      });
    }
    const ndjson = ok(await casebook.request<string>('GET', `/api/v1/studies/${studyId}/exports/dashboard?format=ndjson`), 200, 'ndjson');
    const lines = ndjson.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.waves_completed)).toEqual(rows.map((row) => row.waves.completed));
    const one = ok(
      await casebook.request<string>('GET', `/api/v1/studies/${studyId}/exports/dashboard?format=ndjson&caseId=${cases[3].caseId}`),
      200,
      'one case',
    );
    // One line of NDJSON is also one JSON document, which the test client reads as such.
    const only = (typeof one.body === 'string' ? JSON.parse(one.body) : one.body) as { case_id: string };
    expect(only.case_id).toBe(cases[3].caseId);
  });

  it('answers while the projector is stopped, and catches up once it runs', async () => {
    const { mutualId, caseId } = cases[0];
    const rowOf = async () =>
      (await get<Dashboard>(`/api/v1/studies/${studyId}/dashboard?limit=200`)).cases.find((row) => row.caseId === caseId);
    const before = await rowOf();
    await casebook.stopProjector();
    const written = await post(
      `/api/v1/mutuals/${mutualId}/milestones`,
      { type: 'staffing-reported', occurredOn: shift(-1), headcount: 999 },
      'staffing',
    );
    expect((await rowOf())?.staffing).toEqual(before?.staffing);
    await casebook.startProjector();
    await casebook.projected(written);
    expect((await rowOf())?.staffing?.headcount).toBe(999);
  });

  it('refuses a bad query, and anyone outside the study', async () => {
    for (const [path, field] of [
      [`/api/v1/studies/${studyId}/dashboard?limit=0`, 'limit'],
      [`/api/v1/studies/${studyId}/dashboard?cursor=not-a-cursor`, 'cursor'],
      [`/api/v1/studies/${studyId}/figures?trueOn=2016-02-30`, 'trueOn'],
      ['/api/v1/figures?trueOn=%00', 'trueOn'],
      ['/api/v1/figures?studyId=x', 'studyId'],
    ] as const) {
      const refused = await casebook.request('GET', path);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.errors).toEqual([expect.objectContaining({ field })]);
    }
    const outsider = await casebook.account('viewer');
    for (const path of [`/api/v1/studies/${studyId}/dashboard`, `/api/v1/studies/${studyId}/figures`]) {
      expect((await casebook.request('GET', path, undefined, outsider.headers)).status).toBe(403);
    }
    expect((await get<Figures>('/api/v1/figures', outsider.headers)).mutuals).toBe(0);
  });
});
