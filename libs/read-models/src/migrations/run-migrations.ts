// `npm run migrate`: brings the database at DATABASE_URL (or the file DATABASE_URL_FILE names) up to date.
import { ConfigError, requireSecretSetting } from '@casebook/config';
import { runMigrations } from '../data-source.js';

async function main(): Promise<void> {
  const url = requireSecretSetting(process.env, 'DATABASE_URL');
  const applied = await runMigrations(url);
  process.stdout.write(applied.length ? `Applied migrations: ${applied.join(', ')}\n` : 'Database schema is up to date\n');
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.problems.join('; ') : error instanceof Error ? error.message : String(error);
  process.stderr.write(`Migration failed: ${message}\n`);
  process.exit(1);
});
