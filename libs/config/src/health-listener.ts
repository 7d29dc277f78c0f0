// Health endpoints for the apps that serve no HTTP of their own (the projector and the reminders
// worker): `/health/live` answers while the process runs, `/health/ready` runs the app's checks.
// Node's own http server: two read-only routes need no framework, and the listener keeps
// answering when the app's own machinery is what has failed. Answers have the shape of the API's
// Terminus reports (`status`, `info`, `error`, `details`), so one probe script reads all three.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Resolves (with an object of details, if it has any) when the dependency is fine; throws when it is not. */
export type HealthCheck = () => Promise<unknown>;

/** One dependency's state in a report; `message` says why it is down. */
export type HealthIndicator = { status: 'up' | 'down'; message?: string } & Record<string, unknown>;

/** What `/health/live` and `/health/ready` answer. */
export interface HealthReport {
  status: 'ok' | 'error';
  info: Record<string, HealthIndicator>;
  error: Record<string, HealthIndicator>;
  details: Record<string, HealthIndicator>;
}

export interface HealthListenerOptions {
  port: number;
  host: string;
  /** Readiness checks by name, run side by side on every `/health/ready`. */
  checks: Record<string, HealthCheck>;
  /** A check that has not answered by then is down (default 1500 ms, as the API's checks). */
  timeoutMs?: number;
  /** The app's Prometheus metrics, served at `/metrics` when given. */
  metrics?: () => Promise<{ contentType: string; text: string }>;
}

export interface HealthListener {
  /** The port listened on (the one picked when asked for 0). */
  readonly port: number;
  /** From now on `/health/ready` answers 503: the app is shutting down. */
  drain(): void;
  close(): Promise<void>;
}

export async function startHealthListener(options: HealthListenerOptions): Promise<HealthListener> {
  const timeoutMs = options.timeoutMs ?? 1500;
  let draining = false;

  const ready = async (): Promise<HealthReport> => {
    const names = Object.keys(options.checks);
    const results = await Promise.all(names.map((name) => runCheck(options.checks[name], timeoutMs)));
    const details: Record<string, HealthIndicator> = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    if (draining) details.shutdown = { status: 'down', message: 'the app is shutting down' };
    const info = Object.fromEntries(Object.entries(details).filter(([, d]) => d.status === 'up'));
    const error = Object.fromEntries(Object.entries(details).filter(([, d]) => d.status === 'down'));
    return { status: Object.keys(error).length === 0 ? 'ok' : 'error', info, error, details };
  };

  const server: Server = createServer((request, response) => {
    answer(request, response, ready, options.metrics).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  // Probes are short requests; an idle keep-alive socket must not hold up close().
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      reject(new Error(`HEALTH_PORT ${options.port} on ${options.host} cannot be listened on: ${error.code ?? error.message}`));
    };
    server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    drain() {
      draining = true;
    },
    close() {
      draining = true;
      return new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  ready: () => Promise<HealthReport>,
  metrics: HealthListenerOptions['metrics'],
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://health').pathname;
  const headOnly = request.method === 'HEAD';
  const paths = ['/health/live', '/health/ready', ...(metrics ? ['/metrics'] : [])];
  if (!paths.includes(path)) {
    problem(response, 404, 'Not found', `${path} is not here: this listener answers ${paths.join(', ')}`);
  } else if (request.method !== 'GET' && !headOnly) {
    response.setHeader('allow', 'GET, HEAD');
    problem(response, 405, 'Method not allowed', `${path} answers GET and HEAD only`);
  } else if (path === '/metrics' && metrics) {
    const { contentType, text } = await metrics();
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
    response.end(headOnly ? undefined : text);
  } else if (path === '/health/live') {
    json(response, 200, { status: 'ok', info: {}, error: {}, details: {} }, headOnly);
  } else {
    const report = await ready();
    json(response, report.status === 'ok' ? 200 : 503, report, headOnly);
  }
}

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<HealthIndicator> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const details = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`no answer within ${timeoutMs} ms`));
        }, timeoutMs);
      }),
    ]);
    return { ...(typeof details === 'object' && details !== null ? details : {}), status: 'up' };
  } catch (error) {
    return { status: 'down', message: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function json(response: ServerResponse, status: number, body: HealthReport, headOnly: boolean): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  response.end(headOnly ? undefined : text);
}

function problem(response: ServerResponse, status: number, title: string, detail: string): void {
  const text = JSON.stringify({ type: 'about:blank', title, status, detail });
  response.writeHead(status, {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
