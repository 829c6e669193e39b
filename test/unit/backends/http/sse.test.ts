// The event-stream reader every watch goes through: events split anywhere (bytes, CRLF, a UTF-8 character cut in
// two) come out whole; one event larger than the cap ends the stream as a payload error; the cost of a large event
// grows with its size, not with its size times the number of chunks it came in.

import { strict as assert } from 'node:assert';
import { SseReader, type SseEvent } from '../../../../src/backends/http/sse';
import { BackendError } from '../../../../src/backends/types';

describe('Server-Sent Events reader', () => {
  it('joins data lines, skips comments, and handles events split at every byte, CRLF and multi-byte characters included', () => {
    const events: SseEvent[] = [];
    const reader = new SseReader((e) => events.push(e), 1024, 'Could not watch');
    const bytes = Buffer.from(': keep-alive\r\n\r\nevent: change\r\nid: 7\r\ndata: {"a":\r\ndata: "é€"}\r\n\r\ndata: second\n\n', 'utf8');
    for (const b of bytes) reader.feed(Uint8Array.of(b));
    assert.deepEqual(events, [
      { data: '{"a":\n"é€"}', event: 'change', id: '7' },
      { data: 'second' },
    ]);
  });

  it('a line that never ends is cut off at the cap with a payload error', () => {
    const reader = new SseReader(() => assert.fail('no event'), 10_000, 'Could not watch the Stages of p');
    const chunk = new Uint8Array(4096).fill(0x78);
    reader.feed(Buffer.from('data: '));
    assert.throws(
      () => {
        for (let i = 0; i < 100; i++) reader.feed(chunk);
      },
      (e: unknown) => e instanceof BackendError && e.kind === 'payload' && /event larger than 10000 bytes/.test(e.message),
    );
  });

  it('many events, each under the cap, pass however much the stream carries in all', () => {
    let count = 0;
    const reader = new SseReader(() => count++, 1000, 'Could not watch');
    const one = Buffer.from(`data: ${'z'.repeat(500)}\n\n`);
    for (let i = 0; i < 1000; i++) reader.feed(one);
    assert.equal(count, 1000);
  });

  it('an 8 MB event in 64 KiB chunks is parsed in time proportional to its size', () => {
    let got = 0;
    const reader = new SseReader((e) => (got = e.data.length), 16 * 1024 * 1024, 'Could not watch');
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const started = process.hrtime.bigint();
    reader.feed(Buffer.from('data: '));
    for (let i = 0; i < 128; i++) reader.feed(chunk);
    reader.feed(Buffer.from('\n\n'));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(got, 8 * 1024 * 1024);
    assert.ok(ms < 2000, `took ${ms} ms`);
  });
});
