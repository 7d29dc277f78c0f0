import {
  FUNDING_TYPE_LABELS,
  LEGAL_FORM_LABELS,
  MILESTONE_TYPE_LABELS,
  OWNERSHIP_MODEL_LABELS,
  SERVICE_AREA_LABELS,
  vocabulary,
} from '@casebook/domain';
import { defineExportView, scoped } from '../export-view.js';

/** Facts several kinds of milestone share, each a column of its own; every fact is in details_json too. */
const DETAIL_COLUMNS = {
  commissioner: 'commissioner',
  contract_name: 'contractName',
  starts_on: 'startsOn',
  ends_on: 'endsOn',
  annual_value_gbp: 'annualValueGbp',
  funder: 'funder',
  amount_gbp: 'amountGbp',
  funding_type: 'fundingType',
  service_name: 'serviceName',
  service_area: 'serviceArea',
  headcount: 'headcount',
  fte: 'fte',
  financial_year: 'financialYear',
  legal_form: 'legalForm',
  ownership_model: 'ownershipModel',
  member_count: 'memberCount',
  parent_body: 'parentBody',
  notes: 'notes',
} as const;

const detail = (column: keyof typeof DETAIL_COLUMNS) => `t.details->>'${DETAIL_COLUMNS[column]}' AS ${column}`;

export const milestonesView = defineExportView({
  name: 'milestones',
  title: 'Milestones',
  description:
    "Every milestone of the study's cases as now believed: corrections applied, retractions left out; one row per milestone and case, in the order they happened",
  columns: [
    { name: 'milestone_id', type: 'string', label: 'Milestone id' },
    { name: 'case_id', type: 'string', label: 'Case id' },
    { name: 'mutual_id', type: 'string', label: 'Mutual id' },
    { name: 'mutual_name', type: 'string', label: 'Mutual name', description: 'As last registered' },
    { name: 'type', type: 'string', label: 'Milestone type', values: vocabulary(MILESTONE_TYPE_LABELS) },
    { name: 'occurred_on', type: 'date', label: 'When it happened', partialDate: true },
    {
      name: 'occurred_on_last_day',
      type: 'date',
      label: 'Last day it could have happened',
      description: 'The last day occurred_on could denote',
    },
    { name: 'recorded_at', type: 'datetime', label: 'Recorded at' },
    { name: 'recorded_by', type: 'string', label: 'Recorded by (account id)' },
    { name: 'corrected', type: 'boolean', label: 'Corrected since recorded' },
    { name: 'corrected_at', type: 'datetime', label: 'Last corrected at' },
    { name: 'corrected_by', type: 'string', label: 'Last corrected by (account id)' },
    { name: 'correction_reason', type: 'string', label: 'Why it was last corrected', freeText: true },
    { name: 'commissioner', type: 'string', label: 'Commissioning body', description: 'Contract milestones' },
    { name: 'contract_name', type: 'string', label: 'Contract or service name', description: 'Contract milestones' },
    { name: 'starts_on', type: 'date', label: 'Start of the contract term', partialDate: true },
    {
      name: 'ends_on',
      type: 'date',
      label: 'End of the contract term or delivery',
      description: 'A lost or ended contract without an end of delivery ends when it was lost or ended',
      partialDate: true,
    },
    { name: 'annual_value_gbp', type: 'number', label: 'Annual contract value (GBP)' },
    { name: 'funder', type: 'string', label: 'Funder', description: 'Funding secured' },
    { name: 'amount_gbp', type: 'number', label: 'Amount (GBP)', description: 'Funding secured, turnover reported' },
    { name: 'funding_type', type: 'string', label: 'Funding type', values: vocabulary(FUNDING_TYPE_LABELS) },
    { name: 'service_name', type: 'string', label: 'Service name', description: 'Service launched or closed' },
    { name: 'service_area', type: 'string', label: 'Service area of the service', values: vocabulary(SERVICE_AREA_LABELS) },
    { name: 'headcount', type: 'integer', label: 'Headcount', description: 'Staffing reported' },
    { name: 'fte', type: 'number', label: 'Full-time equivalents', description: 'Staffing reported' },
    { name: 'financial_year', type: 'string', label: 'Financial year', description: 'Turnover reported, e.g. 2018-19' },
    { name: 'legal_form', type: 'string', label: 'Legal form after the change', values: vocabulary(LEGAL_FORM_LABELS) },
    { name: 'ownership_model', type: 'string', label: 'Ownership model after the change', values: vocabulary(OWNERSHIP_MODEL_LABELS) },
    { name: 'member_count', type: 'integer', label: 'Members', description: 'Governance changed' },
    { name: 'parent_body', type: 'string', label: 'Public body it left', description: 'Spun out' },
    { name: 'notes', type: 'string', label: 'Notes', freeText: true },
    {
      name: 'details_json',
      type: 'string',
      label: 'Every fact of the milestone (JSON)',
      description:
        "The milestone's own facts as a JSON object, as the timeline's details: the fields of its type in the milestone catalogue. Holds free text (notes, reasons, observations)",
      freeText: true,
    },
  ],
  source: (scope) => {
    const { params, caseFilter } = scoped(scope);
    return {
      sql: `SELECT t.milestone_id, c.case_id, t.mutual_id, m.name AS mutual_name, t.type, t.occurred_on, t.last_day AS occurred_on_last_day,
                   t.recorded_at, t.recorded_by, t.corrected_at IS NOT NULL AS corrected, t.corrected_at, t.corrected_by, t.correction_reason,
                   ${(Object.keys(DETAIL_COLUMNS) as (keyof typeof DETAIL_COLUMNS)[]).map(detail).join(', ')},
                   t.details::text AS details_json
              FROM read_models.mutual_timeline t
              JOIN read_models.cases c ON c.mutual_id = t.mutual_id AND c.study_id = $1 ${caseFilter('c.case_id')}
              LEFT JOIN read_models.mutuals m ON m.id = t.mutual_id
             ORDER BY t.sort_key, t.mutual_id, t.stream_revision, t.milestone_id, c.case_id`,
      params,
    };
  },
});
