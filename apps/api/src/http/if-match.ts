/** A request header that does not say what the API needs it to. */
export class BadRequestHeader extends Error {
  constructor(
    readonly header: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** ETags are the aggregate's version in quotes: `"3"`. `*` and absence mean "any version". */
export function expectedVersionFrom(ifMatch: string | string[] | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const value = (Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch).trim();
  if (value === '*') return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(value) ?? /^(\d{1,9})$/.exec(value);
  if (!match) throw new BadRequestHeader('If-Match', 'etag', 'If-Match must be one ETag of this API, e.g. "3"');
  return Number(match[1]);
}

export const etagFor = (version: number): string => `"${version}"`;
