// Exports of a study's research data through the real apps: a study of four cases recorded
// through the API (milestones, one corrected and one retracted, waves, interviews, contacts, one
// of them erased), exported as CSV and NDJSON and read back the way a researcher's tools would.
// What the files hold must be what the API's own read endpoints say; the codebook and the
// import scripts list the very columns the file has; the level decides who gets contacts'
// names and emails, and an erased contact's are in no export at all; every export is in the
// administrators' audit, which pages without a duplicate or a gap; hostile query strings are
// refused as problems, never as 5xx.
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { parsePosition } from '@casebook/event-store';
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';
import { waitForProjection } from './support/wait-for.js';

type Headers = Record<string, string>;
const VIEWS = ['milestones', 'cases', 'waves', 'interviews', 'contacts', 'dashboard'] as const;

const CONTACTS = [
  { name: 'Oluwaseun Adeyemi-Hartley', email: 'seun.hartley@riverside.example' },
  { name: 'Bríd Ní Mhaoláin', email: 'brid.nimhaolain@lakeside.example' },
  { name: 'Tomasz Wiśniewski', email: 'tomasz.w@hillcrest.example' },
  { name: 'Priya Raghunathan', email: 'priya.r@valley.example' },
  { name: 'Callum MacAskill', email: 'c.macaskill@riverside.example' },
  { name: 'Aoife Brennan-Quigley', email: 'aoife.bq@harbour.example' },
  { name: 'Dafydd ap Gruffydd', email: 'dafydd.gruffydd@cwm.example' },
  { name: 'Mei-Ling Thornbury', email: 'meiling.t@orchard.example' },
  { name: 'Kwabena Asante-Doyle', email: 'k.asante-doyle@moor.example' },
  { name: 'Ingrid Solbakken', email: 'ingrid.solbakken@fjord.example' },
  { name: 'Rhiannon Featherstone', email: 'rhiannon.f@meadow.example' },
  { name: 'Zainab Oyelaran', email: 'zainab.oyelaran@quay.example' },
  { name: 'Hamish Drummond-Keir', email: 'hamish.dk@glen.example' },
];
const ERASED = { name: 'Gwendolyn Erasedperson', email: 'gwen.erased@lakeside.example' };

const selection = (region: string, turnoverBand?: string) => ({
  serviceAreas: ['health-and-social-care', 'housing'],
  stageOfDevelopment: 'established',
  ...(turnoverBand && { turnoverBand }),
  employeeBand: '50-249',
  region,
  legalForm: 'community-interest-company',
});

describe('exports of research data', () => {
  let casebook: Harness;
  let studyId: string;
  const caseIds: string[] = [];
  const waveIds: { caseId: string; waveId: string }[] = [];
  let correctedId: string;
  let retractedId: string;
  let viewer: { accountId: string; headers: Headers };
  let researcher: { accountId: string; headers: Headers };
  let outsider: { accountId: string; headers: Headers };

  const ok = <T extends HttpResult>(response: T, what: string): T => {
    if (response.status >= 300) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  };

  beforeAll(async () => {
    casebook = await startCasebook();
    const post = async (path: string, body: unknown, what: string) => ok(await casebook.request('POST', path, body), what);
    studyId = (await post('/api/v1/studies', { title: 'Mutuals after ten years', startsOn: '2020-01-06', endsOn: '2029-03-31' }, 'study'))
      .body.id;
    // Twelve cases, with the commas and quotes in their names that a CSV writer must handle.
    const names = ['Riverside Care CIC', 'Lakeside "Leisure" Mutual', 'Hillcrest Libraries, Ltd', 'Valley Health Co-op'].flatMap((name) =>
      ['', ' North', ' South'].map((part) => `${name}${part}`),
    );
    const LAST = names.length - 1;
    let last: HttpResult = { status: 0, headers: new Headers(), body: undefined };
    for (const [index, name] of names.entries()) {
      const mutual = await post('/api/v1/mutuals', { name, serviceAreas: ['health-and-social-care'], region: 'north-west' }, 'mutual');
      const mutualId = mutual.body.id;
      const enrolled = await post(
        `/api/v1/studies/${studyId}/cases`,
        { mutualId, selection: selection(['north-west', 'london', 'wales', 'scotland'][index % 4], index % 2 === 0 ? '1m-5m' : undefined) },
        'enrol',
      );
      const caseId = enrolled.body.id;
      caseIds.push(caseId);
      const milestones = `/api/v1/mutuals/${mutualId}/milestones`;
      await post(
        milestones,
        { type: 'spun-out', occurredOn: `${2010 + index}`, parentBody: 'County PCT', staffTransferred: 120 + index },
        'spun out',
      );
      const contract = await post(
        milestones,
        {
          type: 'contract-awarded',
          occurredOn: `2014-${String(index + 1).padStart(2, '0')}`,
          commissioner: 'Anytown Council',
          contractName: 'Adult social care',
          startsOn: '2014-04-01',
          endsOn: '2017',
          annualValueGbp: 1_000_000 + index,
          notes: `Board minutes say "renewal likely", ${index}`,
        },
        'contract',
      );
      const funding = await post(
        milestones,
        {
          type: 'funding-secured',
          occurredOn: '2015-06-15',
          funder: 'Big Society Capital',
          amountGbp: 250_000,
          fundingType: 'social-investment',
        },
        'funding',
      );
      await post(
        milestones,
        { type: 'observation', occurredOn: '2016-03', text: `Met the director; morale high (${index})` },
        'observation',
      );
      if (index === 0) {
        correctedId = funding.body.id;
        ok(
          await casebook.request('PUT', `${milestones}/${correctedId}`, {
            occurredOn: '2015-06-15',
            values: { funder: 'Big Society Capital', amountGbp: 275_000, fundingType: 'loan' },
            reason: 'Amount from the signed agreement',
          }),
          'correct',
        );
      }
      if (index === 1) {
        retractedId = contract.body.id;
        await post(`${milestones}/${retractedId}/retraction`, { reason: 'Recorded against the wrong mutual' }, 'retract');
      }
      // A contact a case, two for the first and the last, the last case's second one erased; a wave of two
      // interviews in each, completed for the first two cases and overdue in the others.
      const contactIds: string[] = [];
      const people = index === 0 ? [CONTACTS[0], CONTACTS[LAST + 1]] : index === LAST ? [CONTACTS[index], ERASED] : [CONTACTS[index]];
      for (const person of people) {
        const added = await post(
          `/api/v1/cases/${caseId}/contacts`,
          { role: 'director', consentToContact: index !== 2, personal: person },
          'contact',
        );
        contactIds.push(added.body.id);
      }
      const wave = await post(`/api/v1/cases/${caseId}/waves`, { waveNumber: 1, opensOn: '2024-02-05', closesOn: '2024-06-28' }, 'wave');
      waveIds.push({ caseId, waveId: wave.body.id });
      for (const [n, interviewedOn] of ['2024-02-20', '2024-03-12'].entries()) {
        await post(
          `/api/v1/cases/${caseId}/waves/${wave.body.id}/interviews`,
          {
            role: n === 0 ? 'director' : 'staff',
            interviewedOn,
            consent: 'given',
            transcriptReference: `T-${index}-${n}`,
            ...(n === 0 && { contactId: contactIds[0] }),
          },
          'interview',
        );
      }
      if (index < 2)
        last = await post(`/api/v1/cases/${caseId}/waves/${wave.body.id}/completion`, { occurredOn: '2024-06-28' }, 'complete');
      if (index === LAST) {
        last = ok(
          await casebook.request('DELETE', `/api/v1/cases/${caseId}/contacts/${contactIds[1]}`, { requestedBy: 'contact' }),
          'erase',
        );
      }
    }
    viewer = await casebook.account('viewer', [studyId]);
    researcher = await casebook.account('researcher', [studyId]);
    outsider = await casebook.account('researcher');
    await casebook.projected(last);
  }, 120_000);
  afterAll(() => casebook?.close());

  const exportPath = (view: string, query = '') => `/api/v1/studies/${studyId}/exports/${view}${query ? `?${query}` : ''}`;

  /** An export's body as text, after waiting for the audit to hold it. */
  async function exported(view: string, query = '', headers: Headers = {}): Promise<HttpResult<string> & { exportId: string }> {
    const response = await fetch(`${casebook.baseUrl}${exportPath(view, query)}`, {
      headers: { authorization: headers.authorization ?? `Bearer ${casebook.config.adminToken}` },
    });
    const body = await response.text();
    if (response.status !== 200) return { status: response.status, headers: response.headers, body, exportId: '' };
    await waitForProjection(casebook.database.url, parsePosition(response.headers.get('x-export-position')!)!, 'export-audit');
    return { status: 200, headers: response.headers, body, exportId: response.headers.get('x-export-id')! };
  }

  const csvRows = (text: string) => parse<Record<string, string>>(text, { columns: true });
  const ndjsonRows = (text: string): Record<string, unknown>[] =>
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const orEmpty = (value: string | number | boolean | null | undefined) => (value === null || value === undefined ? '' : String(value));

  it('exports milestones as now believed: the study timeline, corrections applied and retractions left out', async () => {
    const timeline: Record<string, any>[] = [];
    let next: string | undefined = `/api/v1/studies/${studyId}/timeline?limit=5`;
    while (next) {
      const page: HttpResult = ok(await casebook.request('GET', next), 'timeline page');
      timeline.push(...page.body.milestones);
      next = page.body.next;
    }
    const { status, body, headers } = await exported('milestones', 'level=full', researcher.headers);
    expect(status).toBe(200);
    expect(headers.get('content-disposition')).toBe(`attachment; filename="casebook-milestones-${studyId}-full.csv"`);
    const rows = csvRows(body);
    expect(rows).toHaveLength(caseIds.length * 4 - 1);
    expect(rows.map((row) => row.milestone_id)).toEqual(timeline.map((milestone) => milestone.id));
    expect(rows.map((row) => row.milestone_id)).not.toContain(retractedId);
    for (const [i, row] of rows.entries()) {
      const milestone = timeline[i];
      expect({
        type: row.type,
        occurredOn: row.occurred_on,
        precision: row.occurred_on_precision,
        mutualName: row.mutual_name,
        details: JSON.parse(row.details_json),
        corrected: row.corrected,
        recordedBy: row.recorded_by,
        notes: row.notes,
      }).toEqual({
        type: milestone.type,
        occurredOn: { year: `${milestone.occurredOn}-01-01`, month: `${milestone.occurredOn}-01`, day: milestone.occurredOn }[
          milestone.precision as 'year' | 'month' | 'day'
        ],
        precision: milestone.precision,
        mutualName: milestone.mutualName,
        details: milestone.details,
        corrected: milestone.correction ? '1' : '0',
        recordedBy: milestone.recordedBy.accountId,
        notes: orEmpty(milestone.details.notes),
      });
      expect(caseIds).toContain(row.case_id);
    }
    const corrected = rows.find((row) => row.milestone_id === correctedId)!;
    expect([corrected.amount_gbp, corrected.funding_type, corrected.correction_reason]).toEqual([
      '275000',
      'loan',
      'Amount from the signed agreement',
    ]);
    const contract = rows.find((row) => row.type === 'contract-awarded')!;
    expect([contract.starts_on, contract.starts_on_precision, contract.ends_on, contract.ends_on_precision]).toEqual([
      '2014-04-01',
      'day',
      '2017-01-01',
      'year',
    ]);
  });

  it('exports cases, waves, interviews and contacts as the read endpoints give them', async () => {
    const cases = ok(await casebook.request('GET', `/api/v1/studies/${studyId}/cases`), 'cases').body as Record<string, any>[];
    const caseRows = csvRows((await exported('cases')).body);
    expect(
      caseRows.map((row) => [
        row.case_id,
        row.mutual_id,
        row.mutual_name,
        row.status,
        row.service_areas,
        row.region,
        row.turnover_band,
        row.employee_band,
      ]),
    ).toEqual(
      cases.map((c) => [
        c.caseId,
        c.mutualId,
        c.mutualName,
        c.status,
        c.selection.serviceAreas.join(';'),
        c.selection.region,
        orEmpty(c.selection.turnoverBand),
        c.selection.employeeBand,
      ]),
    );

    const waves = ok(await casebook.request('GET', `/api/v1/studies/${studyId}/waves`), 'waves').body as Record<string, any>[];
    const waveRows = ndjsonRows((await exported('waves', 'format=ndjson')).body);
    expect(waveRows.map((row) => [row.wave_id, row.case_id, row.status, row.overdue, row.interview_count, row.completed_on])).toEqual(
      waves.map((w) => [w.waveId, w.caseId, w.status, w.overdue, w.interviewCount, w.completedOn ?? null]),
    );
    expect(waveRows.filter((row) => row.overdue === true)).toHaveLength(caseIds.length - 2);

    const interviews: Record<string, any>[] = [];
    for (const { caseId, waveId } of waveIds) {
      const listed = ok(await casebook.request('GET', `/api/v1/cases/${caseId}/waves/${waveId}/interviews`), 'interviews');
      interviews.push(...listed.body.map((interview: Record<string, unknown>) => ({ ...interview, caseId })));
    }
    const interviewRows = csvRows((await exported('interviews', 'level=full', researcher.headers)).body);
    const key = (id: unknown) => String(id);
    expect(
      interviewRows
        .map((row) => [row.interview_id, row.case_id, row.role, row.interviewed_on, row.consent, row.contact_id, row.transcript_reference])
        .sort(),
    ).toEqual(
      interviews
        .map((i) => [key(i.interviewId), i.caseId, i.role, i.interviewedOn, i.consent, orEmpty(i.contactId), i.transcriptReference])
        .sort(),
    );

    const contacts: Record<string, any>[] = [];
    for (const caseId of caseIds) contacts.push(...ok(await casebook.request('GET', `/api/v1/cases/${caseId}/contacts`), 'contacts').body);
    const contactRows = csvRows((await exported('contacts', 'level=personal')).body);
    expect(
      contactRows.map((row) => [row.contact_id, row.role, row.consent_to_contact, row.opted_out, row.erased, row.name, row.email]).sort(),
    ).toEqual(
      contacts
        .map((c) => [
          c.contactId,
          c.role,
          c.consentToContact ? '1' : '0',
          c.optedOut ? '1' : '0',
          c.erased ? '1' : '0',
          orEmpty(c.name),
          orEmpty(c.email),
        ])
        .sort(),
    );
  });

  it('gives a codebook and R, SPSS and Stata scripts that list exactly the columns of the file, level by level', async () => {
    for (const view of VIEWS) {
      for (const level of ['deidentified', 'full', 'personal']) {
        const query = `level=${level}`;
        const codebook = ok(await casebook.request('GET', exportPath(`${view}/codebook`, query)), 'codebook').body;
        const names = codebook.columns.map((column: { name: string }) => column.name);
        const header = (await exported(view, query)).body.split('\n')[0].split(',');
        expect({ view, level, names }).toEqual({ view, level, names: header });
        const r = await casebook.request('GET', exportPath(`${view}/import.R`, query));
        expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
        const listed = /columns <- c\(\n([\s\S]*?)\n\)/
          .exec(String(r.body))![1]
          .split('\n')
          .map((line) => /^\s+(\w+) = /.exec(line)![1]);
        expect(listed).toEqual(names);
        expect(String(r.body)).toContain(`read.csv("${codebook.csvFile}"`);
        const sps = String((await casebook.request('GET', exportPath(`${view}/import.sps`, query))).body);
        const spssNames = /\/VARIABLES=\n([\s\S]*?)\n\./
          .exec(sps)![1]
          .split('\n')
          .map((line) => line.trim().split(' ')[0]);
        expect(spssNames).toEqual(names);
        const stata = String((await casebook.request('GET', exportPath(`${view}/import.do`, query))).body);
        expect(/\norder (.*)/.exec(stata)![1].split(' ')).toEqual(names);
      }
    }
    const milestones = ok(await casebook.request('GET', exportPath('milestones/codebook')), 'codebook').body;
    expect(milestones.columns.find((column: { name: string }) => column.name === 'occurred_on')).toEqual(
      expect.objectContaining({ type: 'date', precisionColumn: 'occurred_on_precision' }),
    );
    expect(milestones.columns.find((column: { name: string }) => column.name === 'type').values).toContainEqual({
      value: 'contract-awarded',
      label: 'Contract awarded',
    });
    expect(milestones.milestoneCatalogue).toContainEqual(
      expect.objectContaining({
        type: 'funding-secured',
        eventType: 'FundingSecured',
        fields: ['funder', 'amountGbp', 'fundingType', 'purpose', 'notes'],
      }),
    );
    expect(milestones.columns.map((column: { name: string }) => column.name)).not.toContain('notes');
  });

  it("keeps contacts' names and emails out of every de-identified and full export, and an erased contact's out of all", async () => {
    // Each name, email, and part of a name long enough not to occur by chance in other text.
    const people = [...CONTACTS, ERASED]
      .flatMap(({ name, email }) => [name, email, ...name.split(/[ -]/).filter((part) => part.length >= 5)])
      .map((text) => text.toLowerCase());
    const bodies: string[] = [];
    for (const view of VIEWS) {
      for (const format of ['csv', 'ndjson']) {
        bodies.push((await exported(view, `format=${format}`, viewer.headers)).body);
        bodies.push((await exported(view, `format=${format}&freeText=include`, viewer.headers)).body);
        bodies.push((await exported(view, `format=${format}&level=full`, researcher.headers)).body);
      }
    }
    const everything = bodies.join('\n').toLowerCase();
    expect(everything).toContain(caseIds[0]);
    for (const text of people) expect({ text, found: everything.includes(text) }).toEqual({ text, found: false });

    const personal = (await exported('contacts', 'level=personal&format=ndjson')).body;
    for (const { name, email } of CONTACTS) expect([personal.includes(name), personal.includes(email)]).toEqual([true, true]);
    const allPersonal = [personal, ...(await Promise.all(VIEWS.map(async (view) => (await exported(view, 'level=personal')).body)))].join(
      '\n',
    );
    for (const text of [ERASED.name, ERASED.email, 'Erasedperson']) expect(allPersonal).not.toContain(text);
    expect(ndjsonRows(personal).filter((row) => row.erased === true)).toEqual([expect.objectContaining({ name: null, email: null })]);
  });

  it('refuses a level above the role, naming the rule, and records nothing for it', async () => {
    const before = ok(await casebook.request('GET', '/api/v1/exports?limit=200'), 'audit').body.exports.length;
    const refusals: [Headers, string, string][] = [
      [viewer.headers, 'full', 'export-level-full-needs-researcher'],
      [viewer.headers, 'personal', 'export-level-personal-needs-admin'],
      [researcher.headers, 'personal', 'export-level-personal-needs-admin'],
    ];
    for (const [headers, level, rule] of refusals) {
      for (const path of [
        exportPath('contacts', `level=${level}`),
        exportPath('contacts/codebook', `level=${level}`),
        exportPath('contacts/import.R', `level=${level}`),
      ]) {
        const refused = await casebook.request('GET', path, undefined, headers);
        expect({ path, status: refused.status, rule: refused.body.rule }).toEqual({ path, status: 403, rule });
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    const notMember = await casebook.request('GET', exportPath('cases'), undefined, outsider.headers);
    expect(notMember.status).toBe(403);
    const bad = async (path: string) => (await casebook.request('GET', path)).body;
    expect((await bad(exportPath('sponges'))).errors).toEqual([expect.objectContaining({ field: 'view', rule: 'one-of' })]);
    expect((await bad(exportPath('cases', 'format=xlsx'))).errors).toEqual([expect.objectContaining({ field: 'format', rule: 'one-of' })]);
    expect((await bad(exportPath('cases', 'level=everything'))).errors).toEqual([
      expect.objectContaining({ field: 'level', rule: 'one-of' }),
    ]);
    expect((await bad(exportPath('cases', 'caseId=nope'))).errors).toEqual([expect.objectContaining({ field: 'caseId', rule: 'uuid' })]);
    expect((await casebook.request('GET', `/api/v1/studies/${caseIds[0]}/exports/cases`)).status).toBe(404);
    expect((await casebook.request('GET', '/api/v1/studies/not-a-study/exports/cases')).status).toBe(404);
    expect(ok(await casebook.request('GET', '/api/v1/exports?limit=200'), 'audit').body.exports.length).toBe(before);
  });

  it('records every export: the audit says who took what and when, only administrators read it, and it pages without duplicates or gaps', async () => {
    const taken: { exportId: string; accountId: string; view: string; level: string; format: string; caseId?: string }[] = [];
    const startedAt = new Date().toISOString();
    for (let i = 0; i < 12; i++) {
      const who = [viewer, researcher][i % 2];
      const view = VIEWS[i % VIEWS.length];
      const format = i % 3 === 0 ? 'ndjson' : 'csv';
      const level = who === researcher && i % 4 === 1 ? 'full' : 'deidentified';
      const caseId = i % 5 === 0 ? caseIds[1] : undefined;
      const { exportId, status } = await exported(view, `format=${format}&level=${level}${caseId ? `&caseId=${caseId}` : ''}`, who.headers);
      expect(status).toBe(200);
      taken.push({ exportId, accountId: who.accountId, view, level, format, ...(caseId && { caseId }) });
    }
    const audited = async () => ok(await casebook.request('GET', '/api/v1/exports?limit=200'), 'audit').body.exports.length as number;
    const beforeHead = await audited();
    const head = await fetch(`${casebook.baseUrl}${exportPath('contacts')}`, { method: 'HEAD', headers: researcher.headers });
    expect([head.status, head.headers.get('content-type'), head.headers.get('x-export-id')]).toEqual([
      200,
      'text/csv; charset=utf-8',
      null,
    ]);
    const narrowed = csvRows((await exported('interviews', `caseId=${caseIds[1]}`)).body);
    // The HEAD took no data and is not in the audit; the export after it is.
    expect(await audited()).toBe(beforeHead + 1);
    expect(new Set(narrowed.map((row) => row.case_id))).toEqual(new Set([caseIds[1]]));

    for (const who of [viewer, researcher]) {
      const refused = await casebook.request('GET', '/api/v1/exports', undefined, who.headers);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }

    const walk = async (first: string) => {
      const seen: Record<string, any>[] = [];
      let next: string | undefined = first;
      let pages = 0;
      while (next && pages++ < 100) {
        const page: HttpResult = ok(await casebook.request('GET', next), 'audit page');
        seen.push(...page.body.exports);
        next = page.body.next;
      }
      return { seen, pages };
    };
    const all = await walk('/api/v1/exports?limit=200');
    const paged = await walk('/api/v1/exports?limit=7');
    expect(paged.pages).toBeGreaterThan(3);
    expect(paged.seen.map((entry) => entry.exportId)).toEqual(all.seen.map((entry) => entry.exportId));
    expect(new Set(paged.seen.map((entry) => entry.exportId)).size).toBe(paged.seen.length);
    const times = paged.seen.map((entry) => entry.exportedAt);
    expect([...times].sort().reverse()).toEqual(times);

    const byId = new Map(paged.seen.map((entry) => [entry.exportId, entry]));
    for (const one of taken) {
      expect(byId.get(one.exportId)).toEqual({
        exportId: one.exportId,
        studyId,
        view: one.view,
        format: one.format,
        level: one.level,
        freeText: one.level !== 'deidentified',
        filters: one.caseId ? { caseId: one.caseId } : {},
        exportedAt: expect.any(String),
        exportedBy: { accountId: one.accountId, displayName: `Test ${one.accountId === viewer.accountId ? 'viewer' : 'researcher'}` },
      });
      expect(byId.get(one.exportId)!.exportedAt >= startedAt).toBe(true);
    }

    const viewers = await walk(`/api/v1/exports?accountId=${viewer.accountId}&limit=2`);
    expect(new Set(viewers.seen.map((entry) => entry.exportedBy.accountId))).toEqual(new Set([viewer.accountId]));
    expect(viewers.seen.length).toBeGreaterThanOrEqual(taken.filter((one) => one.accountId === viewer.accountId).length);
    expect((await walk(`/api/v1/exports?studyId=${caseIds[0]}`)).seen).toEqual([]);
    expect((await walk(`/api/v1/exports?studyId=${studyId}&limit=3`)).seen).toHaveLength(all.seen.length);
    const badCursor = await casebook.request('GET', '/api/v1/exports?cursor=bm9wZQ');
    expect(badCursor.body.errors).toEqual([expect.objectContaining({ field: 'cursor', rule: 'cursor' })]);
  });

  it('declares every export route in the OpenAPI document with its parameters and answers', async () => {
    const document = ok(await casebook.request('GET', '/api/docs-json', undefined, { authorization: '' }), 'docs').body;
    const data = document.paths['/api/v1/studies/{studyId}/exports/{view}'].get;
    // An optional parameter's enum lists null too, as absent and null read alike.
    const named = (operation: { parameters: { name: string; in: string; schema?: { enum?: (string | null)[] } }[] }) =>
      Object.fromEntries(
        operation.parameters.map((parameter) => [
          `${parameter.in}:${parameter.name}`,
          parameter.schema?.enum?.filter((value) => value !== null) ?? true,
        ]),
      );
    expect(named(data)).toEqual(
      expect.objectContaining({
        'path:studyId': true,
        'path:view': [...VIEWS],
        'query:format': ['csv', 'ndjson'],
        'query:level': ['deidentified', 'full', 'personal'],
        'query:freeText': ['include', 'exclude'],
        'query:caseId': true,
      }),
    );
    expect(Object.keys(data.responses['200'].content)).toEqual(['text/csv', 'application/x-ndjson']);
    expect(Object.keys(data.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
    for (const script of ['codebook', 'import.R', 'import.sps', 'import.do']) {
      expect(named(document.paths[`/api/v1/studies/{studyId}/exports/{view}/${script}`].get)).toEqual(
        expect.objectContaining({ 'path:view': [...VIEWS], 'query:level': ['deidentified', 'full', 'personal'] }),
      );
    }
    expect(named(document.paths['/api/v1/exports'].get)).toEqual(
      expect.objectContaining({ 'query:studyId': true, 'query:accountId': true, 'query:limit': true, 'query:cursor': true }),
    );
  });

  it('answers hostile query strings on every export route with a 2xx or a 4xx problem', async () => {
    const HOSTILE = [
      '%00',
      'a%00b',
      '%ED%A0%80',
      '%FF%FE',
      encodeURIComponent('\u202Ecsv'),
      encodeURIComponent('full\u2066'),
      'x'.repeat(10_000),
      '%E2%80%AE%F0%9F%92%A5',
    ];
    const studyRoutes = (views: readonly string[]) =>
      views.flatMap((view) =>
        [view, `${view}/codebook`, `${view}/import.R`, `${view}/import.sps`, `${view}/import.do`].map(
          (route) => `/api/v1/studies/${studyId}/exports/${route}`,
        ),
      );
    const value = fc.oneof(
      { arbitrary: fc.constantFrom('csv', 'ndjson', 'full', 'include', 'deidentified', caseIds[0], studyId, '10'), weight: 2 },
      { arbitrary: fc.constantFrom(...HOSTILE), weight: 1 },
    );
    const queryOf = (names: string[]) => fc.array(fc.tuple(fc.constantFrom(...names), value), { minLength: 0, maxLength: 3 });
    const request = fc.oneof(
      { arbitrary: fc.tuple(fc.constantFrom(...studyRoutes(VIEWS)), queryOf(['format', 'level', 'freeText', 'caseId', 'x'])), weight: 3 },
      { arbitrary: fc.tuple(fc.constantFrom(...studyRoutes(HOSTILE)), queryOf(['format', 'level'])), weight: 1 },
      { arbitrary: fc.tuple(fc.constant('/api/v1/exports'), queryOf(['studyId', 'accountId', 'limit', 'cursor', 'x'])), weight: 1 },
    );
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ([route, pairs]) => {
        const search = pairs.map(([name, text]) => `${name}=${text}`).join('&');
        const path = `${route}?${search}`;
        const response = await fetch(`${casebook.baseUrl}${path}`, { headers: { authorization: `Bearer ${casebook.config.adminToken}` } });
        const text = await response.text();
        seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
        if (response.status < 300) return;
        const answer = { status: response.status, type: response.headers.get('content-type'), text: text.slice(0, 200) };
        expect({ ...answer, client: response.status >= 400 && response.status < 500 }).toEqual({ ...answer, client: true });
        expect(answer.type).toContain('application/problem+json');
      }),
      { numRuns: 250, seed: 20261203 },
    );
    expect(seen.get(200)).toBeGreaterThan(0);
    expect(seen.get(400)).toBeGreaterThan(0);
  }, 120_000);
});
