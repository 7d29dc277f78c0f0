import { enrolCaseFromInput, linkRevisitedCaseFromInput, withdrawCaseFromInput } from './case.commands.js';
import { errorsOf } from '../../../../test/support/errors-of.js';

const now = '2026-11-23T10:00:00.000Z';
const ids = { caseId: 'a6f7ef47-ee8d-484a-8905-6a3051ddc302', studyId: '6a840baf-5d8c-4ff2-8168-8aeb14546e65' };

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
    expect(enrolCaseFromInput({ mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78', selection }, ids, now)).toEqual({
      type: 'EnrolCase',
      data: {
        caseId: 'a6f7ef47-ee8d-484a-8905-6a3051ddc302',
        studyId: '6a840baf-5d8c-4ff2-8168-8aeb14546e65',
        mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78',
        selection,
      },
      now,
    });
  });

  it('names every bad field of a selection with its path', () => {
    expect(
      errorsOf(() =>
        enrolCaseFromInput(
          {
            mutualId: 'm 1',
            selection: {
              serviceAreas: ['housing', 'farming'],
              stageOfDevelopment: 'mature',
              turnoverBand: '1m-5m',
              employeeBand: 12,
              size: 'big',
            },
          },
          ids,
          now,
        ),
      ),
    ).toEqual([
      ['mutualId', 'uuid'],
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
    for (const given of [
      { ...withoutBands, turnoverBand },
      { ...withoutBands, employeeBand },
      withoutBands,
      { ...withoutBands, turnoverBand: null },
    ]) {
      const read = enrolCaseFromInput({ mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78', selection: given }, ids, now).data.selection;
      expect(read).toEqual(Object.fromEntries(Object.entries(given).filter(([, value]) => value !== null)));
    }
    expect(
      errorsOf(() =>
        enrolCaseFromInput(
          { mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78', selection: { ...withoutBands, turnoverBand: 'huge' } },
          ids,
          now,
        ),
      ),
    ).toEqual([['selection.turnoverBand', 'one-of']]);
  });

  it('requires a selection with at least one service area', () => {
    expect(errorsOf(() => enrolCaseFromInput({ mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78' }, ids, now))).toEqual([
      ['selection', 'required'],
    ]);
    expect(
      errorsOf(() =>
        enrolCaseFromInput({ mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78', selection: { ...selection, serviceAreas: [] } }, ids, now),
      ),
    ).toEqual([['selection.serviceAreas', 'min-items']]);
  });

  it('reads a link to an earlier case and rejects ids that are not plain tokens', () => {
    const link = linkRevisitedCaseFromInput(
      { earlierCaseId: 'b63888b6-e03e-4b6b-886c-fd7f321794e3' },
      { caseId: 'a6f7ef47-ee8d-484a-8905-6a3051ddc302' },
      now,
    );
    expect(link.earlierCaseId).toBe('b63888b6-e03e-4b6b-886c-fd7f321794e3');
    expect(link.ofStudy('74d7151b-e70f-47de-8790-0896e81edef2').data).toEqual({
      caseId: 'a6f7ef47-ee8d-484a-8905-6a3051ddc302',
      earlierCaseId: 'b63888b6-e03e-4b6b-886c-fd7f321794e3',
      earlierStudyId: '74d7151b-e70f-47de-8790-0896e81edef2',
    });
    expect(
      errorsOf(() =>
        linkRevisitedCaseFromInput({ earlierCaseId: '../c-0', note: 7 }, { caseId: 'a6f7ef47-ee8d-484a-8905-6a3051ddc302' }, now),
      ),
    ).toEqual([
      ['earlierCaseId', 'uuid'],
      ['note', 'type'],
    ]);
  });

  it('needs a reason to withdraw a case', () => {
    expect(errorsOf(() => withdrawCaseFromInput({}, { caseId: 'a6f7ef47-ee8d-484a-8905-6a3051ddc302' }, now))).toEqual([
      ['reason', 'required'],
    ]);
    expect(errorsOf(() => withdrawCaseFromInput(undefined, { caseId: 'a6f7ef47-ee8d-484a-8905-6a3051ddc302' }, now))).toEqual([
      ['(body)', 'object'],
      ['reason', 'required'],
    ]);
  });
});
