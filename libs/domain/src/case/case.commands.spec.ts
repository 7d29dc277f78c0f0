import { enrolCaseFromInput, linkRevisitedCaseFromInput, withdrawCaseFromInput } from './case.commands.js';
import { errorsOf } from '../../../../test/support/errors-of.js';

const now = '2026-11-23T10:00:00.000Z';
const ids = { caseId: 'c-1', studyId: 's-1' };


const selection = {
  serviceAreas: ['health-and-social-care', 'housing'],
  stageOfDevelopment: 'developing',
  turnoverBand: '5m-20m',
  employeeBand: '250-999',
  region: 'north-west',
  legalForm: 'community-interest-company',
};

describe('reading case commands from input', () => {
  it('reads an enrolment with the ids it was given', () => {
    expect(enrolCaseFromInput({ mutualId: 'm-1', selection }, ids, now)).toEqual({
      type: 'EnrolCase',
      data: { caseId: 'c-1', studyId: 's-1', mutualId: 'm-1', selection },
      now,
    });
  });

  it('names every bad field of a selection with its path', () => {
    expect(
      errorsOf(() =>
        enrolCaseFromInput(
          {
            mutualId: 'm 1',
            selection: { serviceAreas: ['housing', 'farming'], stageOfDevelopment: 'mature', turnoverBand: '1m-5m', employeeBand: 12, size: 'big' },
          },
          ids,
          now,
        ),
      ),
    ).toEqual([
      ['mutualId', 'id'],
      ['selection.size', 'unknown-field'],
      ['selection.serviceAreas[1]', 'one-of'],
      ['selection.stageOfDevelopment', 'one-of'],
      ['selection.employeeBand', 'one-of'],
      ['selection.region', 'required'],
      ['selection.legalForm', 'required'],
    ]);
  });

  it('takes a selection that gives one size band, or neither, and fills in none', () => {
    const { turnoverBand, employeeBand, ...withoutBands } = selection;
    for (const given of [{ ...withoutBands, turnoverBand }, { ...withoutBands, employeeBand }, withoutBands, { ...withoutBands, turnoverBand: null }]) {
      const read = enrolCaseFromInput({ mutualId: 'm-1', selection: given }, ids, now).data.selection;
      expect(read).toEqual(Object.fromEntries(Object.entries(given).filter(([, value]) => value !== null)));
    }
    expect(errorsOf(() => enrolCaseFromInput({ mutualId: 'm-1', selection: { ...withoutBands, turnoverBand: 'huge' } }, ids, now))).toEqual([
      ['selection.turnoverBand', 'one-of'],
    ]);
  });

  it('requires a selection with at least one service area', () => {
    expect(errorsOf(() => enrolCaseFromInput({ mutualId: 'm-1' }, ids, now))).toEqual([['selection', 'required']]);
    expect(errorsOf(() => enrolCaseFromInput({ mutualId: 'm-1', selection: { ...selection, serviceAreas: [] } }, ids, now))).toEqual([
      ['selection.serviceAreas', 'min-items'],
    ]);
  });

  it('reads a link to an earlier case and rejects ids that are not plain tokens', () => {
    expect(linkRevisitedCaseFromInput({ earlierCaseId: 'c-0', earlierStudyId: 's-0' }, { caseId: 'c-1' }, now).data).toEqual({
      caseId: 'c-1',
      earlierCaseId: 'c-0',
      earlierStudyId: 's-0',
    });
    expect(errorsOf(() => linkRevisitedCaseFromInput({ earlierCaseId: '../c-0', note: 7 }, { caseId: 'c-1' }, now))).toEqual([
      ['earlierCaseId', 'id'],
      ['earlierStudyId', 'required'],
      ['note', 'type'],
    ]);
  });

  it('needs a reason to withdraw a case', () => {
    expect(errorsOf(() => withdrawCaseFromInput({}, { caseId: 'c-1' }, now))).toEqual([['reason', 'required']]);
    expect(errorsOf(() => withdrawCaseFromInput(undefined, { caseId: 'c-1' }, now))).toEqual([
      ['(body)', 'object'],
      ['reason', 'required'],
    ]);
  });
});
