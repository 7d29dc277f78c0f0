// Secrets given as files (NAME_FILE=/run/secrets/...), as Docker and Kubernetes mount them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, SECRET_SETTINGS, loadConfig, requireSecretSetting } from './app-config.js';

describe('secrets read from *_FILE', () => {
  let dir: string;
  const secretFile = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };
  const problemsOf = (env: NodeJS.ProcessEnv, needs: Parameters<typeof loadConfig>[1] = ['database']): string[] => {
    try {
      loadConfig(env, needs);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'casebook-secrets-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every secret setting from the file its *_FILE names, without the trailing line break', () => {
    const config = loadConfig(
      {
        DATABASE_URL_FILE: secretFile('database_url', 'postgres://casebook:s3cret@db:5432/casebook\n'),
        REDIS_URL_FILE: secretFile('redis_url', 'redis://:r3dis@redis:6379\r\n'),
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING_FILE: secretFile('esdb', 'esdb://admin:changeit@eventstore:2113?tls=false'),
        ADMIN_TOKEN_FILE: secretFile('admin_token', `${'a'.repeat(40)}\n`),
        SMTP_URL_FILE: secretFile('smtp_url', 'smtp://mailer:m4il@mail.example.org:587\n'),
      },
      ['database', 'redis', 'smtp'],
    );
    expect(config).toMatchObject({
      databaseUrl: 'postgres://casebook:s3cret@db:5432/casebook',
      redisUrl: 'redis://:r3dis@redis:6379',
      eventStoreConnectionString: 'esdb://admin:changeit@eventstore:2113?tls=false',
      adminToken: 'a'.repeat(40),
      smtp: { url: 'smtp://mailer:m4il@mail.example.org:587' },
    });
  });

  it('keeps spaces and inner line breaks of a secret: only the trailing line break goes', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://localhost/db', SMTP_URL_FILE: secretFile('smtp', 'smtp://u:p@mail:25 \n') }, [
      'database',
    ]);
    // The space is part of what the operator wrote; a line break is what an editor adds.
    expect(config.smtp.url).toBe('smtp://u:p@mail:25 ');
  });

  it.each(SECRET_SETTINGS.map((name) => [name]))('refuses %s and %s_FILE set at once, naming both', (name) => {
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: 'postgres://localhost/db',
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113',
    };
    env[name] = env[name] ?? (name === 'ADMIN_TOKEN' ? 'b'.repeat(40) : 'redis://localhost:6379');
    env[`${name}_FILE`] = secretFile('value', 'anything\n');
    expect(problemsOf(env)).toContain(`${name} and ${name}_FILE are both set; set only one`);
  });

  it('names the setting and the path when the file is missing, empty, a folder and never quotes a secret', () => {
    const missing = join(dir, 'missing');
    const empty = secretFile('empty', '\n');
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const problems = problemsOf({ DATABASE_URL_FILE: missing, REDIS_URL_FILE: empty, SMTP_URL_FILE: folder }, [
      'database',
      'redis',
      'smtp',
    ]);
    expect(problems).toEqual([
      `DATABASE_URL_FILE names ${missing}, which cannot be read (ENOENT)`,
      `REDIS_URL_FILE names ${empty}, which is empty`,
      `SMTP_URL_FILE names ${folder}, which is not a file`,
    ]);
  });

  it('checks a value from a file like one from the environment, saying where it came from', () => {
    const problems = problemsOf(
      {
        DATABASE_URL_FILE: secretFile('database_url', 'mysql://root:hunter2@db/casebook\n'),
        ADMIN_TOKEN_FILE: secretFile('admin_token', 'short hunter2\n'),
      },
      ['database'],
    );
    expect(problems).toEqual([
      'ADMIN_TOKEN (from ADMIN_TOKEN_FILE) must be 32 to 200 printable characters without spaces',
      'DATABASE_URL (from DATABASE_URL_FILE) must be a postgres: or postgresql:// URL, got mysql://',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('refuses a file too large to be a secret', () => {
    const big = secretFile('big', 'x'.repeat(64 * 1024 + 1));
    expect(problemsOf({ DATABASE_URL_FILE: big })).toEqual([`DATABASE_URL_FILE names ${big}, which is larger than 64 KiB`]);
  });

  it('gives the migration runner its one secret, from either place', () => {
    expect(requireSecretSetting({ DATABASE_URL_FILE: secretFile('database_url', 'postgres://localhost/db\n') }, 'DATABASE_URL')).toBe(
      'postgres://localhost/db',
    );
    expect(requireSecretSetting({ DATABASE_URL: 'postgres://localhost/other' }, 'DATABASE_URL')).toBe('postgres://localhost/other');
    expect(() => requireSecretSetting({}, 'DATABASE_URL')).toThrow('DATABASE_URL is not set (nor DATABASE_URL_FILE)');
  });
});
