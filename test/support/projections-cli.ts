// `npm run projections` as an operator runs it against a harness's running system: the built CLI,
// on the harness's database and event store.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Harness } from './casebook-harness.js';

const cliMain = fileURLToPath(new URL('../../dist/apps/projector/src/projections-cli.js', import.meta.url));
const execFileAsync = promisify(execFile);

export function projectionsCli(casebook: Harness): (...args: string[]) => Promise<{ stdout: string; stderr: string }> {
  return (...args) =>
    execFileAsync(process.execPath, [cliMain, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: casebook.config.databaseUrl,
        EVENT_STORE: casebook.config.eventStore,
        EVENTSTORE_CONNECTION_STRING: casebook.config.eventStoreConnectionString ?? '',
      },
    });
}
