import ExcelJS from 'exceljs';
import { sheetOf, type XlsformWorkbook } from '../../server/src/modules/xlsform/xlsform-workbook';

/**
 * XLSForms written for this project, as rows of text (the header first), and the two ways tests
 * take them: an `.xlsx` made with ExcelJS (what an admin uploads) or the translator's own input.
 */
export interface XlsformSpec {
  survey?: string[][];
  choices?: string[][];
  settings?: string[][];
}

/** The spreadsheet an admin would upload, built in memory (no binaries in the repository). */
export async function xlsformFile(spec: XlsformSpec): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const name of ['survey', 'choices', 'settings'] as const) {
    const rows = spec[name];
    if (!rows) continue;
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The same form as the translator reads it, without going through ExcelJS. */
export function xlsformWorkbook(spec: XlsformSpec): XlsformWorkbook {
  const workbook: XlsformWorkbook = new Map();
  for (const name of ['survey', 'choices', 'settings'] as const) {
    const [header, ...rows] = spec[name] ?? [];
    if (header) workbook.set(name, sheetOf(name, header, rows));
  }
  return workbook;
}

const SURVEY_HEADER = [
  'type', 'name', 'label::Indonesian (id)', 'label::English (en)', 'hint::Indonesian (id)', 'hint::English (en)', 'required',
  'required_message::Indonesian (id)', 'constraint', 'constraint_message::Indonesian (id)', 'constraint_message::English (en)', 'relevant', 'appearance', 'calculation', 'default',
];

/** One survey row by column name, so the rows below read like the spreadsheet. */
export function surveyRow(cells: Partial<Record<(typeof SURVEY_HEADER)[number], string>>): string[] {
  return SURVEY_HEADER.map((column) => cells[column] ?? '');
}

/**
 * "Pendataan Balita": every construct the import translates — types, choices with `or_other`, a
 * group and a repeat, required/constraint/relevant, both languages, appearances, calculations — and
 * a few it cannot (a `default`, `today()`, a `start` row), which must appear in the report.
 */
export const BALITA_XLSFORM: Required<XlsformSpec> = {
  survey: [
    SURVEY_HEADER,
    surveyRow({ type: 'text', name: 'nama_ibu', 'label::Indonesian (id)': 'Nama ibu', 'label::English (en)': "Mother's name", 'hint::Indonesian (id)': 'Sesuai KTP', 'hint::English (en)': 'As on the ID card', required: 'yes', 'required_message::Indonesian (id)': 'Nama ibu wajib diisi', constraint: 'string-length(.) <= 100' }),
    surveyRow({ type: 'text', name: 'nik', 'label::Indonesian (id)': 'NIK ibu', 'label::English (en)': "Mother's NIK", constraint: "regex(., '^[0-9]{16}$')", 'constraint_message::Indonesian (id)': 'NIK harus 16 angka', 'constraint_message::English (en)': 'NIK must be 16 digits' }),
    surveyRow({ type: 'date', name: 'tanggal_lahir', 'label::Indonesian (id)': 'Tanggal lahir anak', 'label::English (en)': "Child's date of birth" }),
    surveyRow({ type: 'select_one jenis_kelamin', name: 'jk', 'label::Indonesian (id)': 'Jenis kelamin', 'label::English (en)': 'Sex', required: 'yes' }),
    surveyRow({ type: 'integer', name: 'umur_bulan', 'label::Indonesian (id)': 'Umur (bulan)', 'label::English (en)': 'Age (months)', constraint: '. >= 0 and . <= 59', 'constraint_message::Indonesian (id)': 'Umur harus 0–59 bulan' }),
    surveyRow({ type: 'decimal', name: 'berat', 'label::Indonesian (id)': 'Berat badan (kg)', 'label::English (en)': 'Weight (kg)', constraint: '. > 0 and . < 40' }),
    surveyRow({ type: 'decimal', name: 'tinggi', 'label::Indonesian (id)': 'Tinggi badan (cm)', 'label::English (en)': 'Height (cm)' }),
    surveyRow({ type: 'calculate', name: 'imt', 'label::Indonesian (id)': 'Indeks massa tubuh', calculation: 'round(${berat} div ((${tinggi} div 100) * (${tinggi} div 100)), 1)' }),
    surveyRow({ type: 'select_one yatidak', name: 'imunisasi', 'label::Indonesian (id)': 'Imunisasi dasar lengkap?', 'label::English (en)': 'Basic immunisation complete?' }),
    surveyRow({ type: 'select_multiple vaksin', name: 'vaksin_diterima', 'label::Indonesian (id)': 'Vaksin yang diterima', 'label::English (en)': 'Vaccines received', relevant: "${imunisasi} = 'ya'", constraint: 'count-selected(.) <= 3' }),
    surveyRow({ type: 'text', name: 'alasan', 'label::Indonesian (id)': 'Alasan belum lengkap', 'label::English (en)': 'Why not complete', relevant: "${imunisasi} = 'tidak'", required: 'yes' }),
    surveyRow({ type: 'select_one bantuan or_other', name: 'bantuan', 'label::Indonesian (id)': 'Bantuan yang diterima', 'label::English (en)': 'Aid received', appearance: 'minimal' }),
    surveyRow({ type: 'text', name: 'rujukan', 'label::Indonesian (id)': 'Tempat rujukan', relevant: "${umur_bulan} >= 6 and not(selected(${bantuan}, 'pmt'))" }),
    surveyRow({ type: 'geopoint', name: 'lokasi', 'label::Indonesian (id)': 'Lokasi rumah', 'label::English (en)': 'Home location' }),
    surveyRow({ type: 'image', name: 'foto', 'label::Indonesian (id)': 'Foto anak', 'label::English (en)': 'Photo of the child' }),
    surveyRow({ type: 'note', name: 'periksa', 'label::Indonesian (id)': 'Periksa kembali isian sebelum mengirim.', 'label::English (en)': 'Check the answers before sending.' }),
    surveyRow({ type: 'begin group', name: 'alamat', 'label::Indonesian (id)': 'Alamat', 'label::English (en)': 'Address' }),
    surveyRow({ type: 'text', name: 'rt', 'label::Indonesian (id)': 'RT' }),
    surveyRow({ type: 'text', name: 'jalan', 'label::Indonesian (id)': 'Jalan', relevant: "${rt} != ''" }),
    surveyRow({ type: 'end group' }),
    surveyRow({ type: 'begin repeat', name: 'saudara', 'label::Indonesian (id)': 'Saudara kandung', 'label::English (en)': 'Siblings' }),
    surveyRow({ type: 'text', name: 'nama_saudara', 'label::Indonesian (id)': 'Nama saudara', required: 'yes' }),
    surveyRow({ type: 'integer', name: 'umur_saudara', 'label::Indonesian (id)': 'Umur saudara (tahun)', constraint: '. >= 0' }),
    surveyRow({ type: 'end repeat' }),
    surveyRow({ type: 'text', name: 'catatan', 'label::Indonesian (id)': 'Catatan', appearance: 'multiline', default: '-' }),
    surveyRow({ type: 'calculate', name: 'perlu_rujukan', calculation: "if(${berat} < 5 and ${umur_bulan} > 6, 'ya', 'tidak')" }),
    surveyRow({ type: 'calculate', name: 'hari_ini', calculation: 'today()' }),
    surveyRow({ type: 'start', name: 'mulai' }),
  ],
  choices: [
    ['list_name', 'name', 'label::Indonesian (id)', 'label::English (en)'],
    ['jenis_kelamin', 'L', 'Laki-laki', 'Male'],
    ['jenis_kelamin', 'P', 'Perempuan', 'Female'],
    ['yatidak', 'ya', 'Ya', 'Yes'],
    ['yatidak', 'tidak', 'Tidak', 'No'],
    ['vaksin', 'bcg', 'BCG', 'BCG'],
    ['vaksin', 'polio', 'Polio', 'Polio'],
    ['vaksin', 'campak', 'Campak', 'Measles'],
    ['bantuan', 'pmt', 'Makanan tambahan (PMT)', 'Supplementary feeding'],
    ['bantuan', 'bansos', 'Bantuan sosial', 'Social aid'],
  ],
  settings: [
    ['form_title', 'form_id', 'version', 'default_language'],
    ['Pendataan Balita', 'pendataan_balita', '2026120601', 'Indonesian (id)'],
  ],
};

/** The form with its survey rows changed by `edit` (header kept). */
export function withSurvey(edit: (rows: string[][]) => string[][]): Required<XlsformSpec> {
  const [header, ...rows] = BALITA_XLSFORM.survey;
  return { ...BALITA_XLSFORM, survey: [header, ...edit(rows.map((row) => [...row]))] };
}
