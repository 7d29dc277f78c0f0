// Every JSON request body is read here, once, for every route: well-formed UTF-8 JSON, nested
// no deeper than MAX_BODY_DEPTH, free of prototype-poisoning keys, and every string in it (keys
// too) passing the domain's text rules. A body that fails is answered 400 naming the field and
// the rule before any guard, idempotency record, handler or event sees it.
import { TextDecoder } from 'node:util';
import secureJson from 'secure-json-parse';
import { type FieldError, ValidationFailed, textProblem } from '@casebook/domain';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Far beyond any body the API defines (the deepest is four levels), far below a stack's limit. */
export const MAX_BODY_DEPTH = 32;
/** A body full of bad strings is told about its first few, not all of them. */
const MAX_REPORTED = 20;

const utf8 = new TextDecoder('utf-8', { fatal: true });

const unreadable = (rule: string, message: string) => new ValidationFailed([{ field: '(body)', rule, message }]);

/** Parses a request body, or throws ValidationFailed naming what is wrong with it. */
export function readJsonBody(raw: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw unreadable('utf-8', 'The body is not valid UTF-8');
  }
  if (text.trim() === '') throw unreadable('json', 'The body is empty; send a JSON value or no content-type');
  const depth = nestingDepth(text);
  if (depth > MAX_BODY_DEPTH) {
    throw unreadable(
      'max-depth',
      `The body nests objects and arrays ${depth > 10 * MAX_BODY_DEPTH ? 'far ' : ''}deeper than ${MAX_BODY_DEPTH} levels`,
    );
  }
  let body: unknown;
  try {
    body = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const poisoned = /prototype/i.test(message);
    throw unreadable(
      poisoned ? 'no-prototype-keys' : 'json',
      poisoned ? 'The body holds a __proto__ or constructor.prototype key' : `The body is not valid JSON: ${message}`,
    );
  }
  const errors = textErrors(body);
  if (errors.length > 0) throw new ValidationFailed(errors);
  return body;
}

/**
 * How deeply the JSON text nests, counted on the text before parsing (brackets inside strings
 * do not count). It stops counting once past the limit, so a hostile body costs one scan.
 */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > 10 * MAX_BODY_DEPTH) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Every string of a parsed body, keys included, against the text rules; paths like `personal.name`. */
export function textErrors(value: unknown, root = ''): FieldError[] {
  const errors: FieldError[] = [];
  // Depth is bounded by MAX_BODY_DEPTH already, but a stack keeps this safe for any caller.
  const pending: { value: unknown; path: string }[] = [{ value, path: root }];
  for (let next = pending.pop(); next && errors.length < MAX_REPORTED; next = pending.pop()) {
    const { value: current, path } = next;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) errors.push({ field: path || '(body)', rule: problem.rule, message: `${path || 'The body'} ${problem.message}` });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], path: `${path}[${i}]` });
    } else if (typeof current === 'object' && current !== null) {
      const entries: [string, unknown][] = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const keyPath = path ? `${path}.${printable(key)}` : printable(key);
        const problem = textProblem(key);
        if (problem) errors.push({ field: keyPath, rule: problem.rule, message: `The field name ${keyPath} ${problem.message}` });
        else pending.push({ value: child, path: keyPath });
      }
    }
  }
  return errors;
}

/** A key as it can be shown in a path: characters a terminal would act on are escaped. */
function printable(key: string): string {
  return JSON.stringify(key).slice(1, -1);
}
