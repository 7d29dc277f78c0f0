// Demo data: a realistic (fictional) study of twelve Public Service Mutuals, loaded through the
// API like any client would: `npm run demo` against a running Casebook (see README).
export const STUDY = {
  title: 'Public Service Mutuals Research',
  startsOn: '2018-01-08',
  endsOn: '2020-03-31',
  aims: 'How staff- and community-owned spin-outs from the public sector develop, govern themselves and keep their contracts over their first decade.',
};

const M = (name, serviceAreas, region, legalForm, parentBody, spunOut, extra) => ({
  name,
  serviceAreas,
  region,
  legalForm,
  parentBody,
  spunOut,
  ...extra,
});

export const MUTUALS = [
  M(
    'Riverside Community Health CIC',
    ['health-and-social-care'],
    'north-west',
    'community-interest-company',
    'Riverside Primary Care Trust',
    '2011-04',
    { turnover: '5m-20m', employees: '250-999' },
  ),
  M('Northgate Leisure Trust', ['sports-and-leisure'], 'north-east', 'community-benefit-society', 'Northgate Borough Council', '2014', {
    turnover: '5m-20m',
    employees: '250-999',
  }),
  M(
    'Eastfield Libraries and Culture',
    ['culture-media-and-libraries'],
    'east-of-england',
    'charitable-incorporated-organisation',
    'Eastfield County Council',
    '2016-10',
    { turnover: '1m-5m', employees: '50-249' },
  ),
  M(
    'Harbourside Youth Services',
    ['education-youth-and-children'],
    'south-west',
    'company-limited-by-guarantee',
    'Harbourside City Council',
    '2013-07',
    { turnover: '1m-5m', employees: '50-249' },
  ),
  M(
    'Pennine Care Co-operative',
    ['health-and-social-care'],
    'yorkshire-and-the-humber',
    'co-operative-society',
    'Pennine Metropolitan Council',
    '2012-06',
    { turnover: '5m-20m', employees: '250-999' },
  ),
  M(
    'Skills for Life Mutual',
    ['employment-and-skills'],
    'west-midlands',
    'community-interest-company',
    'Midlands Skills Agency',
    '2015-04',
    { turnover: 'under-1m', employees: 'under-50' },
  ),
  M('Greenway Housing Partnership', ['housing'], 'london', 'community-benefit-society', 'London Borough of Greenway', '2010-11', {
    turnover: 'over-20m',
    employees: '250-999',
  }),
  M(
    'Valley Therapies Social Enterprise',
    ['health-and-social-care'],
    'wales',
    'community-interest-company',
    'Valley University Health Board',
    '2017-01',
    { turnover: '1m-5m', employees: '50-249' },
  ),
  M(
    'Castlegate Adult Learning',
    ['employment-and-skills', 'education-youth-and-children'],
    'east-midlands',
    'company-limited-by-guarantee',
    'Castlegate City Council',
    '2014-09',
    { turnover: '1m-5m', employees: '50-249' },
  ),
  M('Shoreline Active', ['sports-and-leisure', 'health-and-social-care'], 'south-east', 'charity', 'Shoreline District Council', '2012', {
    turnover: '5m-20m',
    employees: '250-999',
  }),
  M(
    'Glen Community Care',
    ['health-and-social-care'],
    'scotland',
    'company-limited-by-guarantee',
    'Glen Health and Social Care Partnership',
    '2016-04',
    { turnover: '1m-5m', employees: '50-249' },
  ),
  M(
    'Loughside Children and Families',
    ['education-youth-and-children'],
    'northern-ireland',
    'community-interest-company',
    'Loughside Health and Social Care Trust',
    '2015-10',
    { turnover: '1m-5m', employees: '50-249' },
  ),
];

const CONTACT_NAMES = [
  'Alex Morgan',
  'Priya Shah',
  'Sam Patel',
  'Jo Reid',
  'Morgan Ellis',
  'Chris Okafor',
  'Dana Hughes',
  'Lee Wong',
  'Robin Evans',
  'Kim Fraser',
  'Jamie Doyle',
  'Taylor Brooks',
];

export function stageOf(spunOut) {
  const years = 2018 - Number(spunOut.slice(0, 4));
  return years <= 2 ? 'early' : years <= 5 ? 'developing' : 'established';
}

export function contactFor(index) {
  const name = CONTACT_NAMES[index % CONTACT_NAMES.length];
  return { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.org` };
}
