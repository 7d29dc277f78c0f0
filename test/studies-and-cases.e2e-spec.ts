import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

type Headers = Record<string, string>;

const selection = {
  serviceAreas: ['health-and-social-care'],
  stageOfDevelopment: 'established',
  turnoverBand: '5m-20m',
  employeeBand: '250-999',
  region: 'north-west',
  legalForm: 'community-interest-company',
};
const unknownId = '6b1d9a7e-0000-4000-8000-000000000000';
const fieldsAndRules = (response: HttpResult) => response.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]);

describe('studies and cases, through the API', () => {
  let casebook: Harness;
  let studyId: string;
  let member: { accountId: string; headers: Headers };
  let viewer: { headers: Headers };
  let outsider: { headers: Headers };

  beforeAll(async () => {
    casebook = await startCasebook();
    const study = await createStudy('Public Service Mutuals: the first decade');
    studyId = study.body.id;
    member = await casebook.account('researcher', [studyId]);
    viewer = await casebook.account('viewer', [studyId]);
    outsider = await casebook.account('researcher');
  });
  afterAll(() => casebook?.close());

  const createStudy = (title: string, headers: Headers = {}) =>
    casebook.request(
      'POST',
      '/api/v1/studies',
      { title, startsOn: '2025-01-06', endsOn: '2028-03-31', aims: 'How mutuals develop' },
      headers,
    );

  async function registerMutual(name: string, serviceAreas = ['health-and-social-care'], headers: Headers = {}) {
    const registered = await casebook.request('POST', '/api/v1/mutuals', { name, serviceAreas }, headers);
    expect(registered.status).toBe(201);
    return registered.body.id as string;
  }

  async function enrol(inStudy: string, mutualId: string, headers: Headers = {}) {
    return casebook.request('POST', `/api/v1/studies/${inStudy}/cases`, { mutualId, selection }, headers);
  }

  async function record(mutualId: string, milestone: Record<string, unknown>) {
    const recorded = await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, milestone);
    expect(recorded.status).toBe(201);
    return recorded;
  }

  describe('studies', () => {
    it('lets an administrator create a study and reads it back with its ETag', async () => {
      const created = await createStudy('Mutuals in social care');
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(String), version: 1, position: expect.any(String) });
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.headers.get('location')).toBe(`/api/v1/studies/${created.body.id}`);

      await casebook.projected(created);
      const read = await casebook.request('GET', `/api/v1/studies/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      expect(read.body).toEqual({
        studyId: created.body.id,
        title: 'Mutuals in social care',
        startsOn: '2025-01-06',
        endsOn: '2028-03-31',
        aims: 'How mutuals develop',
        createdAt: expect.any(String),
        version: 1,
      });
    });

    it('lets only administrators create studies', async () => {
      for (const who of [member, viewer]) {
        expect((await createStudy('Not allowed', who.headers)).status).toBe(403);
      }
    });

    it('refuses bad input naming each field and rule, and stores nothing', async () => {
      const bad = await casebook.request('POST', '/api/v1/studies', {
        title: ' ',
        startsOn: '2025-02-30',
        endsOn: '2024-01-01',
        budget: 10,
      });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect(fieldsAndRules(bad)).toEqual([
        ['budget', 'unknown-field'],
        ['title', 'not-blank'],
        ['startsOn', 'date'],
      ]);
      const backwards = await casebook.request('POST', '/api/v1/studies', {
        title: 'Backwards',
        startsOn: '2025-01-01',
        endsOn: '2024-01-01',
      });
      expect(backwards.status).toBe(400);
      expect(fieldsAndRules(backwards)).toEqual([['endsOn', 'not-before-start']]);

      const probe = await createStudy('Probe after bad input');
      await casebook.projected(probe);
      const titles = (await casebook.request('GET', '/api/v1/studies')).body.map((s: { title: string }) => s.title);
      expect(titles).toContain('Probe after bad input');
      expect(titles).not.toContain('Backwards');
      expect(titles).not.toContain(' ');
    });

    it('shows members their studies, administrators every study, and others a 403', async () => {
      const other = await createStudy('A study nobody here belongs to');
      await casebook.projected(other);

      const all = await casebook.request('GET', '/api/v1/studies');
      expect(all.body.map((s: { studyId: string }) => s.studyId)).toEqual(expect.arrayContaining([studyId, other.body.id]));
      for (const who of [member, viewer]) {
        const mine = await casebook.request('GET', '/api/v1/studies', undefined, who.headers);
        expect(mine.body.map((s: { studyId: string }) => s.studyId)).toEqual([studyId]);
        expect((await casebook.request('GET', `/api/v1/studies/${studyId}`, undefined, who.headers)).status).toBe(200);
        expect((await casebook.request('GET', `/api/v1/studies/${other.body.id}`, undefined, who.headers)).status).toBe(403);
      }
      expect((await casebook.request('GET', '/api/v1/studies', undefined, outsider.headers)).body).toEqual([]);
      expect((await casebook.request('GET', `/api/v1/studies/${studyId}`, undefined, outsider.headers)).status).toBe(403);
    });

    it('answers 404 for an unknown study', async () => {
      const unknown = await casebook.request('GET', `/api/v1/studies/${unknownId}`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toContain('application/problem+json');
      expect((await casebook.request('GET', '/api/v1/studies/not-a-uuid')).status).toBe(404);
      for (const path of ['cases', 'waves', 'timeline']) {
        expect((await casebook.request('GET', `/api/v1/studies/${unknownId}/${path}`)).status).toBe(404);
      }
    });
  });

  describe('enrolling cases', () => {
    it('lets a researcher member enrol a mutual and reads the case back', async () => {
      const mutualId = await registerMutual('Riverside Community Health CIC');
      const enrolled = await enrol(studyId, mutualId, member.headers);
      expect(enrolled.status).toBe(201);
      expect(enrolled.body).toEqual({ id: expect.any(String), version: 1, position: expect.any(String) });
      expect(enrolled.headers.get('etag')).toBe('"1"');
      const caseId = enrolled.body.id;
      expect(enrolled.headers.get('location')).toBe(`/api/v1/cases/${caseId}`);

      await casebook.projected(enrolled);
      const read = await casebook.request('GET', `/api/v1/cases/${caseId}`, undefined, member.headers);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      expect(read.body).toEqual({
        caseId,
        studyId,
        mutualId,
        mutualName: 'Riverside Community Health CIC',
        selection,
        status: 'active',
        enrolledAt: expect.any(String),
        version: 1,
      });
      const list = await casebook.request('GET', `/api/v1/studies/${studyId}/cases`, undefined, viewer.headers);
      expect(list.status).toBe(200);
      expect(list.body).toContainEqual(read.body);
    });

    it('enrols a case whose selection gives one size band or neither, and invents no other', async () => {
      const { turnoverBand, employeeBand, ...withoutBands } = selection;
      const given = [{ ...withoutBands, employeeBand }, { ...withoutBands, turnoverBand }, withoutBands];
      for (const [index, partial] of given.entries()) {
        const mutualId = await registerMutual(`Partly Known Mutual ${index}`);
        const enrolled = await casebook.request(
          'POST',
          `/api/v1/studies/${studyId}/cases`,
          { mutualId, selection: partial },
          member.headers,
        );
        expect(enrolled.status).toBe(201);
        await casebook.projected(enrolled);
        const read = await casebook.request('GET', `/api/v1/cases/${enrolled.body.id}`, undefined, member.headers);
        expect(read.body.selection).toEqual({ turnoverBand: null, employeeBand: null, ...partial });
      }
      const wrong = await casebook.request('POST', `/api/v1/studies/${studyId}/cases`, {
        mutualId: await registerMutual('Wrongly Banded'),
        selection: { ...withoutBands, employeeBand: 'lots' },
      });
      expect(wrong.status).toBe(400);
      expect(fieldsAndRules(wrong)).toEqual([['selection.employeeBand', 'one-of']]);
    });

    it('refuses to enrol the same mutual twice in one study (409), but enrols it in another study', async () => {
      const mutualId = await registerMutual('Northgate Leisure Trust');
      const first = await enrol(studyId, mutualId);
      expect(first.status).toBe(201);
      const again = await enrol(studyId, mutualId, member.headers);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ type: '/problems/rule-violated', rule: 'already-enrolled' });

      const later = await createStudy('A later study');
      const elsewhere = await enrol(later.body.id, mutualId);
      expect(elsewhere.status).toBe(201);
      expect(elsewhere.body.id).not.toBe(first.body.id);
    });

    it('lets an administrator enrol in any study, and nobody else outside their studies', async () => {
      const mutualId = await registerMutual('Eastfield Care Mutual');
      expect((await enrol(studyId, mutualId, outsider.headers)).status).toBe(403);
      expect((await enrol(studyId, mutualId, viewer.headers)).status).toBe(403);
      expect((await enrol(studyId, mutualId)).status).toBe(201);
    });

    it('answers 404 naming the study or the mutual that does not exist', async () => {
      const mutualId = await registerMutual('Westbrook Youth Services');
      const noStudy = await enrol(unknownId, mutualId);
      expect(noStudy.status).toBe(404);
      expect(noStudy.body.detail).toContain(`study ${unknownId}`);
      const noMutual = await enrol(studyId, unknownId, member.headers);
      expect(noMutual.status).toBe(404);
      expect(noMutual.body.detail).toContain(`mutual ${unknownId}`);
      expect((await casebook.request('POST', '/api/v1/studies/not-a-uuid/cases', { mutualId, selection })).status).toBe(404);
    });

    it('refuses bad input naming each field and rule, and stores nothing', async () => {
      const mutualId = await registerMutual('Southmoor Housing Co-operative');
      const bad = await casebook.request(
        'POST',
        `/api/v1/studies/${studyId}/cases`,
        { mutualId, selection: { ...selection, serviceAreas: ['farming'], region: undefined, size: 'big' } },
        member.headers,
      );
      expect(bad.status).toBe(400);
      expect(fieldsAndRules(bad)).toEqual([
        ['selection.size', 'unknown-field'],
        ['selection.serviceAreas[0]', 'one-of'],
        ['selection.region', 'required'],
      ]);
      const noSelection = await casebook.request('POST', `/api/v1/studies/${studyId}/cases`, { mutualId: 'not an id' }, member.headers);
      expect(noSelection.status).toBe(400);
      expect(fieldsAndRules(noSelection)).toEqual([
        ['mutualId', 'uuid'],
        ['selection', 'required'],
      ]);

      // Had either been stored, enrolling the mutual now would be a 409.
      const probe = await enrol(studyId, mutualId, member.headers);
      expect(probe.status).toBe(201);
      expect(probe.body.version).toBe(1);
      await casebook.projected(probe);
      const cases = await casebook.request('GET', `/api/v1/studies/${studyId}/cases`);
      expect(cases.body.filter((c: { mutualId: string }) => c.mutualId === mutualId)).toEqual([
        expect.objectContaining({ caseId: probe.body.id, selection }),
      ]);
    });

    it('lets members read a case, refuses others, and answers 404 for an unknown case', async () => {
      const mutualId = await registerMutual('Hillside Libraries Mutual');
      const enrolled = await enrol(studyId, mutualId);
      await casebook.projected(enrolled);
      const path = `/api/v1/cases/${enrolled.body.id}`;
      expect((await casebook.request('GET', path, undefined, viewer.headers)).status).toBe(200);
      expect((await casebook.request('GET', path, undefined, outsider.headers)).status).toBe(403);
      expect((await casebook.request('GET', `/api/v1/studies/${studyId}/cases`, undefined, outsider.headers)).status).toBe(403);
      expect((await casebook.request('GET', `/api/v1/cases/${unknownId}`)).status).toBe(404);
      expect((await casebook.request('GET', '/api/v1/cases/not-a-uuid')).status).toBe(404);
    });
  });

  describe('revisits and withdrawal', () => {
    it('links a case to the case of an earlier study that it revisits', async () => {
      const mutualId = await registerMutual('Valley Health Partnership');
      const earlierStudy = await createStudy('The 2014 study');
      const earlier = await enrol(earlierStudy.body.id, mutualId);
      const current = await enrol(studyId, mutualId);
      const caseId = current.body.id;

      const linked = await casebook.request(
        'POST',
        `/api/v1/cases/${caseId}/link`,
        { earlierCaseId: earlier.body.id, note: 'Revisited ten years on' },
        { ...member.headers, 'if-match': '"1"' },
      );
      expect(linked.status).toBe(200);
      expect(linked.body).toMatchObject({ id: caseId, version: 2 });
      expect(linked.headers.get('etag')).toBe('"2"');
      await casebook.projected(linked);
      const read = await casebook.request('GET', `/api/v1/cases/${caseId}`);
      expect(read.body).toMatchObject({ earlierCaseId: earlier.body.id, version: 2 });

      const twice = await casebook.request('POST', `/api/v1/cases/${caseId}/link`, { earlierCaseId: earlier.body.id }, member.headers);
      expect(twice.status).toBe(409);
      expect(twice.body.rule).toBe('already-linked');
    });

    it('refuses links that cannot be revisits, with 400, 404, 409 as each case calls for', async () => {
      const first = await enrol(studyId, await registerMutual('Lakeside Care CIC'));
      const sameStudy = await enrol(studyId, await registerMutual('Marsh Lane Leisure'));
      const caseId = first.body.id;
      const path = `/api/v1/cases/${caseId}/link`;

      const missing = await casebook.request('POST', path, { note: 5 }, member.headers);
      expect(missing.status).toBe(400);
      expect(fieldsAndRules(missing)).toEqual([
        ['earlierCaseId', 'required'],
        ['note', 'type'],
      ]);
      const studyGiven = await casebook.request(
        'POST',
        path,
        { earlierCaseId: sameStudy.body.id, earlierStudyId: unknownId },
        member.headers,
      );
      expect(studyGiven.status).toBe(400);
      expect(fieldsAndRules(studyGiven)).toEqual([['earlierStudyId', 'unknown-field']]);

      const unknown = await casebook.request('POST', path, { earlierCaseId: unknownId }, member.headers);
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toContain(`case ${unknownId}`);
      const same = await casebook.request('POST', path, { earlierCaseId: sameStudy.body.id }, member.headers);
      expect(same.status).toBe(409);
      expect(same.body.rule).toBe('same-study');
      const itself = await casebook.request('POST', path, { earlierCaseId: caseId }, member.headers);
      expect(itself.status).toBe(409);
      expect(itself.body.rule).toBe('self-link');

      const earlier = await enrol((await createStudy('Earlier')).body.id, await registerMutual('Lakeside Care CIC, as first studied'));
      const stale = await casebook.request('POST', path, { earlierCaseId: earlier.body.id }, { ...member.headers, 'if-match': '"7"' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ type: '/problems/version-conflict', currentVersion: 1 });
      expect((await casebook.request('POST', path, { earlierCaseId: earlier.body.id }, viewer.headers)).status).toBe(403);
      expect((await casebook.request('POST', path, { earlierCaseId: earlier.body.id }, outsider.headers)).status).toBe(403);
      expect((await casebook.request('POST', `/api/v1/cases/${unknownId}/link`, { earlierCaseId: earlier.body.id })).status).toBe(404);

      // None of the refused requests stored anything: the case is still at version 1.
      const probe = await casebook.request('POST', path, { earlierCaseId: earlier.body.id }, { ...member.headers, 'if-match': '"1"' });
      expect(probe.status).toBe(200);
      expect(probe.body.version).toBe(2);
      await casebook.projected(probe);
      expect((await casebook.request('GET', `/api/v1/cases/${caseId}`)).body).toMatchObject({ earlierCaseId: earlier.body.id, version: 2 });
    });

    it('withdraws a case with its reason, cancels its open waves, and accepts nothing more', async () => {
      const enrolled = await enrol(studyId, await registerMutual('Brookside Day Services'));
      const caseId = enrolled.body.id;
      const wave = await casebook.request(
        'POST',
        `/api/v1/cases/${caseId}/waves`,
        { waveNumber: 1, opensOn: '2027-01-11', closesOn: '2027-02-26' },
        member.headers,
      );
      expect(wave.status).toBe(201);

      const path = `/api/v1/cases/${caseId}/withdrawal`;
      const noReason = await casebook.request('POST', path, {}, member.headers);
      expect(noReason.status).toBe(400);
      expect(fieldsAndRules(noReason)).toEqual([['reason', 'required']]);
      expect((await casebook.request('POST', path, { reason: 'x' }, viewer.headers)).status).toBe(403);
      expect((await casebook.request('POST', path, { reason: 'x' }, outsider.headers)).status).toBe(403);
      expect((await casebook.request('POST', `/api/v1/cases/${unknownId}/withdrawal`, { reason: 'x' })).status).toBe(404);
      const stale = await casebook.request('POST', path, { reason: 'x' }, { ...member.headers, 'if-match': '"1"' });
      expect(stale.status).toBe(409);
      expect(stale.body.currentVersion).toBe(2);

      const withdrawn = await casebook.request('POST', path, { reason: 'The board declined' }, { ...member.headers, 'if-match': '"2"' });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ id: caseId, version: 4 });
      await casebook.projected(withdrawn);
      const read = await casebook.request('GET', `/api/v1/cases/${caseId}`, undefined, viewer.headers);
      expect(read.body).toMatchObject({ status: 'withdrawn', withdrawnReason: 'The board declined', version: 4 });
      const waves = await casebook.request('GET', `/api/v1/cases/${caseId}/waves`, undefined, viewer.headers);
      expect(waves.body).toEqual([
        expect.objectContaining({ waveId: wave.body.id, status: 'cancelled', cancelledReason: 'The board declined', overdue: false }),
      ]);

      const again = await casebook.request('POST', path, { reason: 'Again' }, member.headers);
      expect(again.status).toBe(409);
      expect(again.body.rule).toBe('withdrawn');
    });
  });

  describe('timelines across cases', () => {
    it("puts every enrolled mutual's milestones on one timeline for the study, in the order they happened", async () => {
      const timelineStudy = (await createStudy('Timeline study')).body.id;
      const reader = await casebook.account('viewer', [timelineStudy]);
      const riverside = await registerMutual('Riverside Health');
      const northgate = await registerMutual('Northgate Leisure');
      const elsewhere = await registerMutual('Not in the study');
      await record(riverside, {
        type: 'contract-renewed',
        occurredOn: '2014',
        commissioner: 'Riverside CCG',
        startsOn: '2014-04',
        endsOn: '2019-03',
      });
      await record(riverside, { type: 'spun-out', occurredOn: '2011-04', parentBody: 'Riverside PCT' });
      await record(northgate, { type: 'spun-out', occurredOn: '2012', parentBody: 'Northgate Council' });
      await record(northgate, {
        type: 'contract-awarded',
        occurredOn: '2013-06-01',
        commissioner: 'Northgate Council',
        startsOn: '2013-07',
        endsOn: '2016-06',
      });
      await record(elsewhere, { type: 'spun-out', occurredOn: '2012-05', parentBody: 'County Council' });
      // The same year for both: vaguer before exact, then by mutual, then in the order recorded.
      await record(riverside, { type: 'award-received', occurredOn: '2016', awardName: 'Mutual of the Year' });
      await record(northgate, { type: 'award-received', occurredOn: '2016', awardName: 'Leisure Award' });
      await enrol(timelineStudy, riverside);
      const last = await enrol(timelineStudy, northgate);
      await casebook.projected(last);

      const timeline = await casebook.request('GET', `/api/v1/studies/${timelineStudy}/timeline`, undefined, reader.headers);
      expect(timeline.status).toBe(200);
      expect(timeline.body.studyId).toBe(timelineStudy);
      const seen = timeline.body.milestones.map((m: { mutualName: string; occurredOn: string }) => `${m.mutualName} ${m.occurredOn}`);
      const sameYear = [riverside, northgate].sort().map((id) => `${id === riverside ? 'Riverside Health' : 'Northgate Leisure'} 2016`);
      expect(seen).toEqual([
        'Riverside Health 2011-04',
        'Northgate Leisure 2012',
        'Northgate Leisure 2013-06-01',
        'Riverside Health 2014',
        ...sameYear,
      ]);
      expect(timeline.body.milestones[0]).toEqual({
        id: expect.any(String),
        mutualId: riverside,
        mutualName: 'Riverside Health',
        type: 'spun-out',
        occurredOn: '2011-04',
        precision: 'month',
        details: { parentBody: 'Riverside PCT' },
        recordedAt: expect.any(String),
        recordedBy: { accountId: expect.any(String), displayName: null },
      });
      expect((await casebook.request('GET', `/api/v1/studies/${timelineStudy}/timeline`, undefined, outsider.headers)).status).toBe(403);
    });

    it('serves the sector timeline across the mutuals the caller may see, by service area and years', async () => {
      const sectorStudy = (await createStudy('Sector study')).body.id;
      const reader = await casebook.account('researcher', [sectorStudy]);
      const care = await registerMutual('Sector Care Mutual', ['health-and-social-care']);
      const leisure = await registerMutual('Sector Leisure Trust', ['sports-and-leisure']);
      const hidden = await registerMutual('Sector Hidden Housing', ['housing']);
      const own = await registerMutual("The reader's own housing mutual", ['housing'], reader.headers);
      await record(care, { type: 'spun-out', occurredOn: '2011', parentBody: 'PCT' });
      await record(leisure, { type: 'spun-out', occurredOn: '2013-02', parentBody: 'Borough Council' });
      await record(hidden, { type: 'spun-out', occurredOn: '2012', parentBody: 'County Council' });
      await record(own, { type: 'spun-out', occurredOn: '2015', parentBody: 'City Council' });
      await enrol(sectorStudy, care);
      const last = await enrol(sectorStudy, leisure);
      await casebook.projected(last);

      const ours = (response: HttpResult) =>
        response.body.milestones
          .filter((m: { mutualId: string }) => [care, leisure, hidden, own].includes(m.mutualId))
          .map((m: { mutualName: string; occurredOn: string }) => `${m.mutualName} ${m.occurredOn}`);
      const everything = await casebook.request('GET', '/api/v1/timeline');
      expect(everything.status).toBe(200);
      expect(ours(everything)).toEqual([
        'Sector Care Mutual 2011',
        'Sector Hidden Housing 2012',
        'Sector Leisure Trust 2013-02',
        "The reader's own housing mutual 2015",
      ]);

      const visible = await casebook.request('GET', '/api/v1/timeline', undefined, reader.headers);
      expect(visible.body.milestones.map((m: { mutualId: string }) => m.mutualId).sort()).toEqual([care, leisure, own].sort());
      const housing = await casebook.request('GET', '/api/v1/timeline?serviceArea=housing', undefined, reader.headers);
      expect(ours(housing)).toEqual(["The reader's own housing mutual 2015"]);
      const years = await casebook.request('GET', '/api/v1/timeline?from=2012&to=2013');
      expect(ours(years)).toEqual(['Sector Hidden Housing 2012', 'Sector Leisure Trust 2013-02']);
      const fromOnly = await casebook.request('GET', '/api/v1/timeline?from=2013&serviceArea=sports-and-leisure');
      expect(ours(fromOnly)).toEqual(['Sector Leisure Trust 2013-02']);
      expect((await casebook.request('GET', '/api/v1/timeline', undefined, outsider.headers)).body.milestones).toEqual([]);
    });

    it('refuses bad filters of the sector timeline naming each parameter and rule', async () => {
      const bad = await casebook.request('GET', '/api/v1/timeline?serviceArea=farming&from=12&to=2020&sort=asc');
      expect(bad.status).toBe(400);
      expect(fieldsAndRules(bad)).toEqual([
        ['sort', 'unknown-field'],
        ['serviceArea', 'one-of'],
        ['from', 'partial-date'],
      ]);
      const backwards = await casebook.request('GET', '/api/v1/timeline?from=2015&to=2012');
      expect(backwards.status).toBe(400);
      expect(fieldsAndRules(backwards)).toEqual([['to', 'not-before-from']]);
    });
  });

  it('publishes the new endpoints in its OpenAPI description', async () => {
    const docs = await casebook.request('GET', '/api/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/studies',
        '/api/v1/studies/{studyId}',
        '/api/v1/studies/{studyId}/cases',
        '/api/v1/studies/{studyId}/waves',
        '/api/v1/studies/{studyId}/timeline',
        '/api/v1/timeline',
        '/api/v1/cases/{caseId}',
        '/api/v1/cases/{caseId}/link',
        '/api/v1/cases/{caseId}/withdrawal',
      ]),
    );
    expect(docs.body.paths['/api/v1/studies/{studyId}/cases'].post.requestBody.content['application/json'].examples).toBeDefined();
  });
});
