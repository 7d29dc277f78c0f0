// Query strings of a study's dashboard and of the sector's figures, read like request bodies.
import { day, object, optional, pageCursor, pageSize, withExample } from '../shared/body-fields.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';

export const DASHBOARD_PAGE_SIZE = { default: 50, max: 200 } as const;

/** Where a page of a dashboard ends: the enrolment instant and id of its last case. */
export type DashboardCursor = [enrolledAt: string, caseId: string];

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeDashboardCursor(cursor: DashboardCursor): string {
  return encodeCursor(cursor);
}

function decodeDashboardCursor(text: string): DashboardCursor | undefined {
  const decoded = decodeCursor(text);
  if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
  const [enrolledAt, caseId] = decoded as unknown[];
  if (typeof enrolledAt !== 'string' || !INSTANT.test(enrolledAt) || Number.isNaN(Date.parse(enrolledAt))) return undefined;
  return typeof caseId === 'string' && ID.test(caseId) ? [enrolledAt, caseId] : undefined;
}

/** `GET /api/v1/studies/{id}/dashboard`: a page of cases, in the order they were enrolled. */
export const StudyDashboardQuery = object({
  limit: optional(withExample(pageSize(DASHBOARD_PAGE_SIZE), '50')),
  cursor: optional(pageCursor(decodeDashboardCursor)),
});

/** `GET /api/v1/figures` and `GET /api/v1/studies/{id}/figures`. */
export const SectorFiguresQuery = object({
  trueOn: optional(
    withExample(
      day(
        'The figures at the end of this day, as now believed (today, UTC, when absent). Milestones whose partial dates span the day are not counted, and their number is given',
      ),
      '2019-03-31',
    ),
  ),
});
