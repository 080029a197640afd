export * from './clock';
export * from './errors';
export * from './resource-path';
export * from './rest-client';
export { WatchStream, decodeWatchLine, type WatchStreamEvent } from './watch';
