/**
 * The live event stream served straight on node:http (GET /_emulator/events): the portable stream of
 * core/live-stream.ts written through the Node adapter.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventDispatcher } from '../events';
import { liveStreamResponse } from '../core/live-stream';
import type { LiveStreamOptions } from '../core/live-stream';
import { toRequest, writeAnswer } from './node-adapter';

export { formatSseMessage } from '../core/live-stream';
export type { LiveStreamOptions } from '../core/live-stream';

export function serveLiveStream(
  req: IncomingMessage,
  res: ServerResponse,
  dispatcher: EventDispatcher,
  options: LiveStreamOptions = {},
): void {
  const request = toRequest(req);
  void writeAnswer(res, liveStreamResponse(new URL(request.url), dispatcher, {}, undefined, options));
}
