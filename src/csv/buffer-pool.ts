/**
 * Reuses the large buffers of an import (chunk bytes, COPY data) instead of allocating two per chunk: garbage of
 * 16 MB buffers waiting for the collector is what otherwise sets the peak RSS of an ingest.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(
    /** Allocations smaller than this are rounded up, so that one slab serves the next chunk too. */
    private readonly slabBytes: number,
    /** Free slabs kept at most. */
    private readonly keep: number,
  ) {}

  /**
   * A pool for chunks of about `chunkBytes` (a chunk runs past the target to the end of its record, and its COPY
   * data adds a few bytes a row) loaded `concurrency` at once.
   */
  static forChunks(chunkBytes: number, concurrency: number): BufferPool {
    return new BufferPool(Math.ceil(chunkBytes * 1.25), 2 * concurrency + 2);
  }

  /** A buffer of exactly `size` bytes, backed by a pooled slab. */
  take = (size: number): Buffer => {
    const i = this.free.findIndex((slab) => slab.length >= size);
    const slab = i >= 0 ? this.free.splice(i, 1)[0]! : Buffer.allocUnsafeSlow(Math.max(size, this.slabBytes));
    return slab.subarray(0, size);
  };

  /** Hands back the slab behind a buffer from `take`; the buffer must not be used afterwards. */
  give(view: Buffer): void {
    const slab = Buffer.from(view.buffer, 0, view.buffer.byteLength);
    if (slab.length >= this.slabBytes && this.free.length < this.keep) this.free.push(slab);
  }
}

export type Allocate = (size: number) => Buffer;
