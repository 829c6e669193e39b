// The event stream format of https://html.spec.whatwg.org/multipage/server-sent-events.html, parsed incrementally by
// eventsource-parser, with a bound on what one event may cost: the bytes received since the last complete event (or
// comment) are counted, and a stream whose next event grows past the cap ends with a `payload` error instead of
// being held in memory.

import { createParser } from 'eventsource-parser';
import { BackendError } from '../types';

/** One event of a Server-Sent Events stream (`data:` lines joined; `event:` and `id:` when sent). */
export interface SseEvent {
  event?: string;
  id?: string;
  data: string;
}

/** Feeds raw chunks in, hands whole events out; `feed` throws a `payload` BackendError when one event exceeds the cap. */
export class SseReader {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly parser;
  private pending = 0;

  constructor(
    onEvent: (e: SseEvent) => void,
    private readonly maxEventBytes: number,
    private readonly what: string,
  ) {
    this.parser = createParser({
      onEvent: (e) => {
        this.pending = 0;
        onEvent({ data: e.data, ...(e.event ? { event: e.event } : {}), ...(e.id ? { id: e.id } : {}) });
      },
      onComment: () => {
        this.pending = 0;
      },
    });
  }

  feed(chunk: Uint8Array): void {
    this.pending += chunk.byteLength;
    if (this.pending > this.maxEventBytes)
      throw new BackendError('payload', `${this.what}: the server sent an event larger than ${this.maxEventBytes} bytes; the stream was closed.`);
    this.parser.feed(this.decoder.decode(chunk, { stream: true }));
  }
}
