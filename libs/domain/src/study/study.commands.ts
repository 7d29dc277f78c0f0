// Commands about a study, and how each is read from untrusted input.
import { InputReader } from '../shared/input-reader.js';
import type { StudyCreated, StudyDetailsChanged } from './study.events.js';

export interface CreateStudy {
  type: 'CreateStudy';
  data: Omit<StudyCreated['data'], 'createdAt'>;
  /** ISO instant supplied by the caller's clock. */
  now: string;
}

/** An interview wave of one of the study's cases that is still scheduled or in progress. */
export interface OpenWaveOfStudy {
  caseId: string;
  waveNumber: number;
  opensOn: string;
  closesOn: string;
}

export interface ChangeStudyDetails {
  type: 'ChangeStudyDetails';
  data: Omit<StudyDetailsChanged['data'], 'changedAt'>;
  /**
   * The open waves of the study's cases, which live in the cases' streams; the application
   * reads them so that a new period cannot leave one of them outside it.
   */
  openWaves: OpenWaveOfStudy[];
  now: string;
}

export type StudyCommand = CreateStudy | ChangeStudyDetails;

const TITLE = { maxLength: 200 };
const AIMS = { maxLength: 4000 };
const REASON = { maxLength: 2000 };
// An IANA name (Area/Location, or UTC); offsets such as +01:00 are not zones a study lives in.
const ZONE_NAME = /^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/;

/** An optional IANA time zone, in the spelling the runtime's zone database gives it. */
function optionalTimeZone(body: InputReader, field: string): string | undefined {
  if (!body.has(field)) return undefined;
  const value = body.raw(field);
  if (typeof value === 'string' && ZONE_NAME.test(value)) {
    try {
      return new Intl.DateTimeFormat('en-GB', { timeZone: value }).resolvedOptions().timeZone;
    } catch {
      // Not a zone the runtime knows: refused below like any other bad value.
    }
  }
  body.fail(field, 'time-zone', 'must be an IANA time zone, e.g. Europe/London');
  return undefined;
}

export function createStudyFromInput(input: unknown, studyId: string, now: string): CreateStudy {
  const body = new InputReader(input);
  body.rejectUnknown(['title', 'startsOn', 'endsOn', 'aims', 'timeZone']);
  const title = body.requiredText('title', TITLE);
  const startsOn = body.requiredDay('startsOn');
  const endsOn = body.requiredDay('endsOn');
  if (startsOn && endsOn && endsOn < startsOn) {
    body.fail('endsOn', 'not-before-start', `must not be before startsOn (${startsOn})`);
  }
  const aims = body.optionalText('aims', AIMS);
  const timeZone = optionalTimeZone(body, 'timeZone');
  body.throwIfInvalid();
  return {
    type: 'CreateStudy',
    data: { studyId, title, startsOn, endsOn, ...(aims !== undefined && { aims }), ...(timeZone !== undefined && { timeZone }) },
    now,
  };
}

/**
 * Every detail is optional, but at least one must be given; `reason` says why and is no detail.
 * Dates given together are checked here; a single date is checked against the stored other one
 * by the decider.
 */
export function changeStudyDetailsFromInput(input: unknown, studyId: string, now: string, openWaves: OpenWaveOfStudy[]): ChangeStudyDetails {
  const body = new InputReader(input);
  const fields = ['title', 'startsOn', 'endsOn', 'aims', 'timeZone'] as const;
  body.rejectUnknown([...fields, 'reason']);
  const title = body.optionalText('title', TITLE);
  const startsOn = body.has('startsOn') ? body.requiredDay('startsOn') : undefined;
  const endsOn = body.has('endsOn') ? body.requiredDay('endsOn') : undefined;
  if (startsOn && endsOn && endsOn < startsOn) {
    body.fail('endsOn', 'not-before-start', `must not be before startsOn (${startsOn})`);
  }
  const aims = body.optionalText('aims', AIMS);
  const timeZone = optionalTimeZone(body, 'timeZone');
  const reason = body.optionalText('reason', REASON);
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
      ...(timeZone !== undefined && { timeZone }),
      ...(reason !== undefined && { reason }),
    },
    openWaves,
    now,
  };
}
