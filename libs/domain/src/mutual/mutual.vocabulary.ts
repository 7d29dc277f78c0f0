// Controlled vocabularies used by the research team; kebab-case values are what the API
// accepts and what events store, so renaming one is a schema change.

export const SERVICE_AREAS = [
  'health-and-social-care',
  'education-youth-and-children',
  'culture-media-and-libraries',
  'employment-and-skills',
  'housing',
  'sports-and-leisure',
  'other',
] as const;
export type ServiceArea = (typeof SERVICE_AREAS)[number];

/** The nine English regions (ITL1) and the three devolved nations. */
export const REGIONS = [
  'north-east',
  'north-west',
  'yorkshire-and-the-humber',
  'east-midlands',
  'west-midlands',
  'east-of-england',
  'london',
  'south-east',
  'south-west',
  'wales',
  'scotland',
  'northern-ireland',
] as const;
export type Region = (typeof REGIONS)[number];

export const LEGAL_FORMS = [
  'community-interest-company',
  'community-benefit-society',
  'co-operative-society',
  'company-limited-by-guarantee',
  'company-limited-by-shares',
  'charitable-incorporated-organisation',
  'charity',
  'limited-liability-partnership',
  'other',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/** Who owns the mutual, as the team classifies it when governance changes. */
export const OWNERSHIP_MODELS = ['employee', 'community', 'multi-stakeholder', 'public-body-share', 'other'] as const;
export type OwnershipModel = (typeof OWNERSHIP_MODELS)[number];

export const FUNDING_TYPES = ['grant', 'loan', 'social-investment', 'equity', 'other'] as const;
export type FundingType = (typeof FUNDING_TYPES)[number];
