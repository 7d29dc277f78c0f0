// TEST FIXTURE ONLY — never a runtime option. Nothing outside test code may start it, and no
// configuration may point the apps at it: it keeps events in memory and implements just enough
// of EventStoreDB.
//
// A wire-compatible stand-in for EventStoreDB: a gRPC server speaking the subset of the v1
// protocol that @eventstore/db-client uses to append, read streams and `$all`, and run
// catch-up subscriptions with server-side filters. CI cannot run a real EventStoreDB, so this
// lets tests drive the production adapter through the real client, over real gRPC.
import * as grpc from '@grpc/grpc-js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import serverFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import serverFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import type { Empty } from '@eventstore/db-client/generated/shared_pb.js';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb.js';
import { EventLog } from './event-log.js';
import { type OpenCalls, type StreamsCallCounts, createStreamsHandlers } from './streams-service.js';
import { encodeReadResp } from './wire.js';

export { DEFAULT_FIRST_POSITION } from './event-log.js';

export interface EventStoreDbTestServerCallCounts extends StreamsCallCounts {
  getSupportedMethods: number;
}

export interface EventStoreDbTestServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /**
   * With false, ServerFeatures is not offered at all, like servers before 21.10: the client
   * then assumes an unknown version and appends through Streams/Append instead of BatchAppend.
   */
  features?: boolean;
  /** Position of the first event written; real logs never start at 0. */
  firstPosition?: bigint;
}

const HOST = '127.0.0.1';
// What EventStoreDB 23.10 reports; the client only logs it.
const SERVER_VERSION = '23.10.0';
const STREAMS_SERVICE = 'event_store.client.streams.streams';
const SERVER_FEATURES_SERVICE = 'event_store.client.server_features.serverfeatures';
const REBIND_TIMEOUT_MS = 5_000;
// A client that stopped reading cannot receive its final status; it is cut off after this.
const SHUTDOWN_GRACE_MS = 1_000;

export class EventStoreDbTestServer {
  readonly #log: EventLog;
  readonly #features: boolean;
  readonly #openCalls: OpenCalls = new Set();
  readonly #calls: EventStoreDbTestServerCallCounts = { read: 0, append: 0, batchAppend: 0, getSupportedMethods: 0 };
  #server: grpc.Server | undefined;
  #port: number;
  #closed = false;

  private constructor(options: EventStoreDbTestServerOptions) {
    this.#log = new EventLog(options.firstPosition);
    this.#features = options.features ?? true;
    this.#port = options.port ?? 0;
  }

  static async start(options: EventStoreDbTestServerOptions = {}): Promise<EventStoreDbTestServer> {
    const server = new EventStoreDbTestServer(options);
    await server.#listen();
    return server;
  }

  get port(): number {
    return this.#port;
  }

  get connectionString(): string {
    return `esdb://${HOST}:${this.#port}?tls=false`;
  }

  /** Number of events in the log. */
  get eventCount(): number {
    return this.#log.size;
  }

  /** Calls started per gRPC method since the server was created (for tests). */
  get calls(): Readonly<EventStoreDbTestServerCallCounts> {
    return { ...this.#calls };
  }

  /** Read calls (reads and subscriptions) still sending (for tests of cancellation). */
  get openReadCalls(): number {
    return [...this.#openCalls].filter((call) => call.method === 'read').length;
  }

  /**
   * Simulates the server going away: stops listening and ends every open call (subscriptions
   * included) with UNAVAILABLE, then closes every connection. The data is kept.
   */
  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    // Dropping connections outright reads as CANCELLED on the client, which is not how a lost
    // server looks; an explicit UNAVAILABLE is, and makes the client reconnect.
    for (const call of [...this.#openCalls]) call.endUnavailable();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, SHUTDOWN_GRACE_MS);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  /** Listens again on the same port, with the same data. */
  async restart(): Promise<void> {
    if (this.#closed) throw new Error('The EventStoreDB test server was closed; start a new one.');
    await this.stop();
    await this.#listen();
  }

  /** Stops for good. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.stop();
  }

  async #listen(): Promise<void> {
    const server = new grpc.Server();
    const streamsService = {
      ...streamsGrpc.StreamsService,
      read: { ...streamsGrpc.StreamsService.read, responseSerialize: encodeReadResp },
    };
    server.addService(streamsService, createStreamsHandlers(this.#log, this.#openCalls, this.#calls));
    if (this.#features) {
      const calls = this.#calls;
      server.addService(serverFeaturesGrpc.ServerFeaturesService, {
        getSupportedMethods: ((call, respond) => {
          calls.getSupportedMethods += 1;
          getSupportedMethods(call, respond);
        }) satisfies grpc.handleUnaryCall<Empty, SupportedMethods>,
      });
    }
    // Right after a shutdown the old socket may still hold the port for a moment.
    const deadline = Date.now() + REBIND_TIMEOUT_MS;
    for (;;) {
      try {
        this.#port = await bind(server, `${HOST}:${this.#port}`);
        this.#server = server;
        return;
      } catch (error) {
        if (this.#port === 0 || Date.now() > deadline) {
          server.forceShutdown();
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }
}

function bind(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
  });
}

// The client compares lower-cased "/service/method" paths; real servers send them lower-cased.
const getSupportedMethods: grpc.handleUnaryCall<Empty, SupportedMethods> = (_call, respond) => {
  const method = (serviceName: string, methodName: string) =>
    new serverFeaturesPb.SupportedMethod().setServiceName(serviceName).setMethodName(methodName);
  const supported = new serverFeaturesPb.SupportedMethods()
    .setEventStoreServerVersion(SERVER_VERSION)
    .setMethodsList([
      method(STREAMS_SERVICE, 'read'),
      method(STREAMS_SERVICE, 'append'),
      method(STREAMS_SERVICE, 'batchappend'),
      method(SERVER_FEATURES_SERVICE, 'getsupportedmethods'),
    ]);
  respond(null, supported);
};
