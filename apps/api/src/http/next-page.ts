/**
 * The link to a list's next page: the query as the client sent it (repeated parameters kept),
 * with this page's size and the cursor where it ended.
 */
export function nextPageLink(path: string, query: Record<string, unknown>, limit: number, cursor: string): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (name === 'cursor' || name === 'limit') continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, String(one));
  }
  search.set('limit', String(limit));
  search.set('cursor', cursor);
  return `${path}?${search.toString()}`;
}
