import { recordMilestoneFromInput, registerMutualFromInput } from './mutual.commands.js';
import { errorsOf } from '../../../../test/support/errors-of.js';

const now = '2026-11-23T10:00:00.000Z';
const ids = { mutualId: 'a', milestoneId: 'b' };

describe('reading commands from input', () => {
  it('names every bad field of a registration at once', () => {
    expect(
      errorsOf(() => registerMutualFromInput({ serviceAreas: ['housing', 'farming', 'housing'], region: 'mars', colour: 'red' }, 'a', now)),
    ).toEqual([
      ['colour', 'unknown-field'],
      ['name', 'required'],
      ['serviceAreas[1]', 'one-of'],
      ['serviceAreas[2]', 'unique'],
      ['region', 'one-of'],
    ]);
  });

  it('requires at least one service area', () => {
    expect(errorsOf(() => registerMutualFromInput({ name: 'X', serviceAreas: [] }, 'a', now))).toEqual([['serviceAreas', 'min-items']]);
  });

  it('rejects a body that is not an object', () => {
    expect(errorsOf(() => registerMutualFromInput([1, 2], 'a', now))).toEqual([
      ['(body)', 'object'],
      ['name', 'required'],
      ['serviceAreas', 'required'],
    ]);
  });

  it('trims names and rejects blank ones', () => {
    expect(registerMutualFromInput({ name: '  Leisure Trust ', serviceAreas: ['sports-and-leisure'] }, 'a', now).data.name).toBe(
      'Leisure Trust',
    );
    expect(errorsOf(() => registerMutualFromInput({ name: '   ', serviceAreas: ['housing'] }, 'a', now))).toEqual([['name', 'not-blank']]);
  });

  it('rejects an unknown milestone type before anything else', () => {
    expect(errorsOf(() => recordMilestoneFromInput({ type: 'spun-in' }, ids, now))).toEqual([['type', 'one-of']]);
  });

  it('rejects milestone dates in the future and impossible dates', () => {
    expect(errorsOf(() => recordMilestoneFromInput({ type: 'spun-out', occurredOn: '2026-12', parentBody: 'PCT' }, ids, now))).toEqual([
      ['occurredOn', 'not-in-future'],
    ]);
    expect(errorsOf(() => recordMilestoneFromInput({ type: 'spun-out', occurredOn: '2012-02-30', parentBody: 'PCT' }, ids, now))).toEqual([
      ['occurredOn', 'partial-date'],
    ]);
  });

  it('checks contract fields: commissioner, dates in order, value in pounds and pence', () => {
    // Compared as sets: rules across fields are reported after the fields they read.
    expect(
      new Set(
        errorsOf(() =>
          recordMilestoneFromInput(
            { type: 'contract-awarded', occurredOn: '2014', startsOn: '2015-04', endsOn: '2014', annualValueGbp: -3.001 },
            ids,
            now,
          ),
        ),
      ),
    ).toEqual(
      new Set([
        ['endsOn', 'not-before-start'],
        ['commissioner', 'required'],
        ['annualValueGbp', 'non-negative'],
      ]),
    );
  });

  it('lets a contract end in the same year it starts even at mixed precision', () => {
    const command = recordMilestoneFromInput(
      { type: 'contract-awarded', occurredOn: '2014', commissioner: 'CCG', startsOn: '2014-06-01', endsOn: '2014' },
      ids,
      now,
    );
    expect(command.milestone.type).toBe('ContractAwarded');
  });
});
