// Commands about a case as a whole, and how each is read from untrusted input. Wave and
// contact commands sit beside this file; all of them are decided by ./case.decider.ts.
import { InputReader } from '../shared/input-reader.js';
import { LEGAL_FORMS, REGIONS, SERVICE_AREAS } from '../mutual/mutual.vocabulary.js';
import type { CaseEnrolled, CaseLinkedToEarlierCase, CaseSelection, CaseWithdrawn } from './case.events.js';
import { outcomeDay, requiredId } from './case.input.js';
import { EMPLOYEE_BANDS, STAGES_OF_DEVELOPMENT, TURNOVER_BANDS } from './case.vocabulary.js';
import type { ContactCommand } from './contact.commands.js';
import type { WaveCommand } from './wave.commands.js';

/**
 * The application checks that the study and the mutual exist (it reads their streams) before
 * it runs this; the case decider only knows the case's own history.
 */
export interface EnrolCase {
  type: 'EnrolCase';
  data: Omit<CaseEnrolled['data'], 'enrolledAt'>;
  /** ISO instant supplied by the caller's clock. */
  now: string;
}

/** The application checks that the earlier case exists and belongs to `earlierStudyId`. */
export interface LinkRevisitedCase {
  type: 'LinkRevisitedCase';
  data: CaseLinkedToEarlierCase['data'];
  now: string;
}

export interface WithdrawCase {
  type: 'WithdrawCase';
  data: Omit<CaseWithdrawn['data'], 'withdrawnAt'>;
  now: string;
}

export type CaseCommand = EnrolCase | LinkRevisitedCase | WithdrawCase | WaveCommand | ContactCommand;

export function enrolCaseFromInput(input: unknown, ids: { caseId: string; studyId: string }, now: string): EnrolCase {
  const body = new InputReader(input);
  body.rejectUnknown(['mutualId', 'selection']);
  const mutualId = requiredId(body, 'mutualId');
  const selectionInput = body.nested('selection', true);
  let selection: CaseSelection | undefined;
  if (selectionInput) {
    selectionInput.rejectUnknown(['serviceAreas', 'stageOfDevelopment', 'turnoverBand', 'employeeBand', 'region', 'legalForm']);
    const serviceAreas = selectionInput.requiredSetOf('serviceAreas', SERVICE_AREAS);
    const stageOfDevelopment = selectionInput.requiredOneOf('stageOfDevelopment', STAGES_OF_DEVELOPMENT);
    // Either size band may be unknown; an absent one stays absent rather than defaulting.
    const turnoverBand = selectionInput.optionalOneOf('turnoverBand', TURNOVER_BANDS);
    const employeeBand = selectionInput.optionalOneOf('employeeBand', EMPLOYEE_BANDS);
    selection = {
      serviceAreas,
      stageOfDevelopment,
      ...(turnoverBand !== undefined && { turnoverBand }),
      ...(employeeBand !== undefined && { employeeBand }),
      region: selectionInput.requiredOneOf('region', REGIONS),
      legalForm: selectionInput.requiredOneOf('legalForm', LEGAL_FORMS),
    };
    body.adopt(selectionInput);
  }
  body.throwIfInvalid();
  return { type: 'EnrolCase', data: { ...ids, mutualId, selection: selection! }, now };
}

export function linkRevisitedCaseFromInput(input: unknown, ids: { caseId: string }, now: string): LinkRevisitedCase {
  const body = new InputReader(input);
  body.rejectUnknown(['earlierCaseId', 'earlierStudyId', 'note']);
  const earlierCaseId = requiredId(body, 'earlierCaseId');
  const earlierStudyId = requiredId(body, 'earlierStudyId');
  const note = body.optionalText('note', { maxLength: 4000 });
  body.throwIfInvalid();
  return {
    type: 'LinkRevisitedCase',
    data: { ...ids, earlierCaseId, earlierStudyId, ...(note !== undefined && { note }) },
    now,
  };
}

export function withdrawCaseFromInput(input: unknown, ids: { caseId: string }, now: string): WithdrawCase {
  const body = new InputReader(input);
  body.rejectUnknown(['reason', 'occurredOn']);
  const reason = body.requiredText('reason', { maxLength: 2000 });
  const occurredOn = outcomeDay(body, now);
  body.throwIfInvalid();
  return { type: 'WithdrawCase', data: { ...ids, reason, occurredOn }, now };
}
