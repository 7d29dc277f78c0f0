// Controlled vocabularies of the case studies. Values are stored in events, so renaming one is
// a schema change, not a refactoring.

/** The people a team interviews in each wave, and the roles its contacts hold. */
export const CASE_INTERVIEW_ROLES = [
  'director',
  'trustee-or-board-member',
  'staff',
  'service-user',
  'commissioner-or-policy-maker',
  'trade-union',
  'support-provider',
] as const;
export type CaseInterviewRole = (typeof CASE_INTERVIEW_ROLES)[number];

/** Whole years since leaving the public sector: early 0-2, developing 3-5, established 6+. */
export const STAGES_OF_DEVELOPMENT = ['pre-spin-out', 'early', 'developing', 'established'] as const;
export type StageOfDevelopment = (typeof STAGES_OF_DEVELOPMENT)[number];

/** Annual turnover in pounds. */
export const TURNOVER_BANDS = ['under-1m', '1m-5m', '5m-20m', 'over-20m'] as const;
export type TurnoverBand = (typeof TURNOVER_BANDS)[number];

export const EMPLOYEE_BANDS = ['under-50', '50-249', '250-999', '1000-plus'] as const;
export type EmployeeBand = (typeof EMPLOYEE_BANDS)[number];

/** scheduled -> in-progress -> completed | skipped | cancelled; completed | skipped -> signed-off. */
export const WAVE_STATUSES = ['scheduled', 'in-progress', 'completed', 'skipped', 'cancelled', 'signed-off'] as const;
export type WaveStatus = (typeof WAVE_STATUSES)[number];

/** What the interviewee agreed to about this interview's use in the research. */
export const INTERVIEW_CONSENTS = ['given', 'withdrawn', 'not-recorded'] as const;
export type InterviewConsent = (typeof INTERVIEW_CONSENTS)[number];

/**
 * Who asked for a contact's erasure. A closed list rather than free text: the erasure record
 * outlives the person's details, so it must not be able to hold a name.
 */
export const ERASURE_REQUESTERS = ['contact', 'research-team', 'mutual'] as const;
export type ErasureRequester = (typeof ERASURE_REQUESTERS)[number];

/** The stage a mutual is at, given whole years since it spun out (undefined: not yet). */
export function stageOfDevelopmentAfter(wholeYearsSinceSpinOut: number | undefined): StageOfDevelopment {
  if (wholeYearsSinceSpinOut === undefined || wholeYearsSinceSpinOut < 0) return 'pre-spin-out';
  if (wholeYearsSinceSpinOut <= 2) return 'early';
  if (wholeYearsSinceSpinOut <= 5) return 'developing';
  return 'established';
}
