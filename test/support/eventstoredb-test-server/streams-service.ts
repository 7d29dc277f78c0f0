// Handlers for event_store.client.streams.Streams: Read (reads and catch-up subscriptions),
// Append (client streaming: options, then one message per event) and BatchAppend (one
// long-lived bidirectional stream whose requests and responses pair up by correlation id).
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb.js';
import type { UUID } from '@eventstore/db-client/generated/shared_pb.js';
import type { EventLog, ExpectedRevision, LogPosition, ProposedEvent, StoredEvent } from './event-log.js';
import {
  BadRequest,
  type FilterSettings,
  caughtUpToWire,
  checkpointToWire,
  codePb,
  confirmationToWire,
  emptyPb,
  expectedRevisionFromWire,
  filterFromWire,
  positionFromWire,
  readEventToWire,
  sharedPb,
  sharedWrongExpectedVersion,
  statusToWire,
  streamNameFromWire,
  streamNotFoundToWire,
  streamsPb,
  uint64FromWire,
  uuidFromWire,
} from './wire.js';

/** A call still in progress, and how to end it when the server goes away. */
export interface OpenCall {
  readonly method: 'read' | 'append' | 'batchAppend';
  endUnavailable(): void;
}

export type OpenCalls = Set<OpenCall>;

// What the client sees when its server goes away; it reconnects on UNAVAILABLE.
const SHUTTING_DOWN: Partial<grpc.StatusObject> = { code: grpc.status.UNAVAILABLE, details: 'Server is shutting down.' };

/** How many calls of each Streams method were started, so tests can tell which path ran. */
export interface StreamsCallCounts {
  read: number;
  append: number;
  batchAppend: number;
}

const JSON_CONTENT_TYPE = 'application/json';
const BINARY_CONTENT_TYPE = 'application/octet-stream';
const REQUIRED_METADATA = ['type', 'content-type'];

/** EventStoreDB's own name for an event without the metadata every event needs. */
class MissingRequiredMetadata extends Error {}

export function createStreamsHandlers(log: EventLog, openCalls: OpenCalls, counts: StreamsCallCounts): grpc.UntypedServiceImplementation {
  const read: grpc.handleServerStreamingCall<ReadReq, ReadResp> = (call) => {
    counts.read += 1;
    const out = new Outbound(call, openCalls);
    handleRead(log, call.request, out).then(
      () => out.end(),
      (error: unknown) => out.fail(error),
    );
  };

  const append: grpc.handleClientStreamingCall<AppendReq, AppendResp> = (call, respond) => {
    counts.append += 1;
    let answered = false;
    const open: OpenCall = {
      method: 'append',
      endUnavailable: () => answer(SHUTTING_DOWN),
    };
    const answer = (error: Partial<grpc.StatusObject> | null, response?: AppendResp) => {
      if (answered) return;
      answered = true;
      openCalls.delete(open);
      respond(error, response);
    };
    openCalls.add(open);
    call.on('cancelled', () => {
      answered = true;
      openCalls.delete(open);
    });
    let options: AppendReq.Options | undefined;
    const proposed: ProposedEvent[] = [];
    let failure: Error | undefined;
    call.on('data', (request: AppendReq) => {
      if (failure !== undefined) return;
      try {
        if (request.hasOptions()) {
          options = request.getOptions();
        } else if (request.hasProposedMessage()) {
          if (!options) throw new BadRequest('Options must be sent before the proposed messages.');
          proposed.push(proposedEventFromWire(request.getProposedMessage()!));
        }
      } catch (error) {
        failure = asError(error);
      }
    });
    // A cancelled or broken call is already over for the client; nothing to answer.
    call.on('error', () => undefined);
    call.on('end', () => {
      if (call.cancelled || answered) return;
      try {
        if (failure !== undefined) throw failure;
        if (!options) throw new BadRequest('No append options were sent.');
        const streamName = streamNameFromWire(options.getStreamIdentifier());
        const expected = expectedRevisionFromWire({
          hasAny: () => options!.hasAny(),
          hasNoStream: () => options!.hasNoStream(),
          hasStreamExists: () => options!.hasStreamExists(),
          exact: options.hasRevision() ? options.getRevision() : undefined,
        });
        answer(null, appendResponse(log, streamName, expected, proposed));
      } catch (error) {
        answer(toStatus(error));
      }
    });
  };

  const batchAppend: grpc.handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> = (call) => {
    counts.batchAppend += 1;
    const open: OpenCall = {
      method: 'batchAppend',
      endUnavailable: () => {
        openCalls.delete(open);
        if (!call.cancelled && call.writable) call.emit('error', SHUTTING_DOWN);
      },
    };
    openCalls.add(open);
    const forget = () => openCalls.delete(open);
    call.on('cancelled', forget);
    call.on('close', forget);
    call.on('finish', forget);
    interface PendingBatch {
      correlation: UUID;
      options: BatchAppendReq.Options;
      events: ProposedEvent[];
      failure?: Error;
    }
    const pending = new Map<string, PendingBatch>();
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = uuidFromWire(request.getCorrelationId());
      if (!correlationId) {
        call.emit('error', toStatus(new BadRequest('Every batch needs a correlation id.')));
        return;
      }
      let batch = pending.get(correlationId);
      if (request.hasOptions()) {
        batch = { correlation: request.getCorrelationId()!, options: request.getOptions()!, events: [] };
        pending.set(correlationId, batch);
      }
      if (!batch) {
        call.emit('error', toStatus(new BadRequest(`The first batch of ${correlationId} carries no options.`)));
        return;
      }
      if (batch.failure === undefined) {
        try {
          for (const message of request.getProposedMessagesList()) batch.events.push(proposedEventFromWire(message));
        } catch (error) {
          batch.failure = asError(error);
        }
      }
      if (!request.getIsFinal()) return;
      pending.delete(correlationId);
      if (!call.cancelled && call.writable) call.write(batchAppendResponse(log, batch));
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (!call.cancelled && call.writable) call.end();
    });

    function batchAppendResponse(eventLog: EventLog, batch: PendingBatch): BatchAppendResp {
      const { options } = batch;
      const response = new streamsPb.BatchAppendResp().setCorrelationId(batch.correlation);
      if (options.hasStreamIdentifier()) response.setStreamIdentifier(options.getStreamIdentifier());
      if (options.hasStreamPosition()) response.setStreamPosition(options.getStreamPosition());
      else if (options.hasNoStream()) response.setNoStream(new emptyPb.Empty());
      else if (options.hasStreamExists()) response.setStreamExists(new emptyPb.Empty());
      else if (options.hasAny()) response.setAny(new emptyPb.Empty());
      try {
        if (batch.failure !== undefined) throw batch.failure;
        const streamName = streamNameFromWire(options.getStreamIdentifier());
        const expected = expectedRevisionFromWire({
          hasAny: () => options.hasAny(),
          hasNoStream: () => options.hasNoStream(),
          hasStreamExists: () => options.hasStreamExists(),
          exact: options.hasStreamPosition() ? options.getStreamPosition() : undefined,
        });
        const deadline = options.getDeadline()?.toDate();
        if (deadline && deadline.getTime() < Date.now()) {
          return response.setError(
            statusToWire(codePb.Code.DEADLINE_EXCEEDED, 'Timeout', new sharedPb.Timeout(), 'event_store.client.Timeout'),
          );
        }
        const outcome = eventLog.append(streamName, expected, batch.events);
        if (outcome.kind === 'wrong_expected_version') {
          return response.setError(
            statusToWire(
              codePb.Code.FAILED_PRECONDITION,
              wrongExpectedVersionMessage(streamName, expected, outcome.currentRevision),
              sharedWrongExpectedVersion(expected, outcome.currentRevision),
              'event_store.client.WrongExpectedVersion',
            ),
          );
        }
        const success = new streamsPb.BatchAppendResp.Success();
        if (outcome.currentRevision === undefined) success.setNoStream(new emptyPb.Empty());
        else success.setCurrentRevision(outcome.currentRevision.toString(10));
        if (outcome.position === undefined) success.setNoPosition(new emptyPb.Empty());
        else success.setPosition(allStreamPosition(outcome.position));
        return response.setSuccess(success);
      } catch (error) {
        // The client needs a detail it can unpack; BadRequest is the protocol's generic one.
        const message = error instanceof Error ? error.message : String(error);
        return response.setError(
          statusToWire(
            codePb.Code.INVALID_ARGUMENT,
            message,
            new sharedPb.BadRequest().setMessage(message),
            'event_store.client.BadRequest',
          ),
        );
      }
    }
  };

  return { read, append, batchAppend };
}

function allStreamPosition(position: LogPosition) {
  return new sharedPb.AllStreamPosition().setCommitPosition(position.commit.toString(10)).setPreparePosition(position.prepare.toString(10));
}

function appendResponse(log: EventLog, streamName: string, expected: ExpectedRevision, proposed: readonly ProposedEvent[]): AppendResp {
  const outcome = log.append(streamName, expected, proposed);
  if (outcome.kind === 'wrong_expected_version') {
    const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
    if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new sharedPb.Empty());
    else wrong.setCurrentRevision(outcome.currentRevision.toString(10));
    switch (expected.kind) {
      case 'any':
        wrong.setExpectedAny(new sharedPb.Empty());
        break;
      case 'no_stream':
        wrong.setExpectedNoStream(new sharedPb.Empty());
        break;
      case 'stream_exists':
        wrong.setExpectedStreamExists(new sharedPb.Empty());
        break;
      case 'revision':
        wrong.setExpectedRevision(expected.revision.toString(10));
        break;
    }
    return new streamsPb.AppendResp().setWrongExpectedVersion(wrong);
  }
  const success = new streamsPb.AppendResp.Success();
  if (outcome.currentRevision === undefined) success.setNoStream(new sharedPb.Empty());
  else success.setCurrentRevision(outcome.currentRevision.toString(10));
  if (outcome.position === undefined) {
    success.setNoPosition(new sharedPb.Empty());
  } else {
    success.setPosition(
      new streamsPb.AppendResp.Position()
        .setCommitPosition(outcome.position.commit.toString(10))
        .setPreparePosition(outcome.position.prepare.toString(10)),
    );
  }
  return new streamsPb.AppendResp().setSuccess(success);
}

function wrongExpectedVersionMessage(streamName: string, expected: ExpectedRevision, current: bigint | undefined): string {
  const wanted = expected.kind === 'revision' ? expected.revision.toString(10) : expected.kind;
  return `Append failed due to WrongExpectedVersion. Stream: ${streamName}, Expected version: ${wanted}, Actual version: ${current ?? 'no_stream'}`;
}

interface WireProposedMessage {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

function proposedEventFromWire(message: WireProposedMessage): ProposedEvent {
  const id = uuidFromWire(message.getId());
  if (!id) throw new BadRequest('Every event needs a valid UUID as its id.');
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (!type || !contentType) throw new MissingRequiredMetadata(`Missing required metadata: ${REQUIRED_METADATA.join(', ')}`);
  return {
    id,
    type,
    // The server stores only whether an event is JSON, so anything else reads back as binary.
    contentType: contentType === JSON_CONTENT_TYPE ? JSON_CONTENT_TYPE : BINARY_CONTENT_TYPE,
    data: Uint8Array.from(message.getData_asU8()),
    customMetadata: Uint8Array.from(message.getCustomMetadata_asU8()),
  };
}

/** A failure to answer with once the call's last message is in, as an Error whatever was thrown. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The status a failed call ends with; the `exception` trailer is how the client names errors. */
function toStatus(error: unknown): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  if (error instanceof MissingRequiredMetadata) {
    metadata.set('exception', 'missing-required-metadata-property');
    metadata.set('required-metadata-properties', REQUIRED_METADATA.join(','));
    return { code: grpc.status.INVALID_ARGUMENT, details: error.message, metadata };
  }
  if (error instanceof BadRequest) {
    return { code: grpc.status.INVALID_ARGUMENT, details: error.message, metadata };
  }
  const details = error instanceof Error ? error.message : String(error);
  return { code: grpc.status.INTERNAL, details: `Test server failure: ${details}`, metadata };
}

/**
 * The sending side of a Read call: waits when the client reads slowly (so gRPC flow control
 * reaches the log, as with a real server) and stops at once when the call is cancelled or the
 * server goes away.
 */
class Outbound {
  #closed = false;
  readonly #wakers = new Set<() => void>();
  readonly #forget: () => void;

  constructor(
    private readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    openCalls: OpenCalls,
  ) {
    const close = () => this.#close();
    call.on('cancelled', close);
    call.on('close', close);
    call.on('error', close);
    const open: OpenCall = { method: 'read', endUnavailable: () => this.fail(SHUTTING_DOWN) };
    openCalls.add(open);
    this.#forget = () => openCalls.delete(open);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves false once the call is over, so producers know to stop. */
  async send(message: ReadResp): Promise<boolean> {
    if (this.#closed) return false;
    if (this.call.write(message)) return true;
    await this.until((wake) => {
      this.call.once('drain', wake);
      return () => this.call.off('drain', wake);
    });
    return !this.#closed;
  }

  /** Resolves when `register`'s event fires or the call ends, whichever comes first. */
  until(register: (wake: () => void) => () => void): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      let done = false;
      // Not const: `register` may wake at once, before it has returned the unregister function.
      let unregister: (() => void) | undefined = undefined;
      const wake = () => {
        if (done) return;
        done = true;
        this.#wakers.delete(wake);
        unregister?.();
        resolve();
      };
      this.#wakers.add(wake);
      unregister = register(wake);
      if (done) unregister();
    });
  }

  end(): void {
    if (this.#closed) return;
    this.#close();
    this.call.end();
  }

  fail(error: unknown): void {
    if (this.#closed) return;
    this.#close();
    this.call.emit('error', error === SHUTTING_DOWN ? SHUTTING_DOWN : toStatus(error));
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#forget();
    for (const wake of [...this.#wakers]) wake();
  }
}

async function handleRead(log: EventLog, request: ReadReq, out: Outbound): Promise<void> {
  const options = request.getOptions();
  if (!options) throw new BadRequest('Read options are required.');
  const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
  const filter = filterFromWire(options);
  const toWire = (event: StoredEvent) => readEventToWire(event, structuredIds);

  if (options.hasSubscription()) {
    if (options.hasAll()) {
      const all = options.getAll()!;
      const cursor = all.hasPosition() ? log.firstIndexAfter(positionFromWire(all.getPosition()!)) : all.hasEnd() ? log.size : 0;
      await runSubscription(log, out, { size: () => log.size, at: (i) => log.at(i)! }, cursor, filter, toWire);
      return;
    }
    const streamOptions = options.getStream();
    if (!streamOptions) throw new BadRequest('A subscription needs stream or all options.');
    const streamName = streamNameFromWire(streamOptions.getStreamIdentifier());
    const events = () => log.stream(streamName) ?? [];
    // Stream subscriptions start after the given revision; revisions are indexes from 0.
    const cursor = streamOptions.hasRevision()
      ? clampIndex(uint64FromWire(streamOptions.getRevision(), 'revision') + 1n)
      : streamOptions.hasEnd()
        ? events().length
        : 0;
    await runSubscription(log, out, { size: () => events().length, at: (i) => events()[i] }, cursor, undefined, toWire);
    return;
  }

  const maxCount = options.hasCount() ? uint64FromWire(options.getCount(), 'count') : 0xffff_ffff_ffff_ffffn;
  const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;

  if (options.hasAll()) {
    const all = options.getAll()!;
    // Reads see the log as it was when they started, however slowly the client consumes them.
    const size = log.size;
    let index: number;
    if (backwards) {
      // Backwards from a position excludes it: it is where the previous page ended.
      index = all.hasPosition() ? log.firstIndexAtOrAfter(positionFromWire(all.getPosition()!)) - 1 : all.hasStart() ? -1 : size - 1;
    } else {
      index = all.hasPosition() ? log.firstIndexAtOrAfter(positionFromWire(all.getPosition()!)) : all.hasEnd() ? size : 0;
    }
    let sent = 0n;
    while (sent < maxCount && index >= 0 && index < size) {
      const event = log.at(index)!;
      index += backwards ? -1 : 1;
      if (filter && !filter.matches(event)) continue;
      if (!(await out.send(toWire(event)))) return;
      sent += 1n;
    }
    return;
  }

  const streamOptions = options.getStream();
  if (!streamOptions) throw new BadRequest('A read needs stream or all options.');
  const streamName = streamNameFromWire(streamOptions.getStreamIdentifier());
  const stream = log.stream(streamName);
  if (!stream) {
    await out.send(streamNotFoundToWire(streamName));
    return;
  }
  const size = stream.length;
  let index: number;
  if (streamOptions.hasRevision()) {
    const from = clampIndex(uint64FromWire(streamOptions.getRevision(), 'revision'));
    index = backwards ? Math.min(from, size - 1) : from;
  } else if (streamOptions.hasEnd()) {
    index = backwards ? size - 1 : size;
  } else {
    index = 0;
  }
  let sent = 0n;
  while (sent < maxCount && index >= 0 && index < size) {
    if (!(await out.send(toWire(stream[index])))) return;
    index += backwards ? -1 : 1;
    sent += 1n;
  }
}

interface EventSource {
  size(): number;
  at(index: number): StoredEvent;
}

/**
 * A catch-up subscription: confirmation, the events after the start, `caught_up`, then live
 * events as they are written. With a filter, events that do not match are skipped but still
 * counted towards checkpoints, so a consumer can persist progress through quiet stretches.
 */
async function runSubscription(
  log: EventLog,
  out: Outbound,
  source: EventSource,
  startIndex: number,
  filter: FilterSettings | undefined,
  toWire: (event: StoredEvent) => ReadResp,
): Promise<void> {
  if (!(await out.send(confirmationToWire(randomUUID())))) return;
  let cursor = startIndex;
  let caughtUp = false;
  let scannedSinceCheckpoint = 0;
  let lastScanned: LogPosition | undefined;
  const checkpoint = async (): Promise<boolean> => {
    if (!filter || scannedSinceCheckpoint === 0 || !lastScanned) return true;
    scannedSinceCheckpoint = 0;
    return out.send(checkpointToWire(lastScanned));
  };

  while (!out.closed) {
    if (cursor < source.size()) {
      const event = source.at(cursor);
      cursor += 1;
      if (!filter || filter.matches(event)) {
        if (!(await out.send(toWire(event)))) return;
      }
      if (filter) {
        scannedSinceCheckpoint += 1;
        lastScanned = event.position;
        if (scannedSinceCheckpoint >= filter.checkpointInterval && !(await checkpoint())) return;
      }
      continue;
    }
    if (!caughtUp) {
      if (!(await checkpoint())) return;
      if (!(await out.send(caughtUpToWire()))) return;
      caughtUp = true;
      continue;
    }
    await out.until((wake) => log.onAppended(wake));
  }
}

/** Revisions beyond any array index simply mean "past the end". */
function clampIndex(revision: bigint): number {
  return revision > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(revision);
}
