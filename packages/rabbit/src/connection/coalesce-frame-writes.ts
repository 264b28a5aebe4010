import type { ChannelModel } from 'amqplib';

interface FrameMultiplexer {
  _readIncoming?: () => void;
}

interface CorkableSocket {
  cork(): void;
  uncork(): void;
}

/**
 * amqplib hands each outgoing message to the socket on its own: every publish (its method, header
 * and body frames), every ack, every confirm-mode frame is one write, and each write is a system
 * call, the dearest part of a small message on a virtual machine. Its multiplexer already moves
 * frames in bursts, one pass per event-loop turn; corking the socket for that pass sends the burst
 * as one `writev`. Nothing waits longer: the pass ends in the same turn it began.
 *
 * This reaches into amqplib's internals (`connection.muxer`, `connection.stream`), checked at run
 * time: when an amqplib version lacks them, frames go out one by one as before. Returns whether
 * the writes are coalesced.
 */
export function coalesceFrameWrites(model: ChannelModel): boolean {
  const connection = (model as unknown as { connection?: { muxer?: FrameMultiplexer; stream?: Partial<CorkableSocket> } }).connection;
  const muxer = connection?.muxer;
  const socket = connection?.stream;
  const pass = muxer?._readIncoming;
  if (!muxer || typeof pass !== 'function' || typeof socket?.cork !== 'function' || typeof socket.uncork !== 'function') return false;
  const corkable = socket as CorkableSocket;
  muxer._readIncoming = function coalescedPass(this: FrameMultiplexer): void {
    corkable.cork();
    try {
      pass.call(this);
    } finally {
      corkable.uncork();
    }
  };
  return true;
}
