// `npm run demo`: loads a demo study into a running Casebook through its API: 12 fictional
// mutuals across the six service areas, their milestones, enrolment as cases, three interview
// waves each, contacts, and a correction or two. CASEBOOK_URL (default http://127.0.0.1:3000)
// and ADMIN_TOKEN (default: the token `npm start` keeps in .data/admin-token) say where.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MUTUALS, STUDY, contactFor, stageOf } from './demo-data.mjs';
import { dataDir, log } from './services.mjs';

export async function loadDemo({ baseUrl, token }) {
  let lastPosition;
  const call = async (method, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    if (json?.position) lastPosition = json.position;
    return json;
  };

  const study = await call('POST', '/api/v1/studies', STUDY);
  // Interviewers are staff accounts; the interviews name the account, never a name.
  const interviewer = await call('POST', '/api/v1/accounts', { displayName: 'Dr Ana Silva', role: 'researcher' });
  await call('PUT', `/api/v1/accounts/${interviewer.accountId}/studies/${study.id}`);
  const cases = [];
  for (const [index, mutual] of MUTUALS.entries()) {
    const registered = await call('POST', '/api/v1/mutuals', {
      name: mutual.name,
      serviceAreas: mutual.serviceAreas,
      region: mutual.region,
      legalForm: mutual.legalForm,
      parentBody: mutual.parentBody,
    });
    const id = registered.id;
    const year = Number(mutual.spunOut.slice(0, 4));
    const spunOut = await call('POST', `/api/v1/mutuals/${id}/milestones`, {
      type: 'spun-out',
      occurredOn: mutual.spunOut,
      parentBody: mutual.parentBody,
      source: { kind: 'annual-report', reference: `${mutual.name} annual report ${year}-${String(year + 1).slice(2)}` },
    });
    await call('POST', `/api/v1/mutuals/${id}/milestones`, {
      type: 'contract-awarded',
      occurredOn: `${year}`,
      commissioner: mutual.parentBody,
      startsOn: mutual.spunOut,
      endsOn: `${year + 5}`,
      annualValueGbp: 1_000_000 * (index + 2),
    });
    await call('POST', `/api/v1/mutuals/${id}/milestones`, {
      type: 'contract-renewed',
      occurredOn: `${year + 5}`,
      commissioner: mutual.parentBody,
      startsOn: `${year + 5}`,
      endsOn: `${year + 10}`,
    });
    await call('POST', `/api/v1/mutuals/${id}/milestones`, {
      type: 'staffing-reported',
      occurredOn: '2018-03',
      headcount: 40 + index * 35,
      fte: 30 + index * 30,
    });
    await call('POST', `/api/v1/mutuals/${id}/milestones`, {
      type: 'turnover-reported',
      occurredOn: '2019-07',
      financialYear: '2018-19',
      amountGbp: 900_000 + index * 1_250_000,
    });
    if (index % 3 === 0) {
      await call('POST', `/api/v1/mutuals/${id}/milestones`, {
        type: 'governance-changed',
        occurredOn: '2017-09',
        ownershipModel: 'employee',
        employeeOwnedSharePercent: 100,
        memberCount: 120 + index * 10,
      });
    }
    if (index % 4 === 1) {
      await call('POST', `/api/v1/mutuals/${id}/milestones`, {
        type: 'funding-secured',
        occurredOn: '2018-11',
        funder: 'Social Investment Fund',
        amountGbp: 250_000,
        fundingType: 'social-investment',
      });
    }
    if (index === 0) {
      // A correction: the annual report gave the exact day of the spin-out.
      await call('PUT', `/api/v1/mutuals/${id}/milestones/${spunOut.id}`, {
        occurredOn: '2011-04-01',
        values: { parentBody: mutual.parentBody },
        reason: 'The 2011-12 annual report gives the exact transfer date',
      });
    }
    const enrolled = await call('POST', `/api/v1/studies/${study.id}/cases`, {
      mutualId: id,
      selection: {
        serviceAreas: mutual.serviceAreas,
        stageOfDevelopment: stageOf(mutual.spunOut),
        turnoverBand: mutual.turnover,
        employeeBand: mutual.employees,
        region: mutual.region,
        legalForm: mutual.legalForm,
      },
    });
    const contact = await call('POST', `/api/v1/cases/${enrolled.id}/contacts`, {
      role: 'director',
      consentToContact: true,
      personal: contactFor(index),
    });
    const windows = [
      ['2018-03-05', '2018-05-25'],
      ['2019-01-07', '2019-03-29'],
      ['2019-11-04', '2020-01-31'],
    ];
    for (const [number, [opensOn, closesOn]] of windows.entries()) {
      const wave = await call('POST', `/api/v1/cases/${enrolled.id}/waves`, {
        waveNumber: number + 1,
        opensOn,
        closesOn,
        remindContactIds: [contact.id],
      });
      await call('POST', `/api/v1/cases/${enrolled.id}/waves/${wave.id}/interviews`, {
        role: 'director',
        interviewedOn: opensOn,
        interviewerAccountId: interviewer.accountId,
        consent: 'given',
        transcriptReference: `PSM-${String(index + 1).padStart(2, '0')}-W${number + 1}-D`,
        contactId: contact.id,
      });
      if (number < 2 || index % 2 === 0) await call('POST', `/api/v1/cases/${enrolled.id}/waves/${wave.id}/completion`, {});
    }
    cases.push(enrolled.id);
    log(`demo: ${mutual.name}`);
  }
  return { studyId: study.id, cases, lastPosition };
}

async function main() {
  const baseUrl = process.env.CASEBOOK_URL ?? `http://127.0.0.1:${process.env.HTTP_PORT ?? 3000}`;
  const tokenFile = join(dataDir, 'admin-token');
  const token = process.env.ADMIN_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : undefined);
  if (!token) throw new Error('Set ADMIN_TOKEN (or run `npm start` first, which keeps one in .data/admin-token)');
  const { studyId, cases } = await loadDemo({ baseUrl, token });
  log(`demo study ${studyId} loaded with ${cases.length} cases`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    log(`demo data not loaded: ${error.message}`);
    process.exit(1);
  });
}
