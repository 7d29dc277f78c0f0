// Cases at the size of a real study: three waves of many interviews, so that a case's stream
// runs well past ten events and, for one case, past a hundred. Every decision about a wave is
// taken on the whole stream folded in order; a store that hands events back in any other order
// (0, 1, 10, 100, 101, 11, 2, ...) loses interviews and outcomes, and these tests notice.
import { type EventStore, connectEventStore } from '@casebook/event-store';
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

type Headers = Record<string, string>;

const selection = {
  serviceAreas: ['health-and-social-care'],
  stageOfDevelopment: 'developing',
  turnoverBand: '1m-5m',
  employeeBand: '50-249',
  region: 'yorkshire-and-the-humber',
  legalForm: 'community-interest-company',
};
const roles = [
  'director',
  'staff',
  'service-user',
  'trustee-or-board-member',
  'commissioner-or-policy-maker',
  'trade-union',
  'support-provider',
];

// Three yearly rounds of a study that ran 2023-2027, all in the past so interviews may be recorded.
const windows = [
  { opensOn: '2023-02-06', closesOn: '2023-06-30' },
  { opensOn: '2024-02-05', closesOn: '2024-06-28' },
  { opensOn: '2025-02-03', closesOn: '2025-06-27' },
];

/** The n-th interview day of a window: weekdays from its opening, cycling within it. */
const interviewDay = (opensOn: string, n: number) => {
  const day = new Date(`${opensOn}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + (n % 100));
  return day.toISOString().slice(0, 10);
};
const interview = (interviewedOn: string, n: number) => ({
  role: roles[n % roles.length],
  interviewedOn,
  consent: 'given',
  transcriptReference: `T-${n}`,
});

describe('long cases, through the API', () => {
  let casebook: Harness;
  let store: EventStore;
  let studyId: string;
  let member: { headers: Headers };

  beforeAll(async () => {
    casebook = await startCasebook();
    store = await connectEventStore(casebook.config);
    const study = await casebook.request('POST', '/api/v1/studies', {
      title: 'Long cases study',
      startsOn: '2023-01-09',
      endsOn: '2027-03-31',
    });
    expect(study.status).toBe(201);
    studyId = study.body.id;
    member = await casebook.account('researcher', [studyId]);
  });
  afterAll(async () => {
    await store?.close();
    await casebook?.close();
  });

  const post = async (path: string, body: unknown, status: number): Promise<HttpResult> => {
    const response = await casebook.request('POST', path, body, member.headers);
    if (response.status !== status)
      throw new Error(`POST ${path} answered ${response.status}, not ${status}: ${JSON.stringify(response.body)}`);
    return response;
  };

  async function newCase(name: string) {
    const mutual = await casebook.request('POST', '/api/v1/mutuals', { name, serviceAreas: ['health-and-social-care'] });
    const enrolled = await post(`/api/v1/studies/${studyId}/cases`, { mutualId: mutual.body.id, selection }, 201);
    return enrolled.body.id as string;
  }

  /** Schedules a wave and records its interviews one after another, as a team would. */
  async function waveWithInterviews(caseId: string, waveNumber: number, interviews: number) {
    const { opensOn, closesOn } = windows[waveNumber - 1];
    const scheduled = await post(`/api/v1/cases/${caseId}/waves`, { waveNumber, opensOn, closesOn }, 201);
    const waveId = scheduled.body.id as string;
    let last = scheduled;
    for (let n = 0; n < interviews; n++) {
      last = await post(`/api/v1/cases/${caseId}/waves/${waveId}/interviews`, interview(interviewDay(opensOn, n), n), 201);
    }
    return { waveId, last };
  }

  async function finish(caseId: string, waveId: string) {
    const completed = await post(`/api/v1/cases/${caseId}/waves/${waveId}/completion`, {}, 200);
    const signedOff = await post(`/api/v1/cases/${caseId}/waves/${waveId}/sign-off`, { note: 'Transcripts checked' }, 200);
    expect(signedOff.body.version).toBe(Number(completed.body.version) + 1);
    return signedOff;
  }

  const streamLength = async (caseId: string) => (await store.readStream(`case-${caseId}`)).length;

  async function progressOf(caseId: string, after: HttpResult) {
    await casebook.projected(after);
    const progress = await casebook.request('GET', `/api/v1/cases/${caseId}/waves`, undefined, member.headers);
    expect(progress.status).toBe(200);
    return (progress.body as Record<string, unknown>[]).map((w) => [w.waveNumber, w.status, w.interviewCount]);
  }

  it('completes and signs off all three waves of cases whose streams run past 10 and past 100 events', async () => {
    // [interviews in waves 1, 2, 3]; 0 means the wave is skipped before any interview.
    const plans: [string, number[]][] = [
      ['Northfield Care Mutual', [10, 10, 10]],
      ['Westgate Community Health', [0, 12, 12]],
      ['Riverside Health Partnership', [34, 34, 34]],
    ];
    for (const [name, counts] of plans) {
      const caseId = await newCase(name);
      let last: HttpResult | undefined;
      let lastWaveId = '';
      for (const [index, count] of counts.entries()) {
        const waveNumber = index + 1;
        if (count === 0) {
          const { opensOn, closesOn } = windows[index];
          const scheduled = await post(`/api/v1/cases/${caseId}/waves`, { waveNumber, opensOn, closesOn }, 201);
          await post(`/api/v1/cases/${caseId}/waves/${scheduled.body.id}/skip`, { reason: 'The mutual was restructuring' }, 200);
          last = await post(`/api/v1/cases/${caseId}/waves/${scheduled.body.id}/sign-off`, {}, 200);
          lastWaveId = scheduled.body.id;
        } else {
          const { waveId } = await waveWithInterviews(caseId, waveNumber, count);
          last = await finish(caseId, waveId);
          lastWaveId = waveId;
        }
      }
      // Enrolment, then per wave its scheduling, interviews (or a skip) and sign-off.
      const expected = 1 + counts.reduce((sum, count) => sum + 1 + (count === 0 ? 1 : count + 1) + 1, 0);
      expect([name, last!.body.version, await streamLength(caseId)]).toEqual([name, expected, expected]);
      expect([name, await progressOf(caseId, last!)]).toEqual([name, counts.map((count, index) => [index + 1, 'signed-off', count])]);
      const again = await casebook.request('POST', `/api/v1/cases/${caseId}/waves/${lastWaveId}/sign-off`, {}, member.headers);
      expect([name, again.status, again.body.rule]).toEqual([name, 409, 'already-signed-off']);
    }
  });

  it('refuses an interview in a cancelled wave of a long case and stores nothing', async () => {
    const caseId = await newCase('Eastbank Leisure and Wellbeing');
    for (const waveNumber of [1, 2]) {
      const { waveId } = await waveWithInterviews(caseId, waveNumber, 34);
      await finish(caseId, waveId);
    }
    // Wave 3 is scheduled at revision 75; its cancellation lands past revision 100.
    const { waveId } = await waveWithInterviews(caseId, 3, 30);
    const cancelled = await post(`/api/v1/cases/${caseId}/waves/${waveId}/cancellation`, { reason: 'Funding for this round was cut' }, 200);
    expect(cancelled.body.version).toBe(107);

    const late = await casebook.request(
      'POST',
      `/api/v1/cases/${caseId}/waves/${waveId}/interviews`,
      interview('2025-03-03', 99),
      member.headers,
    );
    expect([late.status, late.body.rule]).toEqual([409, 'wave-closed']);
    const completion = await casebook.request('POST', `/api/v1/cases/${caseId}/waves/${waveId}/completion`, {}, member.headers);
    expect([completion.status, completion.body.rule]).toEqual([409, 'wave-closed']);
    expect(await streamLength(caseId)).toBe(107);

    expect(await progressOf(caseId, cancelled)).toEqual([
      [1, 'signed-off', 34],
      [2, 'signed-off', 34],
      [3, 'cancelled', 30],
    ]);
    const interviews = await casebook.request('GET', `/api/v1/cases/${caseId}/waves/${waveId}/interviews`, undefined, member.headers);
    expect(interviews.body).toHaveLength(30);
    expect(interviews.body.map((i: { transcriptReference: string }) => i.transcriptReference)).not.toContain('T-99');
  });
});
