// Fresh records for one request to any route of the OpenAPI document: the study, mutual, case,
// wave, contact, milestone or account its path parameters name, each in the state the route acts
// on (a wave with an interview before its completion, a deactivated account before its erasure),
// and records for the ids a documented body names, which exist in no database. Dates follow the
// body's: a study spans them, a wave's window holds the day an outcome is recorded. Every request
// gets records of its own, so examples never meet each other's (two spin-outs on one mutual).
import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import type { Harness, HttpResult } from './casebook-harness.js';

export const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
type Method = (typeof METHODS)[number];

export interface DocumentedOperation {
  /** `POST /api/v1/mutuals/{mutualId}/milestones` */
  key: string;
  method: Method;
  path: string;
  operation: OperationObject;
  /** Request-body examples by name: `content.examples`, else `content.example` as `example`. */
  examples: { name: string; value: unknown }[];
}

export const isReference = (value: object): value is ReferenceObject => '$ref' in value;

/** An operation's parameters in one place (`header`, `path`, `query`), references left out. */
export const parametersOf = (operation: OperationObject, location: string): ParameterObject[] =>
  (operation.parameters ?? []).filter((p): p is ParameterObject => !isReference(p) && p.in === location);

export const headerOf = (operation: OperationObject, name: string): ParameterObject | undefined =>
  parametersOf(operation, 'header').find((p) => p.name.toLowerCase() === name.toLowerCase());

/** An operation's responses by status, references left out. */
export const responsesOf = (operation: OperationObject): [string, ResponseObject][] =>
  Object.entries(operation.responses).flatMap(([status, response]) => (response && !isReference(response) ? [[status, response]] : []));

export function operationsOf(document: OpenAPIObject): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const body = operation.requestBody && !isReference(operation.requestBody) ? operation.requestBody : undefined;
      const content = body?.content['application/json'];
      const named = Object.entries(content?.examples ?? {}).map(([name, example]) => ({
        name,
        value: isReference(example) ? undefined : (example.value as unknown),
      }));
      const single = content && 'example' in content ? [{ name: 'example', value: content.example as unknown }] : [];
      return [{ key: `${method.toUpperCase()} ${path}`, method, path, operation, examples: named.length > 0 ? named : single }];
    }),
  );
}

export const writeOperationsOf = (document: OpenAPIObject) =>
  operationsOf(document).filter(({ method, path }) => path.startsWith('/api/v1/') && (WRITE_METHODS as readonly string[]).includes(method));

/**
 * A body for an operation: its first example, else one made from its schema's property
 * examples and first enum values; undefined for a route that reads no body.
 */
export function bodyFor(operation: DocumentedOperation, document: OpenAPIObject): unknown {
  if (operation.examples.length > 0) return operation.examples[0].value;
  const body = operation.operation.requestBody;
  const schema = body && !isReference(body) ? body.content['application/json']?.schema : undefined;
  return schema ? sampleOf(schema, document) : undefined;
}

function sampleOf(schema: SchemaObject | ReferenceObject | undefined, document: OpenAPIObject, depth = 0): unknown {
  if (!schema || depth > 6) return undefined;
  if (isReference(schema))
    return sampleOf(document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')], document, depth + 1);
  if ('example' in schema) return schema.example as unknown;
  if (schema.enum) return schema.enum[0] as unknown;
  if (schema.allOf) return sampleOf(schema.allOf[0], document, depth + 1);
  if (schema.type === 'object') {
    const required = new Set(schema.required ?? []);
    return Object.fromEntries(
      Object.entries(schema.properties ?? {})
        .map(([name, property]) => [name, sampleOf(property, document, depth + 1)] as const)
        .filter(([name, value]) => value !== undefined || required.has(name)),
    );
  }
  return undefined;
}

export interface PreparedRequest {
  /** The path with each parameter filled with a record made for this request. */
  url: string;
  body: unknown;
  /** The records made, by the name of the parameter or body field they fill. */
  ids: Record<string, string>;
}

const DAY = /^\d{4}-\d{2}-\d{2}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);

/** A text field of a body, when it is an object that has one. */
function textOf(body: unknown, field: string): string | undefined {
  const value = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : undefined;
}

interface Created {
  id: string;
}

/** Every full day a body holds (`2027-01-11`, the day of `2028-01-03T09:00:00Z`). */
function daysIn(value: unknown): string[] {
  if (typeof value === 'string') return DAY.test(value) ? [value.slice(0, 10)] : [];
  if (Array.isArray(value)) return value.flatMap(daysIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(daysIn);
  return [];
}

const SELECTION = {
  serviceAreas: ['health-and-social-care'],
  stageOfDevelopment: 'established',
  turnoverBand: '1m-5m',
  employeeBand: '50-249',
  region: 'north-west',
  legalForm: 'community-interest-company',
};

/** Path parameters this builder can fill; a route with another one fails, naming it. */
const PATH_PARAMETERS = new Set(['studyId', 'mutualId', 'caseId', 'waveId', 'contactId', 'milestoneId', 'accountId', 'tokenId', 'feedId']);

export class RouteFixtures {
  private made = 0;

  constructor(
    private readonly casebook: Harness,
    private readonly document: OpenAPIObject,
  ) {}

  /**
   * Records for one request of `operation` with `body` (an example named `exampleName`): the
   * records its path names, in the state it acts on, and records for the ids the body names.
   */
  async prepare(operation: DocumentedOperation, body: unknown, exampleName?: string): Promise<PreparedRequest> {
    const { method, path } = operation;
    const parameters = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    const unknown = parameters.filter((name) => !PATH_PARAMETERS.has(name));
    if (unknown.length > 0) throw new Error(`${operation.key}: no fixture for path parameter ${unknown.join(', ')}`);
    const has = (name: string) => parameters.includes(name);
    const ids: Record<string, string> = {};
    const days = [...daysIn(body), today()].sort();
    // A study spanning every day the body names, a year either side.
    const period = { startsOn: addDays(days[0], -366), endsOn: addDays(days[days.length - 1], 366) };

    if (has('studyId') || has('caseId')) ids.studyId = await this.study(period);
    if (has('mutualId') || has('caseId')) ids.mutualId = await this.mutual();
    if (has('caseId')) ids.caseId = await this.enrol(ids.studyId, ids.mutualId);
    if (has('contactId')) ids.contactId = await this.contact(ids.caseId);
    if (has('waveId')) ids.waveId = await this.waveFor(path, ids.caseId, body);
    if (has('milestoneId')) ids.milestoneId = await this.milestone(path, ids.mutualId, exampleName);
    if (has('accountId')) {
      const account = await this.account();
      ids.accountId = account.accountId;
      if (has('tokenId')) ids.tokenId = account.tokenId;
      if (has('feedId')) {
        ids.feedId = (await this.ok<{ feedId: string }>('POST', `/api/v1/accounts/${ids.accountId}/calendar-feeds`)).body.feedId;
      }
    }
    // What a route acts on must first be so.
    if (method === 'delete' && path.endsWith('/accounts/{accountId}/studies/{studyId}')) {
      await this.ok('PUT', `/api/v1/accounts/${ids.accountId}/studies/${ids.studyId}`);
    }
    if (path.endsWith('/accounts/{accountId}/personal-data')) {
      await this.ok('POST', `/api/v1/accounts/${ids.accountId}/deactivate`, { reason: 'Left the project' });
    }
    if (method === 'post' && path.endsWith('/cases/{caseId}/waves')) await this.earlierWaves(ids.caseId, body);

    const filled = await this.withOwnIds(operation.key, body, ids);
    return { url: path.replace(/\{([^}]+)\}/g, (_, name: string) => ids[name]), body: filled, ids };
  }

  private async ok<T = Created>(method: string, url: string, body?: unknown): Promise<HttpResult<T>> {
    const response = await this.casebook.request<T>(method, url, body);
    if (response.status < 200 || response.status >= 300)
      throw new Error(`fixture ${method} ${url} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  }

  private name(what: string): string {
    this.made += 1;
    return `${what} ${this.made}`;
  }

  private async study(period: { startsOn: string; endsOn: string }): Promise<string> {
    return (await this.ok('POST', '/api/v1/studies', { title: this.name('Fixture study'), ...period })).body.id;
  }

  private async mutual(): Promise<string> {
    return (
      await this.ok('POST', '/api/v1/mutuals', {
        name: this.name('Fixture Community Mutual'),
        serviceAreas: ['health-and-social-care'],
        region: 'north-west',
      })
    ).body.id;
  }

  private async enrol(studyId: string, mutualId: string): Promise<string> {
    return (await this.ok('POST', `/api/v1/studies/${studyId}/cases`, { mutualId, selection: SELECTION })).body.id;
  }

  private async contact(caseId: string): Promise<string> {
    const n = this.name('contact').split(' ')[1];
    const body = {
      role: 'director',
      consentToContact: true,
      personal: { name: `Fixture Contact ${n}`, email: `contact-${n}@example.org` },
    };
    return (await this.ok('POST', `/api/v1/cases/${caseId}/contacts`, body)).body.id;
  }

  private async account(): Promise<{ accountId: string; tokenId: string }> {
    const created = await this.ok<{ id?: string; accountId?: string; tokenId: string }>('POST', '/api/v1/accounts', {
      displayName: this.name('Fixture Researcher'),
      role: 'researcher',
    });
    return { accountId: (created.body.accountId ?? created.body.id)!, tokenId: created.body.tokenId };
  }

  /**
   * A wave in the state the route acts on, its window around the day the body names (the
   * outcome's `occurredOn`, the interview's `interviewedOn`, the new window's `opensOn`; today
   * when it names none): scheduled for most, with an interview for a completion, completed for a
   * sign-off.
   */
  private async waveFor(path: string, caseId: string, body: unknown): Promise<string> {
    const named = [textOf(body, 'occurredOn'), textOf(body, 'interviewedOn')].find((value) => value !== undefined && DAY.test(value));
    const action = /\/\{waveId\}\/([^/{}]+)$/.exec(path)?.[1];
    const newOpening = action === 'window' ? textOf(body, 'opensOn') : undefined;
    const moved = newOpening !== undefined;
    const day = newOpening !== undefined ? addDays(newOpening, -60) : (named?.slice(0, 10) ?? today());
    const window = { opensOn: addDays(day, -30), closesOn: addDays(day, moved ? -10 : 30) };
    const wave = (await this.ok('POST', `/api/v1/cases/${caseId}/waves`, { waveNumber: 1, ...window })).body.id;
    const interview = (on: string) =>
      this.ok('POST', `/api/v1/cases/${caseId}/waves/${wave}/interviews`, { role: 'director', interviewedOn: on, consent: 'given' });
    if (action === 'completion') await interview(addDays(day, -1));
    if (action === 'sign-off') {
      await interview(addDays(day, -2));
      await this.ok('POST', `/api/v1/cases/${caseId}/waves/${wave}/completion`, { occurredOn: addDays(day, -1) });
    }
    return wave;
  }

  /** Waves 1 to n-1 before the window of a wave numbered n, so n is the next number. */
  private async earlierWaves(caseId: string, body: unknown): Promise<void> {
    const number = Number((body as { waveNumber?: unknown } | undefined)?.waveNumber);
    const opening = textOf(body, 'opensOn');
    if (!Number.isInteger(number) || number < 2 || opening === undefined) return;
    for (let wave = 1; wave < number; wave++) {
      const opensOn = addDays(opening, -40 * (number - wave) - 20);
      await this.ok('POST', `/api/v1/cases/${caseId}/waves`, { waveNumber: wave, opensOn, closesOn: addDays(opensOn, 15) });
    }
  }

  /**
   * The milestone a correction or retraction acts on, recorded on the mutual by the record
   * operation above it, with that operation's example of the same name (a spin-out for the
   * correction of a spin-out), else its first.
   */
  private async milestone(path: string, mutualId: string, exampleName?: string): Promise<string> {
    const collection = path.replace(/\/\{milestoneId\}.*$/, '');
    const record = operationsOf(this.document).find((operation) => operation.method === 'post' && operation.path === collection);
    if (!record || record.examples.length === 0) throw new Error(`no documented example records the milestone of ${path}`);
    const example = record.examples.find(({ name }) => name === exampleName) ?? record.examples[0];
    return (await this.ok('POST', collection.replace('{mutualId}', mutualId), example.value)).body.id;
  }

  /**
   * The body with a record of this fixture in place of each id it names (a documented example
   * names ids that exist nowhere). An id field this builder does not know fails, naming it.
   */
  private async withOwnIds(key: string, body: unknown, ids: Record<string, string>): Promise<unknown> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
    const filled: Record<string, unknown> = { ...(body as Record<string, unknown>) };
    for (const [field, value] of Object.entries(filled)) {
      const isId =
        /Ids?$/.test(field) &&
        (typeof value === 'string' ? UUID.test(value) : Array.isArray(value) && value.every((v) => typeof v === 'string' && UUID.test(v)));
      if (!isId) continue;
      switch (field) {
        case 'mutualId':
          // A mutual to enrol: one of its own, a case of no study yet.
          filled[field] = await this.mutual();
          break;
        case 'earlierCaseId': {
          // The same mutual, followed in an earlier study.
          const earlier = await this.study({ startsOn: '2010-01-04', endsOn: '2014-12-19' });
          filled[field] = await this.enrol(earlier, ids.mutualId ?? (await this.mutual()));
          break;
        }
        case 'contactId':
          filled[field] = await this.contact(this.needs(key, ids, 'caseId', field));
          break;
        case 'remindContactIds':
          filled[field] = [];
          for (const _ of value as string[]) (filled[field] as string[]).push(await this.contact(this.needs(key, ids, 'caseId', field)));
          break;
        case 'interviewerAccountId':
          filled[field] = (await this.account()).accountId;
          break;
        case 'studyId':
          filled[field] = await this.study({ startsOn: '2020-01-06', endsOn: '2030-12-20' });
          break;
        default:
          throw new Error(`${key}: no fixture for the id in body field ${field}`);
      }
      ids[field] = String(filled[field]);
    }
    return filled;
  }

  private needs(key: string, ids: Record<string, string>, parameter: string, field: string): string {
    if (!ids[parameter]) throw new Error(`${key}: body field ${field} needs a ${parameter} in the path`);
    return ids[parameter];
  }
}
