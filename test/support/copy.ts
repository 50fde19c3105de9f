/** Decodes binary COPY data of (ord bigint, sku text, name text, description text), to check what would load. */
export interface StagedRow {
  ord: number;
  sku: string;
  name: string;
  description: string;
}

export function decodeCopy(data: Buffer): StagedRow[] {
  let pos = 19; // signature, flags, header extension
  const rows: StagedRow[] = [];
  for (;;) {
    const fields = data.readInt16BE(pos);
    pos += 2;
    if (fields === -1) return rows;
    const values: (string | number)[] = [];
    for (let f = 0; f < fields; f++) {
      const length = data.readInt32BE(pos);
      pos += 4;
      values.push(f === 0 ? Number(data.readBigInt64BE(pos)) : data.toString('utf8', pos, pos + length));
      pos += length;
    }
    rows.push({ ord: values[0] as number, sku: values[1] as string, name: values[2] as string, description: values[3] as string });
  }
}
