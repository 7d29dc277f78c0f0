// Facts about one study: the research project that selects mutuals as longitudinal cases.
// Data is plain JSON; stored names and versions live in ./study.registrations.ts.
import type { IsoWeekday } from './reminder-policy.js';

export interface StudyCreated {
  type: 'StudyCreated';
  data: {
    studyId: string;
    title: string;
    /** `YYYY-MM-DD`. */
    startsOn: string;
    /** `YYYY-MM-DD`, never before `startsOn`. */
    endsOn: string;
    aims?: string;
    /** IANA zone the study keeps its fieldwork days in, e.g. `Europe/London`; absent until given. */
    timeZone?: string;
    createdAt: string;
  };
}

/**
 * Carries only the details that changed, so the record shows what was corrected, and why
 * when the one who changed them said. Fields added later (`timeZone`, `reason`) are optional,
 * so every payload stored before them reads as it is.
 */
export interface StudyDetailsChanged {
  type: 'StudyDetailsChanged';
  data: {
    studyId: string;
    title?: string;
    startsOn?: string;
    endsOn?: string;
    aims?: string;
    timeZone?: string;
    reason?: string;
    changedAt: string;
  };
}

/**
 * The study's reminder policy from now on, whole: what is not said is the default's
 * (./reminder-policy.ts), written out so the record shows the policy that was in force.
 */
export interface ReminderPolicyChanged {
  type: 'ReminderPolicyChanged';
  data: {
    studyId: string;
    daysBefore: number[];
    followUpDaysIntoWindow: number | null;
    workingHours: { from: string; to: string };
    workingDays: IsoWeekday[];
    reason?: string;
    changedAt: string;
  };
}

export type StudyEvent = StudyCreated | StudyDetailsChanged | ReminderPolicyChanged;

export const studyStreamName = (studyId: string): string => `study-${studyId}`;
