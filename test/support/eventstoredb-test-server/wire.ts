// Conversions between the event log and the protobuf messages of EventStoreDB's v1 gRPC API.
// The message classes come from the generated files shipped inside @eventstore/db-client: they
// register global `proto.event_store.*` names, so loading any other copy in the same process
// would break the client under test.
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import statusPb from '@eventstore/db-client/generated/status_pb.js';
import codePb from '@eventstore/db-client/generated/code_pb.js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb.js';
import type { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb.js';
import type { Status } from '@eventstore/db-client/generated/status_pb.js';
import type { Code } from '@eventstore/db-client/generated/code_pb.js';
import type { ExpectedRevision, LogPosition, StoredEvent } from './event-log.js';

export { streamsPb, sharedPb };

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A request the server refuses as INVALID_ARGUMENT, as EventStoreDB does with bad input. */
export class BadRequest extends Error {}

/** Reads an event id in either form the protocol allows; undefined when it is no valid UUID. */
export function uuidFromWire(uuid: UUID | undefined): string | undefined {
  if (!uuid) return undefined;
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured()!;
    // The halves travel as signed int64 decimal strings holding the UUID's bytes big-endian.
    const most = BigInt.asUintN(64, BigInt(structured.getMostSignificantBits()));
    const least = BigInt.asUintN(64, BigInt(structured.getLeastSignificantBits()));
    const hex = most.toString(16).padStart(16, '0') + least.toString(16).padStart(16, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  if (uuid.hasString()) return normalizeUuid(uuid.getString());
  return undefined;
}

/** Accepts the spellings .NET's Guid parser accepts for the usual forms ("D", "N", "B"). */
function normalizeUuid(text: string): string | undefined {
  let candidate = text.trim().toLowerCase();
  if (candidate.startsWith('{') && candidate.endsWith('}')) candidate = candidate.slice(1, -1);
  if (/^[0-9a-f]{32}$/.test(candidate)) {
    candidate = `${candidate.slice(0, 8)}-${candidate.slice(8, 12)}-${candidate.slice(12, 16)}-${candidate.slice(16, 20)}-${candidate.slice(20)}`;
  }
  return UUID_PATTERN.test(candidate) ? candidate : undefined;
}

export function uuidToWire(id: string, structured: boolean): UUID {
  const uuid = new sharedPb.UUID();
  if (!structured) return uuid.setString(id);
  const hex = id.replaceAll('-', '');
  const halves = new sharedPb.UUID.Structured()
    .setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString(10))
    .setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString(10));
  return uuid.setStructured(halves);
}

export function streamNameFromWire(identifier: StreamIdentifier | undefined): string {
  const name = identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
  if (!name) throw new BadRequest('A stream name is required.');
  return name;
}

export function streamIdentifierToWire(streamName: string): StreamIdentifier {
  return new sharedPb.StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(streamName, 'utf8')));
}

/** Parses a uint64 sent as a decimal string (how the client sends every 64-bit number). */
export function uint64FromWire(text: string, what: string): bigint {
  if (!/^\d+$/.test(text)) throw new BadRequest(`Invalid ${what}: ${JSON.stringify(text)}`);
  const value = BigInt(text);
  if (value > 0xffff_ffff_ffff_ffffn) throw new BadRequest(`Invalid ${what}: ${text}`);
  return value;
}

export function positionFromWire(position: { getCommitPosition(): string; getPreparePosition(): string }): LogPosition {
  return {
    commit: uint64FromWire(position.getCommitPosition(), 'commit position'),
    prepare: uint64FromWire(position.getPreparePosition(), 'prepare position'),
  };
}

// Reads send the same stored events again and again, and google-protobuf's encoder is most of
// the test server's time: each event's message, and then its bytes, are made only once.
const readEventMessages = { text: new WeakMap<StoredEvent, ReadResp>(), structured: new WeakMap<StoredEvent, ReadResp>() };
const encodedReadEvents = new WeakMap<ReadResp, Buffer>();

/** Serialises a ReadResp as the generated code does, reusing the bytes of an event's message. */
export function encodeReadResp(message: ReadResp): Buffer {
  const known = encodedReadEvents.get(message);
  if (known) return known;
  const bytes = Buffer.from(message.serializeBinary());
  if (message.hasEvent()) encodedReadEvents.set(message, bytes);
  return bytes;
}

export function readEventToWire(event: StoredEvent, structuredIds: boolean): ReadResp {
  const messages = structuredIds ? readEventMessages.structured : readEventMessages.text;
  let message = messages.get(event);
  if (!message) {
    message = buildReadEvent(event, structuredIds);
    messages.set(event, message);
  }
  return message;
}

function buildReadEvent(event: StoredEvent, structuredIds: boolean): ReadResp {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidToWire(event.id, structuredIds))
    .setStreamIdentifier(streamIdentifierToWire(event.streamName))
    .setStreamRevision(event.revision.toString(10))
    .setCommitPosition(event.position.commit.toString(10))
    .setPreparePosition(event.position.prepare.toString(10))
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  recorded.getMetadataMap().set('type', event.type).set('content-type', event.contentType).set('created', event.created.toString(10));
  const readEvent = new streamsPb.ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.position.commit.toString(10));
  return new streamsPb.ReadResp().setEvent(readEvent);
}

export function confirmationToWire(subscriptionId: string): ReadResp {
  return new streamsPb.ReadResp().setConfirmation(new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));
}

export function caughtUpToWire(): ReadResp {
  return new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp());
}

export function checkpointToWire(position: LogPosition): ReadResp {
  return new streamsPb.ReadResp().setCheckpoint(
    new streamsPb.ReadResp.Checkpoint().setCommitPosition(position.commit.toString(10)).setPreparePosition(position.prepare.toString(10)),
  );
}

export function streamNotFoundToWire(streamName: string): ReadResp {
  return new streamsPb.ReadResp().setStreamNotFound(
    new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifierToWire(streamName)),
  );
}

export type EventFilter = (event: StoredEvent) => boolean;

export interface FilterSettings {
  readonly matches: EventFilter;
  /** Checkpoints are due after this many events were looked at, matching or not. */
  readonly checkpointInterval: number;
}

// EventStoreDB's window when the client leaves it to the server (`count` instead of `max`).
const DEFAULT_SEARCH_WINDOW = 32;

export function filterFromWire(options: ReadReq.Options): FilterSettings | undefined {
  if (!options.hasFilter()) return undefined;
  const filter = options.getFilter()!;
  const onStreamName = filter.hasStreamIdentifier();
  const expression = onStreamName ? filter.getStreamIdentifier() : filter.getEventType();
  if (!expression) throw new BadRequest('A filter needs a stream identifier or event type expression.');
  const prefixes = expression.getPrefixList();
  const regexSource = expression.getRegex();
  let test: (value: string) => boolean;
  if (prefixes.length > 0) {
    test = (value) => prefixes.some((prefix) => value.startsWith(prefix));
  } else if (regexSource) {
    let regex: RegExp;
    try {
      regex = new RegExp(regexSource);
    } catch {
      throw new BadRequest(`Invalid filter regex: ${regexSource}`);
    }
    test = (value) => regex.test(value);
  } else {
    test = () => true;
  }
  const window = filter.hasMax() && filter.getMax() > 0 ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  const multiplier = Math.max(1, filter.getCheckpointintervalmultiplier());
  return {
    matches: onStreamName ? (event) => test(event.streamName) : (event) => test(event.type),
    checkpointInterval: window * multiplier,
  };
}

/** The expected revision of Append and BatchAppend options (their oneofs differ only in names). */
export function expectedRevisionFromWire(options: {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
  exact: string | undefined;
}): ExpectedRevision {
  if (options.exact !== undefined) return { kind: 'revision', revision: uint64FromWire(options.exact, 'expected revision') };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  if (options.hasAny()) return { kind: 'any' };
  throw new BadRequest('An expected stream revision is required.');
}

export function sharedWrongExpectedVersion(expected: ExpectedRevision, currentRevision: bigint | undefined) {
  const details = new sharedPb.WrongExpectedVersion();
  if (currentRevision === undefined) details.setCurrentNoStream(new emptyPb.Empty());
  else details.setCurrentStreamRevision(currentRevision.toString(10));
  switch (expected.kind) {
    case 'any':
      details.setExpectedAny(new emptyPb.Empty());
      break;
    case 'no_stream':
      details.setExpectedNoStream(new emptyPb.Empty());
      break;
    case 'stream_exists':
      details.setExpectedStreamExists(new emptyPb.Empty());
      break;
    case 'revision':
      details.setExpectedStreamPosition(expected.revision.toString(10));
      break;
  }
  return details;
}

/** A google.rpc.Status carrying one detail message, as BatchAppend reports failures. */
export function statusToWire(code: Code, message: string, detail: { serializeBinary(): Uint8Array }, detailTypeName: string): Status {
  const any = new anyPb.Any();
  any.pack(detail.serializeBinary(), detailTypeName);
  return new statusPb.Status().setCode(code).setMessage(message).setDetails(any);
}

export { codePb, emptyPb };
