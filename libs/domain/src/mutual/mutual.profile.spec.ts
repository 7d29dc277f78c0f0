import fc from 'fast-check';
import { latestDay, partialDate, placeAgainstDay } from '../shared/partial-date.js';
import type { MilestoneType } from './mutual.commands.js';
import { type ProfileMilestone, type ProfileRegistration, profileOn, wholeYearsBetween } from './mutual.profile.js';

const registration: ProfileRegistration = {
  name: 'Riverside Community Health CIC',
  serviceAreas: ['health-and-social-care'],
  region: 'north-west',
  legalForm: 'community-interest-company',
  parentBody: 'Riverside Primary Care Trust',
};

let serial = 0;
const milestone = (type: MilestoneType, occurredOn: string, details: Record<string, unknown> = {}): ProfileMilestone => ({
  milestoneId: `m-${String(++serial).padStart(3, '0')}`,
  type,
  occurredOn,
  details,
});

const history = [
  milestone('spun-out', '2012-04-01', { parentBody: 'Riverside Primary Care Trust', staffTransferred: 420 }),
  milestone('governance-changed', '2012-04-01', {
    ownershipModel: 'employee',
    boardComposition: { staff: 4, independent: 3, total: 7 },
  }),
  milestone('contract-awarded', '2012-04-01', {
    commissioner: 'Riverside CCG',
    contractName: 'Community nursing',
    startsOn: '2012-04-01',
    endsOn: '2015-03-31',
    annualValueGbp: 1_000_000,
  }),
  milestone('contract-awarded', '2014-01-15', { commissioner: 'Riverside Council', startsOn: '2014-02-01', endsOn: '2016-12-31' }),
  milestone('staffing-reported', '2014-05-01', { headcount: 450, fte: 390.5 }),
  milestone('service-launched', '2014-09-01', { serviceName: 'Falls prevention', serviceArea: 'sports-and-leisure' }),
  milestone('contract-renewed', '2015-02-10', {
    commissioner: 'riverside ccg ',
    contractName: 'Community Nursing',
    startsOn: '2015-04-01',
    endsOn: '2020-03-31',
    annualValueGbp: 1_200_000,
  }),
  // Reported late, about an earlier date: not the latest figures.
  milestone('staffing-reported', '2015-07-01', { headcount: 440, asAt: '2014-03' }),
  milestone('turnover-reported', '2015-07-01', { financialYear: '2014-15', amountGbp: 14_500_000 }),
  milestone('turnover-reported', '2015-08-01', { financialYear: '2013-14', amountGbp: 13_000_000 }),
  milestone('service-launched', '2015-09-01', { serviceName: 'Health visiting' }),
  milestone('contract-lost', '2016-06-30', { commissioner: 'Riverside Council', endsOn: '2016-09-30' }),
  milestone('service-closed', '2016-11-01', { serviceName: 'falls prevention' }),
  milestone('governance-changed', '2017-03-01', { legalForm: 'community-benefit-society', memberCount: 380 }),
  milestone('merged', '2019-10-01', { withOrganisation: 'Lakeside Health' }),
  milestone('observation', '2020-01-01', { text: 'Still trading under its old name' }),
];

describe('a mutual profile on a day', () => {
  it('holds the contracts running that day, their total and the next to end, and the latest figures', () => {
    const profile = profileOn(registration, history, '2016-01-01');
    expect(profile.status).toBe('active');
    expect(profile.spunOutOn).toBe('2012-04-01');
    expect(profile.yearsSinceSpinOut).toEqual({ atLeast: 3, atMost: 3 });
    expect(profile.stageOfDevelopment).toBe('developing');
    expect(profile.legalForm).toBe('community-interest-company');
    expect(profile.ownershipModel).toBe('employee');
    expect(profile.boardComposition).toEqual({ staff: 4, independent: 3, total: 7 });
    expect(profile.activeContracts.map((c) => [c.recordedAs, c.commissioner, c.endsOn])).toEqual([
      ['contract-awarded', 'Riverside Council', '2016-12-31'],
      ['contract-renewed', 'riverside ccg ', '2020-03-31'],
    ]);
    expect(profile.nextContractEnd).toMatchObject({ commissioner: 'Riverside Council', endsOn: '2016-12-31' });
    expect(profile.annualContractValueGbp).toBe(1_200_000);
    expect(profile.contractsWithoutValue).toBe(1);
    expect(profile.staffing).toMatchObject({ headcount: 450, fte: 390.5, asAt: '2014-05-01' });
    expect(profile.turnover).toMatchObject({ financialYear: '2014-15', amountGbp: 14_500_000 });
    expect(profile.services.map((s) => s.serviceName)).toEqual(['Falls prevention', 'Health visiting']);
    expect(profile.serviceAreas).toEqual(['health-and-social-care', 'sports-and-leisure']);
    expect(profile.uncertain).toEqual([]);
  });

  it('ends a lost contract on the day delivery stops, and drops a closed service', () => {
    const during = profileOn(registration, history, '2016-09-30');
    expect(during.activeContracts.map((c) => [c.commissioner, c.endsOn])).toEqual([
      ['Riverside Council', '2016-09-30'],
      ['riverside ccg ', '2020-03-31'],
    ]);
    const after = profileOn(registration, history, '2016-12-01');
    expect(after.activeContracts.map((c) => c.commissioner)).toEqual(['riverside ccg ']);
    expect(after.services.map((s) => s.serviceName)).toEqual(['Health visiting']);
    expect(after.serviceAreas).toEqual(['health-and-social-care']);
  });

  it('takes the legal form from the last governance change by the day, the registration before any', () => {
    expect(profileOn(registration, history, '2017-02-28').legalForm).toBe('community-interest-company');
    expect(profileOn(registration, history, '2017-03-01')).toMatchObject({ legalForm: 'community-benefit-society', memberCount: 380 });
  });

  it('is pre-spin-out before a recorded spin-out, and ended after a merger, with nothing running', () => {
    expect(profileOn(registration, history, '2011-12-31')).toMatchObject({
      status: 'pre-spin-out',
      stageOfDevelopment: 'pre-spin-out',
      activeContracts: [],
    });
    const merged = profileOn(registration, history, '2019-10-01');
    expect(merged).toMatchObject({
      status: 'merged',
      end: { type: 'merged', occurredOn: '2019-10-01' },
      activeContracts: [],
      services: [],
    });
    expect(merged.annualContractValueGbp).toBe(0);
  });

  it('leaves out a milestone whose partial date spans the day, and says so', () => {
    const milestones = [...history, milestone('governance-changed', '2018', { legalForm: 'co-operative-society' })];
    const midYear = profileOn(registration, milestones, '2018-06-01');
    expect(midYear.legalForm).toBe('community-benefit-society');
    expect(midYear.uncertain).toEqual([expect.objectContaining({ type: 'governance-changed', because: '2018 may fall after 2018-06-01' })]);
    const yearEnd = profileOn(registration, milestones, '2018-12-31');
    expect(yearEnd.legalForm).toBe('co-operative-society');
    expect(yearEnd.uncertain).toEqual([]);
  });

  it('gives the years since a spin-out dated by year as a range, and no stage when the range spans two', () => {
    const milestones = [milestone('spun-out', '2012', { parentBody: 'A council' })];
    expect(profileOn(registration, milestones, '2015-06-01')).toMatchObject({ yearsSinceSpinOut: { atLeast: 2, atMost: 3 } });
    expect(profileOn(registration, milestones, '2015-06-01').stageOfDevelopment).toBeUndefined();
    expect(profileOn(registration, milestones, '2019-06-01')).toMatchObject({ stageOfDevelopment: 'established' });
  });

  it('names a contract whose term may or may not have started as uncertain, outside the totals', () => {
    const milestones = [
      milestone('contract-awarded', '2016-02-01', {
        commissioner: 'County',
        startsOn: '2016',
        endsOn: '2018-03-31',
        annualValueGbp: 50_000,
      }),
    ];
    const profile = profileOn(registration, milestones, '2016-03-01');
    expect(profile.activeContracts).toEqual([]);
    expect(profile.annualContractValueGbp).toBe(0);
    expect(profile.uncertain).toEqual([
      expect.objectContaining({
        type: 'contract-awarded',
        because: 'the contract with County starts 2016, which may fall after 2016-03-01',
      }),
    ]);
  });

  it('counts whole years as a birthday does', () => {
    expect(wholeYearsBetween('2012-04-01', '2016-03-31')).toBe(3);
    expect(wholeYearsBetween('2012-04-01', '2016-04-01')).toBe(4);
    expect(wholeYearsBetween('2012-02-29', '2013-02-28')).toBe(0);
  });
});

// Model: a milestone counts on a day only when every day its date could denote is on or before it.
const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const aDay = fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2020, 0, 1) }).map((ms) => iso(Math.floor(ms / DAY_MS) * DAY_MS));
const aPartialDate = fc.tuple(aDay, fc.constantFrom(4, 7, 10)).map(([day, length]) => day.slice(0, length));
const aCommissioner = fc.constantFrom('Riverside CCG', 'Riverside Council', 'NHS England');

const aMilestone: fc.Arbitrary<ProfileMilestone> = fc
  .tuple(
    fc.constantFrom<MilestoneType>(
      'spun-out',
      'contract-awarded',
      'contract-renewed',
      'contract-lost',
      'governance-changed',
      'staffing-reported',
      'turnover-reported',
      'service-launched',
      'service-closed',
      'dissolved',
      'observation',
    ),
    aPartialDate,
    aCommissioner,
    fc.integer({ min: 1, max: 2000 }),
    aPartialDate,
  )
  .map(([type, occurredOn, commissioner, n, other]) => {
    const [first, second] = [occurredOn, other].sort((a, b) => latestDay(partialDate(a)).localeCompare(latestDay(partialDate(b))));
    const details: Record<MilestoneType, Record<string, unknown>> = {
      'spun-out': { parentBody: 'A council' },
      'contract-awarded': { commissioner, startsOn: first, endsOn: `${Number(second.slice(0, 4)) + 1}`, annualValueGbp: n * 1000 },
      'contract-renewed': { commissioner, startsOn: first, endsOn: `${Number(second.slice(0, 4)) + 2}` },
      'contract-extended': {},
      'contract-lost': { commissioner, endsOn: second },
      'contract-ended': {},
      'governance-changed': { legalForm: n % 2 ? 'charity' : 'co-operative-society', memberCount: n },
      'funding-secured': {},
      'staffing-reported': { headcount: n },
      'turnover-reported': { financialYear: `${2000 + (n % 20)}-${String((1 + (n % 20)) % 100).padStart(2, '0')}`, amountGbp: n },
      'service-launched': { serviceName: `Service ${n % 4}`, serviceArea: 'housing' },
      'service-closed': { serviceName: `service ${n % 4}` },
      merged: {},
      acquired: {},
      dissolved: {},
      'award-received': {},
      observation: { text: 'A remark' },
    };
    return milestone(type, occurredOn, details[type]);
  });

describe('a mutual profile, against the model', () => {
  it('depends only on what could have happened by the day: milestones wholly after it change nothing but a pending spin-out', () => {
    fc.assert(
      fc.property(fc.array(aMilestone, { maxLength: 30 }), fc.array(aMilestone, { maxLength: 10 }), aDay, (milestones, more, day) => {
        const later = more.filter((m) => m.type !== 'spun-out' && placeAgainstDay(partialDate(m.occurredOn), day) === 'after');
        expect(profileOn(registration, [...milestones, ...later], day)).toEqual(profileOn(registration, milestones, day));
      }),
      { numRuns: 500 },
    );
  });

  it('names as uncertain exactly the milestones whose dates span the day, besides contract terms that may not run', () => {
    fc.assert(
      fc.property(fc.array(aMilestone, { maxLength: 30 }), aDay, (milestones, day) => {
        const spanning = milestones
          .filter((m) => m.type !== 'observation' && placeAgainstDay(partialDate(m.occurredOn), day) === 'uncertain')
          .map((m) => m.milestoneId)
          .sort();
        const named = profileOn(registration, milestones, day)
          .uncertain.filter((u) => !u.because.startsWith('the contract'))
          .map((u) => u.milestoneId)
          .sort();
        expect(named).toEqual(spanning);
      }),
      { numRuns: 500 },
    );
  });

  it('applies nothing uncertain when every date is a day', () => {
    fc.assert(
      fc.property(fc.array(aMilestone, { maxLength: 30 }), aDay, (milestones, day) => {
        const exact = milestones.filter((m) => m.occurredOn.length === 10 && !['contract-awarded', 'contract-renewed'].includes(m.type));
        expect(profileOn(registration, exact, day).uncertain).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
