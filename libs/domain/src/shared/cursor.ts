// Page cursors: a list's sort key as JSON in base64url, opaque to clients. Decoding gives
// whatever JSON the text held (or undefined); each list checks the shape of its own key.

export function encodeCursor(key: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function decodeCursor(text: string): unknown {
  try {
    const bytes = Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    // Not one of ours: refused like any other cursor that is not.
    return undefined;
  }
}
