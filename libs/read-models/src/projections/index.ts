import { milestoneHistoryProjection } from './milestone-history.projection.js';
import { mutualSummaryProjection } from './mutual-summary.projection.js';
import { mutualTimelineProjection } from './mutual-timeline.projection.js';
import type { Projection } from './projection.js';

/** Every projection the projector maintains, applied in this order within each batch. */
export const READ_MODEL_PROJECTIONS: Projection[] = [mutualSummaryProjection, mutualTimelineProjection, milestoneHistoryProjection];

export * from './projection.js';
export { milestoneHistoryProjection, mutualSummaryProjection, mutualTimelineProjection };
