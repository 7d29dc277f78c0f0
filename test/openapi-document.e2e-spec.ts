// The published OpenAPI document is the contract clients generate code from: it validates as
// OpenAPI, names every operation once and readably, describes every error as the problem+json
// the API really writes, and states the token format and body limits the API enforces.
import { execFile } from 'node:child_process';
import type { OpenAPIObject, SchemaObject, SecuritySchemeObject } from '@nestjs/swagger';
import { BODY_LIMIT_BYTES, MAX_BODY_DEPTH } from '../apps/api/src/http/json-body.js';
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { WRITE_METHODS, headerOf, isReference, operationsOf, parametersOf, responsesOf } from './support/route-fixtures.js';

const PROBLEM_REF = '#/components/schemas/Problem';
const isHealthCheck = (path: string) => /^\/health(\/|$)/.test(path);

/**
 * Runs @apidevtools/swagger-parser's `validate` in a Node process of its own: the validator
 * loads an ES-only dependency through require(), which Node does and Jest's module runtime
 * does not. Resolves to the validator's errors, empty when the document is valid.
 */
function validateOpenApi(document: unknown): Promise<string> {
  const script = `
    import SwaggerParser from '@apidevtools/swagger-parser';
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    try { await SwaggerParser.validate(JSON.parse(text)); } catch (error) { process.stdout.write(String(error?.message ?? error)); }`;
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
    child.stdin!.end(JSON.stringify(document));
  });
}

describe('the OpenAPI document', () => {
  let casebook: Harness;
  let document: OpenAPIObject;

  beforeAll(async () => {
    casebook = await startCasebook();
    const served = await casebook.request<OpenAPIObject>('GET', '/api/docs-json', undefined, { authorization: '' });
    expect(served.status).toBe(200);
    document = served.body;
  });
  afterAll(() => casebook?.close());

  const problemSchema = () => document.components?.schemas?.Problem as SchemaObject;

  it('validates as OpenAPI with a standard validator', async () => {
    // The validator gets a copy (it dereferences in place); the document under test stays as served.
    expect(await validateOpenApi(structuredClone(document))).toBe('');
  });

  it('names every operation once, readably', () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(40);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => id === undefined || !/^[a-z][a-zA-Z]+$/.test(id) || /Controller|Writes|Reads/.test(id))).toEqual([]);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    const idOf = (key: string) => operations.find((listed) => listed.key === key)?.operation.operationId;
    expect(idOf('POST /api/v1/mutuals/{mutualId}/milestones')).toBe('recordMilestone');
    expect(idOf('GET /api/v1/mutuals')).toBe('listMutuals');
    expect(idOf('GET /api/v1/studies/{studyId}')).toBe('getStudy');
    expect(idOf('POST /api/v1/cases/{caseId}/waves/{waveId}/completion')).toBe('completeWave');
    expect(idOf('POST /api/v1/accounts/{accountId}/tokens')).toBe('issueToken');
  });

  it('describes every error of every operation as application/problem+json with the Problem schema', () => {
    expect(problemSchema()).toBeDefined();
    const faults: string[] = [];
    for (const { key, path, operation } of operationsOf(document)) {
      for (const [status, response] of responsesOf(operation)) {
        if (Number(status) < 400) continue;
        if (!response.description) faults.push(`${key} ${status}: no description`);
        const content = response.content ?? {};
        // The one error answer that is not a problem: monitors read the health report.
        if (isHealthCheck(path) && status === '503') {
          const report = content['application/json']?.schema;
          if (!report || isReference(report) || !report.properties?.details) faults.push(`${key} 503: not the health report`);
          continue;
        }
        const schema = content['application/problem+json']?.schema;
        if (Object.keys(content).length !== 1 || !schema || !isReference(schema) || schema.$ref !== PROBLEM_REF) {
          faults.push(`${key} ${status}: ${JSON.stringify(content)}`);
        }
      }
    }
    expect(faults).toEqual([]);
  });

  it('lists on every operation the error statuses its kind of route can give', () => {
    const missing: string[] = [];
    for (const { key, method, path, operation } of operationsOf(document)) {
      const write = (WRITE_METHODS as readonly string[]).includes(method);
      const authenticated = (operation.security ?? []).some((requirement) => Object.keys(requirement).length > 0);
      const inPath = /\{[^}]+\}/.test(path);
      const expected = [
        ...(write || operation.requestBody || inPath || parametersOf(operation, 'query').length > 0 ? ['400'] : []),
        ...(authenticated ? ['401', '403', '429'] : []),
        ...(inPath ? ['404'] : []),
        ...(write ? ['409', '413', '415'] : []),
        ...(headerOf(operation, 'Idempotency-Key') ? ['422'] : []),
        '500',
        '503',
      ];
      const absent = expected.filter((status) => !(status in operation.responses));
      if (absent.length > 0) missing.push(`${key}: ${absent.join(', ')}`);
    }
    expect(missing).toEqual([]);
    // Every route but the health checks needs a token; a calendar feed's address and an
    // unsubscribe link are their own credentials.
    const open = operationsOf(document).filter(({ operation }) => !(operation.security ?? []).length);
    expect(open.filter(({ path }) => !isHealthCheck(path)).map(({ key }) => key)).toEqual([
      'GET /calendar/{token}.ics',
      'GET /unsubscribe/{token}',
      'POST /unsubscribe/{token}',
    ]);
  });

  it('documents the write headers on the routes that declare them', () => {
    const faults: string[] = [];
    for (const { key, operation } of operationsOf(document)) {
      const success = responsesOf(operation).filter(([status]) => status.startsWith('2'));
      if (headerOf(operation, 'If-Match')) {
        for (const [status, response] of success)
          if (!response.headers?.ETag) faults.push(`${key} ${status}: If-Match without an ETag answer`);
      }
      const idempotencyKey = headerOf(operation, 'Idempotency-Key');
      if (idempotencyKey) {
        const schema = idempotencyKey.schema;
        if (!schema || isReference(schema) || schema.maxLength !== 255) faults.push(`${key}: Idempotency-Key without its length`);
        for (const [status, response] of success)
          if (!response.headers?.['Idempotent-Replayed']) faults.push(`${key} ${status}: no Idempotent-Replayed`);
      }
    }
    expect(faults).toEqual([]);
  });

  it('says nothing of JWT, and states the format of the tokens the API issues', async () => {
    expect(JSON.stringify(document)).not.toMatch(/jwt/i);
    const scheme = document.components?.securitySchemes?.bearer as SecuritySchemeObject;
    expect(scheme).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(scheme.description).toContain('ADMIN_TOKEN');
    expect(scheme.description).toContain(scheme.bearerFormat);
    // `cbk_<32 hex>_<43 base64url>` read as a pattern, so the stated format is the one tested.
    const classes: Record<string, string> = { hex: '[0-9a-f]', base64url: '[A-Za-z0-9_-]' };
    const pattern = (scheme.bearerFormat ?? '')
      .split(/(<\d+ [a-z0-9]+>)/)
      .map((piece) => {
        const placeholder = /^<(\d+) ([a-z0-9]+)>$/.exec(piece);
        if (!placeholder) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const [, count, kind] = placeholder;
        expect(Object.keys(classes)).toContain(kind);
        return `${classes[kind]}{${count}}`;
      })
      .join('');
    expect(pattern).toContain('{32}');
    const { token, accountId } = await casebook.account('viewer');
    expect(token).toMatch(new RegExp(`^${pattern}$`));
    expect(token).toContain(accountId.replace(/-/g, ''));
  });

  it('states the body size and nesting limits the API enforces', () => {
    const description = document.info.description ?? '';
    expect(Number(/at most (\d+) bytes/.exec(description)?.[1])).toBe(BODY_LIMIT_BYTES);
    expect(Number(/nested at most (\d+) levels/.exec(description)?.[1])).toBe(MAX_BODY_DEPTH);
    const withBodies = operationsOf(document).filter(({ operation }) => operation.requestBody);
    expect(withBodies.length).toBeGreaterThan(20);
    const unstated = withBodies.filter(({ operation }) => {
      const body = operation.requestBody!;
      return isReference(body) || !body.description?.includes(`at most ${BODY_LIMIT_BYTES} bytes`);
    });
    expect(unstated.map(({ key }) => key)).toEqual([]);
    const register = operationsOf(document).find(({ key }) => key === 'POST /api/v1/mutuals')!;
    expect(responsesOf(register.operation).find(([status]) => status === '413')?.[1].description).toContain(String(BODY_LIMIT_BYTES));
  });

  it('describes the problems the API really writes', async () => {
    const schema = problemSchema();
    const properties = schema.properties ?? {};
    const mutual = await casebook.request('POST', '/api/v1/mutuals', { name: 'Problem Schema Mutual', serviceAreas: ['housing'] });
    expect(mutual.status).toBe(201);
    const problems = {
      'bad input': await casebook.request('POST', '/api/v1/mutuals', { serviceAreas: 'housing' }),
      'no token': await casebook.request('GET', '/api/v1/studies', undefined, { authorization: '' }),
      'unknown id': await casebook.request('GET', `/api/v1/mutuals/${crypto.randomUUID()}/timeline`),
      'stale If-Match': await casebook.request(
        'PATCH',
        `/api/v1/mutuals/${mutual.body.id}`,
        { name: 'Problem Schema Mutual Ltd', reason: 'Renamed' },
        { 'if-match': '"999"' },
      ),
      'a body of another type': await casebook.request('POST', '/api/v1/mutuals', 'name=x', { 'content-type': 'text/plain' }),
    };
    const typeOf = (value: unknown) => (Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value);
    const faults: string[] = [];
    for (const [what, response] of Object.entries(problems)) {
      if (response.status < 400) faults.push(`${what}: answered ${response.status}`);
      const contentType = response.headers.get('content-type') ?? '(none)';
      if (!contentType.startsWith('application/problem+json')) faults.push(`${what}: ${contentType}`);
      for (const member of schema.required ?? []) if (!(member in response.body)) faults.push(`${what}: no ${member}`);
      for (const [member, value] of Object.entries<unknown>(response.body)) {
        const property = properties[member];
        if (!property || isReference(property)) faults.push(`${what}: ${member} is not in the schema`);
        else if (typeOf(value) !== property.type)
          faults.push(`${what}: ${member} is ${typeOf(value)}, the schema says ${String(property.type)}`);
      }
    }
    expect(faults).toEqual([]);
    expect(problems['stale If-Match'].status).toBe(409);
    expect(problems['stale If-Match'].body.currentVersion).toBe(1);
    expect(problems['bad input'].body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'name', rule: expect.any(String) })]),
    );
  });
});
