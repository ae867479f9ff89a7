// What jsdom lacks and the browsers the app runs on have.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { TextDecoder, TextEncoder } from 'node:util';

// IndexedDB stores structured clones. Node's structuredClone does not know jsdom's Blob, so the
// test clone copies plain data and keeps Blobs (immutable anyway) by reference.
function cloneForStorage<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Blob || value instanceof ArrayBuffer) return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((entry) => cloneForStorage(entry)) as T;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, cloneForStorage(entry)])) as T;
}
globalThis.structuredClone = cloneForStorage as typeof structuredClone;

if (!globalThis.crypto?.randomUUID) {
  Object.defineProperty(globalThis, 'crypto', { value: { ...globalThis.crypto, randomUUID }, configurable: true });
}
if (!globalThis.TextEncoder) Object.assign(globalThis, { TextEncoder, TextDecoder });

// jsdom does no layout, so it has no scrolling.
if (typeof Element !== 'undefined' && !Element.prototype.scrollIntoView) {
  Element.prototype.scrollIntoView = function scrollIntoView(): void {};
}
