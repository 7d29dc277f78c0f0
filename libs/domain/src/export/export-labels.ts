// Human labels of the controlled vocabularies, for codebooks and the value labels of R, SPSS and
// Stata. Each map is typed by its vocabulary, so a value added to one without a label fails to
// compile rather than reaching a researcher's data set unlabelled.
import type { MilestoneType } from '../mutual/mutual.commands.js';
import type { MutualStatus } from '../mutual/mutual.profile.js';
import type { FundingType, LegalForm, OwnershipModel, Region, ServiceArea } from '../mutual/mutual.vocabulary.js';
import type {
  CaseInterviewRole,
  EmployeeBand,
  InterviewConsent,
  StageOfDevelopment,
  TurnoverBand,
  WaveStatus,
} from '../case/case.vocabulary.js';

export const SERVICE_AREA_LABELS: Record<ServiceArea, string> = {
  'health-and-social-care': 'Health and social care',
  'education-youth-and-children': 'Education, youth and children',
  'culture-media-and-libraries': 'Culture, media and libraries',
  'employment-and-skills': 'Employment and skills',
  housing: 'Housing',
  'sports-and-leisure': 'Sports and leisure',
  other: 'Other',
};

export const REGION_LABELS: Record<Region, string> = {
  'north-east': 'North East',
  'north-west': 'North West',
  'yorkshire-and-the-humber': 'Yorkshire and the Humber',
  'east-midlands': 'East Midlands',
  'west-midlands': 'West Midlands',
  'east-of-england': 'East of England',
  london: 'London',
  'south-east': 'South East',
  'south-west': 'South West',
  wales: 'Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

export const LEGAL_FORM_LABELS: Record<LegalForm, string> = {
  'community-interest-company': 'Community interest company',
  'community-benefit-society': 'Community benefit society',
  'co-operative-society': 'Co-operative society',
  'company-limited-by-guarantee': 'Company limited by guarantee',
  'company-limited-by-shares': 'Company limited by shares',
  'charitable-incorporated-organisation': 'Charitable incorporated organisation',
  charity: 'Charity',
  'limited-liability-partnership': 'Limited liability partnership',
  other: 'Other',
};

export const OWNERSHIP_MODEL_LABELS: Record<OwnershipModel, string> = {
  employee: 'Employee-owned',
  community: 'Community-owned',
  'multi-stakeholder': 'Multi-stakeholder',
  'public-body-share': 'Public body holds a share',
  other: 'Other',
};

export const FUNDING_TYPE_LABELS: Record<FundingType, string> = {
  grant: 'Grant',
  loan: 'Loan',
  'social-investment': 'Social investment',
  equity: 'Equity',
  other: 'Other',
};

export const INTERVIEW_ROLE_LABELS: Record<CaseInterviewRole, string> = {
  director: 'Director',
  'trustee-or-board-member': 'Trustee or board member',
  staff: 'Staff',
  'service-user': 'Service user',
  'commissioner-or-policy-maker': 'Commissioner or policy maker',
  'trade-union': 'Trade union',
  'support-provider': 'Support provider',
};

export const STAGE_LABELS: Record<StageOfDevelopment, string> = {
  'pre-spin-out': 'Pre spin-out',
  early: 'Early (0-2 years)',
  developing: 'Developing (3-5 years)',
  established: 'Established (6+ years)',
};

export const TURNOVER_BAND_LABELS: Record<TurnoverBand, string> = {
  'under-1m': 'Under £1m',
  '1m-5m': '£1m to £5m',
  '5m-20m': '£5m to £20m',
  'over-20m': 'Over £20m',
};

export const EMPLOYEE_BAND_LABELS: Record<EmployeeBand, string> = {
  'under-50': 'Under 50',
  '50-249': '50 to 249',
  '250-999': '250 to 999',
  '1000-plus': '1,000 or more',
};

export const WAVE_STATUS_LABELS: Record<WaveStatus, string> = {
  scheduled: 'Scheduled',
  'in-progress': 'In progress',
  completed: 'Completed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
  'signed-off': 'Signed off',
};

export const INTERVIEW_CONSENT_LABELS: Record<InterviewConsent, string> = {
  given: 'Consent given',
  withdrawn: 'Consent withdrawn',
  'not-recorded': 'Not recorded',
};

export const CASE_STATUS_LABELS: Record<'active' | 'withdrawn', string> = {
  active: 'Active',
  withdrawn: 'Withdrawn',
};

export const MUTUAL_STATUS_LABELS: Record<MutualStatus, string> = {
  'pre-spin-out': 'Not yet spun out',
  active: 'Active',
  merged: 'Merged',
  acquired: 'Acquired',
  dissolved: 'Dissolved',
};

export const MILESTONE_TYPE_LABELS: Record<MilestoneType, string> = {
  'spun-out': 'Spun out of the public sector',
  'contract-awarded': 'Contract awarded',
  'contract-renewed': 'Contract renewed',
  'contract-extended': 'Contract extended',
  'contract-lost': 'Contract lost',
  'contract-ended': 'Contract ended',
  'governance-changed': 'Governance changed',
  'funding-secured': 'Funding secured',
  'staffing-reported': 'Staffing reported',
  'turnover-reported': 'Turnover reported',
  'service-launched': 'Service launched',
  'service-closed': 'Service closed',
  merged: 'Merged',
  acquired: 'Acquired',
  dissolved: 'Dissolved',
  'award-received': 'Award received',
  observation: 'Observation',
};

export const DATE_PRECISION_LABELS: Record<'year' | 'month' | 'day', string> = {
  year: 'Known to the year',
  month: 'Known to the month',
  day: 'Known to the day',
};
