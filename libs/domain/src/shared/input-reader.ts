// What the registry and sector timeline routes still read their query strings with. Request
// bodies are read by schemas (read-body.ts); these routes are to move to MutualRegistryQuery and
// SectorTimelineQuery with readBody, and this reader then goes.
import { type FieldError, ValidationFailed } from './domain-error.js';

/** @deprecated Read with `readBody(MutualRegistryQuery | SectorTimelineQuery, query)`. */
export class InputReader {
  readonly errors: FieldError[] = [];
  private readonly body: Record<string, unknown>;

  constructor(input: unknown) {
    const isObject = typeof input === 'object' && input !== null && !Array.isArray(input);
    this.body = isObject ? (input as Record<string, unknown>) : {};
    if (!isObject) this.fail('', 'object', 'must be a JSON object');
  }

  fail(field: string, rule: string, message: string): void {
    this.errors.push({ field: field || '(body)', rule, message: `${field || 'body'} ${message}` });
  }

  has(field: string): boolean {
    return this.body[field] !== undefined && this.body[field] !== null;
  }

  raw(field: string): unknown {
    return this.body[field];
  }

  optionalText(field: string, { maxLength = 500 }: { maxLength?: number } = {}): string | undefined {
    if (!this.has(field)) return undefined;
    const value = this.body[field];
    const trimmed = typeof value === 'string' ? value.trim() : undefined;
    if (trimmed === undefined) this.fail(field, 'type', 'must be a string');
    else if (trimmed.length === 0) this.fail(field, 'not-blank', 'must not be blank');
    else if (trimmed.length > maxLength) this.fail(field, 'max-length', `must be at most ${maxLength} characters`);
    else return trimmed;
    return undefined;
  }

  optionalOneOf<T extends string>(field: string, allowed: readonly T[]): T | undefined {
    if (!this.has(field)) return undefined;
    const value = this.body[field];
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.fail(field, 'one-of', `must be one of: ${allowed.join(', ')}`);
    return undefined;
  }

  rejectUnknown(known: readonly string[]): void {
    for (const key of Object.keys(this.body)) {
      if (!known.includes(key)) this.fail(key, 'unknown-field', 'is not a field of this request');
    }
  }

  throwIfInvalid(): void {
    if (this.errors.length > 0) throw new ValidationFailed(this.errors);
  }
}
