/**
 * Writes rows in PostgreSQL's binary COPY format. Text values go in as their UTF-8 bytes, with no escaping on our
 * side and no CSV parsing on the server's, which makes loading staging cheaper than `COPY ... (FORMAT csv)`.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const TWO_TO_32 = 2 ** 32;
const HEADER_AND_TRAILER = SIGNATURE.length + 8 + 2;

export class BinaryCopyWriter {
  private buf: Buffer;
  pos = 0;

  /** The buffer size for rows of at most `rowBytes` bytes in all, with the header and trailer. */
  static bytesFor(rowBytes: number): number {
    return rowBytes + HEADER_AND_TRAILER;
  }

  constructor(buffer: Buffer) {
    this.buf = buffer;
    this.pos += SIGNATURE.copy(this.buf, 0);
    this.pos = this.buf.writeUInt32BE(0, this.pos); // flags
    this.pos = this.buf.writeUInt32BE(0, this.pos); // header extension length
  }

  /** Makes room for `bytes` more bytes and returns the buffer to write them into at `pos`. */
  reserve(bytes: number): Buffer {
    if (this.pos + bytes > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
      this.buf.copy(grown, 0, 0, this.pos);
      this.buf = grown;
    }
    return this.buf;
  }

  startRow(fields: number): void {
    this.pos = this.reserve(2).writeInt16BE(fields, this.pos);
  }

  int8(value: number): void {
    const buf = this.reserve(12);
    this.pos = buf.writeInt32BE(8, this.pos);
    this.pos = buf.writeUInt32BE(Math.floor(value / TWO_TO_32), this.pos);
    this.pos = buf.writeUInt32BE(value >>> 0, this.pos);
  }

  /** Starts a field of unknown length: returns where to put the length once the value is written. */
  openField(maxBytes: number): number {
    const lengthAt = this.pos;
    this.reserve(4 + maxBytes);
    this.pos += 4;
    return lengthAt;
  }

  closeField(lengthAt: number): void {
    this.buf.writeInt32BE(this.pos - lengthAt - 4, lengthAt);
  }

  /** The finished COPY data, with the trailer. */
  finish(): Buffer {
    this.pos = this.reserve(2).writeInt16BE(-1, this.pos);
    return this.buf.subarray(0, this.pos);
  }
}
