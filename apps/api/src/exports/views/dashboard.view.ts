import {
  CASE_INTERVIEW_ROLES,
  CASE_STATUS_LABELS,
  type CaseInterviewRole,
  DASHBOARD_PAGE_SIZE,
  type DashboardCursor,
  EMPLOYEE_BAND_LABELS,
  type ExportColumn,
  INTERVIEW_ROLE_LABELS,
  LEGAL_FORM_LABELS,
  MUTUAL_STATUS_LABELS,
  REGION_LABELS,
  SERVICE_AREAS,
  STAGE_LABELS,
  TURNOVER_BAND_LABELS,
  vocabulary,
} from '@casebook/domain';
import { GetStudyDashboard } from '../../studies/study-dashboard/get-study-dashboard.query.js';
import type { DashboardRow } from '../../studies/study-dashboard/study-dashboard.response.dto.js';
import { defineExportView } from '../export-view.js';

/** Column names stay within what every statistics package reads (26 characters). */
const ROLE_COLUMNS: Record<CaseInterviewRole, string> = {
  director: 'interviews_director',
  'trustee-or-board-member': 'interviews_trustee',
  staff: 'interviews_staff',
  'service-user': 'interviews_service_user',
  'commissioner-or-policy-maker': 'interviews_commissioner',
  'trade-union': 'interviews_trade_union',
  'support-provider': 'interviews_support',
};

const count = (name: string, label: string): ExportColumn => ({ name, type: 'integer', label });

/** A dashboard row as the export's cells. */
function cellsOf(row: DashboardRow): Record<string, unknown> {
  return {
    case_id: row.caseId,
    mutual_id: row.mutualId,
    mutual_name: row.mutualName,
    case_status: row.caseStatus,
    service_areas: row.serviceAreas.join(';'),
    region: row.region,
    turnover_band: row.sizeBand.turnoverBand,
    employee_band: row.sizeBand.employeeBand,
    stage_at_selection: row.stageAtSelection,
    stage_of_development: row.stageOfDevelopment,
    years_since_spin_out_min: row.yearsSinceSpinOut?.atLeast,
    years_since_spin_out_max: row.yearsSinceSpinOut?.atMost,
    status: row.status,
    legal_form: row.legalForm,
    active_contracts: row.activeContracts,
    annual_contract_value_gbp: row.annualContractValueGbp,
    next_expiry: row.nextContractEnd?.endsOn,
    next_expiry_commissioner: row.nextContractEnd?.commissioner,
    staff_headcount: row.staffing?.headcount,
    staff_fte: row.staffing?.fte,
    staffing_as_at: row.staffing?.asAt,
    turnover_financial_year: row.turnover?.financialYear,
    turnover_gbp: row.turnover?.amountGbp,
    waves_total: row.waves.total,
    waves_scheduled: row.waves.scheduled,
    waves_in_progress: row.waves.inProgress,
    waves_completed: row.waves.completed,
    waves_skipped: row.waves.skipped,
    waves_cancelled: row.waves.cancelled,
    waves_overdue: row.waves.overdue,
    ...Object.fromEntries(CASE_INTERVIEW_ROLES.map((role) => [ROLE_COLUMNS[role], row.interviewsByRole[role] ?? 0])),
    uncertain_milestones: row.uncertainMilestones,
  };
}

export const dashboardView = defineExportView({
  name: 'dashboard',
  title: 'Study dashboard',
  description:
    "One row per case as the study's dashboard shows it on the day of the export: its selection, its mutual's profile that day, its waves by state and its interviews by role; in the order enrolled",
  columns: [
    { name: 'case_id', type: 'string', label: 'Case id' },
    { name: 'mutual_id', type: 'string', label: 'Mutual id' },
    { name: 'mutual_name', type: 'string', label: 'Mutual name', description: 'As last registered' },
    { name: 'case_status', type: 'string', label: 'Case status', values: vocabulary(CASE_STATUS_LABELS) },
    {
      name: 'service_areas',
      type: 'string',
      label: 'Service areas at selection',
      description: `Separated by semicolons, each one of: ${SERVICE_AREAS.join(', ')}`,
    },
    { name: 'region', type: 'string', label: 'Region at selection', values: vocabulary(REGION_LABELS) },
    { name: 'turnover_band', type: 'string', label: 'Turnover band at selection', values: vocabulary(TURNOVER_BAND_LABELS) },
    { name: 'employee_band', type: 'string', label: 'Employee band at selection', values: vocabulary(EMPLOYEE_BAND_LABELS) },
    { name: 'stage_at_selection', type: 'string', label: 'Stage of development at selection', values: vocabulary(STAGE_LABELS) },
    {
      name: 'stage_of_development',
      type: 'string',
      label: 'Stage of development on the day',
      description: 'From the years since spin-out (early 0-2, developing 3-5, established 6+); empty when the spin-out date leaves it open',
      values: vocabulary(STAGE_LABELS),
    },
    count('years_since_spin_out_min', 'Whole years since spin-out, at least'),
    count('years_since_spin_out_max', 'Whole years since spin-out, at most'),
    { name: 'status', type: 'string', label: 'Status of the mutual on the day', values: vocabulary(MUTUAL_STATUS_LABELS) },
    {
      name: 'legal_form',
      type: 'string',
      label: 'Legal form on the day',
      description: 'The last governance change by the day, else as registered',
      values: vocabulary(LEGAL_FORM_LABELS),
    },
    count('active_contracts', 'Contracts running on the day'),
    { name: 'annual_contract_value_gbp', type: 'number', label: 'Annual value of the contracts running (GBP)' },
    { name: 'next_expiry', type: 'date', label: 'End of the next contract to expire', partialDate: true },
    { name: 'next_expiry_commissioner', type: 'string', label: 'Commissioner of the next contract to expire' },
    count('staff_headcount', 'Latest staff headcount'),
    { name: 'staff_fte', type: 'number', label: 'Latest staff full-time equivalents' },
    { name: 'staffing_as_at', type: 'date', label: 'Date the latest staffing figures describe', partialDate: true },
    { name: 'turnover_financial_year', type: 'string', label: 'Latest financial year of turnover reported (YYYY-YY)' },
    { name: 'turnover_gbp', type: 'number', label: 'Turnover in that year (GBP)' },
    count('waves_total', 'Waves scheduled'),
    count('waves_scheduled', 'Waves not yet begun'),
    count('waves_in_progress', 'Waves in progress'),
    count('waves_completed', 'Waves completed'),
    count('waves_skipped', 'Waves skipped'),
    count('waves_cancelled', 'Waves cancelled'),
    count('waves_overdue', 'Waves open after their window closed'),
    ...CASE_INTERVIEW_ROLES.map((role) => count(ROLE_COLUMNS[role], `Interviews with: ${INTERVIEW_ROLE_LABELS[role]}`)),
    count('uncertain_milestones', 'Milestones left out because their partial dates span the day'),
  ],
  source: ({ studyId, caseId }, { queries }) => ({
    async *rows() {
      let after: DashboardCursor | undefined;
      // Bounded: a study of more cases than this is not one a dashboard shows.
      for (let page = 0; page < 10_000; page++) {
        const { cases, nextCursor } = await queries.execute(new GetStudyDashboard(studyId, DASHBOARD_PAGE_SIZE.max, after));
        for (const row of cases) if (caseId === undefined || row.caseId === caseId) yield cellsOf(row);
        if (!nextCursor) return;
        after = nextCursor;
      }
    },
  }),
});
