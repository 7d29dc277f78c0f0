import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('names every missing or wrong setting at once', () => {
    let error: unknown;
    try {
      loadConfig({ REDIS_URL: 'http://x', HTTP_PORT: '99999', EVENT_STORE: 'mongo' }, ['database', 'redis']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'EVENT_STORE must be one of postgres, eventstoredb, got "mongo"',
      'DATABASE_URL is not set (expected a postgres:// URL)',
      'REDIS_URL must be a redis: or rediss:// URL, got http://',
      'HTTP_PORT must be a whole number from 0 to 65535, got "99999"',
    ]);
  });

  it('requires a connection string for EventStoreDB', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/db', EVENT_STORE: 'eventstoredb' }, ['database'])).toThrow(
      'EVENTSTORE_CONNECTION_STRING is not set (expected a esdb:// URL)',
    );
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://localhost/db',
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      },
      ['database'],
    );
    expect(config).toMatchObject({ eventStore: 'eventstoredb', eventStoreConnectionString: 'esdb://localhost:2113?tls=false' });
  });

  it('only requires what the app needs', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@localhost/db' }, ['database']);
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.redisUrl).toBe('');
  });

  it('opens a health port only when HEALTH_PORT is set: 0 picks a free one', () => {
    const base = { DATABASE_URL: 'postgres://localhost/db' };
    expect(loadConfig(base, ['database']).healthPort).toBeUndefined();
    expect(loadConfig({ ...base, HEALTH_PORT: '0' }, ['database']).healthPort).toBe(0);
    expect(loadConfig({ ...base, HEALTH_PORT: '9000' }, ['database']).healthPort).toBe(9000);
    expect(() => loadConfig({ ...base, HEALTH_PORT: 'nine' }, ['database'])).toThrow(
      'HEALTH_PORT must be a whole number from 0 to 65535, got "nine"',
    );
  });

  it('judges PUBLIC_URL when it is given, and otherwise points it at the API', () => {
    const base = { DATABASE_URL: 'postgres://localhost/db', UNSUBSCRIBE_SECRET: 'x'.repeat(32) };
    expect(loadConfig({ ...base, HTTP_PORT: '3100' }, ['database']).unsubscribe?.publicUrl).toBe('http://127.0.0.1:3100');
    expect(loadConfig({ ...base, PUBLIC_URL: 'https://casebook.example.org/' }, ['database']).unsubscribe?.publicUrl).toBe(
      'https://casebook.example.org',
    );
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'ftp://casebook.example.org' }, ['database'])).toThrow(
      'PUBLIC_URL must be an http:// or https:// URL',
    );
  });

  it("keeps the reminder queue under BullMQ's own prefix unless REMINDER_QUEUE_PREFIX names another", () => {
    const base = { DATABASE_URL: 'postgres://localhost/db' };
    expect(loadConfig(base, ['database']).reminderQueuePrefix).toBeUndefined();
    expect(loadConfig({ ...base, REMINDER_QUEUE_PREFIX: '{casebook}' }, ['database']).reminderQueuePrefix).toBe('{casebook}');
    expect(() => loadConfig({ ...base, REMINDER_QUEUE_PREFIX: 'casebook:queues' }, ['database'])).toThrow(
      'REMINDER_QUEUE_PREFIX must be 1 to 64 letters, digits or _ . - { }',
    );
  });
});
