// Request bodies (and query strings) are read by zod schemas that are also their published
// contract: the OpenAPI document is generated from the very schema that refuses a request.
// Each message a schema gives is `[rule] text`, so that readBody can name the field, the rule
// and the problem as the API always has, every problem of a request at once.
import { z } from 'zod';
import { type FieldError, ValidationFailed } from './domain-error.js';

/** The message of a refusal: `problem('max-length', 'must be at most 200 characters')`. */
export const problem = (rule: string, text: string): string => `[${rule}] ${text}`;
/** An example a schema is published with: a body the API accepts, and what it shows. */
export interface BodyExample {
  summary: string;
  value: Record<string, unknown>;
}

const TAGGED = /^\[([a-z-]+)\] ([\s\S]*)$/;

let dayOfRequest: string | undefined;

/**
 * Reads `input` with `schema`, or throws ValidationFailed naming every problem. A body that is
 * not a JSON object is reported as such and then read as `{}`, so the required fields are named
 * too. `now` is the request's instant: rules such as "not in the future" judge dates by its day.
 */
export function readBody<S extends z.ZodType>(schema: S, input: unknown, now?: string): z.output<S> {
  const isObject = typeof input === 'object' && input !== null && !Array.isArray(input);
  const outer = dayOfRequest;
  dayOfRequest = now?.slice(0, 10);
  let result: z.ZodSafeParseResult<z.output<S>>;
  try {
    result = schema.safeParse(isObject ? input : {});
  } finally {
    dayOfRequest = outer;
  }
  if (result.success && isObject) return result.data;
  const notAnObject = isObject ? [] : [fieldError([], 'object', 'must be a JSON object')];
  throw new ValidationFailed([...notAnObject, ...(result.success ? [] : fieldErrors(result.error.issues))]);
}

/** The day (`YYYY-MM-DD`, UTC) of the request being read, for rules that judge a date by it. */
export function requestDay(): string {
  if (dayOfRequest === undefined)
    throw new Error('This body judges dates by the day of the request: read it with readBody(schema, input, now)');
  return dayOfRequest;
}

/**
 * One error per field, the first its schema found (later checks of a field that already failed
 * say nothing new), and unknown fields first among the problems of the object that holds them.
 */
function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const ordered: { path: PropertyKey[]; message: string }[] = [];
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') {
      ordered.push(issue);
      continue;
    }
    const first = ordered.findIndex(({ path }) => issue.path.every((key, i) => path[i] === key));
    const unknown = issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: problem('unknown-field', 'is not a field of this request'),
    }));
    ordered.splice(first < 0 ? ordered.length : first, 0, ...unknown);
  }
  const seen = new Set<string>();
  return ordered.flatMap(({ path, message }) => {
    const key = JSON.stringify(path);
    if (seen.has(key)) return [];
    seen.add(key);
    return [fieldError(path, ...ruleOf(message))];
  });
}

function ruleOf(message: string): [string, string] {
  const tagged = TAGGED.exec(message);
  return tagged ? [tagged[1], tagged[2]] : ['invalid', message];
}

function fieldError(path: readonly PropertyKey[], rule: string, text: string): FieldError {
  const at = path.reduce<string>(
    (joined, key) =>
      typeof key === 'number' ? `${joined}[${key}]` : key === '' ? joined : joined ? `${joined}.${String(key)}` : String(key),
    '',
  );
  return { field: at || '(body)', rule, message: `${at || 'body'} ${text}` };
}
