import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ByteCounter } from './byte-counter';

const MB = 1024 * 1024;

/** `total` bytes as fresh 64 KB Buffers, one per chunk, as the HTTP parser and the zip reader hand them out. */
function freshChunks(total: number): Readable {
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const size = Math.min(64 * 1024, left);
      left -= size;
      this.push(Buffer.allocUnsafe(size).fill(left & 0xff));
    },
  });
}

/** A sink that writes nowhere (as the file on disk would), asynchronously. */
const sink = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      setImmediate(done);
    },
  });

describe('ByteCounter (the streams of a package upload and its expansion)', () => {
  it('counts every byte and keeps the dead chunks of a 160 MB stream well under 32 MB', async () => {
    const counter = new ByteCounter();
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
    }, 5);
    const watch = new Writable({
      write(chunk: Buffer, _encoding, done) {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
        setImmediate(done);
      },
    });
    await pipeline(freshChunks(160 * MB), counter, watch);
    clearInterval(sampler);
    expect(counter.bytes).toBe(160 * MB);
    // Without the collections V8 lets ~64 MB of dead Buffers pile up before it frees them.
    expect(peak / MB).toBeLessThan(32);
  });

  it('refuses the chunk that its check refuses (the expansion limit of a lying zip)', async () => {
    let written = 0;
    const counter = new ByteCounter((bytes) => {
      written += bytes;
      return written > 10 * MB ? new Error('too much') : null;
    });
    await expect(pipeline(freshChunks(20 * MB), counter, sink())).rejects.toThrow('too much');
    expect(counter.bytes).toBeGreaterThan(10 * MB);
    expect(counter.bytes).toBeLessThanOrEqual(10 * MB + 64 * 1024);
  });
});
