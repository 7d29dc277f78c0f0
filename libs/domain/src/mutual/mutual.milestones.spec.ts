import {
  MILESTONE_EVENT_TYPES,
  MILESTONE_TYPES,
  type MilestoneType,
  milestoneKindOf,
  recordMilestoneFromInput,
} from './mutual.commands.js';
import { type MilestoneEvent, contractEndOf } from './mutual.events.js';
import { errorsOf } from '../../../../test/support/errors-of.js';

const now = '2026-11-23T10:00:00.000Z';
const ids = { mutualId: 'm-1', milestoneId: 'k-1' };
const record = (body: object) => recordMilestoneFromInput(body, ids, now);

describe('the milestone catalogue', () => {
  it('maps every API kind to one event type and back', () => {
    const eventTypes = MILESTONE_TYPES.map((kind) => MILESTONE_EVENT_TYPES[kind]);
    expect(new Set(eventTypes).size).toBe(MILESTONE_TYPES.length);
    for (const kind of MILESTONE_TYPES) expect(milestoneKindOf(MILESTONE_EVENT_TYPES[kind])).toBe(kind);
    expect(milestoneKindOf('MilestoneCorrected')).toBeUndefined();
    expect(milestoneKindOf('MutualRegistered')).toBeUndefined();
  });

  const recorded: [MilestoneType, object, MilestoneEvent][] = [
    [
      'contract-extended',
      {
        occurredOn: '2017-09',
        commissioner: 'Riverside CCG',
        contractName: 'Community nursing',
        startsOn: '2015-04',
        endsOn: '2021-03',
        annualValueGbp: 12500000,
      },
      {
        type: 'ContractExtended',
        data: {
          ...ids,
          occurredOn: '2017-09',
          commissioner: 'Riverside CCG',
          contractName: 'Community nursing',
          startsOn: '2015-04',
          endsOn: '2021-03',
          annualValueGbp: 12500000,
        },
      },
    ],
    [
      'contract-lost',
      {
        occurredOn: '2019-10',
        commissioner: 'Riverside CCG',
        endsOn: '2020-03',
        reason: 'Re-tendered as one county-wide lot',
        annualValueGbp: 4000000,
      },
      {
        type: 'ContractLost',
        data: {
          ...ids,
          occurredOn: '2019-10',
          commissioner: 'Riverside CCG',
          endsOn: '2020-03',
          reason: 'Re-tendered as one county-wide lot',
          annualValueGbp: 4000000,
        },
      },
    ],
    [
      'contract-ended',
      { occurredOn: '2020-03-31', commissioner: 'Riverside Council', contractName: 'Day centres', endsOn: '2020-03-31' },
      {
        type: 'ContractEnded',
        data: { ...ids, occurredOn: '2020-03-31', commissioner: 'Riverside Council', contractName: 'Day centres', endsOn: '2020-03-31' },
      },
    ],
    [
      'governance-changed',
      {
        occurredOn: '2016',
        legalForm: 'community-benefit-society',
        boardComposition: { staff: 4, community: 3, independent: 2, total: 9 },
        ownershipModel: 'multi-stakeholder',
        employeeOwnedSharePercent: 33.33,
        memberCount: 1200,
      },
      {
        type: 'GovernanceChanged',
        data: {
          ...ids,
          occurredOn: '2016',
          legalForm: 'community-benefit-society',
          boardComposition: { staff: 4, community: 3, independent: 2, total: 9 },
          ownershipModel: 'multi-stakeholder',
          employeeOwnedSharePercent: 33.33,
          memberCount: 1200,
        },
      },
    ],
    [
      'funding-secured',
      {
        occurredOn: '2013-06',
        funder: 'Big Society Capital',
        amountGbp: 250000,
        fundingType: 'social-investment',
        purpose: 'Working capital',
      },
      {
        type: 'FundingSecured',
        data: {
          ...ids,
          occurredOn: '2013-06',
          funder: 'Big Society Capital',
          amountGbp: 250000,
          fundingType: 'social-investment',
          purpose: 'Working capital',
        },
      },
    ],
    [
      'staffing-reported',
      { occurredOn: '2018-05', headcount: 480, fte: 402.5, asAt: '2018-03-31' },
      { type: 'StaffingReported', data: { ...ids, occurredOn: '2018-05', headcount: 480, fte: 402.5, asAt: '2018-03-31' } },
    ],
    [
      'turnover-reported',
      { occurredOn: '2019-09', financialYear: '2018/19', amountGbp: 41000000 },
      { type: 'TurnoverReported', data: { ...ids, occurredOn: '2019-09', financialYear: '2018-19', amountGbp: 41000000 } },
    ],
    [
      'service-launched',
      {
        occurredOn: '2014-01',
        serviceName: 'Falls prevention',
        serviceArea: 'health-and-social-care',
        description: 'Home visits for people over 75',
      },
      {
        type: 'ServiceLaunched',
        data: {
          ...ids,
          occurredOn: '2014-01',
          serviceName: 'Falls prevention',
          serviceArea: 'health-and-social-care',
          description: 'Home visits for people over 75',
        },
      },
    ],
    [
      'service-closed',
      { occurredOn: '2021', serviceName: 'Mobile library' },
      { type: 'ServiceClosed', data: { ...ids, occurredOn: '2021', serviceName: 'Mobile library' } },
    ],
    [
      'merged',
      { occurredOn: '2022-04', withOrganisation: 'Eastside Health CIC', newName: 'Riverside and Eastside Health' },
      {
        type: 'MutualMerged',
        data: { ...ids, occurredOn: '2022-04', withOrganisation: 'Eastside Health CIC', newName: 'Riverside and Eastside Health' },
      },
    ],
    [
      'acquired',
      { occurredOn: '2023', by: 'National Care Group Ltd' },
      { type: 'MutualAcquired', data: { ...ids, occurredOn: '2023', by: 'National Care Group Ltd' } },
    ],
    [
      'dissolved',
      { occurredOn: '2024-02', reason: 'Insolvent after losing its main contract' },
      { type: 'MutualDissolved', data: { ...ids, occurredOn: '2024-02', reason: 'Insolvent after losing its main contract' } },
    ],
    [
      'award-received',
      { occurredOn: '2015-11', awardName: 'Social Enterprise of the Year', awardedBy: 'Social Enterprise UK' },
      {
        type: 'AwardReceived',
        data: { ...ids, occurredOn: '2015-11', awardName: 'Social Enterprise of the Year', awardedBy: 'Social Enterprise UK' },
      },
    ],
    [
      'observation',
      { occurredOn: '2026-10-02', text: 'Staff describe the board as more open since the 2016 reforms.', notes: 'Wave 3 interviews' },
      {
        type: 'ObservationRecorded',
        data: {
          ...ids,
          occurredOn: '2026-10-02',
          text: 'Staff describe the board as more open since the 2016 reforms.',
          notes: 'Wave 3 interviews',
        },
      },
    ],
  ];

  it.each(recorded)('records %s with its own fields', (kind, body, event) => {
    expect(record({ type: kind, ...body }).milestone).toEqual(event);
  });

  it('leaves absent optional fields out of the event instead of storing undefined', () => {
    const { data } = record({ type: 'staffing-reported', occurredOn: '2018', headcount: 12 }).milestone;
    expect(Object.keys(data).sort()).toEqual(['headcount', 'milestoneId', 'mutualId', 'occurredOn']);
  });

  it('returns the source beside the command, never inside the event data', () => {
    const command = record({
      type: 'award-received',
      occurredOn: '2015',
      awardName: 'Mutual of the Year',
      source: { kind: 'url', url: 'https://example.org/awards-2015', reference: 'Shortlist' },
    });
    expect(command.source).toEqual({ kind: 'url', url: 'https://example.org/awards-2015', reference: 'Shortlist' });
    expect(command.milestone.data).not.toHaveProperty('source');
  });

  it('reports every problem of one request together: date, unknown field, own fields and source', () => {
    // Compared as a set: unknown fields are reported first.
    expect(
      new Set(
        errorsOf(() =>
          record({
            type: 'funding-secured',
            occurredOn: '2027',
            colour: 'red',
            amountGbp: -5,
            fundingType: 'gift',
            source: { kind: 'url' },
          }),
        ),
      ),
    ).toEqual(
      new Set([
        ['occurredOn', 'not-in-future'],
        ['colour', 'unknown-field'],
        ['funder', 'required'],
        ['amountGbp', 'non-negative'],
        ['fundingType', 'one-of'],
        ['source.url', 'required'],
      ]),
    );
  });

  it('requires the date of every kind and limits its notes', () => {
    expect(errorsOf(() => record({ type: 'observation', text: 'Seen', notes: 'x'.repeat(4001) }))).toEqual([
      ['occurredOn', 'required'],
      ['notes', 'max-length'],
    ]);
  });

  describe('contracts', () => {
    it('refuses an extension that ends before the contract starts', () => {
      expect(
        errorsOf(() =>
          record({ type: 'contract-extended', occurredOn: '2017', commissioner: 'CCG', startsOn: '2015-04', endsOn: '2015-03' }),
        ),
      ).toEqual([['endsOn', 'not-before-start']]);
    });

    it('needs the commissioner of a lost contract', () => {
      expect(errorsOf(() => record({ type: 'contract-lost', occurredOn: '2019', annualValueGbp: 'lots' }))).toEqual([
        ['commissioner', 'required'],
        ['annualValueGbp', 'type'],
      ]);
    });

    // The record keeps what was said: no endsOn is stored, and readers take occurredOn (contractEndOf).
    it.each([
      ['contract-lost', 'ContractLost'],
      ['contract-ended', 'ContractEnded'],
    ])('takes a %s without endsOn, which then ends when it was lost or ended', (type, eventType) => {
      const command = record({ type, occurredOn: '2019-10', commissioner: 'Riverside CCG' });
      expect(command.milestone).toEqual({ type: eventType, data: { ...ids, occurredOn: '2019-10', commissioner: 'Riverside CCG' } });
      expect(contractEndOf(command.milestone.data as { occurredOn: string })).toBe('2019-10');
      expect(contractEndOf({ occurredOn: '2019-10', endsOn: '2020-03' })).toBe('2020-03');
    });

    it('takes no start date or value for an ended contract and reads its end as a partial date', () => {
      expect(
        errorsOf(() =>
          record({
            type: 'contract-ended',
            occurredOn: '2020',
            commissioner: 'CCG',
            startsOn: '2015',
            annualValueGbp: 3,
            endsOn: '2020-13',
          }),
        ),
      ).toEqual([
        ['startsOn', 'unknown-field'],
        ['annualValueGbp', 'unknown-field'],
        ['endsOn', 'partial-date'],
      ]);
    });
  });

  describe('governance changes', () => {
    it('must name at least one thing that changed', () => {
      expect(errorsOf(() => record({ type: 'governance-changed', occurredOn: '2016', notes: 'Something changed' }))).toEqual([
        ['(body)', 'at-least-one'],
      ]);
    });

    it('needs a board total that equals the seats given', () => {
      expect(
        errorsOf(() => record({ type: 'governance-changed', occurredOn: '2016', boardComposition: { staff: 4, community: 3, total: 9 } })),
      ).toEqual([['boardComposition.total', 'board-total']]);
    });

    it('accepts a board total on its own, the make-up unknown', () => {
      expect(record({ type: 'governance-changed', occurredOn: '2016', boardComposition: { total: 9 } }).milestone.data).toMatchObject({
        boardComposition: { total: 9 },
      });
    });

    it('reads board seats as whole numbers of known constituencies, and not an empty board', () => {
      expect(
        errorsOf(() =>
          record({ type: 'governance-changed', occurredOn: '2016', boardComposition: { chair: 1, staff: -1, serviceUsers: 2.5 } }),
        ),
      ).toEqual([
        ['boardComposition.chair', 'unknown-field'],
        ['boardComposition.staff', 'non-negative-integer'],
        ['boardComposition.serviceUsers', 'non-negative-integer'],
      ]);
      expect(errorsOf(() => record({ type: 'governance-changed', occurredOn: '2016', boardComposition: {} }))).toEqual([
        ['boardComposition', 'at-least-one'],
      ]);
      expect(errorsOf(() => record({ type: 'governance-changed', occurredOn: '2016', boardComposition: 9 }))).toEqual([
        ['boardComposition', 'object'],
      ]);
    });

    it('checks legal form, ownership model, employee-owned share and member count', () => {
      const base = { type: 'governance-changed', occurredOn: '2016' };
      expect(
        errorsOf(() => record({ ...base, legalForm: 'plc', ownershipModel: 'state', employeeOwnedSharePercent: 100.5, memberCount: 1.5 })),
      ).toEqual([
        ['legalForm', 'one-of'],
        ['ownershipModel', 'one-of'],
        ['employeeOwnedSharePercent', 'percent'],
        ['memberCount', 'non-negative-integer'],
      ]);
      expect(errorsOf(() => record({ ...base, employeeOwnedSharePercent: 12.345 }))).toEqual([['employeeOwnedSharePercent', 'decimals']]);
      expect(record({ ...base, employeeOwnedSharePercent: 0.29 }).milestone.data).toMatchObject({ employeeOwnedSharePercent: 0.29 });
    });
  });

  describe('staffing', () => {
    it('needs a whole-number headcount', () => {
      expect(errorsOf(() => record({ type: 'staffing-reported', occurredOn: '2018' }))).toEqual([['headcount', 'required']]);
      expect(errorsOf(() => record({ type: 'staffing-reported', occurredOn: '2018', headcount: -1 }))).toEqual([
        ['headcount', 'non-negative-integer'],
      ]);
    });

    it('refuses more full-time equivalents than people', () => {
      expect(errorsOf(() => record({ type: 'staffing-reported', occurredOn: '2018', headcount: 10, fte: 10.5 }))).toEqual([
        ['fte', 'fte-not-above-headcount'],
      ]);
    });

    it('reads FTE to two decimals and the as-at date as a past partial date', () => {
      expect(errorsOf(() => record({ type: 'staffing-reported', occurredOn: '2018', headcount: 10, fte: 7.125, asAt: '2027-03' }))).toEqual(
        [
          ['fte', 'decimals'],
          ['asAt', 'not-in-future'],
        ],
      );
      expect(errorsOf(() => record({ type: 'staffing-reported', occurredOn: '2018', headcount: 10, fte: -1 }))).toEqual([
        ['fte', 'non-negative'],
      ]);
    });
  });

  describe('turnover', () => {
    it.each(['2018-20', '2018', '18-19', '2018-2019', 2018])('refuses %p as a financial year', (financialYear) => {
      expect(errorsOf(() => record({ type: 'turnover-reported', occurredOn: '2019', financialYear, amountGbp: 1 }))).toEqual([
        ['financialYear', 'financial-year'],
      ]);
    });

    it('accepts a financial year across a century and needs the amount', () => {
      expect(
        record({ type: 'turnover-reported', occurredOn: '2000', financialYear: '1999-00', amountGbp: 1 }).milestone.data,
      ).toMatchObject({
        financialYear: '1999-00',
      });
      expect(errorsOf(() => record({ type: 'turnover-reported', occurredOn: '2000', financialYear: '1999-00' }))).toEqual([
        ['amountGbp', 'required'],
      ]);
    });
  });

  it.each([
    [
      'service-launched',
      { serviceArea: 'farming' },
      [
        ['serviceName', 'required'],
        ['serviceArea', 'one-of'],
      ],
    ],
    [
      'service-closed',
      { serviceName: ' ', description: 'x'.repeat(2001) },
      [
        ['serviceName', 'not-blank'],
        ['description', 'max-length'],
      ],
    ],
    [
      'merged',
      { newName: 42 },
      [
        ['withOrganisation', 'required'],
        ['newName', 'type'],
      ],
    ],
    ['acquired', { by: '' }, [['by', 'not-blank']]],
    ['dissolved', { reason: 'x'.repeat(2001) }, [['reason', 'max-length']]],
    ['award-received', { awardedBy: 'Social Enterprise UK' }, [['awardName', 'required']]],
    ['observation', {}, [['text', 'required']]],
    ['observation', { text: 'x'.repeat(4001) }, [['text', 'max-length']]],
  ])('checks the fields of %s', (type, fields, expected) => {
    expect(errorsOf(() => record({ type, occurredOn: '2020', ...fields }))).toEqual(expected);
  });

  it('records a dissolution with nothing but its date', () => {
    expect(record({ type: 'dissolved', occurredOn: '2024' }).milestone).toEqual({
      type: 'MutualDissolved',
      data: { ...ids, occurredOn: '2024' },
    });
  });
});
