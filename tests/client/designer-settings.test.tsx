import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useState, type ReactElement } from 'react';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FieldProblem } from '../../client/src/api/types';
import { initI18n, languageReady } from '../../client/src/app/i18n';
import { BasicsEditor } from '../../client/src/features/designer/settings/BasicsEditor';
import { MeasuresEditor } from '../../client/src/features/designer/settings/MeasuresEditor';
import { RemindersEditor } from '../../client/src/features/designer/settings/RemindersEditor';
import type { SettingsDraft, SettingsEditorProps } from '../../client/src/features/designer/settings/settings-draft';
import type { ThemeDefinition } from '../../schemas/theme-definition';
import { ThemeSettings } from '../../client/src/features/designer/settings/ThemeSettings';

type Editor = (props: SettingsEditorProps<SettingsDraft>) => ReactElement;

const builtIn = (slug: string): SettingsDraft =>
  JSON.parse(readFileSync(join(__dirname, '../../schemas/themes', `${slug}.json`), 'utf8')) as SettingsDraft;

/** A small theme of the kind an admin starts with: a yes/no, a choice, a number and a text. */
const posbindu = (): SettingsDraft => ({
  unit: 'record',
  regionLevel: 'kelurahan',
  period: 'month',
  sensitivity: 'personal',
  personalFields: ['/nama'],
  schema: {
    type: 'object',
    properties: {
      nama: { type: 'string', title: 'Nama balita' },
      stunted: { type: 'boolean', title: 'Stunting' },
      jenis_kelamin: { type: 'string', title: 'Jenis kelamin', enum: ['l', 'p'] },
      berat: { type: 'number', title: 'Berat (kg)' },
      catatan: { type: 'string', title: 'Catatan' },
    },
  },
  uiSchema: { jenis_kelamin: { 'ui:enumNames': ['Laki-laki', 'Perempuan'] }, catatan: { 'ui:widget': 'textarea' } },
  aggregations: [],
});

/** The editor as the designer holds it: every change becomes the draft it is drawn from. */
function renderEditor(initial: SettingsDraft, errors: FieldProblem[] = [], Component: Editor = ThemeSettings): { latest: () => SettingsDraft } {
  const changes: SettingsDraft[] = [];
  function Host(): ReactElement {
    const [definition, setDefinition] = useState(initial);
    const onChange = (next: SettingsDraft): void => {
      changes.push(next);
      setDefinition(next);
    };
    return <Component definition={definition} onChange={onChange} errors={errors} />;
  }
  render(<Host />);
  return { latest: () => changes[changes.length - 1] ?? initial };
}

const measure = (name: string | RegExp): HTMLElement => screen.getByRole('region', { name });

beforeAll(async () => {
  initI18n('id');
  await languageReady();
});

describe('a built-in theme loaded into the settings', () => {
  it('shows the stunting theme’s unit, period, confidentiality and personal fields in words', () => {
    renderEditor(builtIn('stunting'));
    expect(screen.getByRole('radio', { name: /^Catatan/ })).toBeChecked();
    expect(screen.getByLabelText('Periode')).toHaveDisplayValue('Bulanan');
    expect(screen.getByLabelText('Dikirim untuk tingkat wilayah')).toHaveDisplayValue('Kelurahan');
    expect(screen.getByRole('radio', { name: /^Sensitif/ })).toBeChecked();
    expect(screen.getByRole('status')).toHaveTextContent('Batas kirim: akhir bulan itu');
    const personal = screen.getByRole('group', { name: 'Kolom data pribadi' });
    for (const label of ['NIK anak', 'Nama anak', 'Nama ibu/orang tua']) expect(within(personal).getByRole('checkbox', { name: label })).toBeChecked();
    expect(within(personal).getByRole('checkbox', { name: 'Status gizi TB/U' })).not.toBeChecked();
  });

  it('shows the stunting prevalence as a ratio of filtered children, in percent, with its Satu Data notes', () => {
    renderEditor(builtIn('stunting'));
    const prevalence = measure('Ukuran 4: Prevalensi stunting (%)');
    expect(within(prevalence).getByLabelText('Cara menghitung')).toHaveDisplayValue('Rasio (mis. persentase)');
    const numerator = within(prevalence).getByRole('group', { name: 'Pembilang (atas)' });
    expect(within(numerator).getByLabelText('Yang dihitung')).toHaveDisplayValue('Banyaknya kiriman');
    const condition = within(numerator).getByRole('group', { name: 'Status gizi TB/U' });
    expect(within(condition).getByLabelText('Syarat')).toHaveDisplayValue('salah satu dari');
    expect(within(condition).getByRole('checkbox', { name: 'Pendek' })).toBeChecked();
    expect(within(condition).getByRole('checkbox', { name: 'Sangat pendek' })).toBeChecked();
    expect(within(condition).getByRole('checkbox', { name: 'Normal' })).not.toBeChecked();
    expect(within(prevalence).getByLabelText('Dikalikan')).toHaveDisplayValue('× 100 (persen)');
    expect(within(prevalence).getByLabelText(/^Bila beberapa periode digabung/)).toHaveDisplayValue('Nilai periode terakhir');
    expect(within(prevalence).getByLabelText('Satuan')).toHaveValue('persen');
    expect(within(prevalence).getByText('Kunci untuk API dan ekspor: prevalensi_stunting')).toBeInTheDocument();

    expect(within(measure('Ukuran 2: Balita menurut status gizi TB/U')).getByLabelText('Dipilah menurut')).toHaveDisplayValue('Status gizi TB/U');
    expect(within(measure('Ukuran 6: Rata-rata panjang/tinggi badan (cm)')).getByLabelText('Kolom yang dihitung')).toHaveDisplayValue('Panjang/tinggi badan (cm)');
  });

  it('shows the daily COVID-19 report’s deadline and reminders in plain Indonesian', () => {
    renderEditor(builtIn('covid-harian'));
    expect(screen.getByText('Batas kirim: H+1 jam 10.00 WIB')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: /^H\+1 jam 10\.00 WIB/ })).toBeChecked();
    const morning = measure('Pengingat 1: Setiap hari jam 08.00 WIB');
    expect(within(morning).getByLabelText('Jadwal')).toHaveDisplayValue('Setiap hari');
    expect(within(morning).getByLabelText('Jam (WIB)')).toHaveValue('08:00');
    expect(within(morning).getByRole('radio', { name: 'Kader yang mengisi' })).toBeChecked();
    expect(within(morning).getByRole('radio', { name: /^Hanya bila wilayahnya belum mengirim/ })).toBeChecked();
    const late = measure('Pengingat 2: Setiap hari jam 10.30 WIB');
    expect(within(late).getByRole('radio', { name: 'Admin' })).toBeChecked();
    expect(within(late).getByLabelText('Pesan (boleh kosong)')).toHaveValue(
      'Ada RT yang belum mengirim laporan harian COVID-19 melewati pukul 10.00 WIB.',
    );
  });

  it('reads the dasawisma yearly reminder as dates in December', () => {
    renderEditor(builtIn('dasawisma-rekap'), [], RemindersEditor);
    const reminder = measure('Pengingat 1: Tanggal 1 dan 15 Desember setiap tahun jam 08.00 WIB');
    expect(within(reminder).getByLabelText('Bulan')).toHaveDisplayValue('Desember');
    expect(within(reminder).getByRole('checkbox', { name: 'Tanggal 15' })).toBeChecked();
    expect(within(reminder).getByRole('checkbox', { name: 'Tanggal 16' })).not.toBeChecked();
  });
});

describe('the measures editor', () => {
  it('makes a ratio with a numerator filter and a percent scale', async () => {
    const user = userEvent.setup();
    const { latest } = renderEditor(posbindu(), [], MeasuresEditor);
    await user.click(screen.getByRole('button', { name: '+ Tambah ukuran' }));
    const card = measure('Ukuran 1: Ukuran baru');
    const title = within(card).getByLabelText('Nama ukuran');
    await user.clear(title);
    await user.type(title, 'Persentase balita stunting');
    const current = measure('Ukuran 1: Persentase balita stunting');
    await user.selectOptions(within(current).getByLabelText('Cara menghitung'), 'Rasio (mis. persentase)');
    const numerator = within(current).getByRole('group', { name: 'Pembilang (atas)' });
    await user.click(within(numerator).getByRole('button', { name: '+ Tambah syarat' }));
    const condition = within(numerator).getByRole('group', { name: 'Stunting' });
    expect(within(condition).getByLabelText('Syarat')).toHaveDisplayValue('sama dengan');
    await user.selectOptions(within(condition).getByLabelText('Nilai'), 'Ya');
    expect(within(current).getByLabelText('Dikalikan')).toHaveDisplayValue('× 100 (persen)');

    expect(latest().aggregations).toEqual([
      {
        key: 'persentase_balita_stunting',
        title: 'Persentase balita stunting',
        op: 'ratio',
        numerator: { where: { '/stunted': { eq: true } } },
        denominator: {},
        scale: 100,
      },
    ]);

    await user.selectOptions(within(current).getByLabelText('Dikalikan'), '× 1.000 (per seribu)');
    await user.selectOptions(within(within(current).getByRole('group', { name: 'Penyebut (bawah)' })).getByLabelText('Yang dihitung'), 'Jumlah kolom "Berat (kg)"');
    expect(latest().aggregations[0]).toMatchObject({ scale: 1000, denominator: { field: '/berat' } });
  });

  it('offers only number fields to add up and only choice fields to break down by', async () => {
    const user = userEvent.setup();
    const { latest } = renderEditor({ ...posbindu(), aggregations: [{ key: 'balita', title: 'Balita', op: 'count' }] }, [], MeasuresEditor);
    const card = measure('Ukuran 1: Balita');
    await user.selectOptions(within(card).getByLabelText('Cara menghitung'), 'Rata-rata sebuah kolom');
    const field = within(card).getByLabelText('Kolom yang dihitung');
    expect(within(field).getAllByRole('option').map((option) => option.textContent)).toEqual(['Berat (kg)']);
    const groupBy = within(card).getByLabelText('Dipilah menurut');
    expect(within(groupBy).getAllByRole('option').map((option) => option.textContent)).toEqual(['Tidak dipilah', 'Stunting', 'Jenis kelamin']);
    await user.selectOptions(groupBy, 'Jenis kelamin');
    expect(latest().aggregations[0]).toEqual({ key: 'balita', title: 'Balita', op: 'avg', field: '/berat', groupBy: '/jenis_kelamin' });

    await user.selectOptions(within(card).getByLabelText('Cara menghitung'), 'Nilai terbesar sebuah kolom');
    expect(latest().aggregations[0]).toMatchObject({ op: 'max', overTime: 'last' });
    expect(within(card).getByText(/diambil nilai periode terakhir/)).toBeInTheDocument();
  });

  it('filters a count with "one of" the field’s choices and "at least" a number', async () => {
    const user = userEvent.setup();
    const { latest } = renderEditor({ ...posbindu(), aggregations: [{ key: 'balita', title: 'Balita', op: 'count' }] }, [], MeasuresEditor);
    const card = measure('Ukuran 1: Balita');
    const filter = within(card).getByRole('group', { name: 'Hanya kiriman yang' });
    expect(within(filter).getByText('Semua kiriman dihitung.')).toBeInTheDocument();
    await user.click(within(filter).getByRole('button', { name: '+ Tambah syarat' }));
    const line = within(filter).getByRole('group', { name: 'Stunting' });
    await user.selectOptions(within(line).getByLabelText('Kolom'), 'Jenis kelamin');
    const sex = within(filter).getByRole('group', { name: 'Jenis kelamin' });
    await user.selectOptions(within(sex).getByLabelText('Syarat'), 'salah satu dari');
    await user.click(within(sex).getByRole('checkbox', { name: 'Perempuan' }));
    await user.click(within(filter).getByRole('button', { name: '+ Tambah syarat' }));
    const weight = within(filter).getByRole('group', { name: 'Stunting' });
    await user.selectOptions(within(weight).getByLabelText('Kolom'), 'Berat (kg)');
    const weightLine = within(filter).getByRole('group', { name: 'Berat (kg)' });
    expect(within(weightLine).getByLabelText('Syarat')).toHaveDisplayValue('paling sedikit');
    fireEvent.change(within(weightLine).getByLabelText('Nilai'), { target: { value: '2.5' } });
    expect(latest().aggregations[0].where).toEqual({ '/jenis_kelamin': { in: ['l', 'p'] }, '/berat': { gte: 2.5 } });

    await user.click(within(filter).getByRole('button', { name: 'Hapus syarat "Jenis kelamin"' }));
    expect(latest().aggregations[0].where).toEqual({ '/berat': { gte: 2.5 } });
  });

  it('reorders and removes measures, keeps published keys when renamed, and keeps keys unique', async () => {
    const user = userEvent.setup();
    const changes: SettingsDraft[] = [];
    function Host(): ReactElement {
      const [definition, setDefinition] = useState<SettingsDraft>({
        ...posbindu(),
        aggregations: [
          { key: 'balita', title: 'Balita', op: 'count' },
          { key: 'berat', title: 'Berat', op: 'sum', field: '/berat' },
        ],
      });
      return <MeasuresEditor definition={definition} publishedKeys={['balita']} onChange={(next) => (changes.push(next), setDefinition(next))} />;
    }
    render(<Host />);
    const latest = (): SettingsDraft => changes[changes.length - 1];
    await user.click(screen.getByRole('button', { name: 'Turunkan "Balita"' }));
    expect(latest().aggregations.map((entry) => entry.key)).toEqual(['berat', 'balita']);
    const published = measure('Ukuran 2: Balita');
    await user.type(within(published).getByLabelText('Nama ukuran'), ' ditimbang');
    expect(latest().aggregations[1]).toEqual({ key: 'balita', title: 'Balita ditimbang', op: 'count' });
    expect(within(published).getByText(/sudah terbit, tidak berubah/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '+ Tambah ukuran' }));
    const fresh = within(measure('Ukuran 3: Ukuran baru')).getByLabelText('Nama ukuran');
    // Focused with its text selected: typing replaces it.
    expect(fresh).toHaveFocus();
    await user.keyboard('Berat');
    expect(latest().aggregations[2]).toMatchObject({ key: 'berat_2', title: 'Berat' });

    await user.click(within(measure('Ukuran 1: Berat')).getByRole('button', { name: 'Hapus "Berat"' }));
    expect(latest().aggregations.map((entry) => entry.key)).toEqual(['balita', 'berat_2']);
  });
});

describe('the reminders editor', () => {
  it('makes "Tanggal 5 setiap bulan jam 08.00" into cron 0 8 5 * *', async () => {
    const user = userEvent.setup();
    const { latest } = renderEditor(posbindu(), [], RemindersEditor);
    expect(screen.getByText('Belum ada pengingat.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '+ Tambah pengingat' }));
    expect(latest().reminders).toEqual([{ key: 'kader-harian-0800', cron: '0 8 * * *', audience: 'kader', when: 'missing' }]);
    const card = measure('Pengingat 1: Setiap hari jam 08.00 WIB');
    await user.selectOptions(within(card).getByLabelText('Jadwal'), 'Setiap bulan (pilih tanggal)');
    await user.click(within(card).getByRole('checkbox', { name: 'Tanggal 5' }));
    await user.click(within(card).getByRole('checkbox', { name: 'Tanggal 1' }));
    expect(within(card).getByRole('heading')).toHaveTextContent('Pengingat 1: Tanggal 5 setiap bulan jam 08.00 WIB');
    await user.click(within(card).getByRole('radio', { name: 'Admin' }));
    await user.click(within(card).getByRole('radio', { name: 'Selalu' }));
    await user.type(within(card).getByLabelText('Pesan (boleh kosong)'), 'Periksa laporan bulan lalu.');

    expect(latest().reminders).toEqual([
      { key: 'admin-bulanan-0800', cron: '0 8 5 * *', audience: 'admin', when: 'always', message: 'Periksa laporan bulan lalu.' },
    ]);
  });

  it('sets a weekly time and days, and keeps a custom cron as written', async () => {
    const user = userEvent.setup();
    const { latest } = renderEditor(
      { ...posbindu(), reminders: [{ key: 'dua-jam', cron: '0 */2 * * *', audience: 'admin', when: 'always' }] },
      [],
      RemindersEditor,
    );
    const custom = measure('Pengingat 1: Jadwal khusus: 0 */2 * * *');
    expect(within(custom).getByLabelText('Jadwal')).toHaveDisplayValue('Jadwal khusus (cron)');
    expect(within(custom).getByLabelText('Jadwal cron (menit jam tanggal bulan hari)')).toHaveValue('0 */2 * * *');

    await user.selectOptions(within(custom).getByLabelText('Jadwal'), 'Setiap minggu (pilih hari)');
    const weekly = measure('Pengingat 1: Setiap Senin jam 08.00 WIB');
    await user.click(within(weekly).getByRole('checkbox', { name: 'Kamis' }));
    fireEvent.change(within(weekly).getByLabelText('Jam (WIB)'), { target: { value: '07:30' } });
    expect(latest().reminders).toEqual([{ key: 'dua-jam', cron: '30 7 * * 1,4', audience: 'admin', when: 'always' }]);
    expect(measure('Pengingat 1: Setiap Senin dan Kamis jam 07.30 WIB')).toBeInTheDocument();
  });

  it('tells that a theme without a period sends its reminders always', () => {
    renderEditor({ ...posbindu(), period: 'none', reminders: [{ key: 'r', cron: '0 8 * * *', audience: 'kader', when: 'always' }] }, [], RemindersEditor);
    expect(screen.getByText(/tidak pernah terlambat, jadi pengingat selalu dikirim/)).toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: /^Hanya bila/ })).not.toBeInTheDocument();
  });
});

describe('the basics editor', () => {
  it('sets a deadline of its own in days and hours, shown back as H+2', async () => {
    const user = userEvent.setup();
    const { latest } = renderEditor({ ...builtIn('covid-harian') }, [], BasicsEditor);
    await user.click(screen.getByRole('radio', { name: 'Atur sendiri' }));
    const hari = screen.getByLabelText('Hari');
    fireEvent.change(hari, { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Jam'), { target: { value: '9' } });
    expect(latest().dueAfter).toBe('P2DT9H');
    expect(screen.getByText('Batas kirim: H+2 jam 09.00 WIB')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: /^Akhir periode/ }));
    expect(latest()).not.toHaveProperty('dueAfter');
  });

  it('drops the deadline and the "not sent yet" reminders when the period is removed', async () => {
    const user = userEvent.setup();
    const { latest } = renderEditor(builtIn('covid-harian'), [], BasicsEditor);
    await user.selectOptions(screen.getByLabelText('Periode'), 'Tanpa periode');
    expect(latest()).not.toHaveProperty('dueAfter');
    expect(latest().reminders?.map((reminder) => reminder.when)).toEqual(['always', 'always']);
    expect(screen.getByText('Tematik tanpa periode tidak punya batas kirim.')).toBeInTheDocument();
  });

  it('sets unit, region level, confidentiality, small-cell threshold, personal and summary fields', async () => {
    const user = userEvent.setup();
    const { latest } = renderEditor(posbindu(), [], BasicsEditor);
    await user.click(screen.getByRole('radio', { name: /^Laporan per wilayah per periode/ }));
    await user.selectOptions(screen.getByLabelText('Dikirim untuk tingkat wilayah'), 'RT');
    await user.click(screen.getByRole('radio', { name: /^Sensitif/ }));
    await user.type(screen.getByLabelText(/^Sembunyikan angka/), '10');
    const personal = screen.getByRole('group', { name: 'Kolom data pribadi' });
    await user.click(within(personal).getByRole('checkbox', { name: 'Stunting' }));
    const summary = screen.getByRole('group', { name: 'Nama catatan di daftar' });
    // Long texts are no names: "Catatan" is a text area.
    expect(within(summary).queryByRole('checkbox', { name: 'Catatan' })).not.toBeInTheDocument();
    await user.click(within(summary).getByRole('checkbox', { name: 'Berat (kg)' }));
    await user.click(within(summary).getByRole('checkbox', { name: 'Nama balita' }));
    await user.click(within(summary).getByRole('checkbox', { name: 'Jenis kelamin' }));
    expect(latest()).toMatchObject({
      unit: 'report',
      regionLevel: 'rt',
      sensitivity: 'sensitive',
      suppressBelow: 10,
      personalFields: ['/nama', '/stunted'],
      summary: ['/nama', '/jenis_kelamin', '/berat'],
    });
    expect(screen.getByText(/Sudah 3 kolom dipilih/)).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: /^Terbuka/ }));
    expect(latest()).not.toHaveProperty('suppressBelow');
    expect(screen.getByText(/tidak boleh terbuka/)).toBeInTheDocument();
  });
});

describe('the draft handed back', () => {
  it('keeps what the settings do not edit, typed as the server’s theme definition', async () => {
    const user = userEvent.setup();
    const stunting = JSON.parse(readFileSync(join(__dirname, '../../schemas/themes/stunting.json'), 'utf8')) as ThemeDefinition;
    const onChange = jest.fn<void, [ThemeDefinition]>();
    render(<ThemeSettings definition={stunting} onChange={onChange} />);
    await user.click(screen.getByRole('radio', { name: /^Laporan per wilayah per periode/ }));
    const next = onChange.mock.calls[0][0];
    expect(next).toEqual({ ...stunting, unit: 'report' });
    expect(next.messages).toBe(stunting.messages);
  });
});

describe('the server’s errors', () => {
  it('show next to the setting they name', () => {
    const errors: FieldProblem[] = [
      { path: '/dueAfter', keyword: 'pattern', message: 'Batas kirim harus durasi ISO 8601, mis. P1DT10H' },
      { path: '/personalFields/0', keyword: 'field', message: 'kolom /nik tidak ada di schema' },
      { path: '/aggregations/5/field', keyword: 'fieldType', message: 'operasi avg membutuhkan kolom angka (number/integer)' },
      { path: '/aggregations/2/where/~1kategori_tbu', keyword: 'where', message: 'syarat untuk /kategori_tbu tidak cocok' },
      { path: '/aggregations/1/key', keyword: 'uniqueKey', message: 'kunci ukuran "balita_diukur" sudah dipakai' },
      { path: '/reminders/0/cron', keyword: 'cron', message: 'cron harus terdiri atas 5 kolom' },
      { path: '/aggregations/3/denominator', keyword: 'required', message: 'penyebut rasio belum lengkap' },
      { path: '/aggregations/4', keyword: 'additionalProperties', message: 'properti tidak dikenal' },
    ];
    renderEditor({ ...builtIn('stunting'), dueAfter: 'P1M10D', reminders: [{ key: 'x', cron: '0 8 * *', audience: 'kader', when: 'missing' }] }, errors);

    expect(screen.getByRole('group', { name: 'Batas kirim' })).toHaveAccessibleDescription('Batas kirim harus durasi ISO 8601, mis. P1DT10H');
    expect(screen.getByRole('group', { name: 'Kolom data pribadi' })).toHaveAccessibleDescription(expect.stringContaining('kolom /nik tidak ada di schema'));
    expect(within(measure('Ukuran 6: Rata-rata panjang/tinggi badan (cm)')).getByLabelText('Kolom yang dihitung')).toHaveAccessibleDescription(
      'operasi avg membutuhkan kolom angka (number/integer)',
    );
    expect(within(measure('Ukuran 3: Balita stunting (pendek dan sangat pendek)')).getByRole('group', { name: 'Status gizi TB/U' })).toHaveAccessibleDescription(
      'syarat untuk /kategori_tbu tidak cocok',
    );
    expect(within(measure('Ukuran 2: Balita menurut status gizi TB/U')).getByLabelText('Nama ukuran')).toHaveAccessibleDescription(
      'kunci ukuran "balita_diukur" sudah dipakai',
    );
    const reminder = measure('Pengingat 1: Jadwal khusus: 0 8 * *');
    expect(within(reminder).getByLabelText('Jadwal cron (menit jam tanggal bulan hari)')).toHaveAccessibleDescription(
      expect.stringContaining('cron harus terdiri atas 5 kolom'),
    );
    expect(within(measure('Ukuran 4: Prevalensi stunting (%)')).getByRole('group', { name: 'Penyebut (bawah)' })).toHaveAccessibleDescription(
      'penyebut rasio belum lengkap',
    );
    expect(measure('Ukuran 5: Prevalensi stunting menurut jenis kelamin (%)')).toHaveAccessibleDescription('properti tidak dikenal');
    // Nothing is said about a measure the server found no fault with.
    expect(within(measure('Ukuran 1: Balita diukur')).queryByRole('list')).not.toBeInTheDocument();
  });
});

describe('in English', () => {
  afterEach(async () => {
    cleanup();
    initI18n('id');
    await languageReady();
  });

  it('says the settings in English', async () => {
    initI18n('en');
    await languageReady();
    renderEditor(builtIn('posyandu'));
    expect(screen.getByRole('heading', { name: 'Measures (numbers for the dashboard and exports)' })).toBeInTheDocument();
    expect(screen.getByText('Deadline: 1 month 10 days after the period starts')).toBeInTheDocument();
    expect(measure('Reminder 1: On the 5th and 9th of every month at 08:00 WIB')).toBeInTheDocument();
    expect(within(measure(/^Measure 4:/)).getByLabelText('Multiplied by')).toHaveDisplayValue('× 100 (percent)');
  });
});
