// The published OpenAPI document. SwaggerModule reads each route's own decorators; what every
// route shares and no decorator says (the problem+json error format and the statuses each route
// can really answer, the token format, the body limits, the write headers) is added here, from
// the same constants and rules the HTTP edge enforces, so the document cannot promise less or
// more than the API does.
import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  type HeaderObject,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ResponseObject,
  type SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { BODY_LIMIT_BYTES, MAX_BODY_DEPTH } from './json-body.js';
import { PROBLEM_CONTENT_TYPE } from './problem-details.filter.js';

export const API_DOCS_PATH = 'api/docs';
export const API_DOCS_JSON_PATH = 'api/docs-json';

/** Issued tokens (auth/access-token.ts): the account id without hyphens, then a 32-byte secret. */
export const TOKEN_FORMAT = 'cbk_<32 hex>_<43 base64url>';

export const PROBLEM_SCHEMA = 'Problem';
const PROBLEM_REF = `#/components/schemas/${PROBLEM_SCHEMA}`;

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const IDEMPOTENCY_KEY = 'Idempotency-Key';
const IF_MATCH = 'If-Match';

/** Serves the document as JSON and as Swagger UI. */
export function serveOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(API_DOCS_PATH, app, document, { jsonDocumentUrl: API_DOCS_JSON_PATH });
  return document;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Casebook API')
      .setDescription(
        'Record the milestones of Public Service Mutuals followed as longitudinal case studies, and read their timelines. ' +
          'Writes return an ETag (the record version); send it back as If-Match to refuse lost updates (409). ' +
          'Errors are application/problem+json (RFC 9457); bad input names each field and rule. ' +
          `${bodyLimitsSentence()} Larger bodies are refused with 413, bodies of another media type with 415, deeper ones with 400 (rule \`max-depth\`).`,
      )
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: TOKEN_FORMAT,
        description:
          `A token issued to a staff account, \`${TOKEN_FORMAT}\`: \`cbk_\`, the account id as 32 lower-case hex digits (no hyphens), \`_\`, ` +
          'and a secret of 43 base64url characters. It is shown once, when the account is created or the token issued. ' +
          'Or the ADMIN_TOKEN the deployment is configured with, for the first administrator.',
      })
      .build(),
    { operationIdFactory },
  );
  completeDocument(document);
  return document;
}

/** The body limits of json-body.ts, in the words the document uses for them. */
export function bodyLimitsSentence(): string {
  return `Request bodies are JSON (application/json) of at most ${BODY_LIMIT_BYTES} bytes (${readableSize(BODY_LIMIT_BYTES)}), nested at most ${MAX_BODY_DEPTH} levels deep.`;
}

function readableSize(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

// ---- operation ids

/** A method `signOff` or `optOut` is a verb alone; `recordMilestone` is a verb and its object. */
const PARTICLES = new Set(['Off', 'Out', 'Up', 'Back', 'Down', 'In']);

/** Methods whose name and controller do not say what they do. */
const NAMED_OPERATIONS: Record<string, string> = {
  'HealthController.live': 'checkLiveness',
  'HealthController.ready': 'checkReadiness',
};

const singular = (noun: string) => (noun.endsWith('ies') ? `${noun.slice(0, -3)}y` : /[^s]s$/.test(noun) ? noun.slice(0, -1) : noun);
const plural = (noun: string) => (noun.endsWith('s') ? noun : /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`);

/**
 * Route methods are named for what they do (`recordMilestone`, `listCases`, `issueToken`), and
 * that is the operation id. A method named by a verb alone (`check`, `list`, `signOff`) repeats
 * across controllers, so its controller's subject completes it (`checkHealth`, `listContacts`).
 */
export function operationIdFactory(controllerKey: string, methodKey: string): string {
  const named = NAMED_OPERATIONS[`${controllerKey}.${methodKey}`];
  if (named) return named;
  const words = methodKey.split(/(?=[A-Z])/);
  if (words.length > 1 && !PARTICLES.has(words[words.length - 1])) return methodKey;
  const subject = controllerKey.replace(/Controller$/, '').replace(/(?<=.)(Writes|Reads)$/, '');
  return methodKey === 'list' ? `list${plural(subject)}` : `${methodKey}${singular(subject)}`;
}

// ---- completing the document

function completeDocument(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, [PROBLEM_SCHEMA]: PROBLEM };
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!operation.operationId) throw new Error(`OpenAPI: ${where} has no operationId`);
      const earlier = seen.get(operation.operationId);
      if (earlier) throw new Error(`OpenAPI: operationId ${operation.operationId} names both ${earlier} and ${where}`);
      seen.set(operation.operationId, where);
      completeOperation(document, path, method, operation);
    }
  }
}

interface Traits {
  write: boolean;
  authenticated: boolean;
  pathParameters: boolean;
  queryParameters: boolean;
  body: boolean;
  idempotencyKey: boolean;
  ifMatch: boolean;
}

function completeOperation(document: OpenAPIObject, path: string, method: string, operation: OperationObject): void {
  const parameters = (operation.parameters ?? []).filter((p): p is ParameterObject => !('$ref' in p));
  const header = (name: string) => parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase());
  const traits: Traits = {
    // Fastify reads a body sent with any of these methods, declared or not.
    write: WRITE_METHODS.has(method),
    authenticated: (operation.security ?? document.security ?? []).some((requirement) => Object.keys(requirement).length > 0),
    pathParameters: parameters.some((p) => p.in === 'path') || /\{[^}]+\}/.test(path),
    queryParameters: parameters.some((p) => p.in === 'query'),
    body: operation.requestBody !== undefined,
    idempotencyKey: header(IDEMPOTENCY_KEY) !== undefined,
    ifMatch: header(IF_MATCH) !== undefined,
  };
  completeHeaderParameter(header(IDEMPOTENCY_KEY), {
    description: 'Retrying with the same key returns the first answer (with `Idempotent-Replayed: true`) and records nothing twice.',
    format: "A key is 1 to 255 printable ASCII characters without spaces, and is the account's own.",
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[!-~]{1,255}$', example: '4f1c2a9e-7b3d-4e8a-9c61-2d5f0b7e3a14' },
  });
  completeHeaderParameter(header(IF_MATCH), {
    description: 'The ETag last read; the write is refused (409, with `currentVersion`) if the record has changed since.',
    format: 'An ETag of this API (`"3"`), or `*` for any version.',
    schema: { type: 'string', example: '"3"' },
  });
  if (operation.requestBody && !('$ref' in operation.requestBody)) {
    const body = operation.requestBody;
    body.description = body.description ? `${body.description} ${bodyLimitsSentence()}` : bodyLimitsSentence();
  }
  operation.responses ??= {};
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!response || !status.startsWith('2') || '$ref' in response) continue;
    // A header the route describes itself keeps its description.
    response.headers = { ...successHeaders(traits), ...response.headers };
  }
  for (const status of errorStatuses(traits)) {
    const existing = operation.responses[status] as ResponseObject | undefined;
    operation.responses[status] = {
      ...existing,
      description: describedOr(existing?.description, defaultDescription(status, traits)),
      ...(headersOfError(status) && { headers: { ...existing?.headers, ...headersOfError(status) } }),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_REF } } },
    };
  }
  // Statuses a route declared itself (422 on a route of its own, say) take the same format.
  for (const [status, response] of Object.entries(operation.responses)) {
    if (response && Number(status) >= 400 && !('$ref' in response))
      response.content = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_REF } } };
  }
  if (isHealthCheck(path)) describeHealthReport(operation);
}

/** Keeps the route's own description of a header, and adds the format the API checks. */
/** A route's own description, unless it left it empty (SwaggerModule writes `''` then). */
const describedOr = (description: string | undefined, fallback: string) =>
  description === undefined || description === '' ? fallback : description;

function completeHeaderParameter(
  parameter: ParameterObject | undefined,
  documented: { description: string; format: string; schema: SchemaObject },
): void {
  if (!parameter) return;
  const description = parameter.description ? parameter.description.replace(/\.?$/, '.') : documented.description;
  parameter.description = `${description} ${documented.format}`;
  parameter.schema = { ...(parameter.schema as SchemaObject | undefined), ...documented.schema };
}

function successHeaders(traits: Traits): Record<string, HeaderObject> {
  return {
    ...(traits.ifMatch && {
      ETag: {
        description: 'The version of the record after this write, in quotes (`"3"`); send it back as If-Match',
        schema: { type: 'string', pattern: '^"[0-9]+"$', example: '"3"' },
      },
    }),
    ...(traits.idempotencyKey && {
      'Idempotent-Replayed': {
        description:
          '`true` when this is the stored answer to an earlier request with the same Idempotency-Key; nothing was recorded again',
        schema: { type: 'string', enum: ['true'] },
      },
    }),
  };
}

/** The statuses a route can answer, from what it takes: each one is raised by code every such route passes through. */
function errorStatuses(traits: Traits): string[] {
  const statuses: number[] = [];
  // A body that is not JSON, a path segment that is not valid URL-encoding, a malformed header.
  if (traits.write || traits.body || traits.pathParameters || traits.queryParameters || traits.ifMatch || traits.idempotencyKey)
    statuses.push(400);
  // Every bearer check is a sign-in, so every authenticated route counts failed ones.
  if (traits.authenticated) statuses.push(401, 403);
  if (traits.pathParameters) statuses.push(404);
  if (traits.write) statuses.push(409);
  if (traits.write || traits.body) statuses.push(413, 415);
  if (traits.idempotencyKey) statuses.push(422);
  if (traits.authenticated) statuses.push(429);
  statuses.push(500, 503);
  return statuses.map(String);
}

function defaultDescription(status: string, traits: Traits): string {
  switch (status) {
    case '400':
      return 'Bad input: `errors` names each field (body fields by path, parameters and headers by name) and the rule it breaks';
    case '401':
      return 'No bearer token, or one that is unknown, revoked or of a deactivated account';
    case '403':
      return "The account's role, or its study memberships, do not allow this (`rule` names a rule of the record where one decides)";
    case '404':
      return 'No record has this id (an id that is not a UUID names no record either)';
    case '409':
      return [
        'The request contradicts the record (`rule` names which), or the record kept changing under other writers',
        ...(traits.ifMatch ? ['or it has changed since the If-Match version (`currentVersion` is the version now)'] : []),
        ...(traits.idempotencyKey ? ['or a request with this Idempotency-Key is still being handled'] : []),
      ].join('; ');
    case '413':
      return `The body is larger than ${BODY_LIMIT_BYTES} bytes (${readableSize(BODY_LIMIT_BYTES)})`;
    case '415':
      return 'The body is not application/json, the only media type the API reads';
    case '422':
      return 'This Idempotency-Key was used for a different request; use a new key';
    case '429':
      return 'Too many failed sign-ins from this address or for this account; Retry-After (and `retryAfterSeconds`) say when to try again';
    case '500':
      return 'The server failed to handle the request; nothing was recorded. The error is logged with the correlation id';
    case '503':
      return 'The event store or database did not answer; nothing was recorded. Try again shortly';
    default:
      return 'An error';
  }
}

function headersOfError(status: string): Record<string, HeaderObject> | undefined {
  if (status === '401') return { 'WWW-Authenticate': { description: 'Always `Bearer realm="casebook"`', schema: { type: 'string' } } };
  if (status === '429')
    return { 'Retry-After': { description: 'Seconds until the next attempt is heard', schema: { type: 'integer', minimum: 1 } } };
  return undefined;
}

/** Health checks answer in the report format of @nestjs/terminus, which monitors read. */
export const isHealthCheck = (path: string): boolean => path === '/health' || path.startsWith('/health/');

/**
 * A failing health check answers 503 with its full report, not a problem: monitors read which
 * part is down (problem-details.filter.ts).
 */
function describeHealthReport(operation: OperationObject): void {
  const component: SchemaObject = { type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string' } } } };
  const report = (status: 'ok' | 'error'): SchemaObject => ({
    type: 'object',
    required: ['status', 'details'],
    properties: { status: { type: 'string', enum: [status] }, info: component, error: component, details: component },
  });
  const ok = operation.responses['200'] as ResponseObject | undefined;
  operation.responses['200'] = {
    ...ok,
    description: describedOr(ok?.description, 'Every part is up'),
    content: { 'application/json': { schema: report('ok') } },
  };
  operation.responses['503'] = {
    description:
      'A part is down: the report names it (`error`, `details`). Not a problem+json: this is the one error answer in the report format monitors read',
    content: { 'application/json': { schema: report('error') } },
  };
}

const PROBLEM: SchemaObject = {
  type: 'object',
  description:
    'An error, as RFC 9457 problem details (application/problem+json). Members not listed here may be added; clients ignore those they do not know.',
  required: ['type', 'title', 'status', 'detail', 'instance'],
  properties: {
    type: {
      type: 'string',
      description:
        'What kind of problem: `/problems/validation-failed`, `/problems/not-found`, `/problems/version-conflict`, …; `about:blank` for plain HTTP errors',
      example: '/problems/validation-failed',
    },
    title: { type: 'string', description: 'A short summary of the kind of problem', example: 'The request has invalid fields' },
    status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status, repeated', example: 400 },
    detail: {
      type: 'string',
      description: 'What went wrong with this request',
      example: 'occurredOn must be a date like 2024, 2024-03 or 2024-03-14',
    },
    instance: {
      type: 'string',
      description: 'The path of the request',
      example: '/api/v1/mutuals/6b1d9a7e-2f4c-4d8e-9a0b-1c2d3e4f5a6b/milestones',
    },
    errors: {
      type: 'array',
      description: 'Bad input (400, and 413/415 for a body as a whole): each field and the rule it breaks',
      items: {
        type: 'object',
        required: ['field', 'rule', 'message'],
        properties: {
          field: {
            type: 'string',
            description: 'Path of the field in the body (`values.endsOn`, `remindContactIds[0]`), a parameter or header name, or `(body)`',
            example: 'occurredOn',
          },
          rule: {
            type: 'string',
            description: 'The rule broken: `required`, `type`, `uuid`, `max-length`, `max-depth`, …',
            example: 'partial-date',
          },
          message: { type: 'string', example: 'occurredOn must be a date like 2024, 2024-03 or 2024-03-14' },
        },
      },
    },
    rule: { type: 'string', description: 'On 403 and 409: the rule of the record the request contradicts', example: 'already-spun-out' },
    currentVersion: {
      type: 'integer',
      minimum: 0,
      description:
        "On a version conflict (409, `/problems/version-conflict`): the record's version now. Read it again and send its ETag as If-Match",
    },
    retryAfterSeconds: {
      type: 'integer',
      minimum: 1,
      description: 'On 429: seconds until the next attempt is heard, as in the Retry-After header',
    },
    correlationId: {
      type: 'string',
      description: 'The correlation id of the request (its X-Correlation-Id, or one the API gave it), under which the error is logged',
      example: '0d4c9a4e-1f7b-4e8a-9b2c-3d5e6f708192',
    },
  },
};
