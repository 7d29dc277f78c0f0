// Who may see, record and enrol a mutual is decided from the event store, so it holds the moment
// an enrolment is written: these run with the projector stopped, where a decision taken from the
// read models would still see the mutual as enrolled nowhere.
import { type EventStore, connectEventStore } from '@casebook/event-store';
import { type Harness, startCasebook } from './support/casebook-harness.js';

interface Account {
  accountId: string;
  headers: Record<string, string>;
}

const selection = {
  serviceAreas: ['employment-and-skills'],
  stageOfDevelopment: 'developing',
  turnoverBand: '1m-5m',
  employeeBand: '50-249',
  region: 'east-midlands',
  legalForm: 'company-limited-by-guarantee',
};
const milestone = { type: 'observation', occurredOn: '2024-05', text: 'Board minutes mention a new contract' };

describe('access decided from the record', () => {
  let casebook: Harness;
  let store: EventStore;
  let studyOne: string;
  let studyTwo: string;
  let memberOfOne: Account;
  let memberOfTwo: Account;
  let memberOfBoth: Account;

  beforeAll(async () => {
    casebook = await startCasebook();
    store = await connectEventStore(casebook.config);
    const study = async (title: string) =>
      (await casebook.request('POST', '/api/v1/studies', { title, startsOn: '2024-01-08', endsOn: '2028-03-31' })).body.id as string;
    studyOne = await study('Employment mutuals, first study');
    studyTwo = await study('Employment mutuals, second study');
    memberOfOne = await casebook.account('researcher', [studyOne]);
    memberOfTwo = await casebook.account('researcher', [studyTwo]);
    memberOfBoth = await casebook.account('researcher', [studyOne, studyTwo]);
    await casebook.stopProjector();
  });
  afterAll(async () => {
    await store?.close();
    await casebook?.close();
  });

  async function register(name: string, by?: Account) {
    const mutual = await casebook.request('POST', '/api/v1/mutuals', { name, serviceAreas: ['employment-and-skills'] }, by?.headers);
    expect(mutual.status).toBe(201);
    return mutual.body.id as string;
  }
  const enrol = (studyId: string, mutualId: string, by?: Account) =>
    casebook.request('POST', `/api/v1/studies/${studyId}/cases`, { mutualId, selection }, by?.headers);

  it('refuses a member of another study the moment a mutual is enrolled, every time', async () => {
    const mutualId = await register('Skills Forward Mutual');
    expect((await enrol(studyOne, mutualId)).status).toBe(201);
    const answers = [];
    for (let i = 0; i < 10; i++) {
      answers.push((await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, milestone, memberOfTwo.headers)).status);
    }
    expect(answers).toEqual(Array(10).fill(403));
    expect((await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, milestone, memberOfOne.headers)).status).toBe(201);
  });

  it('lets a researcher record on a mutual they registered until it is enrolled in a study they are not a member of', async () => {
    const mutualId = await register('Pathways to Work CIC', memberOfOne);
    expect((await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, milestone, memberOfOne.headers)).status).toBe(201);
    expect((await enrol(studyTwo, mutualId)).status).toBe(201);
    expect((await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, milestone, memberOfOne.headers)).status).toBe(403);
    expect((await casebook.request('GET', `/api/v1/mutuals/${mutualId}/timeline`, undefined, memberOfOne.headers)).status).toBe(403);
  });

  it("refuses to open another study's mutual by enrolling it, leaves that to an administrator, and records who did", async () => {
    const mutualId = await register('Northern Employment Partnership');
    expect((await enrol(studyOne, mutualId)).status).toBe(201);
    const before = (await store.readStream(`mutual-${mutualId}`)).length;

    const refused = await enrol(studyTwo, mutualId, memberOfTwo);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await store.readStream(`mutual-${mutualId}`)).length).toBe(before);
    expect((await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, milestone, memberOfTwo.headers)).status).toBe(403);

    // A member of both studies may, as may an administrator; each enrolment is on the record.
    expect((await enrol(studyTwo, mutualId, memberOfBoth)).status).toBe(201);
    const events = await store.readStream(`mutual-${mutualId}`);
    const enrolments = events.filter((e) => e.type === 'MutualEnrolledInStudy.v1');
    expect(enrolments.map((e) => [(e.data as { studyId: string }).studyId, e.metadata.recordedBy])).toEqual([
      [studyOne, expect.any(String)],
      [studyTwo, memberOfBoth.accountId],
    ]);
    expect((await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, milestone, memberOfTwo.headers)).status).toBe(201);
  });

  it('enrols once however often an enrolment is sent', async () => {
    const mutualId = await register('Enterprise Futures Co-operative');
    expect((await enrol(studyOne, mutualId)).status).toBe(201);
    expect((await enrol(studyOne, mutualId)).body.rule).toBe('already-enrolled');
    const enrolments = (await store.readStream(`mutual-${mutualId}`)).filter((e) => e.type === 'MutualEnrolledInStudy.v1');
    expect(enrolments).toHaveLength(1);
  });
});
