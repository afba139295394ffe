export { EventFeed, type EventFeedOptions, type ReplayBound, type StreamRow } from './event-feed.ts';
export { CLOSE as STREAM_CLOSE, STREAM_PATH } from './protocol.ts';
export {
  createStreamServer,
  DEFAULT_STREAM_LIMITS,
  isStreamRequest,
  type StreamLimits,
  type StreamServer,
  type StreamServerDeps,
} from './stream-server.ts';
