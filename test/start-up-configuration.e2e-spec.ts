// The built apps refuse to start on a wrong or unreachable setting, and say which.
import { spawn } from 'node:child_process';
import { freePort } from './support/free-port.js';

function runApp(app: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', [`dist/apps/${app}/src/main.js`], {
      env: { PATH: process.env.PATH ?? '', HTTP_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start-up configuration', () => {
  it('names every missing or wrong setting and exits', async () => {
    const { code, output } = await runApp('api', { EVENT_STORE: 'mongodb', REDIS_URL: 'http://localhost:6379' });
    expect(code).toBe(2);
    expect(output).toContain('EVENT_STORE must be one of postgres, eventstoredb, got "mongodb"');
    expect(output).toContain('DATABASE_URL is not set');
    expect(output).toContain('REDIS_URL must be a redis: or rediss:// URL');
  });

  it('requires a connection string when EventStoreDB is chosen', async () => {
    const { code, output } = await runApp('projector', { EVENT_STORE: 'eventstoredb', DATABASE_URL: process.env.DATABASE_URL! });
    expect(code).toBe(2);
    expect(output).toContain('EVENTSTORE_CONNECTION_STRING is not set');
  });

  it('fails start-up, saying where, when the EventStoreDB server does not answer', async () => {
    const nobody = `esdb://127.0.0.1:${await freePort()}?tls=false`;
    const { code, output } = await runApp('projector', {
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: nobody,
      DATABASE_URL: process.env.DATABASE_URL!,
    });
    expect(code).not.toBe(0);
    expect(output).toContain(`The event store (EVENT_STORE=eventstoredb) did not answer: EventStoreDB at ${nobody}`);
  });
});
