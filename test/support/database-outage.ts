// Makes a test database refuse every connection, the apps' open ones included, as a database
// server that has gone away does; and lets it back in. Superusers are refused too (unlike a
// connection limit), so this works whatever role the tests connect as.
import { Client } from 'pg';
import { serverUrl } from './test-database.js';

export async function refuseConnections(databaseUrl: string): Promise<void> {
  await alter(databaseUrl, false);
}

export async function allowConnections(databaseUrl: string): Promise<void> {
  await alter(databaseUrl, true);
}

async function alter(databaseUrl: string, allowed: boolean): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Not a test database name: ${name}`);
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS ${allowed}`);
    if (!allowed) {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    }
  } finally {
    await admin.end();
  }
}
