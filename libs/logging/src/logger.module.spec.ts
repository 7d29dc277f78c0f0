import { runInNewContext } from 'node:vm';
import { errorFields } from './logger.module.js';

/** A failed query's error as the database driver makes it: with the values it was sent. */
function failedQuery(make: (message: string) => Error): Error {
  return Object.assign(make('invalid input syntax for type uuid: "not-a-uuid"'), {
    name: 'QueryFailedError',
    code: '22P02',
    query: 'INSERT INTO read_models.contacts ...',
    parameters: ['Eleanor Whitfield', 'eleanor.whitfield@example.org'],
  });
}

describe('the error fields a log line shows', () => {
  it.each([
    ['made here', (message: string) => new Error(message)],
    // Errors from another realm (a VM context, as under Jest) are not `instanceof Error` here.
    ['made in another realm', (message: string) => runInNewContext('new Error(message)', { message }) as Error],
  ])('keep type, message, code and stack of an error %s, and none of the values it carries', (_, make) => {
    const fields = errorFields(failedQuery(make)) as Record<string, unknown>;
    expect(fields).toEqual({
      type: expect.stringMatching(/^(Error|QueryFailedError)$/),
      message: 'invalid input syntax for type uuid: "not-a-uuid"',
      code: '22P02',
      stack: expect.stringContaining('invalid input syntax'),
    });
    expect(JSON.stringify(fields)).not.toContain('Eleanor');
  });

  it('names the cause of an error, as far as five levels down', () => {
    const fields = errorFields(new Error('batch failed', { cause: failedQuery((m) => new Error(m)) })) as {
      cause: Record<string, unknown>;
    };
    expect(fields.cause).toMatchObject({ code: '22P02' });
    expect(JSON.stringify(fields)).not.toContain('Eleanor');
  });

  it('leaves what is not an error as it is', () => {
    expect(errorFields('a plain message')).toBe('a plain message');
  });
});
