import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { NotFound, RuleViolated } from '../shared/domain-error.js';
import { changeStudyDetailsFromInput, createStudyFromInput } from './study.commands.js';
import { studyDecider } from './study.decider.js';
import type { StudyEvent } from './study.events.js';
import { studyStreamName } from './study.events.js';

const spec = deciderSpecification(studyDecider);
const now = '2026-11-23T10:00:00.000Z';
const studyId = '5b0e2f1c-6d7a-4c8e-9f10-2a3b4c5d6e7f';

const created: StudyEvent = {
  type: 'StudyCreated',
  data: {
    studyId,
    title: 'Public Service Mutuals Research',
    startsOn: '2018-01-01',
    endsOn: '2020-03-31',
    createdAt: '2026-11-01T09:00:00.000Z',
  },
};

describe('study decider', () => {
  it('creates a study, stamped with the command time', () => {
    const command = createStudyFromInput(
      {
        title: 'Public Service Mutuals Research',
        startsOn: '2018-01-01',
        endsOn: '2020-03-31',
        aims: 'How mutuals develop after spin-out',
      },
      studyId,
      now,
    );
    spec
      .given([])
      .when(command)
      .then([
        {
          type: 'StudyCreated',
          data: {
            studyId,
            title: 'Public Service Mutuals Research',
            startsOn: '2018-01-01',
            endsOn: '2020-03-31',
            aims: 'How mutuals develop after spin-out',
            createdAt: now,
          },
        },
      ]);
  });

  it('creates a study only once', () => {
    spec
      .given([created])
      .when(createStudyFromInput({ title: 'Again', startsOn: '2018-01-01', endsOn: '2020-03-31' }, studyId, now))
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('already-created'));
  });

  it('records only the details that changed', () => {
    spec
      .given([created])
      .when(changeStudyDetailsFromInput({ title: 'Public Service Mutuals Research', endsOn: '2020-06-30' }, studyId, now, []))
      .then([{ type: 'StudyDetailsChanged', data: { studyId, endsOn: '2020-06-30', changedAt: now } }]);
  });

  it('records nothing when nothing changed', () => {
    spec
      .given([created])
      .when(changeStudyDetailsFromInput({ startsOn: '2018-01-01' }, studyId, now, []))
      .then([]);
  });

  it('refuses a change that would end the study before it starts', () => {
    spec
      .given([created])
      .when(changeStudyDetailsFromInput({ startsOn: '2021-01-01' }, studyId, now, []))
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('ends-before-start'));
  });

  it('checks a change against earlier changes', () => {
    const moved: StudyEvent = { type: 'StudyDetailsChanged', data: { studyId, endsOn: '2018-06-30', changedAt: now } };
    spec
      .given([created, moved])
      .when(changeStudyDetailsFromInput({ startsOn: '2018-07-01' }, studyId, now, []))
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('ends-before-start'));
  });

  it('records a new time zone and the reason given for a change', () => {
    spec
      .given([created])
      .when(
        changeStudyDetailsFromInput(
          { timeZone: 'Europe/London', endsOn: '2020-06-30', reason: 'Extended by the funder' },
          studyId,
          now,
          [],
        ),
      )
      .then([
        {
          type: 'StudyDetailsChanged',
          data: { studyId, endsOn: '2020-06-30', timeZone: 'Europe/London', reason: 'Extended by the funder', changedAt: now },
        },
      ]);
    const zoned: StudyEvent = { type: 'StudyDetailsChanged', data: { studyId, timeZone: 'Europe/London', changedAt: now } };
    spec
      .given([created, zoned])
      .when(changeStudyDetailsFromInput({ timeZone: 'Europe/London', reason: 'Again' }, studyId, now, []))
      .then([]);
  });

  describe('a new period and the open waves of its cases', () => {
    const openWaves = [
      { caseId: 'c-1', waveNumber: 1, opensOn: '2018-03-05', closesOn: '2018-04-27' },
      { caseId: 'c-2', waveNumber: 2, opensOn: '2019-09-02', closesOn: '2020-03-31' },
    ];

    it('refuses a period that would leave an open wave outside it, naming the wave', () => {
      spec
        .given([created])
        .when(changeStudyDetailsFromInput({ endsOn: '2020-02-28' }, studyId, now, openWaves))
        .thenThrows(RuleViolated, (e) => {
          expect(e.rule).toBe('period-excludes-open-wave');
          expect(e.message).toBe(
            'Wave 2 of case c-2 (2019-09-02 to 2020-03-31) would fall outside the period 2018-01-01 to 2020-02-28; move or cancel it first',
          );
        });
      spec
        .given([created])
        .when(changeStudyDetailsFromInput({ startsOn: '2018-03-06' }, studyId, now, openWaves))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('period-excludes-open-wave'));
    });

    it('takes a period that still holds every open wave, to the day', () => {
      spec
        .given([created])
        .when(changeStudyDetailsFromInput({ startsOn: '2018-03-05', endsOn: '2020-03-31' }, studyId, now, openWaves))
        .then([{ type: 'StudyDetailsChanged', data: { studyId, startsOn: '2018-03-05', changedAt: now } }]);
    });
  });

  it('refuses to change a study that does not exist', () => {
    spec
      .given([])
      .when(changeStudyDetailsFromInput({ title: 'X' }, studyId, now, []))
      .thenThrows(NotFound, (e) => expect(e.id).toBe(studyId));
  });

  it('names its stream after the study', () => {
    expect(studyStreamName(studyId)).toBe(`study-${studyId}`);
  });
});
