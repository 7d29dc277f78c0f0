/** Makes a switch over a union exhaustive: a new member nobody handles is a compile error. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
