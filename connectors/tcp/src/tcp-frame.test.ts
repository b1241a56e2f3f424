import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, TcpFrameError } from './tcp-frame.js';

describe('siddhi-io-tcp framing', () => {
  it('writes the bytes siddhi-io-tcp writes', () => {
    expect([...encodeFrame('s', 'c', Buffer.from([7]))]).toEqual([
      2, 0, 0, 0, 15, 0, 0, 0, 1, 0x73, 0, 0, 0, 1, 0x63, 0, 0, 0, 1, 7,
    ]);
  });

  it('decodes frames split anywhere, keeping partial ones', () => {
    const one = encodeFrame('session-1', 'App/S', Buffer.from('hello'));
    const two = encodeFrame('session-1', 'App/T', Buffer.alloc(0));
    const all = Buffer.concat([one, two]);
    for (let cut = 0; cut <= all.length; cut += 1) {
      const decoder = new FrameDecoder();
      const frames = [...decoder.push(all.subarray(0, cut)), ...decoder.push(all.subarray(cut))];
      expect(frames.map((f) => [f.sessionId, f.channelId, f.data.toString()])).toEqual([
        ['session-1', 'App/S', 'hello'],
        ['session-1', 'App/T', ''],
      ]);
      expect(decoder.buffered).toBe(0);
    }
  });

  it('rejects bytes that are not frames', () => {
    expect(() => new FrameDecoder().push(Buffer.from([1, 0, 0, 0, 12]))).toThrow(TcpFrameError);
    expect(() => new FrameDecoder().push(Buffer.from([2, 0, 0, 0, 3, 0, 0, 0]))).toThrow(
      /fewer than 12/,
    );
    const bad = encodeFrame('s', 'c', Buffer.from([1]));
    bad.writeInt32BE(99, 5);
    expect(() => new FrameDecoder().push(bad)).toThrow(/runs past its message/);
  });
});
