// Every request-body example the OpenAPI document shows is one the API accepts: each is sent by
// an administrator to its route, with records of its own for the path and for the ids it names,
// and answered 2xx. Operations and examples are read from the document, so a new route's
// examples are tried the day it is added, and one whose records this spec cannot make fails it.
import type { OpenAPIObject } from '@nestjs/swagger';
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { type DocumentedOperation, RouteFixtures, operationsOf } from './support/route-fixtures.js';

/** All examples share it; one left when it is spent is reported, not skipped. */
const BUDGET_MS = 90_000;

describe('the request-body examples of the OpenAPI document', () => {
  let casebook: Harness;
  let document: OpenAPIObject;
  let fixtures: RouteFixtures;
  let withExamples: DocumentedOperation[];

  beforeAll(async () => {
    casebook = await startCasebook();
    document = (await casebook.request<OpenAPIObject>('GET', '/api/docs-json')).body;
    fixtures = new RouteFixtures(casebook, document);
    withExamples = operationsOf(document).filter((operation) => operation.examples.length > 0);
  });
  afterAll(() => casebook?.close());

  it('shows examples for the routes that take a body', () => {
    expect(withExamples.length).toBeGreaterThanOrEqual(15);
    expect(withExamples.reduce((count, operation) => count + operation.examples.length, 0)).toBeGreaterThanOrEqual(50);
  });

  it(
    'accepts every one of them',
    async () => {
      const deadline = Date.now() + BUDGET_MS;
      const refused: string[] = [];
      let accepted = 0;
      for (const operation of withExamples) {
        for (const example of operation.examples) {
          const name = `${operation.key} (example "${example.name}")`;
          if (Date.now() > deadline) {
            refused.push(`${name}: not tried, the ${BUDGET_MS / 1000} s budget was spent`);
            continue;
          }
          let prepared;
          try {
            prepared = await fixtures.prepare(operation, example.value, example.name);
          } catch (error) {
            refused.push(`${name}: ${(error as Error).message}`);
            continue;
          }
          const response = await casebook.request(operation.method.toUpperCase(), prepared.url, prepared.body);
          if (response.status >= 200 && response.status < 300) accepted += 1;
          else refused.push(`${name} answered ${response.status} to ${JSON.stringify(prepared.body)}: ${JSON.stringify(response.body)}`);
        }
      }
      expect(refused).toEqual([]);
      expect(accepted).toBeGreaterThan(0);
    },
    BUDGET_MS + 30_000,
  );
});
