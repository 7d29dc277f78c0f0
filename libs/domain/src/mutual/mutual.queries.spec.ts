import { MutualRegistryQuery, encodeRegistryCursor } from './mutual.queries.js';
import { readBody } from '../shared/read-body.js';
import { errorsOf } from '../../../../test/support/errors-of.js';

describe('reading the query strings of the read routes', () => {
  it('reads the registry filters, page size and cursor', () => {
    const cursor = encodeRegistryCursor(['Riverside Community Health CIC', '3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f']);
    expect(readBody(MutualRegistryQuery, { region: 'london', name: ' river ', limit: '50', cursor })).toEqual({
      region: 'london',
      name: 'river',
      limit: 50,
      cursor: ['Riverside Community Health CIC', '3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f'],
    });
  });

  it('keeps names outside ASCII in a cursor', () => {
    const cursor = encodeRegistryCursor(['Ysgol Gymraeg Gŵyr — مؤسسة', '3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f']);
    expect(readBody(MutualRegistryQuery, { cursor }).cursor).toEqual([
      'Ysgol Gymraeg Gŵyr — مؤسسة',
      '3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    ]);
  });

  it('names every bad registry parameter at once', () => {
    expect(
      errorsOf(() => readBody(MutualRegistryQuery, { region: ['london', 'wales'], limit: '101', cursor: 'not-ours', page: '2' })),
    ).toEqual([
      ['page', 'unknown-field'],
      ['region', 'one-of'],
      ['limit', 'page-size'],
      ['cursor', 'cursor'],
    ]);
    for (const limit of ['0', '1.5', '-1', '12345', 'ten'])
      expect(errorsOf(() => readBody(MutualRegistryQuery, { limit }))).toEqual([['limit', 'page-size']]);
  });
});
