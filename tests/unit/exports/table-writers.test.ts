import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { columnLetters, csvLine, neutralizeFormula, XlsxTableWriter } from '../../../server/src/modules/exports/table-writers';

async function xlsxOf(write: (writer: XlsxTableWriter) => Promise<void>, rowsPerSheet?: number): Promise<ExcelJS.Workbook> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = await XlsxTableWriter.open(out, 'data', [{ name: 'kode', text: true }, { name: 'nama' }, { name: 'nilai' }], rowsPerSheet);
  await write(writer);
  await writer.finish();
  await new Promise((resolve) => out.end(resolve));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
  return workbook;
}

const values = (sheet: ExcelJS.Worksheet) => sheet.getSheetValues().slice(1).map((row) => (row as ExcelJS.CellValue[]).slice(1));

describe('formula injection', () => {
  it.each(['=1+1', '+62812', '-5 tahun', '@SUM(A1)', '\tdata', '\rdata', '=HYPERLINK("http://x","klik")'])('neutralizes %j with a leading apostrophe, keeping it readable', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });

  it.each(['Metro', '18.72.05.1001', ' =1', 'a=b', '', "'sudah"])('leaves %j as it is', (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });

  it('neutralizes CSV text cells, never numbers, and quotes what needs quoting', () => {
    expect(csvLine(['=1+1', -5, null, 'a,b', 'kata "kutip"', '-x', 1.5])).toBe(`'=1+1,-5,,"a,b","kata ""kutip""",'-x,1.5\r\n`);
  });

  it('neutralizes XLSX text cells, keeps numbers numbers and codes text', async () => {
    const workbook = await xlsxOf(async (writer) => {
      await writer.add(['18.72.05.1001', '=cmd|calc', -5]);
      await writer.add(['0012', '@nama <&> tanda', null]);
      await writer.add(['1e5', '  spasi di tepi ', 0]);
    });
    expect(values(workbook.getWorksheet('data')!)).toEqual([
      ['kode', 'nama', 'nilai'],
      ['18.72.05.1001', "'=cmd|calc", -5],
      ['0012', "'@nama <&> tanda"],
      ['1e5', '  spasi di tepi ', 0],
    ]);
  });
});

describe('XlsxTableWriter', () => {
  it('writes the values of a shared column once, in the shared strings, neutralized like any text', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = await XlsxTableWriter.open(out, 'data', [{ name: 'wilayah', shared: true }, { name: 'nama' }]);
    for (const [wilayah, nama] of [['Metro', 'a'], ['=Metro', 'b'], ['Metro', 'c']]) await writer.add([wilayah, nama]);
    await writer.finish();
    await new Promise((resolve) => out.end(resolve));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
    expect(values(workbook.getWorksheet('data')!)).toEqual([['wilayah', 'nama'], ['Metro', 'a'], ["'=Metro", 'b'], ['Metro', 'c']]);
    expect(Buffer.concat(chunks).length).toBeGreaterThan(0);
  });

  it('starts a new sheet when one is full, and adds small sheets after the data', async () => {
    const workbook = await xlsxOf(async (writer) => {
      for (let i = 1; i <= 5; i++) await writer.add([`k${i}`, `n${i}`, i]);
      await writer.addSheet('metadata', [{ name: 'indikator' }], [['banyak']]);
    }, 2);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['data', 'data_2', 'data_3', 'metadata']);
    expect(values(workbook.getWorksheet('data_3')!)).toEqual([['kode', 'nama', 'nilai'], ['k5', 'n5', 5]]);
    expect(values(workbook.getWorksheet('metadata')!)).toEqual([['indikator'], ['banyak']]);
  });

  it('names columns past Z as Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
