import { HttpStatus } from '@nestjs/common';
import { problemFor } from './problem-details.filter.js';

describe('problem details for failures of a store', () => {
  it.each([
    ['a connection lost mid-query', Object.assign(new Error('Connection terminated unexpectedly'), {})],
    ['a pool that cannot connect', new Error('timeout exceeded when trying to connect')],
    [
      'an administrator shutting PostgreSQL down',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['PostgreSQL starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a connection failure', Object.assign(new Error('could not connect'), { code: '08006' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['EventStoreDB unavailable', Object.assign(new Error('14 UNAVAILABLE'), { type: 'unavailable' })],
  ])('answers %s with 503, saying nothing was recorded', (_what, error) => {
    const problem = problemFor(error);
    expect(problem.status).toBe(HttpStatus.SERVICE_UNAVAILABLE);
    expect(problem.detail).toContain('nothing was recorded');
  });

  it('keeps 500 for a fault of the server itself', () => {
    expect(problemFor(new TypeError("Cannot read properties of undefined (reading 'id')")).status).toBe(HttpStatus.INTERNAL_SERVER_ERROR);
    expect(problemFor(Object.assign(new Error('duplicate key'), { code: '23505' })).status).toBe(HttpStatus.INTERNAL_SERVER_ERROR);
  });
});
