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
