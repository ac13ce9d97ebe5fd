import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { dataFrame, dataPrefix } from './messages.js';

/** What `ws.send(JSON.stringify(message))` writes on a server socket without compression. */
function wsTextFrame(text: string): Buffer {
  // ws exports its Sender (wrapper.mjs); @types/ws does not declare it
  const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };
  return Buffer.concat(Sender.frame(Buffer.from(text), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false }));
}

/** the message's length without the text: `{"type":"data","id":"s1","payload":{"data":{"onCreateItem":{"id":""}}}}` */
const FIXED = 71;

const headerLength = (frame: Buffer) => (frame[1] === 127 ? 10 : frame[1] === 126 ? 4 : 2);

describe('data frames', () => {
  // 125/126 and 65535/65536 bytes are where the frame header grows (RFC 6455 §5.2)
  it.each([
    ['a short message', 'x'],
    ['a 125-byte frame', 'x'.repeat(125 - FIXED)],
    ['a 126-byte frame', 'x'.repeat(126 - FIXED)],
    ['a 65,535-byte frame', 'x'.repeat(65_535 - FIXED)],
    ['a 65,536-byte frame', 'x'.repeat(65_536 - FIXED)],
    ['non-ASCII text and an id that needs escaping', 'é ✓ 😀 "quoted" \\ \n'],
  ])('%s has the bytes ws.send writes for the message', (_, text) => {
    const id = text.length < 30 ? 'sub "1" ✓' : 's1';
    const payload = { data: { onCreateItem: { id: text } } };
    const frame = dataFrame(dataPrefix(id), payload);
    if (id === 's1') expect(frame.length - headerLength(frame)).toBe(JSON.stringify({ type: 'data', id, payload }).length);
    expect(frame.equals(wsTextFrame(JSON.stringify({ type: 'data', id, payload })))).toBe(true);
  });

  it('subscriptions sharing a payload each get their own id', () => {
    const payload = { data: { onCreateItem: { id: 'i1' } } };
    const a = dataFrame(dataPrefix('a'), payload);
    const b = dataFrame(dataPrefix('b'), payload);
    expect(JSON.parse(a.subarray(2).toString())).toEqual({ type: 'data', id: 'a', payload });
    expect(JSON.parse(b.subarray(2).toString())).toEqual({ type: 'data', id: 'b', payload });
  });
});
