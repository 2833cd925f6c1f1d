/**
 * Framing of the wire messages: the protocol version, and encode/decode with errors
 * that say what was wrong.
 */
import { vegafusion } from './generated/vegafusion.js';

export const v1 = vegafusion.v1;
export type ClientMessage = vegafusion.v1.ClientMessage;
export type ServerMessage = vegafusion.v1.ServerMessage;
export type IClientMessage = vegafusion.v1.IClientMessage;
export type IServerMessage = vegafusion.v1.IServerMessage;
export type ITaskGraph = vegafusion.v1.ITaskGraph;
export type ITaskNode = vegafusion.v1.ITaskNode;
export type ITask = vegafusion.v1.ITask;
export type IRenderTask = vegafusion.v1.IRenderTask;
export type ITaskValue = vegafusion.v1.ITaskValue;
export type IQuery = vegafusion.v1.IQuery;
export type IQueryItem = vegafusion.v1.IQueryItem;
export type ISelectionHint = vegafusion.v1.ISelectionHint;
export type IQueryResult = vegafusion.v1.IQueryResult;
export type INodeValue = vegafusion.v1.INodeValue;
export type ICapabilities = vegafusion.v1.ICapabilities;
export type IError = vegafusion.v1.IError;
export type IVariable = vegafusion.v1.IVariable;
export const Namespace = vegafusion.v1.Namespace;

/** The protocol version this code speaks. */
export const PROTOCOL_VERSION = 1;

/** A frame that is not a valid message of a version we speak. */
export class ProtocolError extends Error {
  readonly code: 'bad_message' | 'unsupported_version';
  constructor(code: 'bad_message' | 'unsupported_version', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProtocolError';
    this.code = code;
  }
}

function checkVersion(version: number): void {
  if (version !== PROTOCOL_VERSION) {
    throw new ProtocolError('unsupported_version',
      `Protocol version ${version} is not supported; this side speaks version ${PROTOCOL_VERSION}`);
  }
}

export function encodeClientMessage(message: Omit<IClientMessage, 'version'>): Uint8Array {
  return v1.ClientMessage.encode({ ...message, version: PROTOCOL_VERSION }).finish();
}

export function encodeServerMessage(message: Omit<IServerMessage, 'version'>): Uint8Array {
  return v1.ServerMessage.encode({ ...message, version: PROTOCOL_VERSION }).finish();
}

export function decodeClientMessage(bytes: Uint8Array): ClientMessage {
  let message: ClientMessage;
  try {
    message = v1.ClientMessage.decode(bytes);
  } catch (cause) {
    throw new ProtocolError('bad_message', `Malformed client message (${bytes.length} bytes): ${(cause as Error).message}`, { cause });
  }
  checkVersion(message.version);
  if (!message.kind) throw new ProtocolError('bad_message', 'Client message carries no query, cancel or capabilities request');
  return message;
}

export function decodeServerMessage(bytes: Uint8Array): ServerMessage {
  let message: ServerMessage;
  try {
    message = v1.ServerMessage.decode(bytes);
  } catch (cause) {
    throw new ProtocolError('bad_message', `Malformed server message (${bytes.length} bytes): ${(cause as Error).message}`, { cause });
  }
  checkVersion(message.version);
  return message;
}

/** Fewest bytes of an Arrow table that the runtime sends as a frame of its own. */
export const ARROW_FRAME_MIN_BYTES = 64 * 1024;

/**
 * A reply as it goes on the wire to a client that reads Arrow frames (Query.arrow_frames):
 * the message, then each table of at least `minBytes` as a frame of its own, sent as the
 * cached bytes themselves rather than copied into the message. Other clients get one frame.
 */
export function encodeServerFrames(
  message: Omit<IServerMessage, 'version' | 'frames'>, arrowFrames: boolean, minBytes = ARROW_FRAME_MIN_BYTES,
): Uint8Array[] {
  const values = message.result?.values;
  if (!arrowFrames || !values?.some((v) => (v.value?.arrow?.byteLength ?? 0) >= minBytes)) return [encodeServerMessage(message)];
  const frames: Uint8Array[] = [];
  const sent = values.map((v) => {
    const arrow = v.value?.arrow;
    if (!arrow || arrow.byteLength < minBytes) return v;
    frames.push(arrow);
    return { ...v, value: { arrowFrame: frames.length - 1 } };
  });
  const head = v1.ServerMessage.encode({ ...message, result: { ...message.result, values: sent }, frames: frames.length, version: PROTOCOL_VERSION }).finish();
  return [head, ...frames];
}

/** Most frames one reply may announce; more is a malformed message. */
const MAX_FRAMES = 1 << 16;

/**
 * Reads the runtime's binary frames in the order they arrive and gives back whole
 * messages: a message that announces Arrow frames (ServerMessage.frames) is returned once
 * they have all arrived, each table put back in its TaskValue's `arrow`. Throws a
 * ProtocolError for a frame it cannot read or an Arrow frame no value names; `reset()` when
 * the connection is replaced.
 */
export class ServerFrameReader {
  private waiting?: { message: ServerMessage; frames: Uint8Array[] };

  /** The message this frame completes, or undefined while frames it announced are to come. */
  push(bytes: Uint8Array): ServerMessage | undefined {
    const waiting = this.waiting;
    if (waiting) {
      waiting.frames.push(bytes);
      if (waiting.frames.length < waiting.message.frames) return undefined;
      this.waiting = undefined;
      return attachFrames(waiting.message, waiting.frames);
    }
    const message = decodeServerMessage(bytes);
    if (message.frames > MAX_FRAMES) throw new ProtocolError('bad_message', `Server message announces ${message.frames} frames; at most ${MAX_FRAMES} are read`);
    if (message.frames === 0) return attachFrames(message, []);
    this.waiting = { message, frames: [] };
    return undefined;
  }

  /** Forgets a message still waiting for its frames. */
  reset(): void {
    this.waiting = undefined;
  }
}

function attachFrames(message: ServerMessage, frames: Uint8Array[]): ServerMessage {
  const used = new Set<number>();
  for (const v of message.result?.values ?? []) {
    const value = v.value;
    if (value?.kind !== 'arrowFrame') continue;
    const index = value.arrowFrame ?? -1;
    if (!(index >= 0 && index < frames.length) || used.has(index)) {
      throw new ProtocolError('bad_message', `Value of node ${v.node} names Arrow frame ${index}; the message brought ${frames.length}`);
    }
    used.add(index);
    value.arrow = frames[index];
    value.kind = 'arrow'; // drops arrowFrame
  }
  if (used.size !== frames.length) throw new ProtocolError('bad_message', `Server message brought ${frames.length} frames; its values name ${used.size}`);
  return message;
}
