import { mutualSummaryProjection } from './mutual-summary.projection';
import { mutualTimelineProjection } from './mutual-timeline.projection';
import type { Projection } from './projection';

/** Every projection the projector maintains, applied in this order within each batch. */
export const READ_MODEL_PROJECTIONS: Projection[] = [mutualSummaryProjection, mutualTimelineProjection];

export * from './projection';
export { mutualSummaryProjection, mutualTimelineProjection };
