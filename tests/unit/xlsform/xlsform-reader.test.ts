import ExcelJS from 'exceljs';
import { XlsformInvalid } from '../../../server/src/modules/xlsform/xlsform-errors';
import { readXlsform } from '../../../server/src/modules/xlsform/xlsform-reader';

async function workbook(build: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  build(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('reading an uploaded XLSForm', () => {
  it('reads sheets and headers whatever their case, cells as the admin sees them, rows by their Excel number', async () => {
    const data = await workbook((book) => {
      const survey = book.addWorksheet('Survey');
      survey.addRow(['Type', 'Name', 'Label::Indonesian (id)', 'Constraint']);
      survey.addRow(['integer', 'umur', { richText: [{ text: 'Umur ' }, { font: { bold: true }, text: '(tahun)' }] }, '. <= 120']);
      survey.getRow(4).values = ['decimal', 'berat', { formula: 'CONCAT("Berat", " (kg)")', result: 'Berat (kg)' }, 40];
      // Formatting far below the form is not a row.
      survey.getRow(3000).getCell(1).font = { bold: true };
    });
    const sheets = await readXlsform(data);
    const survey = sheets.get('survey')!;
    expect(survey.name).toBe('Survey');
    expect(survey.columns['label::indonesian (id)']).toBe('Label::Indonesian (id)');
    expect(survey.rows).toEqual([
      { row: 2, cells: { type: 'integer', name: 'umur', 'label::indonesian (id)': 'Umur (tahun)', constraint: '. <= 120' } },
      { row: 4, cells: { type: 'decimal', name: 'berat', 'label::indonesian (id)': 'Berat (kg)', constraint: '40' } },
    ]);
  });

  it('refuses a file that is not a workbook, and a sheet past the size bound', async () => {
    await expect(readXlsform(Buffer.from('type,name\ntext,nama\n'))).rejects.toMatchObject({ problemCode: 'XLSFORM_UNREADABLE' });
    const wide = await workbook((book) => book.addWorksheet('survey').addRow(Array.from({ length: 201 }, (_, index) => `kolom_${index}`)));
    await expect(readXlsform(wide)).rejects.toBeInstanceOf(XlsformInvalid);
    await expect(readXlsform(wide)).rejects.toMatchObject({ problemCode: 'XLSFORM_TOO_LARGE' });
  });
});
