// Commands arrive as untrusted JSON. An InputReader walks one object, collects every problem
// with its field path and rule, and lets the caller throw them together: a user fixing a form
// wants all the mistakes at once, not one per round trip.
import { type FieldError, ValidationFailed } from './domain-error.js';
import { EARLIEST_YEAR, type PartialDate, parsePartialDate } from './partial-date.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface TextRule {
  maxLength?: number;
}

export class InputReader {
  readonly errors: FieldError[] = [];
  private readonly body: Record<string, unknown>;

  constructor(
    input: unknown,
    private readonly prefix = '',
  ) {
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      this.body = input as Record<string, unknown>;
    } else {
      this.body = {};
      this.fail('', 'object', 'must be a JSON object');
    }
  }

  fail(field: string, rule: string, message: string): void {
    const path = this.path(field);
    this.errors.push({ field: path || '(body)', rule, message: `${path || 'body'} ${message}` });
  }

  has(field: string): boolean {
    return this.body[field] !== undefined && this.body[field] !== null;
  }

  raw(field: string): unknown {
    return this.body[field];
  }

  /** Reads a nested object with its own reader so errors carry the full path. */
  nested(field: string, required: boolean): InputReader | undefined {
    if (!this.has(field)) {
      if (required) this.fail(field, 'required', 'is required');
      return undefined;
    }
    return new InputReader(this.body[field], this.path(field));
  }

  adopt(child: InputReader | undefined): void {
    if (child) this.errors.push(...child.errors);
  }

  requiredText(field: string, rule: TextRule = {}): string {
    if (!this.has(field)) {
      this.fail(field, 'required', 'is required');
      return '';
    }
    return this.text(field, rule) ?? '';
  }

  optionalText(field: string, rule: TextRule = {}): string | undefined {
    if (!this.has(field)) return undefined;
    return this.text(field, rule);
  }

  private text(field: string, { maxLength = 500 }: TextRule): string | undefined {
    const value = this.body[field];
    if (typeof value !== 'string') {
      this.fail(field, 'type', 'must be a string');
      return undefined;
    }
    const trimmed = value.trim();
    if (trimmed.length === 0) {
      this.fail(field, 'not-blank', 'must not be blank');
      return undefined;
    }
    if (trimmed.length > maxLength) {
      this.fail(field, 'max-length', `must be at most ${maxLength} characters`);
      return undefined;
    }
    return trimmed;
  }

  requiredOneOf<T extends string>(field: string, allowed: readonly T[]): T {
    if (!this.has(field)) {
      this.fail(field, 'required', 'is required');
      return allowed[0];
    }
    return this.oneOf(field, this.body[field], allowed) ?? allowed[0];
  }

  optionalOneOf<T extends string>(field: string, allowed: readonly T[]): T | undefined {
    if (!this.has(field)) return undefined;
    return this.oneOf(field, this.body[field], allowed);
  }

  /** A non-empty list of distinct values, each from `allowed`. */
  requiredSetOf<T extends string>(field: string, allowed: readonly T[]): T[] {
    const value = this.body[field];
    if (!this.has(field)) {
      this.fail(field, 'required', 'is required');
      return [];
    }
    if (!Array.isArray(value)) {
      this.fail(field, 'type', 'must be an array');
      return [];
    }
    if (value.length === 0) {
      this.fail(field, 'min-items', 'must name at least one value');
      return [];
    }
    const result: T[] = [];
    value.forEach((item, index) => {
      const path = `${field}[${index}]`;
      const ok = this.oneOf(path, item, allowed);
      if (ok === undefined) return;
      if (result.includes(ok)) this.fail(path, 'unique', `repeats "${ok}"`);
      else result.push(ok);
    });
    return result;
  }

  private oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.fail(field, 'one-of', `must be one of: ${allowed.join(', ')}`);
    return undefined;
  }

  requiredPartialDate(field: string): PartialDate | undefined {
    if (!this.has(field)) {
      this.fail(field, 'required', 'is required');
      return undefined;
    }
    return this.partialDate(field);
  }

  optionalPartialDate(field: string): PartialDate | undefined {
    if (!this.has(field)) return undefined;
    return this.partialDate(field);
  }

  private partialDate(field: string): PartialDate | undefined {
    const value = this.body[field];
    if (typeof value !== 'string') {
      this.fail(field, 'partial-date', 'must be a date written YYYY, YYYY-MM or YYYY-MM-DD');
      return undefined;
    }
    const parsed = parsePartialDate(value);
    if (parsed === 'format') {
      this.fail(field, 'partial-date', 'must be a date written YYYY, YYYY-MM or YYYY-MM-DD');
      return undefined;
    }
    if (parsed === 'year') {
      this.fail(field, 'partial-date', `must be a year from ${EARLIEST_YEAR} on`);
      return undefined;
    }
    if (typeof parsed === 'string') {
      this.fail(field, 'partial-date', `has no such ${parsed} in the calendar`);
      return undefined;
    }
    return parsed;
  }

  /** A full calendar day, `YYYY-MM-DD`. */
  requiredDay(field: string): string {
    if (!this.has(field)) {
      this.fail(field, 'required', 'is required');
      return '';
    }
    const value = this.body[field];
    const parsed = typeof value === 'string' && ISO_DAY.test(value) ? parsePartialDate(value) : 'format';
    if (typeof parsed === 'string') {
      this.fail(field, 'date', 'must be a calendar date written YYYY-MM-DD');
      return '';
    }
    return parsed.value;
  }

  /** An instant with a time zone, e.g. `2026-11-30T09:00:00Z`. */
  optionalInstant(field: string): string | undefined {
    if (!this.has(field)) return undefined;
    const value = this.body[field];
    // Date.parse rolls 2019-02-30 over to 2 March, so the day and the clock are checked here.
    const match = typeof value === 'string' ? INSTANT.exec(value) : null;
    const ok =
      match !== null &&
      typeof parsePartialDate(match[1]) !== 'string' &&
      Number(match[2]) <= 23 &&
      Number(match[3]) <= 59 &&
      Number(match[4] ?? 0) <= 59 &&
      (match[5] === 'Z' || (Number(match[5].slice(1, 3)) <= 14 && Number(match[5].slice(4)) <= 59)) &&
      !Number.isNaN(Date.parse(value as string));
    if (!ok) {
      this.fail(field, 'date-time', 'must be a date and time with a zone, e.g. 2026-11-30T09:00:00Z');
      return undefined;
    }
    return new Date(value as string).toISOString();
  }

  requiredEmail(field: string): string {
    const text = this.requiredText(field, { maxLength: 254 });
    if (text && !EMAIL.test(text)) {
      this.fail(field, 'email', 'must be an email address');
      return '';
    }
    return text.toLowerCase();
  }

  optionalMoney(field: string): number | undefined {
    if (!this.has(field)) return undefined;
    return this.money(field);
  }

  requiredMoney(field: string): number {
    if (!this.has(field)) {
      this.fail(field, 'required', 'is required');
      return 0;
    }
    return this.money(field) ?? 0;
  }

  private money(field: string): number | undefined {
    const value = this.body[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(field, 'type', 'must be a number');
      return undefined;
    }
    if (value < 0) {
      this.fail(field, 'non-negative', 'must not be negative');
      return undefined;
    }
    if (Number(value.toFixed(2)) !== value) {
      this.fail(field, 'pence', 'must have at most two decimal places');
      return undefined;
    }
    return value;
  }

  optionalCount(field: string): number | undefined {
    if (!this.has(field)) return undefined;
    const value = this.body[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      this.fail(field, 'non-negative-integer', 'must be a whole number, zero or more');
      return undefined;
    }
    return value;
  }

  requiredPositiveInteger(field: string): number {
    if (!this.has(field)) {
      this.fail(field, 'required', 'is required');
      return 0;
    }
    const value = this.body[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      this.fail(field, 'positive-integer', 'must be a whole number, 1 or more');
      return 0;
    }
    return value;
  }

  /** Rejects fields the command does not know, so a typo is not silently dropped. */
  rejectUnknown(known: readonly string[]): void {
    for (const key of Object.keys(this.body)) {
      if (!known.includes(key)) this.fail(key, 'unknown-field', 'is not a field of this request');
    }
  }

  throwIfInvalid(): void {
    if (this.errors.length > 0) throw new ValidationFailed(this.errors);
  }

  private path(field: string): string {
    if (!field) return this.prefix;
    if (!this.prefix) return field;
    return field.startsWith('[') ? `${this.prefix}${field}` : `${this.prefix}.${field}`;
  }
}
