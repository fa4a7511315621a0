import readXlsxFile from 'read-excel-file/universal';
import { readFileSync } from 'node:fs';
const buf = readFileSync(process.argv[2]);
const sheets = await readXlsxFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
const want = process.argv.slice(3);
for (const s of sheets) {
  const h = s.data[0];
  console.log('==', s.sheet);
  for (const row of s.data.slice(1)) {
    const o = {};
    h.forEach((k, i) => { if (want.length === 0 || want.includes(k)) o[k] = row[i]; });
    console.log(JSON.stringify(o));
  }
}
