/** Loads the demo study into the Casebook at `baseUrl`, as the administrator whose token is given. */
export function loadDemo(options: {
  baseUrl: string;
  token: string;
}): Promise<{ studyId: string; cases: string[]; /** Of the last write, to wait for the read models. */ lastPosition: string }>;
