/**
 * The chunks a worker has just split, kept for its own load jobs: a load that finds its chunk here parses it without
 * reading it back from upload storage (a range GET with S3 storage, from a server that may be busy or far away).
 * At most `capacity` chunks are held; keeping one more hands the oldest back, so what another worker loads, or what
 * waits too long, costs memory only until newer chunks push it out. A load that misses reads storage as it always
 * could: this is a shortcut, never the only way to a chunk.
 */
export class RecentChunks {
  private readonly held = new Map<string, Buffer>();

  constructor(
    private readonly capacity: number,
    /** Where a chunk's buffer goes when it is pushed out (the buffer pool). */
    private readonly release: (data: Buffer) => void,
  ) {}

  /** Takes ownership of `data`, chunk `index` of import `importId`. */
  keep(importId: number, index: number, data: Buffer): void {
    if (this.capacity === 0) return this.release(data);
    if (this.held.size >= this.capacity) {
      const [oldest, buffer] = this.held.entries().next().value!;
      this.held.delete(oldest);
      this.release(buffer);
    }
    this.held.set(`${importId}/${index}`, data);
  }

  /** The chunk's bytes, now the caller's, if this worker still holds them. */
  take(importId: number, index: number): Buffer | undefined {
    const key = `${importId}/${index}`;
    const data = this.held.get(key);
    this.held.delete(key);
    return data;
  }
}
