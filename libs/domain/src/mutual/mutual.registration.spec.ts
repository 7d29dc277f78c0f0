import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { NotFound, RuleViolated } from '../shared/domain-error.js';
import { errorsOf } from '../../../../test/support/errors-of.js';
import { correctRegistrationFromInput } from './mutual.commands.js';
import { mutualDecider } from './mutual.decider.js';
import type { MutualEvent } from './mutual.events.js';

const spec = deciderSpecification(mutualDecider);
const now = '2026-11-23T10:00:00.000Z';
const mutualId = '3f1c7a52-8a4e-4d34-9a57-0a4f3c2b1d10';
const registered: MutualEvent = {
  type: 'MutualRegistered',
  data: {
    mutualId,
    name: 'Riverside Community Health CIC',
    serviceAreas: ['health-and-social-care', 'housing'],
    region: 'north-west',
    parentBody: 'Riverside PCT',
    registeredAt: '2026-11-01T09:00:00.000Z',
  },
};
const correct = (body: object) => correctRegistrationFromInput(body, mutualId, now);

describe('correcting a registration', () => {
  it('records only the details that change, with the reason', () => {
    spec
      .given([registered])
      .when(
        correct({
          name: 'Riverside Community Health CIC',
          region: 'north-east',
          legalForm: 'community-interest-company',
          reason: 'Companies House record',
        }),
      )
      .then([
        {
          type: 'RegistrationCorrected',
          data: { mutualId, changes: { region: 'north-east', legalForm: 'community-interest-company' }, reason: 'Companies House record' },
        },
      ]);
  });

  it('clears an optional detail sent as null', () => {
    spec
      .given([registered])
      .when(correct({ parentBody: null, reason: 'The PCT was never its parent' }))
      .then([{ type: 'RegistrationCorrected', data: { mutualId, changes: { parentBody: null }, reason: 'The PCT was never its parent' } }]);
  });

  it('refuses a correction that changes nothing, service areas being a set', () => {
    spec
      .given([registered])
      .when(correct({ serviceAreas: ['housing', 'health-and-social-care'], region: 'north-west', legalForm: null, reason: 'Checked' }))
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('unchanged'));
  });

  it('judges a correction against the details as last corrected', () => {
    const first: MutualEvent = {
      type: 'RegistrationCorrected',
      data: { mutualId, changes: { name: 'Riverside Health', parentBody: null }, reason: 'Renamed' },
    };
    spec
      .given([registered, first])
      .when(correct({ name: 'Riverside Health', parentBody: null, reason: 'Again' }))
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('unchanged'));
    spec
      .given([registered, first])
      .when(correct({ name: 'Riverside Community Health CIC', reason: 'The rename was never registered' }))
      .then([
        {
          type: 'RegistrationCorrected',
          data: { mutualId, changes: { name: 'Riverside Community Health CIC' }, reason: 'The rename was never registered' },
        },
      ]);
  });

  it('reports a mutual that was never registered as not found', () => {
    spec
      .given([])
      .when(correct({ name: 'X', reason: 'y' }))
      .thenThrows(NotFound, (e) => expect([e.entity, e.id]).toEqual(['mutual', mutualId]));
  });

  it('reads the body as the registration reads it, and needs a change and a reason', () => {
    expect(errorsOf(() => correct({ name: ' ', serviceAreas: [], region: 'mars', colour: 'red' }))).toEqual([
      ['colour', 'unknown-field'],
      ['name', 'not-blank'],
      ['serviceAreas', 'min-items'],
      ['region', 'one-of'],
      ['reason', 'required'],
    ]);
    expect(errorsOf(() => correct({ reason: 'Nothing to say' }))).toEqual([['(body)', 'at-least-one']]);
    expect(errorsOf(() => correct({ name: null, serviceAreas: null, reason: 'x' }))).toEqual([
      ['name', 'not-blank'],
      ['serviceAreas', 'min-items'],
    ]);
    expect(correct({ name: 'X', reason: 'Minutes', source: { kind: 'document', reference: 'Board minutes' } }).source).toEqual({
      kind: 'document',
      reference: 'Board minutes',
    });
  });
});
