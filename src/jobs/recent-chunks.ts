/**
 * The chunks a worker has just split, kept for its own load jobs: a load that finds its chunk here parses it without
 * reading it back from upload storage (a range GET with S3 storage, from a server that may be busy or far away).
 * At most `capacity` chunks are held; keeping one more hands the oldest back, so what another worker loads, or what
 * waits too long, costs memory only until newer chunks push it out. A chunk is found only under its plan's CRC: what
 * an earlier attempt of the same import split differently (a retry with another dialect, say) is never taken for it.
 * A load that misses reads storage as it always could: this is a shortcut, never the only way to a chunk.
 */
export class RecentChunks {
  private readonly held = new Map<string, { crc32: number; data: Buffer }>();

  constructor(
    private readonly capacity: number,
    /** Where a chunk's buffer goes when it is pushed out (the buffer pool). */
    private readonly release: (data: Buffer) => void,
  ) {}

  /** Takes ownership of `data`, chunk `index` of import `importId`, whose plan records `crc32`. */
  keep(importId: number, index: number, crc32: number, data: Buffer): void {
    if (this.capacity === 0) return this.release(data);
    this.drop(`${importId}/${index}`);
    if (this.held.size >= this.capacity) this.drop(this.held.keys().next().value!);
    this.held.set(`${importId}/${index}`, { crc32, data });
  }

  /** The chunk's bytes, now the caller's, if this worker still holds them as its plan (`crc32`) describes. */
  take(importId: number, index: number, crc32: number | null): Buffer | undefined {
    const key = `${importId}/${index}`;
    const entry = this.held.get(key);
    if (entry?.crc32 !== crc32) return void this.drop(key);
    this.held.delete(key);
    return entry.data;
  }

  private drop(key: string): void {
    const entry = this.held.get(key);
    if (!entry) return;
    this.held.delete(key);
    this.release(entry.data);
  }
}
