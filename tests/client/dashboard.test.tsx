import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import type { User } from '../../client/src/api/types';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import { initI18n, languageReady, setLanguage } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import type { AggregateItem } from '../../client/src/features/dashboard/dashboard-api';
import { CellIndex } from '../../client/src/features/dashboard/dashboard-view';
import { MAP_COLOURS, RegionMap, type BoundaryFeature } from '../../client/src/features/dashboard/map/RegionMap';
import { ExplainDialog } from '../../client/src/features/dashboard/overview/ExplainDialog';
import { RegionTable } from '../../client/src/features/dashboard/overview/RegionTable';
import { PeriodPicker } from '../../client/src/features/dashboard/PeriodPicker';
import { openWakuncarDb } from '../../client/src/features/offline/database';
import { Outbox, type OutboxTransport } from '../../client/src/features/offline/outbox';
import { HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO, METRO_PUSAT, METRO_UTARA } from '../support/regions';
import { renderApp, stubFetch, withQueryClient, type FetchCall } from './helpers/harness';

const PERIOD = '2026-11';

const item = (regionCode: string, measure: string, value: number | null, extra: Partial<AggregateItem> = {}): AggregateItem => ({
  regionCode,
  regionName: null,
  level: 'kelurahan',
  periodKey: PERIOD,
  measure,
  group: null,
  value,
  suppressed: false,
  ...extra,
});

const MEASURES = [
  { key: 'ditimbang', title: 'Balita ditimbang', op: 'sum' as const, satuan: 'orang' },
  { key: 'kader', title: 'Kader aktif', op: 'sum' as const, satuan: 'orang' },
];

const REGIONS = [
  { code: KELURAHAN_METRO, name: 'Metro', drillable: false },
  { code: HADIMULYO_TIMUR, name: 'Hadimulyo Timur', drillable: false },
  { code: '18.72.01.1003', name: 'Imopuro', drillable: false },
];

let texts: typeof import('../../client/src/features/dashboard/texts').DASHBOARD_TEXTS;

beforeAll(async () => {
  // An area's words join i18next when its module loads, which the app does after i18next has started.
  initI18n('id');
  texts = (await import('../../client/src/features/dashboard/texts')).DASHBOARD_TEXTS;
});

beforeEach(async () => {
  initI18n('id');
  setLanguage('id');
  await languageReady();
});

/** The row headers of a table, top to bottom. */
const rowNames = (table: HTMLElement): string[] =>
  within(table)
    .getAllByRole('rowheader')
    .map((header) => header.textContent ?? '');

describe('the dashboard texts', () => {
  it('has every Indonesian text in English too', () => {
    const keys = (texts: object, prefix = ''): string[] =>
      Object.entries(texts).flatMap(([key, value]) => (typeof value === 'object' ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`]));
    expect(keys(texts.en)).toEqual(keys(texts.id));
  });
});

describe('the table of measures by region', () => {
  function renderTable(items: AggregateItem[], onExplain?: () => void): void {
    render(
      <RegionTable
        caption="Posyandu"
        regions={REGIONS}
        total={{ code: METRO_PUSAT, name: 'Metro Pusat', drillable: false }}
        measures={MEASURES}
        index={new CellIndex(items)}
        periodKey={PERIOD}
        k={5}
        highlighted="ditimbang"
        onDrill={() => undefined}
        onExplain={onExplain}
        drillLabel={(region) => `Lihat ${region.name}`}
      />,
    );
  }

  it('sorts by a measure, largest first then smallest first, hidden and missing cells always last', async () => {
    renderTable([item(KELURAHAN_METRO, 'ditimbang', 40), item(HADIMULYO_TIMUR, 'ditimbang', 25), item('18.72.01.1003', 'ditimbang', null, { suppressed: true })]);
    const table = screen.getByRole('table');
    const body = table.querySelector('tbody') as HTMLElement;
    expect(rowNames(body)).toEqual(['Hadimulyo Timur', 'Imopuro', 'Metro']);
    await userEvent.click(within(table).getByRole('button', { name: /Balita ditimbang/ }));
    expect(rowNames(body)).toEqual(['Metro', 'Hadimulyo Timur', 'Imopuro']);
    expect(within(table).getByRole('columnheader', { name: /Balita ditimbang/ })).toHaveAttribute('aria-sort', 'descending');
    await userEvent.click(within(table).getByRole('button', { name: /Balita ditimbang/ }));
    expect(rowNames(body)).toEqual(['Hadimulyo Timur', 'Metro', 'Imopuro']);
    expect(within(table).getByRole('columnheader', { name: /Balita ditimbang/ })).toHaveAttribute('aria-sort', 'ascending');
  });

  it('shows a hidden cell as "< 5" with why, a missing one as "—", and neither as 0', () => {
    renderTable([
      item(KELURAHAN_METRO, 'ditimbang', null, { suppressed: true }),
      item(KELURAHAN_METRO, 'kader', 0),
      item(METRO_PUSAT, 'ditimbang', null, { suppressed: true, level: 'kecamatan' }),
    ]);
    const metro = screen.getByRole('row', { name: /^Metro/ });
    const [ditimbang, kader] = within(metro).getAllByRole('cell');
    expect(ditimbang).toHaveTextContent('< 5');
    expect(within(ditimbang).getByText('< 5')).toHaveAttribute('title', 'Disembunyikan: berasal dari kurang dari 5 kiriman');
    // A real zero stays a zero.
    expect(kader).toHaveTextContent(/^0$/);
    const imopuro = within(screen.getByRole('row', { name: /^Imopuro/ })).getAllByRole('cell');
    expect(imopuro.map((cell) => cell.textContent)).toEqual(['—', '—']);
    expect(within(screen.getByRole('row', { name: /Jumlah Metro Pusat/ })).getAllByRole('cell')[0]).toHaveTextContent('< 5');
  });

  it('offers admins "explain this number" on shown numbers only', async () => {
    const onExplain = jest.fn();
    renderTable([item(KELURAHAN_METRO, 'ditimbang', 40), item(HADIMULYO_TIMUR, 'ditimbang', null, { suppressed: true })], onExplain);
    expect(screen.getAllByRole('button', { name: /^Jelaskan/ })).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Jelaskan Balita ditimbang di Metro' }));
    expect(onExplain).toHaveBeenCalledWith(MEASURES[0], REGIONS[0]);
  });
});

describe('"explain this number"', () => {
  it('lists the submissions behind the number with what each added', async () => {
    const calls = stubFetch({
      'GET /api/themes/posyandu/aggregates/explain?': {
        body: {
          value: 65,
          submissions: 2,
          items: [
            { id: '0b7c2a9e-1111-4a4a-9b9b-000000000001', regionCode: KELURAHAN_METRO, periodKey: PERIOD, createdAt: '2026-11-05T02:30:00.000Z', contribution: { value: 40 } },
            { id: '0b7c2a9e-2222-4a4a-9b9b-000000000002', regionCode: HADIMULYO_TIMUR, periodKey: PERIOD, createdAt: '2026-11-06T03:00:00.000Z', contribution: { value: 25 } },
          ],
          nextCursor: null,
        },
      },
    });
    const onClose = jest.fn();
    render(
      withQueryClient(
        <MemoryRouter>
          <ExplainDialog slug="posyandu" query={{ measure: 'ditimbang', region: METRO_PUSAT, periodKey: PERIOD }} measureTitle="Balita ditimbang" regionName="Metro Pusat" periodLabel="November 2026" onClose={onClose} />
        </MemoryRouter>,
      ),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Asal angka 65' });
    expect(within(dialog).getByText('Balita ditimbang di Metro Pusat, November 2026: 2 kiriman.')).toBeInTheDocument();
    const rows = within(dialog).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent))).toEqual([
      ['5 Nov 2026, 09.30 WIB', '0b7c2a9e', '40'],
      ['6 Nov 2026, 10.00 WIB', '0b7c2a9e', '25'],
    ]);
    expect(new URL(calls[0].url, 'http://localhost').searchParams.get('region')).toBe(METRO_PUSAT);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Tutup' }));
    expect(onClose).toHaveBeenCalled();
  });
});

describe('the period picker', () => {
  const NOW = new Date('2026-11-20T05:00:00Z');

  function renderPicker(themePeriod: 'day' | 'month' | 'none', granularity: 'day' | 'month' | 'none', periodKey: string, onChange = jest.fn()): jest.Mock {
    render(<PeriodPicker themePeriod={themePeriod} granularity={granularity} periodKey={periodKey} now={NOW} onChange={onChange} />);
    return onChange;
  }
  const options = (label: string): string[] => within(screen.getByLabelText(label)).getAllByRole('option').map((option) => option.textContent ?? '');

  it("offers the theme's own granularity and the coarser ones: a daily theme by week and month too", () => {
    renderPicker('day', 'day', '2026-11-20');
    expect(options('Dibaca per')).toEqual(['Hari', 'Minggu', 'Bulan', 'Triwulan', 'Tahun']);
    expect(options('Periode')[0]).toBe('Jumat, 20 November 2026');
    expect(options('Periode')).toHaveLength(31);
  });

  it('offers the last twelve months of a monthly theme, newest first, and keeps the period when read by year', async () => {
    const onChange = renderPicker('month', 'month', '2026-11');
    expect(options('Dibaca per')).toEqual(['Bulan', 'Triwulan', 'Tahun']);
    expect(options('Periode').slice(0, 2)).toEqual(['November 2026', 'Oktober 2026']);
    expect(options('Periode')).toHaveLength(12);
    await userEvent.selectOptions(screen.getByLabelText('Dibaca per'), 'year');
    expect(onChange).toHaveBeenCalledWith('year', '2026');
    await userEvent.selectOptions(screen.getByLabelText('Periode'), 'Oktober 2026');
    expect(onChange).toHaveBeenLastCalledWith('month', '2026-10');
  });

  it('has nothing to pick for a theme without periods', () => {
    renderPicker('none', 'none', 'all');
    expect(screen.queryByLabelText('Periode')).toBeNull();
    expect(screen.getByText('Tanpa periode: seluruh data')).toBeInTheDocument();
  });
});

describe('the map', () => {
  const square = (code: string, nama: string, west: number): BoundaryFeature => ({
    type: 'Feature',
    properties: { kode: code, nama, lat: -5.1, lng: west + 0.005 },
    geometry: { type: 'Polygon', coordinates: [[[west, -5.1], [west + 0.01, -5.1], [west + 0.01, -5.11], [west, -5.11], [west, -5.1]]] },
  });
  const boundaries = [square(KELURAHAN_METRO, 'Metro', 105.3), square(HADIMULYO_TIMUR, 'Hadimulyo Timur', 105.31), square('18.72.01.1003', 'Imopuro', 105.32), square('18.72.01.1004', 'Hadimulyo Barat', 105.33)];

  function renderMap(onDrill = jest.fn()): { container: HTMLElement; onDrill: jest.Mock } {
    const { container } = render(
      <RegionMap
        label="Peta"
        areas={[
          { code: KELURAHAN_METRO, name: 'Metro', cell: { kind: 'value', value: 40 }, drillable: true },
          { code: HADIMULYO_TIMUR, name: 'Hadimulyo Timur', cell: { kind: 'value', value: 10 }, drillable: true },
          { code: '18.72.01.1003', name: 'Imopuro', cell: { kind: 'suppressed' }, drillable: true },
          { code: '18.72.01.1004', name: 'Hadimulyo Barat', cell: { kind: 'missing' }, drillable: true },
          // An RW has no boundary: it is simply not on the map.
          { code: '18.72.01.1001.01', name: 'RW 01', cell: { kind: 'value', value: 3 }, drillable: false },
        ]}
        boundaries={boundaries}
        k={5}
        onDrill={onDrill}
        drillLabel={(area) => `Lihat ${area.name}`}
      />,
    );
    return { container, onDrill };
  }
  const area = (container: HTMLElement, code: string): Element => container.querySelector(`path[data-region="${code}"]`) as Element;

  it('colours by value, hatches hidden areas and explains both in the legend', () => {
    const { container } = renderMap();
    expect(area(container, KELURAHAN_METRO).getAttribute('fill')).toBe(MAP_COLOURS[MAP_COLOURS.length - 1]);
    expect(area(container, HADIMULYO_TIMUR).getAttribute('fill')).toBe(MAP_COLOURS[0]);
    expect(area(container, '18.72.01.1003').getAttribute('fill')).toMatch(/^url\(#hatch-/);
    expect(area(container, '18.72.01.1004').getAttribute('fill')).toBe('#ffffff');
    expect(container.querySelectorAll('path[data-region]')).toHaveLength(4);
    expect(screen.getByRole('button', { name: 'Imopuro: < 5 — Disembunyikan: berasal dari kurang dari 5 kiriman. Lihat Imopuro' })).toBeInTheDocument();
    const legend = screen.getByText('Keterangan warna').nextElementSibling as HTMLElement;
    expect(within(legend).getAllByRole('listitem').map((entry) => entry.textContent)).toEqual(['10 – 16', '16 – 22', '22 – 28', '28 – 34', '34 – 40', 'Disembunyikan (< 5)', 'Belum ada data']);
  });

  it('drills down on a click or with the keyboard', () => {
    const { container, onDrill } = renderMap();
    fireEvent.click(area(container, KELURAHAN_METRO));
    expect(onDrill).toHaveBeenCalledWith(KELURAHAN_METRO);
    fireEvent.keyDown(area(container, HADIMULYO_TIMUR), { key: 'Enter' });
    expect(onDrill).toHaveBeenLastCalledWith(HADIMULYO_TIMUR);
  });
});

describe('the dashboard page', () => {
  const opd: User = { id: 'opd-1', username: 'opd', displayName: 'Dinas Kesehatan', role: 'opd', regionCode: KOTA_METRO };
  const kota = { code: KOTA_METRO, name: 'Kota Metro', level: 'kota', parentCode: '18' };
  const pusat = { code: METRO_PUSAT, name: 'Metro Pusat', level: 'kecamatan', parentCode: KOTA_METRO };
  const utara = { code: METRO_UTARA, name: 'Metro Utara', level: 'kecamatan', parentCode: KOTA_METRO };
  const kelurahan = [
    { code: KELURAHAN_METRO, name: 'Metro', level: 'kelurahan', parentCode: METRO_PUSAT },
    { code: HADIMULYO_TIMUR, name: 'Hadimulyo Timur', level: 'kelurahan', parentCode: METRO_PUSAT },
  ];
  const values: Record<string, number> = { [KELURAHAN_METRO]: 40, [HADIMULYO_TIMUR]: 25, [METRO_PUSAT]: 65, [KOTA_METRO]: 65 };

  /** The aggregates route: the stored values of the regions at `level` inside `region`, for the asked period. */
  function aggregates(call: FetchCall) {
    const query = new URL(call.url, 'http://localhost').searchParams;
    const level = query.get('level');
    const inside = Object.keys(values).filter((code) => code.split('.').length === ['provinsi', 'kota', 'kecamatan', 'kelurahan'].indexOf(level ?? '') + 1 && code.startsWith(query.get('region') ?? ''));
    return {
      body: {
        items: inside.map((code) => item(code, 'ditimbang', values[code], { periodKey: query.get('from') ?? PERIOD })),
        nextCursor: null,
        measures: ['ditimbang'],
        suppressBelow: null,
      },
    };
  }

  beforeEach(async () => {
    await clearOfflineCache();
    localStorage.clear();
    writeSession({ token: 'token-1', user: opd });
    stubFetch({
      'GET /api/auth/me': { body: opd },
      'GET /api/themes?': { body: { items: [{ slug: 'posyandu', title: 'Laporan Posyandu', unit: 'report', period: 'month', regionLevel: 'kelurahan', latestVersion: 1 }], nextCursor: null } },
      'GET /api/themes/posyandu/versions/1': { body: { slug: 'posyandu', title: 'Laporan Posyandu', version: 1, unit: 'report', period: 'month', regionLevel: 'kelurahan', schema: {}, aggregations: [MEASURES[0]] } },
      'GET /api/themes/posyandu/aggregates?': aggregates,
      [`GET /api/regions/${KOTA_METRO}`]: { body: { ...kota, path: [] } },
      [`GET /api/regions/${METRO_PUSAT}`]: { body: { ...pusat, path: [kota] } },
      [`GET /api/regions?parent=${KOTA_METRO}&`]: { body: { items: [pusat, utara], nextCursor: null } },
      [`GET /api/regions?parent=${METRO_PUSAT}&`]: { body: { items: kelurahan, nextCursor: null } },
    });
  });

  const transport: OutboxTransport = { send: () => Promise.reject(new TypeError('offline')), upload: () => Promise.reject(new TypeError('offline')) };
  const outbox = (): Outbox => new Outbox(() => openWakuncarDb(`dashboard-${Math.random()}`), transport, { lockName: `dashboard-${Math.random()}` });
  const tableRow = (name: RegExp): HTMLElement => within(document.querySelector('.overview-table') as HTMLElement).getByRole('row', { name });

  it('drills from the kota to a kecamatan and back up through the breadcrumb, the view in the address', async () => {
    const { location } = renderApp('/dasbor/posyandu', outbox());
    await waitFor(() => expect(within(tableRow(/^Metro Pusat/)).getByRole('cell')).toHaveTextContent('65'));
    expect(within(tableRow(/^Metro Utara/)).getByRole('cell')).toHaveTextContent('—');
    expect(within(tableRow(/Jumlah Kota Metro/)).getByRole('cell')).toHaveTextContent('65');

    await userEvent.click(within(document.querySelector('.overview-table') as HTMLElement).getByRole('button', { name: 'Lihat Metro Pusat per kelurahan' }));
    await waitFor(() => expect(within(tableRow(/^Hadimulyo Timur/)).getByRole('cell')).toHaveTextContent('25'));
    expect(within(tableRow(/^Metro\b/)).getByRole('cell')).toHaveTextContent('40');
    expect(within(tableRow(/Jumlah Metro Pusat/)).getByRole('cell')).toHaveTextContent('65');
    expect(new URLSearchParams(location.search).get('wilayah')).toBe(METRO_PUSAT);
    const breadcrumb = screen.getByRole('navigation', { name: 'Wilayah yang dilihat' });
    expect(within(breadcrumb).getAllByRole('listitem').map((entry) => entry.textContent)).toEqual(['Kota Metro', 'Metro Pusat']);
    expect(within(breadcrumb).getByText('Metro Pusat')).toHaveAttribute('aria-current', 'location');

    await userEvent.click(within(breadcrumb).getByRole('link', { name: 'Kota Metro' }));
    await waitFor(() => expect(tableRow(/^Metro Utara/)).toBeInTheDocument());
    expect(new URLSearchParams(location.search).get('wilayah')).toBe(KOTA_METRO);
  });
});
