// Commands about a study, and how each is read from untrusted input.
import { InputReader } from '../shared/input-reader.js';
import type { StudyCreated, StudyDetailsChanged } from './study.events.js';

export interface CreateStudy {
  type: 'CreateStudy';
  data: Omit<StudyCreated['data'], 'createdAt'>;
  /** ISO instant supplied by the caller's clock. */
  now: string;
}

export interface ChangeStudyDetails {
  type: 'ChangeStudyDetails';
  data: Omit<StudyDetailsChanged['data'], 'changedAt'>;
  now: string;
}

export type StudyCommand = CreateStudy | ChangeStudyDetails;

const TITLE = { maxLength: 200 };
const AIMS = { maxLength: 4000 };

export function createStudyFromInput(input: unknown, studyId: string, now: string): CreateStudy {
  const body = new InputReader(input);
  body.rejectUnknown(['title', 'startsOn', 'endsOn', 'aims']);
  const title = body.requiredText('title', TITLE);
  const startsOn = body.requiredDay('startsOn');
  const endsOn = body.requiredDay('endsOn');
  if (startsOn && endsOn && endsOn < startsOn) {
    body.fail('endsOn', 'not-before-start', `must not be before startsOn (${startsOn})`);
  }
  const aims = body.optionalText('aims', AIMS);
  body.throwIfInvalid();
  return {
    type: 'CreateStudy',
    data: { studyId, title, startsOn, endsOn, ...(aims !== undefined && { aims }) },
    now,
  };
}

/**
 * Every field is optional, but at least one must be given. Dates given together are checked
 * here; a single date is checked against the stored other one by the decider.
 */
export function changeStudyDetailsFromInput(input: unknown, studyId: string, now: string): ChangeStudyDetails {
  const body = new InputReader(input);
  const fields = ['title', 'startsOn', 'endsOn', 'aims'] as const;
  body.rejectUnknown(fields);
  const title = body.optionalText('title', TITLE);
  const startsOn = body.has('startsOn') ? body.requiredDay('startsOn') : undefined;
  const endsOn = body.has('endsOn') ? body.requiredDay('endsOn') : undefined;
  if (startsOn && endsOn && endsOn < startsOn) {
    body.fail('endsOn', 'not-before-start', `must not be before startsOn (${startsOn})`);
  }
  const aims = body.optionalText('aims', AIMS);
  if (!fields.some((field) => body.has(field))) {
    body.fail('', 'at-least-one-field', `must change at least one of: ${fields.join(', ')}`);
  }
  body.throwIfInvalid();
  return {
    type: 'ChangeStudyDetails',
    data: {
      studyId,
      ...(title !== undefined && { title }),
      ...(startsOn !== undefined && { startsOn }),
      ...(endsOn !== undefined && { endsOn }),
      ...(aims !== undefined && { aims }),
    },
    now,
  };
}
