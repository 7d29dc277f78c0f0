import {
  CASE_STATUS_LABELS,
  EMPLOYEE_BAND_LABELS,
  LEGAL_FORM_LABELS,
  REGION_LABELS,
  SERVICE_AREAS,
  SERVICE_AREA_LABELS,
  STAGE_LABELS,
  TURNOVER_BAND_LABELS,
  vocabulary,
} from '@casebook/domain';
import { defineExportView, scoped } from '../export-view.js';

export const casesView = defineExportView({
  name: 'cases',
  title: 'Cases',
  description: 'Each case of the study: the mutual it follows, why it was selected, and whether it was withdrawn; in the order enrolled',
  columns: [
    { name: 'case_id', type: 'string', label: 'Case id' },
    { name: 'mutual_id', type: 'string', label: 'Mutual id' },
    { name: 'mutual_name', type: 'string', label: 'Mutual name', description: 'As last registered' },
    { name: 'status', type: 'string', label: 'Case status', values: vocabulary(CASE_STATUS_LABELS) },
    {
      name: 'service_areas',
      type: 'string',
      label: 'Service areas at selection',
      description: `Separated by semicolons, each one of: ${SERVICE_AREAS.join(', ')}`,
    },
    {
      name: 'first_service_area',
      type: 'string',
      label: 'First service area at selection',
      values: vocabulary(SERVICE_AREA_LABELS),
    },
    { name: 'stage_of_development', type: 'string', label: 'Stage of development at selection', values: vocabulary(STAGE_LABELS) },
    { name: 'turnover_band', type: 'string', label: 'Turnover band at selection', values: vocabulary(TURNOVER_BAND_LABELS) },
    { name: 'employee_band', type: 'string', label: 'Employee band at selection', values: vocabulary(EMPLOYEE_BAND_LABELS) },
    { name: 'region', type: 'string', label: 'Region at selection', values: vocabulary(REGION_LABELS) },
    { name: 'legal_form', type: 'string', label: 'Legal form at selection', values: vocabulary(LEGAL_FORM_LABELS) },
    { name: 'earlier_case_id', type: 'string', label: "Earlier study's case of the same mutual" },
    { name: 'enrolled_at', type: 'datetime', label: 'Enrolled at' },
    { name: 'withdrawn_on', type: 'date', label: 'Withdrawn on' },
    { name: 'withdrawn_reason', type: 'string', label: 'Why it was withdrawn', freeText: true },
  ],
  source: (scope) => {
    const { params, caseFilter } = scoped(scope);
    return {
      sql: `SELECT c.case_id, c.mutual_id, m.name AS mutual_name, c.status,
                   array_to_string(ARRAY(SELECT jsonb_array_elements_text(c.selection->'serviceAreas')), ';') AS service_areas,
                   c.selection->'serviceAreas'->>0 AS first_service_area,
                   c.selection->>'stageOfDevelopment' AS stage_of_development, c.selection->>'turnoverBand' AS turnover_band,
                   c.selection->>'employeeBand' AS employee_band, c.selection->>'region' AS region, c.selection->>'legalForm' AS legal_form,
                   c.earlier_case_id, c.enrolled_at, c.withdrawn_on::text AS withdrawn_on, c.withdrawn_reason
              FROM read_models.cases c
              LEFT JOIN read_models.mutuals m ON m.id = c.mutual_id
             WHERE c.study_id = $1 ${caseFilter('c.case_id')}
             ORDER BY c.enrolled_at, c.case_id`,
      params,
    };
  },
});
