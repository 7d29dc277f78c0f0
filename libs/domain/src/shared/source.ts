// Where a recorded fact comes from. It travels in the event's metadata, beside who recorded it
// and when, so that every entry of the research record can be traced to its evidence.
import type { InputReader } from './input-reader.js';

export const SOURCE_KINDS = ['interview', 'document', 'annual-report', 'url', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface Source {
  kind: SourceKind;
  /** Free-text reference: a document title, a transcript id, a page. */
  reference?: string;
  /** Required for `url`, allowed for the rest. */
  url?: string;
  /** The interview this came from, when `kind` is `interview`. */
  interviewId?: string;
}

/** Reads an optional `source` object from a request body, reporting problems on `body`. */
export function sourceFromInput(body: InputReader): Source | undefined {
  const input = body.nested('source', false);
  if (!input) return undefined;
  input.rejectUnknown(['kind', 'reference', 'url', 'interviewId']);
  const kind = input.requiredOneOf('kind', SOURCE_KINDS);
  const reference = input.optionalText('reference', { maxLength: 500 });
  const url = input.optionalText('url', { maxLength: 2000 });
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) input.fail('url', 'url', 'must be an http(s) URL');
  if (kind === 'url' && url === undefined) input.fail('url', 'required', 'is required when the source is a URL');
  const interviewId = input.optionalText('interviewId', { maxLength: 64 });
  body.adopt(input);
  const source: Source = { kind };
  if (reference !== undefined) source.reference = reference;
  if (url !== undefined) source.url = url;
  if (interviewId !== undefined) source.interviewId = interviewId;
  return source;
}
