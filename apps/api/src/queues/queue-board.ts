// Bull Board at /admin/queues, for administrators: the reminder queue's jobs by state, to look
// at, not to change (what became of a reminder is recorded on the case's stream; a job retried,
// promoted or removed by hand would go behind the record's back).
//
// Its routes are Fastify's own, which Nest's guard never sees, so an onRequest hook of their own
// asks the same authentication, counts failed attempts with the sign-ins', and refuses in the
// same problem+json. A browser cannot add a bearer header to the requests the board's page
// makes, so the board also takes the token as the password of HTTP Basic authentication: the
// browser asks for it once and sends it with every request under /admin/queues. The API needs Redis for nothing else: the board connects when it is first
// asked, fails fast while Redis is away (503), and the API starts and serves without it.
import { Inject, Injectable, Logger, type OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardServerAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig, redisOptionsFromUrl } from '@casebook/config';
import { REMINDER_QUEUE } from '@casebook/reminders';
import { Forbidden } from '../auth/auth-errors.js';
import { BearerSignIn } from '../auth/bearer-sign-in.js';
import { type Principal, hasRole } from '../auth/principal.js';
import { correlationIdOf } from '../http/correlation-id.js';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsFilter, problemFor } from '../http/problem-details.filter.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** The board's challenge beside the API's, so a browser asks for the token (as a password). */
const BASIC_CHALLENGE = 'Basic realm="Casebook queue board: an administrator\'s token as the password", charset="UTF-8"';

/** The password of HTTP Basic credentials (the user name when the password is empty), if any. */
export function basicPasswordOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const encoded = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)?.[1] : undefined;
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const [user, password] = colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  return password || user || undefined;
}

/** How long a request waits for a first connection to Redis before the board answers 503. */
const CONNECT_TIMEOUT_MS = 1500;

@Injectable()
export class QueueBoard implements OnApplicationShutdown {
  private readonly logger = new Logger('queue-board');
  /** None when REDIS_URL is not set: the API runs without the board then. */
  private readonly redis?: Redis;
  private readonly prefix: string;
  private readonly server = new BoardServerAdapter();
  private readonly board: ReturnType<typeof createBullBoard>;
  private queue?: Queue;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly signIn: BearerSignIn,
  ) {
    this.prefix = config.reminderQueuePrefix ?? 'bull';
    if (config.redisUrl) this.redis = this.connectionTo(config.redisUrl);
    this.server.setBasePath(QUEUE_BOARD_PATH);
    this.board = createBullBoard({ queues: [], serverAdapter: this.server, options: { uiConfig: { boardTitle: 'Casebook queues' } } });
  }

  private connectionTo(url: string): Redis {
    // Commands fail at once while Redis is away instead of waiting for it, so a request does not
    // hang; ioredis keeps reconnecting in the background once the board has been asked.
    const redis = new Redis({
      ...redisOptionsFromUrl(url),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: CONNECT_TIMEOUT_MS,
    });
    // One line an outage: ioredis reports every failed reconnection.
    let away = false;
    redis.on('error', (error: Error) => {
      if (!away) this.logger.warn(`Redis, which holds the reminder queue, does not answer the queue board: ${error.message}`);
      away = true;
    });
    redis.on('ready', () => {
      away = false;
    });
    return redis;
  }

  /** Throws Unauthenticated, TooManyFailedSignIns or Forbidden unless the request is an administrator's. */
  async admit(request: FastifyRequest & { principal?: Principal }): Promise<void> {
    const principal = await this.signIn.principalOf(request);
    if (!hasRole(principal, 'admin')) throw new Forbidden(`The queue board is for administrators; the account is a ${principal.role}`);
  }

  /** Whether the API was told where Redis is. */
  get configured(): boolean {
    return this.redis !== undefined;
  }

  /** True once Redis answers, with the reminder queue on the board; false while it does not. */
  async reachable(): Promise<boolean> {
    const redis = this.redis;
    if (!redis) return false;
    if (redis.status === 'wait') redis.connect().catch(() => undefined);
    if (redis.status === 'connecting' || redis.status === 'connect') await settled(redis, CONNECT_TIMEOUT_MS);
    if (redis.status !== 'ready') return false;
    if (!this.queue) {
      const queue = new Queue(REMINDER_QUEUE, { connection: redis, prefix: this.prefix });
      // The connection's own listener has said it already.
      queue.on('error', () => undefined);
      this.board.addQueue(
        new BullMQAdapter(queue, { readOnlyMode: true, description: 'One delayed job per reminder email the record calls for' }),
      );
      this.queue = queue;
    }
    return true;
  }

  plugin(): ReturnType<BoardServerAdapter['registerPlugin']> {
    return this.server.registerPlugin();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
    this.redis?.disconnect();
  }
}

/** Mounts the board on the API's Fastify instance, behind its own administrators-only hook. */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const board = app.get(QueueBoard);
  // The same filter as every Nest route's, so a refusal here reads like one there.
  const filter = new ProblemDetailsFilter(await app.resolve(PinoLogger));
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request, reply) => {
      // Read as the bearer token it is, so the failed sign-in counters, which read that header,
      // count a wrong one against the account it names.
      const basic = basicPasswordOf(request);
      if (basic !== undefined) request.headers.authorization = `Bearer ${basic}`;
      try {
        await board.admit(request);
      } catch (error) {
        // Nest's own host for a request it did not route, as its adapters make for their filters.
        filter.catch(error, new ExecutionContextHost([request, reply]));
        return reply;
      }
    });
    // The page and its scripts need no Redis; what they ask the board for does.
    scope.addHook('preHandler', async (request, reply) => {
      if (!request.url.startsWith(`${QUEUE_BOARD_PATH}/api/`) || (await board.reachable())) return;
      const problem = problemFor(
        new ServiceUnavailableException(
          board.configured
            ? 'Redis, which holds the reminder queue, does not answer; try again shortly'
            : 'REDIS_URL is not set for the API, so the queue board has no queue to show',
        ),
      );
      // Not logged per request: the board polls, and the outage is logged once by the connection.
      return reply
        .code(503)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .header('retry-after', '5')
        .send({ ...problem, instance: request.url, correlationId: correlationIdOf(request) });
    });
    scope.addHook('onSend', async (_request, reply) => {
      if (reply.statusCode === 401) void reply.header('www-authenticate', [BASIC_CHALLENGE, 'Bearer realm="casebook"']);
    });
    await scope.register(board.plugin(), { prefix: QUEUE_BOARD_PATH });
  });
}

/** Resolves when a connection under way is ready, has failed, or `ms` have passed. */
function settled(redis: Redis, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const event of ['ready', 'error', 'close']) redis.off(event, done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const event of ['ready', 'error', 'close']) redis.once(event, done);
  });
}
