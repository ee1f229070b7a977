import { Transform, type TransformCallback } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collector = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;

/** Bytes streamed between two collections of the young generation. */
export const COLLECT_EVERY_BYTES = 8 * 1024 * 1024;

let collector: Collector | undefined;
/** Streamed through every counter (of every request) since the last collection. */
let sinceCollection = 0;

/**
 * V8's collector, made callable even when Node.js was not started with `--expose-gc` (as jest does for its leak
 * detector): the flag is set only for the new context that hands it out, then cleared again.
 */
function youngGenerationCollector(): Collector {
  if (collector) return collector;
  const exposed = (globalThis as { gc?: Collector }).gc;
  if (exposed) return (collector = exposed);
  setFlagsFromString('--expose-gc');
  collector = runInNewContext('gc') as Collector;
  setFlagsFromString('--no-expose-gc');
  return collector;
}

/**
 * A pass-through stream that counts the bytes of a large upload or expansion, may refuse a chunk (`check` is given
 * the chunk's length and returns the error), and has the young generation collected every
 * {@link COLLECT_EVERY_BYTES} streamed through all counters (an expansion is many small files, one counter each).
 *
 * Why the collection: every chunk of such a stream is a Buffer of its own (the HTTP parser copies each chunk of the
 * body, the zip reader allocates each 64 KB read), dead as soon as it is written. V8 frees those only when it
 * collects, and it does so by the JavaScript allocated, which a stream of big Buffers hardly adds to: left alone,
 * ~64 MB of dead Buffers pile up (its limit for memory outside the heap) before a full collection frees them, and
 * the process keeps the pages. A young-generation collection (well under a millisecond) frees them every 8 MB.
 */
export class ByteCounter extends Transform {
  bytes = 0;

  constructor(private readonly check: (chunkBytes: number) => Error | null = () => null) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    sinceCollection += chunk.length;
    if (sinceCollection >= COLLECT_EVERY_BYTES) {
      sinceCollection = 0;
      youngGenerationCollector()({ type: 'minor' });
    }
    const refused = this.check(chunk.length);
    if (refused) done(refused);
    else done(null, chunk);
  }
}
