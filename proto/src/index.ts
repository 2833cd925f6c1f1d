export * from './messages.js';
export * from './fingerprint.js';
export * from './canonical.js';
export * from './json-value.js';
export * from './arrow.js';
export * from './capabilities.js';
