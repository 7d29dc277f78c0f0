// Where a recorded fact comes from. It travels in the event's metadata, beside who recorded it
// and when, so that every entry of the research record can be traced to its evidence.
import { across, object, oneOf, optional, text, withoutUndefined } from './body-fields.js';
import { problem } from './read-body.js';

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

// Matched against the trimmed text; the whitespace either side is what trimming takes away.
const HTTP_URL = /^\s*https?:\/\/\S+\s*$/;

/** The `source` of a request body: evidence for what it records. */
export const SourceInput = object({
  kind: oneOf(SOURCE_KINDS),
  reference: optional(text(500, { description: 'A document title, a transcript id, a page' })),
  url: optional(
    text(2000, { description: 'An http(s) URL. Required when kind is url.' }).regex(HTTP_URL, {
      error: problem('url', 'must be an http(s) URL'),
    }),
  ),
  interviewId: optional(text(64, { description: 'The interview this came from' })),
})
  .check(
    across<Partial<Source>>((source, valid, report) => {
      if (valid('kind') && source.kind === 'url' && source.url === undefined)
        report('url', 'required', 'is required when the source is a URL');
    }),
  )
  .meta({ description: "Where the facts come from; kept in the event's metadata" });

/** A command's `source`, present only when the body gave one. */
export const withSource = (source: Source | undefined): { source?: Source } => (source ? { source: withoutUndefined(source) } : {});
