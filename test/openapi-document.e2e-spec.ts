// The published OpenAPI document is the contract clients generate code from: it validates as
// OpenAPI, names every operation once and readably, describes every error as the problem+json
// the API really writes, and states the token format and body limits the API enforces.
import { execFile } from 'node:child_process';
import { BODY_LIMIT_BYTES, MAX_BODY_DEPTH } from '../apps/api/src/http/json-body.js';
import { type Harness, startCasebook } from './support/casebook-harness.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

interface Listed {
  key: string;
  path: string;
  method: string;
  operation: any;
}

function operationsOf(document: any): Listed[] {
  return Object.entries<any>(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ key: `${method.toUpperCase()} ${path}`, path, method, operation: item[method] })),
  );
}

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
    const child = execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '' } }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
    child.stdin!.end(JSON.stringify(document));
  });
}

const parametersOf = (operation: any, location: string) => (operation.parameters ?? []).filter((p: any) => p.in === location);
const headerOf = (operation: any, name: string) => parametersOf(operation, 'header').find((p: any) => p.name.toLowerCase() === name.toLowerCase());

describe('the OpenAPI document', () => {
  let casebook: Harness;
  let document: any;

  beforeAll(async () => {
    casebook = await startCasebook();
    const served = await casebook.request('GET', '/api/docs-json', undefined, { authorization: '' });
    expect(served.status).toBe(200);
    document = served.body;
  });
  afterAll(() => casebook?.close());

  it('validates as OpenAPI with a standard validator', async () => {
    // The validator gets a copy (it dereferences in place); the document under test stays as served.
    expect(await validateOpenApi(structuredClone(document))).toBe('');
  });

  it('names every operation once, readably', () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(40);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => typeof id !== 'string' || !/^[a-z][a-zA-Z]+$/.test(id) || /Controller|Writes/.test(id))).toEqual([]);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    const idOf = (key: string) => operations.find((listed) => listed.key === key)?.operation.operationId;
    expect(idOf('POST /api/v1/mutuals/{mutualId}/milestones')).toBe('recordMilestone');
    expect(idOf('GET /api/v1/mutuals')).toBe('listMutuals');
    expect(idOf('GET /api/v1/studies/{studyId}')).toBe('getStudy');
    expect(idOf('POST /api/v1/cases/{caseId}/waves/{waveId}/completion')).toBe('completeWave');
    expect(idOf('POST /api/v1/accounts/{accountId}/tokens')).toBe('issueToken');
  });

  it('describes every error of every operation as application/problem+json with the Problem schema', () => {
    expect(document.components.schemas.Problem).toBeDefined();
    const faults: string[] = [];
    for (const { key, operation } of operationsOf(document)) {
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        if (Number(status) < 400) continue;
        if (!response.description) faults.push(`${key} ${status}: no description`);
        // The one error answer that is not a problem: monitors read the health report.
        if (/^GET \/health(\/|$)/.test(key) && status === '503') {
          if (!response.content?.['application/json']?.schema?.properties?.details) faults.push(`${key} 503: not the health report`);
          continue;
        }
        const types = Object.keys(response.content ?? {});
        if (types.length !== 1 || response.content['application/problem+json']?.schema?.$ref !== '#/components/schemas/Problem') {
          faults.push(`${key} ${status}: ${JSON.stringify(response.content)}`);
        }
      }
    }
    expect(faults).toEqual([]);
  });

  it('lists on every operation the error statuses its kind of route can give', () => {
    const missing: string[] = [];
    for (const { key, method, path, operation } of operationsOf(document)) {
      const write = WRITE_METHODS.includes(method);
      const authenticated = (operation.security ?? []).some((requirement: object) => Object.keys(requirement).length > 0);
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
    // Every route but the health checks needs a token.
    const open = operationsOf(document).filter(({ operation }) => !(operation.security ?? []).length);
    expect(open.filter(({ path }) => !/^\/health(\/|$)/.test(path)).map(({ key }) => key)).toEqual([]);
  });

  it('documents the write headers on the routes that declare them', () => {
    const faults: string[] = [];
    for (const { key, operation } of operationsOf(document)) {
      const success = Object.entries<any>(operation.responses).filter(([status]) => status.startsWith('2'));
      if (headerOf(operation, 'If-Match')) {
        for (const [status, response] of success) if (!response.headers?.ETag) faults.push(`${key} ${status}: If-Match without an ETag answer`);
      }
      const key_ = headerOf(operation, 'Idempotency-Key');
      if (key_) {
        if (key_.schema?.maxLength !== 255) faults.push(`${key}: Idempotency-Key without its length`);
        for (const [status, response] of success) if (!response.headers?.['Idempotent-Replayed']) faults.push(`${key} ${status}: no Idempotent-Replayed`);
      }
    }
    expect(faults).toEqual([]);
  });

  it('says nothing of JWT, and states the format of the tokens the API issues', async () => {
    expect(JSON.stringify(document)).not.toMatch(/jwt/i);
    const scheme = document.components.securitySchemes.bearer;
    expect(scheme).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(scheme.description).toContain('ADMIN_TOKEN');
    // `cbk_<32 hex>_<43 base64url>` read as a pattern, so the stated format is the one tested.
    const classes: Record<string, string> = { hex: '[0-9a-f]', base64url: '[A-Za-z0-9_-]' };
    const pattern = String(scheme.bearerFormat)
      .split(/(<\d+ [a-z0-9]+>)/)
      .map((piece) => {
        const placeholder = /^<(\d+) ([a-z0-9]+)>$/.exec(piece);
        if (!placeholder) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        expect(classes[placeholder[2]]).toBeDefined();
        return `${classes[placeholder[2]]}{${placeholder[1]}}`;
      })
      .join('');
    const { token, accountId } = await casebook.account('viewer');
    expect(token).toMatch(new RegExp(`^${pattern}$`));
    expect(token).toContain(accountId.replace(/-/g, ''));
    expect(scheme.description).toContain(scheme.bearerFormat);
  });

  it('states the body size and nesting limits the API enforces', () => {
    const description: string = document.info.description;
    expect(Number(/at most (\d+) bytes/.exec(description)?.[1])).toBe(BODY_LIMIT_BYTES);
    expect(Number(/nested at most (\d+) levels/.exec(description)?.[1])).toBe(MAX_BODY_DEPTH);
    const bodies = operationsOf(document).filter(({ operation }) => operation.requestBody);
    expect(bodies.length).toBeGreaterThan(20);
    expect(bodies.filter(({ operation }) => !operation.requestBody.description?.includes(`at most ${BODY_LIMIT_BYTES} bytes`)).map(({ key }) => key)).toEqual([]);
    const tooLarge = operationsOf(document).find(({ key }) => key === 'POST /api/v1/mutuals')?.operation.responses['413'];
    expect(tooLarge.description).toContain(String(BODY_LIMIT_BYTES));
  });

  it('describes the problems the API really writes', async () => {
    const schema = document.components.schemas.Problem;
    const mutual = await casebook.request('POST', '/api/v1/mutuals', { name: 'Problem Schema Mutual', serviceAreas: ['housing'] });
    expect(mutual.status).toBe(201);
    const problems = {
      'bad input': await casebook.request('POST', '/api/v1/mutuals', { serviceAreas: 'housing' }),
      'no token': await casebook.request('GET', '/api/v1/studies', undefined, { authorization: '' }),
      'unknown id': await casebook.request('GET', `/api/v1/mutuals/${crypto.randomUUID()}/timeline`),
      'stale If-Match': await casebook.request('PATCH', `/api/v1/mutuals/${mutual.body.id}`, { name: 'Problem Schema Mutual Ltd', reason: 'Renamed' }, { 'if-match': '"999"' }),
      'a body of another type': await casebook.request('POST', '/api/v1/mutuals', 'name=x', { 'content-type': 'text/plain' }),
    };
    const typeOf = (value: unknown) => (Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value);
    const faults: string[] = [];
    for (const [what, response] of Object.entries(problems)) {
      if (response.status < 400) faults.push(`${what}: answered ${response.status}`);
      if (!response.headers.get('content-type')?.startsWith('application/problem+json')) faults.push(`${what}: ${response.headers.get('content-type')}`);
      for (const member of schema.required) if (!(member in response.body)) faults.push(`${what}: no ${member}`);
      for (const [member, value] of Object.entries(response.body)) {
        const property = schema.properties[member];
        if (!property) faults.push(`${what}: ${member} is not in the schema`);
        else if (typeOf(value) !== property.type) faults.push(`${what}: ${member} is ${typeOf(value)}, the schema says ${property.type}`);
      }
    }
    expect(faults).toEqual([]);
    expect(problems['stale If-Match'].status).toBe(409);
    expect(problems['stale If-Match'].body.currentVersion).toBe(1);
    expect(problems['bad input'].body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name', rule: expect.any(String) })]));
  });
});
