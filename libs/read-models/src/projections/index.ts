import { milestoneHistoryProjection } from './milestone-history.projection.js';
import { mutualSummaryProjection } from './mutual-summary.projection.js';
import { mutualTimelineProjection } from './mutual-timeline.projection.js';
import type { Projection } from './projection.js';
import { studySummaryProjection } from './study-summary.projection.js';
import { studyHistoryProjection } from './study-history.projection.js';
import { caseSummaryProjection } from './case-summary.projection.js';
import { waveProgressProjection } from './wave-progress.projection.js';
import { interviewRecordProjection } from './interview-record.projection.js';
import { contactsProjection } from './contacts.projection.js';
import { registrationHistoryProjection } from './registration-history.projection.js';
import { accountDirectoryProjection } from './account-directory.projection.js';
import { exportAuditProjection } from './export-audit.projection.js';

/** Every projection the projector maintains, applied in this order within each batch. */
export const READ_MODEL_PROJECTIONS: Projection[] = [
  mutualSummaryProjection,
  mutualTimelineProjection,
  milestoneHistoryProjection,
  registrationHistoryProjection,
  studySummaryProjection,
  studyHistoryProjection,
  caseSummaryProjection,
  waveProgressProjection,
  interviewRecordProjection,
  contactsProjection,
  accountDirectoryProjection,
  exportAuditProjection,
];

export * from './projection.js';
export { milestoneHistoryProjection, mutualSummaryProjection, mutualTimelineProjection, registrationHistoryProjection };
export {
  studySummaryProjection,
  studyHistoryProjection,
  caseSummaryProjection,
  waveProgressProjection,
  interviewRecordProjection,
  contactsProjection,
};
export { accountDirectoryProjection, exportAuditProjection };
export { milestoneDetails } from './milestone-dating.js';
