import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cronFromSchedule, describeCron, presetFromCron } from '../../client/src/features/designer/settings/cron-schedule';
import { describeDue, dueAfterOf, dueExample, duePartsOf } from '../../client/src/features/designer/settings/due-rule';
import { fieldOptions } from '../../client/src/features/designer/settings/field-options';
import { measureKey, reminderKey } from '../../client/src/features/designer/settings/keys';
import { filterRows, retitled, whereOf, withOp } from '../../client/src/features/designer/settings/measure-rules';
import { changedReminder, newReminder } from '../../client/src/features/designer/settings/reminder-rules';
import type { Reminder, SettingsDraft } from '../../client/src/features/designer/settings/settings-draft';
import { SETTINGS_TEXTS } from '../../client/src/features/designer/settings/texts';

const builtIn = (slug: string): SettingsDraft & { slug: string } =>
  JSON.parse(readFileSync(join(__dirname, '../../schemas/themes', `${slug}.json`), 'utf8')) as SettingsDraft & { slug: string };

describe('reminder schedules in words', () => {
  it.each([
    ['0 8 * * *', 'Setiap hari jam 08.00 WIB'],
    ['0 8 * * 1', 'Setiap Senin jam 08.00 WIB'],
    ['30 7 * * 1,4', 'Setiap Senin dan Kamis jam 07.30 WIB'],
    ['0 7 * * 1-5', 'Setiap hari kerja (Senin–Jumat) jam 07.00 WIB'],
    ['0 8 5 * *', 'Tanggal 5 setiap bulan jam 08.00 WIB'],
    ['0 8 5,9 * *', 'Tanggal 5 dan 9 setiap bulan jam 08.00 WIB'],
    ['0 8 1,15 12 *', 'Tanggal 1 dan 15 Desember setiap tahun jam 08.00 WIB'],
    ['0 */2 * * *', 'Jadwal khusus: 0 */2 * * *'],
    ['0 8 L * *', 'Jadwal khusus: 0 8 L * *'],
  ])('says %s as "%s"', (cron, words) => {
    expect(describeCron(cron, 'id')).toBe(words);
  });

  it.each([
    ['30 10 * * *', 'Every day at 10:30 WIB'],
    ['0 8 * * 0', 'Every Sunday at 08:00 WIB'],
    ['0 8 1,2,3 * *', 'On the 1st, 2nd and 3rd of every month at 08:00 WIB'],
    ['0 9 28 12 *', 'On the 28th of December every year at 09:00 WIB'],
    ['5 4 * * sun', 'Custom schedule: 5 4 * * sun'],
  ])('says %s in English as "%s"', (cron, words) => {
    expect(describeCron(cron, 'en')).toBe(words);
  });

  it('reads back every built-in reminder as one of its schedules, and writes the same cron', () => {
    const crons = ['covid-harian', 'posyandu', 'dasawisma-rekap'].flatMap((slug) => (builtIn(slug).reminders ?? []).map((reminder) => reminder.cron));
    expect(crons.length).toBeGreaterThanOrEqual(6);
    for (const cron of crons) {
      const schedule = presetFromCron(cron);
      expect(schedule).not.toBeNull();
      expect(cronFromSchedule(schedule!)).toBe(cron);
    }
  });

  it('writes the cron of each schedule the editor offers', () => {
    expect(cronFromSchedule({ kind: 'monthly', dates: [9, 5], hour: 8, minute: 0 })).toBe('0 8 5,9 * *');
    expect(cronFromSchedule({ kind: 'weekdays', hour: 6, minute: 45 })).toBe('45 6 * * 1-5');
    expect(cronFromSchedule({ kind: 'yearly', month: 12, dates: [1], hour: 8, minute: 0 })).toBe('0 8 1 12 *');
    // Sunday written as 7 is read as 0.
    expect(presetFromCron('0 8 * * 7')).toEqual({ kind: 'weekly', days: [0], hour: 8, minute: 0 });
  });

  it('leaves what is not a plain schedule to the custom editor', () => {
    for (const cron of ['61 8 * * *', '0 24 * * *', '0 8 * *', '0 8 5 * 1', '0 8 32 * *', '0 8 1 1,6 *']) expect(presetFromCron(cron)).toBeNull();
  });
});

describe('the deadline in words', () => {
  it('says a daily deadline the way PKK does: H+1 at a time', () => {
    expect(describeDue('P1DT10H', 'day', 'id')).toBe('H+1 jam 10.00 WIB');
    expect(describeDue('P2D', 'day', 'id')).toBe('akhir H+1');
    expect(describeDue('PT20H', 'day', 'id')).toBe('hari itu jam 20.00 WIB');
    expect(describeDue(undefined, 'day', 'id')).toBe('akhir hari itu');
    expect(describeDue('P1DT10H', 'day', 'en')).toBe('D+1 at 10:00 WIB');
  });

  it('counts longer periods from their start, with an example on real dates', () => {
    expect(describeDue('P1M10D', 'month', 'id')).toBe('1 bulan 10 hari sesudah awal periode');
    expect(dueExample('P1M10D', 'month', 'id')).toBe('Contoh: November 2026 — sampai akhir Kamis, 10 Desember 2026');
    expect(describeDue('P1Y1M', 'year', 'id')).toBe('1 tahun 1 bulan sesudah awal periode');
    expect(dueExample('P7DT10H', 'week', 'en')).toBe('Example: Week 48, 2026 — by Monday, 30 November 2026 at 10:00 WIB');
    expect(describeDue(undefined, 'month', 'en')).toBe('the end of that month');
  });

  it('turns the custom editor’s numbers into an ISO 8601 duration and back', () => {
    expect(dueAfterOf({ months: 13, days: 0, hours: 0, minutes: 0 })).toBe('P1Y1M');
    expect(dueAfterOf({ months: 0, days: 1, hours: 10, minutes: 30 })).toBe('P1DT10H30M');
    expect(dueAfterOf({ months: 0, days: 0, hours: 0, minutes: 0 })).toBe('P0D');
    expect(duePartsOf('P1W2DT3H')).toEqual({ months: 0, days: 9, hours: 3, minutes: 0 });
    expect(duePartsOf('10 hari')).toBeNull();
  });
});

describe('keys made from titles', () => {
  it('makes a measure key from an Indonesian title, unique in the theme', () => {
    expect(measureKey('Prevalensi stunting (%)', [])).toBe('prevalensi_stunting');
    expect(measureKey('Prevalensi stunting (%)', ['prevalensi_stunting'])).toBe('prevalensi_stunting_2');
    expect(measureKey('2 tahun terakhir', [])).toBe('ukuran_2_tahun_terakhir');
    expect(measureKey('Balita ≥ 2 th — Gizi Buruk', [])).toBe('balita_2_th_gizi_buruk');
    expect(measureKey('', [])).toBe('ukuran');
    expect(measureKey('a'.repeat(100), []).length).toBeLessThanOrEqual(64);
  });

  it('makes a reminder key from who it is for and when', () => {
    expect(reminderKey('kader harian 0800', [])).toBe('kader-harian-0800');
    expect(newReminder('day', []).key).toBe('kader-harian-0800');
    expect(newReminder('none', []).when).toBe('always');
  });

  it('lets a reminder key follow its schedule until it was written by hand', () => {
    const made = newReminder('month', []);
    expect(changedReminder(made, { cron: '0 8 5 * *' }, []).key).toBe('kader-bulanan-0800');
    const own: Reminder = { ...made, key: 'kader-pagi' };
    expect(changedReminder(own, { cron: '0 8 5 * *' }, []).key).toBe('kader-pagi');
  });

  it('renames a measure’s key with its title, except a published or hand-written one', () => {
    const fresh = { key: 'ukuran_baru', title: 'Ukuran baru', op: 'count' as const };
    expect(retitled(fresh, 'Balita ditimbang', [], false).key).toBe('balita_ditimbang');
    expect(retitled(fresh, 'Balita ditimbang', [], true).key).toBe('ukuran_baru');
    expect(retitled({ ...fresh, key: 'laporan_masuk' }, 'Balita ditimbang', [], false).key).toBe('laporan_masuk');
  });
});

describe('fieldOptions', () => {
  it('lists a built-in form’s fields in form order, with labels, kinds and choices', () => {
    const stunting = builtIn('stunting');
    const fields = fieldOptions(stunting.schema, { uiSchema: stunting.uiSchema });
    expect(fields.map((field) => field.pointer)).toEqual([
      '/nik_anak', '/nama_anak', '/nama_orang_tua', '/jenis_kelamin', '/tanggal_lahir', '/nama_posyandu',
      '/tanggal_pengukuran', '/tinggi_badan_cm', '/cara_ukur', '/berat_badan_kg', '/umur_hari', '/umur_bulan',
      '/zscore_tbu', '/kategori_tbu', '/zscore_bbu', '/kategori_bbu', '/zscore_bbtb', '/kategori_bbtb',
    ]);
    const category = fields.find((field) => field.pointer === '/kategori_tbu')!;
    expect(category).toMatchObject({ label: 'Status gizi TB/U', kind: 'choice', groupable: true, numeric: false });
    expect(category.choices).toEqual([
      { value: 'sangat_pendek', label: 'Sangat pendek' },
      { value: 'pendek', label: 'Pendek' },
      { value: 'normal', label: 'Normal' },
      { value: 'tinggi', label: 'Tinggi' },
    ]);
    expect(fields.find((field) => field.pointer === '/umur_bulan')).toMatchObject({ kind: 'integer', numeric: true, groupable: true, bounds: 'number' });
    expect(fields.find((field) => field.pointer === '/tinggi_badan_cm')).toMatchObject({ kind: 'number', numeric: true, groupable: false });
    expect(fields.find((field) => field.pointer === '/tanggal_pengukuran')).toMatchObject({ kind: 'date', bounds: 'date' });
  });

  it('walks into groups, not into list rows, and uses the English texts for an English-speaking admin', () => {
    const schema = {
      type: 'object',
      properties: {
        alamat: { type: 'object', title: 'Alamat', properties: { rt: { type: 'integer', title: 'RT', minimum: 1, maximum: 500 } } },
        anak: { type: 'array', title: 'Anak', items: { type: 'object', properties: { nama: { type: 'string' } } } },
        bantuan: { type: 'array', items: { type: 'string', enum: ['pkh', 'bpnt'] } },
        punya_kk: { type: 'boolean', title: 'Punya KK' },
      },
    };
    const fields = fieldOptions(schema, { translations: { en: { fields: { '/punya_kk': { title: 'Has a family card' } } } }, language: 'en' });
    expect(fields.map((field) => [field.pointer, field.label, field.kind])).toEqual([
      ['/alamat', 'Alamat', 'group'],
      ['/alamat/rt', 'Alamat › RT', 'integer'],
      ['/anak', 'Anak', 'list'],
      ['/bantuan', 'Bantuan', 'choices'],
      ['/punya_kk', 'Has a family card', 'boolean'],
    ]);
    // More than 100 whole numbers would make too many groups for the server.
    expect(fields[1].groupable).toBe(false);
    expect(fields[4]).toMatchObject({ groupable: true, choices: [{ value: true }, { value: false }] });
  });
});

describe('changing what a measure counts', () => {
  const covid = builtIn('covid-harian');
  const fields = fieldOptions(covid.schema, { uiSchema: covid.uiSchema });

  it('keeps only what the new operation allows', () => {
    const count = { key: 'laporan', title: 'Laporan', op: 'count' as const, where: { '/konfirmasi_baru': { gte: 1 } } };
    expect(withOp(count, 'sum', fields)).toEqual({ ...count, op: 'sum', field: '/suspek' });
    expect(withOp(count, 'ratio', fields)).toEqual({ ...count, op: 'ratio', numerator: {}, denominator: {}, scale: 100 });
    const sum = { key: 'meninggal', title: 'Meninggal', op: 'sum' as const, field: '/meninggal' };
    expect(withOp(sum, 'ratio', fields)).toEqual({ key: 'meninggal', title: 'Meninggal', op: 'ratio', numerator: { field: '/meninggal' }, denominator: {}, scale: 100 });
    expect(withOp(sum, 'max', fields)).toEqual({ ...sum, op: 'max', overTime: 'last' });
    expect(withOp({ ...sum, op: 'max', overTime: 'last' }, 'avg', fields)).toEqual({ ...sum, op: 'avg' });
    expect(withOp({ ...sum, op: 'ratio', numerator: {}, denominator: {}, scale: 100 }, 'count', fields)).toEqual({ key: 'meninggal', title: 'Meninggal', op: 'count' });
  });

  it('writes filter lines back as the same where', () => {
    const where = { '/desil': { gte: 1, lte: 4 }, '/kategori_tbu': { in: ['pendek', 'sangat_pendek'] } };
    const rows = filterRows(where);
    expect(rows).toHaveLength(3);
    expect(whereOf(rows)).toEqual(where);
    expect(whereOf([])).toBeUndefined();
  });
});

describe('settings texts', () => {
  type Tree = { [key: string]: string | Tree };
  const leaves = (tree: Tree, prefix = ''): string[] =>
    Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : leaves(value, `${prefix}${key}.`)));

  it('has every Indonesian text in English too, and nothing English-only', () => {
    const indonesian = leaves(SETTINGS_TEXTS.id as Tree);
    const english = leaves(SETTINGS_TEXTS.en as Tree);
    expect(indonesian.length).toBeGreaterThan(100);
    expect(indonesian.filter((key) => !english.includes(key))).toEqual([]);
    expect(english.filter((key) => !indonesian.includes(key))).toEqual([]);
  });
});
