import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { JsonObject } from '../../client/src/api/types';
import { setLanguage } from '../../client/src/app/i18n';
import { readLocalFile } from '../../client/src/features/offline/local-files';
import { COMMIT_DELAY_MS } from '../../client/src/forms/widgets/use-buffered-value';
import { renderThemeForm, stubFetch } from './helpers/harness';

const submitted = (): { onSubmit: jest.Mock<void, [JsonObject]>; last: () => JsonObject } => {
  const onSubmit = jest.fn<void, [JsonObject]>();
  return { onSubmit, last: () => onSubmit.mock.calls[onSubmit.mock.calls.length - 1][0] };
};

afterEach(() => {
  jest.useRealTimers();
  Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
});

describe('validation with the shared validator', () => {
  it('shows the Indonesian message under the field and in the summary, and blocks the submit', async () => {
    const user = userEvent.setup();
    const { onSubmit } = submitted();
    await renderThemeForm(
      { type: 'object', required: ['kasus_baru'], properties: { kasus_baru: { type: 'integer', title: 'Kasus baru', minimum: 0 } } },
      {},
      { onSubmit },
    );
    await user.type(screen.getByLabelText(/Kasus baru/), '-2');
    await user.click(screen.getByRole('button', { name: 'Kirim' }));
    expect(onSubmit).not.toHaveBeenCalled();
    const field = screen.getByLabelText(/Kasus baru/).closest('.field') as HTMLElement;
    expect(await within(field).findByRole('listitem')).toHaveTextContent(/^Kasus baru paling sedikit 0$/);
    const summary = screen.getByRole('alert');
    expect(summary).toHaveTextContent('Ada 1 isian yang perlu diperbaiki');
    expect(within(summary).getByRole('button', { name: 'Kasus baru paling sedikit 0' })).toBeInTheDocument();
    expect(screen.getByLabelText(/Kasus baru/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows a 422 answer from the server under the field its pointer names', async () => {
    await renderThemeForm(
      { type: 'object', properties: { jumlah_gizi_buruk: { type: 'integer', title: 'Jumlah gizi buruk' } } },
      {},
      { serverErrors: [{ path: '/jumlah_gizi_buruk', keyword: 'minimum', message: 'Jumlah gizi buruk harus diisi sesuai data posyandu' }] },
    );
    const field = screen.getByLabelText(/Jumlah gizi buruk/).closest('.field') as HTMLElement;
    expect(within(field).getByText('Jumlah gizi buruk harus diisi sesuai data posyandu')).toBeInTheDocument();
  });

  it('hands typed text to the form once typing pauses or the field is left, not on every keystroke', async () => {
    const user = userEvent.setup();
    const onChange = jest.fn();
    await renderThemeForm({ type: 'object', properties: { nama: { type: 'string', title: 'Nama posyandu' }, lain: { type: 'string', title: 'Lain' } } }, {}, { onChange });
    await user.type(screen.getByLabelText('Nama posyandu'), 'Mawar');
    await user.tab();
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(onChange.mock.calls.length).toBeLessThanOrEqual(2);
    expect(onChange.mock.calls[onChange.mock.calls.length - 1][0]).toEqual({ nama: 'Mawar' });
  });

  it('waits for a pause after the last key, however long the typing went on', async () => {
    jest.useFakeTimers({ advanceTimers: false });
    try {
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      const onChange = jest.fn();
      await renderThemeForm({ type: 'object', properties: { nama: { type: 'string', title: 'Nama posyandu' } } }, {}, { onChange });
      const input = screen.getByLabelText('Nama posyandu');
      await user.type(input, 'Ma');
      act(() => jest.advanceTimersByTime(COMMIT_DELAY_MS - 50));
      await user.type(input, 'war');
      act(() => jest.advanceTimersByTime(COMMIT_DELAY_MS - 50));
      // Longer than one pause since the first key, shorter than one since the last.
      expect(onChange).not.toHaveBeenCalled();
      act(() => jest.advanceTimersByTime(60));
      expect(onChange).toHaveBeenCalledTimes(1);
      expect(onChange).toHaveBeenLastCalledWith({ nama: 'Mawar' });
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('text from definitions', () => {
  it('renders hostile titles, descriptions and enum labels as text, never as HTML', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { container } = await renderThemeForm({
      type: 'object',
      title: hostile,
      properties: {
        pilihan: { type: 'string', title: hostile, description: hostile, oneOf: [{ const: 'a', title: hostile }, { const: 'b', title: 'B' }] },
      },
    });
    // A oneOf is drawn once the validator has loaded (RJSF asks it which option applies).
    expect((await screen.findAllByText(hostile, { exact: false })).length).toBeGreaterThanOrEqual(2);
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('long forms', () => {
  const schema: JsonObject = {
    type: 'object',
    required: ['isian_25'],
    properties: Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`isian_${index + 1}`, { type: 'integer', title: `Isian ${index + 1}` }])),
  };

  it('renders only the open section, and opens the next on request', async () => {
    const user = userEvent.setup();
    await renderThemeForm(schema);
    expect(screen.getAllByRole('spinbutton')).toHaveLength(12);
    expect(screen.queryByLabelText('Isian 13')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Bagian berikutnya' }));
    expect(screen.getByLabelText('Isian 13')).toBeInTheDocument();
    expect(screen.queryByLabelText('Isian 1')).toBeNull();
  });

  it('opens the closed section that holds an error when the form is submitted', async () => {
    const user = userEvent.setup();
    const { onSubmit } = submitted();
    await renderThemeForm(schema, {}, { onSubmit });
    const third = screen.getByRole('button', { name: /Bagian 3/ });
    expect(third).toHaveAttribute('aria-expanded', 'false');
    await user.click(screen.getByRole('button', { name: 'Kirim' }));
    expect(onSubmit).not.toHaveBeenCalled();
    await waitFor(() => expect(third).toHaveAttribute('aria-expanded', 'true'));
    expect(third).toHaveTextContent('1 perlu diperbaiki');
    const field = screen.getByLabelText(/Isian 25/).closest('.field') as HTMLElement;
    expect(within(field).getByRole('listitem')).toHaveTextContent(/^Isian 25 wajib diisi$/);
  });

  it('redraws the section headings in the language chosen while the form is open', async () => {
    await renderThemeForm(schema);
    expect(screen.getByRole('button', { name: /Bagian 2/ })).toHaveTextContent('0/12 terisi');
    act(() => setLanguage('en'));
    expect(await screen.findByRole('button', { name: /Part 2/ })).toHaveTextContent('0/12 answered');
    act(() => setLanguage('id'));
    expect(await screen.findByRole('button', { name: /Bagian 2/ })).toHaveTextContent('0/12 terisi');
  });
});

describe('errors in a long form', () => {
  const schema: JsonObject = {
    type: 'object',
    // Listed out of form order on purpose: Ajv reports missing fields in this order.
    required: ['isian_25', 'isian_14'],
    properties: Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`isian_${index + 1}`, { type: 'integer', title: `Isian ${index + 1}` }])),
  };

  it('lists errors in form order and opens only the section of the first one', async () => {
    const user = userEvent.setup();
    await renderThemeForm(schema, {}, { onSubmit: jest.fn() });
    await user.click(screen.getByRole('button', { name: 'Kirim' }));
    const summary = await screen.findByRole('alert');
    const items = within(summary).getAllByRole('listitem').map((item) => item.textContent ?? '');
    expect(items[0]).toMatch(/^Isian 14/);
    expect(items[1]).toMatch(/^Isian 25/);
    const second = screen.getByRole('button', { name: /Bagian 2/ });
    const third = screen.getByRole('button', { name: /Bagian 3/ });
    await waitFor(() => expect(second).toHaveAttribute('aria-expanded', 'true'));
    await waitFor(() => expect(screen.getByLabelText(/Isian 14/)).toHaveFocus());
    // The other section keeps its fields out of the page and says how many need fixing.
    expect(third).toHaveAttribute('aria-expanded', 'false');
    expect(third).toHaveTextContent('1 perlu diperbaiki');
    expect(screen.queryByLabelText(/Isian 25/)).toBeNull();

    // An error in the summary opens its closed section and puts the cursor in the field.
    await user.click(within(summary).getByRole('button', { name: /^Isian 25/ }));
    await waitFor(() => expect(screen.getByLabelText(/Isian 25/)).toHaveFocus());
    expect(third).toHaveAttribute('aria-expanded', 'true');
  });
});

describe('searchable select', () => {
  const kelurahan = ['Hadimulyo Barat', 'Hadimulyo Timur', 'Imopuro', 'Iringmulyo', 'Margorejo', 'Metro', 'Mulyojati', 'Mulyosari', 'Purwoasri', 'Purwosari', 'Rejomulyo', 'Sumbersari', 'Tejoagung', 'Tejosari', 'Yosodadi', 'Yosomulyo', 'Yosorejo', 'Ganjaragung', 'Ganjarasri', 'Banjarsari', 'Karangrejo', 'Kauman'];

  it('is used for a long list, filters as the cadre types and picks with the keyboard', async () => {
    const user = userEvent.setup();
    const { onSubmit, last } = submitted();
    await renderThemeForm({ type: 'object', properties: { kelurahan: { type: 'string', title: 'Kelurahan', enum: kelurahan } } }, {}, { onSubmit });
    const box = screen.getByRole('combobox', { name: /Kelurahan/ });
    await user.type(box, 'rejo');
    const options = screen.getAllByRole('option').map((option) => option.textContent);
    expect(options).toEqual(['Margorejo', 'Rejomulyo', 'Yosorejo', 'Karangrejo']);
    await user.keyboard('{ArrowDown}{Enter}');
    expect(box).toHaveValue('Rejomulyo');
    await user.click(screen.getByRole('button', { name: 'Kirim' }));
    expect(last()).toEqual({ kelurahan: 'Rejomulyo' });
  });

  it('keeps a short list as a plain select', async () => {
    await renderThemeForm({ type: 'object', properties: { jenis: { type: 'string', title: 'Jenis', enum: ['a', 'b', 'c'] } } });
    expect(screen.queryByRole('combobox', { name: /Jenis/ })?.tagName).toBe('SELECT');
  });
});

describe('date in WIB', () => {
  it('fills "today" as the WIB date even where the UTC date is still yesterday', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-27T18:30:00Z'), advanceTimers: true });
    const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
    const { onSubmit, last } = submitted();
    await renderThemeForm({ type: 'object', properties: { tanggal: { type: 'string', format: 'date', title: 'Tanggal kunjungan' } } }, {}, { onSubmit });
    await user.click(screen.getByRole('button', { name: 'Hari ini' }));
    expect(screen.getByLabelText(/Tanggal kunjungan/)).toHaveValue('2026-11-28');
    expect(screen.getByText(/Sabtu, 28 November 2026/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Kirim' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(last()).toEqual({ tanggal: '2026-11-28' });
  });

  it('stores a date-time typed on the form as WIB with its +07:00 offset', async () => {
    const { onSubmit, last } = submitted();
    await renderThemeForm({ type: 'object', properties: { waktu: { type: 'string', format: 'date-time', title: 'Waktu' } } }, {}, { onSubmit });
    fireEvent.change(screen.getByLabelText(/Waktu/), { target: { value: '2026-11-28T07:15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Kirim' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(last()).toEqual({ waktu: '2026-11-28T07:15:00+07:00' });
  });

  it('stores a time of day typed on the form as WIB with seconds and its +07:00 offset, as JSON Schema\'s time asks', async () => {
    const { onSubmit, last } = submitted();
    await renderThemeForm({ type: 'object', required: ['jam'], properties: { jam: { type: 'string', format: 'time', title: 'Jam buka posyandu' } } }, {}, { onSubmit });
    expect(screen.getByLabelText(/Jam buka posyandu/)).toHaveAttribute('type', 'time');
    fireEvent.change(screen.getByLabelText(/Jam buka posyandu/), { target: { value: '07:15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Kirim' }));
    // Checked by the same validator as the server: accepted, so sent.
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(last()).toEqual({ jam: '07:15:00+07:00' });
  });

  it.each([
    ['07:15:00+07:00', '07:15'],
    ['00:15:00Z', '07:15'],
    ['23:30:00-01:00', '07:30'],
    ['20:45:00+05:30', '22:15'],
  ])('shows a stored time %s as %s WIB', async (stored, shown) => {
    await renderThemeForm({ type: 'object', properties: { jam: { type: 'string', format: 'time', title: 'Jam buka posyandu' } } }, {}, { initialData: { jam: stored } });
    expect(screen.getByLabelText(/Jam buka posyandu/)).toHaveValue(shown);
  });
});

describe('GPS capture', () => {
  const location: JsonObject = {
    type: 'object',
    properties: { lokasi: { type: 'object', title: 'Lokasi rumah', properties: { lat: { type: 'number' }, lon: { type: 'number' }, accuracy: { type: 'number' } } } },
  };

  const fakeGeolocation = (behaviour: (success: PositionCallback, failure: PositionErrorCallback) => void): jest.Mock => {
    const watchPosition = jest.fn((success: PositionCallback, failure: PositionErrorCallback) => {
      behaviour(success, failure);
      return 7;
    });
    Object.defineProperty(navigator, 'geolocation', { value: { watchPosition, clearWatch: jest.fn() }, configurable: true });
    return watchPosition;
  };

  const fix = (accuracy: number): GeolocationPosition =>
    ({ coords: { latitude: -5.1131234567, longitude: 105.3067891234, accuracy }, timestamp: Date.now() }) as GeolocationPosition;

  it('keeps refining until the fix is good, then stores lat, lon and accuracy', async () => {
    const user = userEvent.setup();
    let report: PositionCallback = () => undefined;
    fakeGeolocation((success) => {
      report = success;
    });
    const { onSubmit, last } = submitted();
    await renderThemeForm(location, { lokasi: { 'ui:widget': 'gps' } }, { onSubmit });
    const group = screen.getByRole('group', { name: 'Lokasi rumah' });
    await user.click(within(group).getByRole('button', { name: 'Ambil lokasi' }));
    act(() => report(fix(150)));
    expect(screen.getByRole('status')).toHaveTextContent('± 150 m');
    act(() => report(fix(12.34)));
    expect(await screen.findByText(/Ketelitian ± 12 m/)).toBeInTheDocument();
    expect(screen.getByText('baik')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Kirim' }));
    expect(last()).toEqual({ lokasi: { lat: -5.113123, lon: 105.306789, accuracy: 12.3 } });
  });

  it('says how to allow location when permission is denied', async () => {
    const user = userEvent.setup();
    fakeGeolocation((_, failure) => failure({ code: 1, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3, message: 'denied' } as GeolocationPositionError));
    await renderThemeForm(location, { lokasi: { 'ui:widget': 'gps' } });
    await user.click(screen.getByRole('button', { name: 'Ambil lokasi' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/Izin lokasi ditolak/);
  });
});

describe('photo capture', () => {
  const photoForm: JsonObject = { type: 'object', properties: { foto: { type: 'string', format: 'file-id', title: 'Foto jamban' } } };
  const photo = (): File => new File(['fake jpeg bytes'], 'IMG_2041.jpg', { type: 'image/jpeg' });

  it('uploads the photo to /api/files and keeps the returned id', async () => {
    const calls = stubFetch({ 'POST /api/files': { status: 201, body: { id: 'a1b2c3d4-0000-4000-8000-000000000001', contentType: 'image/jpeg', size: 15 } } });
    const { onSubmit, last } = submitted();
    await renderThemeForm(photoForm, {}, { onSubmit });
    fireEvent.change(screen.getByTestId('root_foto-camera'), { target: { files: [photo()] } });
    expect(await screen.findByText('Foto tersimpan di server.')).toBeInTheDocument();
    expect(calls).toHaveLength(1);
    expect((calls[0].body as FormData).get('file')).toBeInstanceOf(Blob);
    fireEvent.click(screen.getByRole('button', { name: 'Kirim' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(last()).toEqual({ foto: 'a1b2c3d4-0000-4000-8000-000000000001' });
  });

  it('keeps the photo on the device when offline, under an id the outbox will swap', async () => {
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
    const calls = stubFetch({});
    const { onSubmit, last } = submitted();
    await renderThemeForm(photoForm, {}, { onSubmit });
    fireEvent.change(screen.getByTestId('root_foto-camera'), { target: { files: [photo()] } });
    expect(await screen.findByText(/Foto tersimpan di perangkat/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Kirim' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    const localId = last().foto as string;
    expect(localId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await readLocalFile(localId)).toBeInstanceOf(Blob);
    expect(calls.filter((call) => call.method === 'POST')).toEqual([]);
  });

  it('explains a refused file instead of keeping it', async () => {
    stubFetch({ 'POST /api/files': { status: 415, body: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported', detail: 'not an image' } } });
    const { onSubmit } = submitted();
    await renderThemeForm(photoForm, {}, { onSubmit });
    fireEvent.change(screen.getByTestId('root_foto-camera'), { target: { files: [photo()] } });
    expect(await screen.findByRole('alert')).toHaveTextContent(/bukan gambar yang didukung/);
    fireEvent.click(screen.getByRole('button', { name: 'Kirim' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({}));
  });
});

describe('region picker', () => {
  const rejomulyo = { code: '18.72.05.1001', name: 'Rejomulyo', level: 'kelurahan', parentCode: '18.72.05' };
  const routes = {
    'GET /api/regions/18.72.05.1001': { body: { ...rejomulyo, path: [{ code: '18.72', name: 'Kota Metro', level: 'kota', parentCode: '18' }] } },
    'GET /api/regions?parent=18.72.05.1001': {
      body: {
        items: [
          { code: '18.72.05.1001.01', name: 'RW 01', level: 'rw', parentCode: '18.72.05.1001' },
          { code: '18.72.05.1001.02', name: 'RW 02', level: 'rw', parentCode: '18.72.05.1001' },
        ],
        nextCursor: null,
      },
    },
    'GET /api/regions?parent=18.72.05.1001.01': {
      body: {
        items: [
          { code: '18.72.05.1001.01.001', name: 'RT 001', level: 'rt', parentCode: '18.72.05.1001.01' },
          { code: '18.72.05.1001.01.002', name: 'RT 002', level: 'rt', parentCode: '18.72.05.1001.01' },
        ],
        nextCursor: null,
      },
    },
    'GET /api/regions/18.72.05.1001.01.002': {
      body: {
        code: '18.72.05.1001.01.002',
        name: 'RT 002',
        level: 'rt',
        parentCode: '18.72.05.1001.01',
        path: [rejomulyo, { code: '18.72.05.1001.01', name: 'RW 01', level: 'rw', parentCode: '18.72.05.1001' }],
      },
    },
  };

  it('offers only regions below the cadre’s own, one level at a time, down to the level asked for', async () => {
    const user = userEvent.setup();
    const calls = stubFetch(routes);
    const { onSubmit, last } = submitted();
    await renderThemeForm(
      { type: 'object', properties: { rt: { type: 'string', title: 'RT tempat tinggal' } } },
      { rt: { 'ui:widget': 'region', 'ui:options': { level: 'rt' } } },
      { onSubmit },
    );
    const rw = await screen.findByRole('combobox', { name: 'RT tempat tinggal RW' });
    expect(within(rw).getAllByRole('option').map((option) => option.textContent)).toEqual(['Pilih RW…', 'RW 01', 'RW 02']);
    await user.selectOptions(rw, 'RW 01');
    const rt = await screen.findByRole('combobox', { name: 'RT' });
    await user.selectOptions(rt, 'RT 002');
    await user.click(screen.getByRole('button', { name: 'Kirim' }));
    expect(last()).toEqual({ rt: '18.72.05.1001.01.002' });
    expect(calls.some((call) => call.url.includes('parent=18.72.05&') || call.url.endsWith('/api/regions'))).toBe(false);
  });
});
