import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ExcelJS from 'exceljs';
import { DecompressionStream } from 'node:stream/web';
import { renderToolPage, signIn, textKeys } from './helpers/tool-page';
import type { User } from '../../client/src/api/types';
import { adminRegionsTexts } from '../../client/src/features/admin/regions/texts';
import { RegionsPage } from '../../client/src/features/admin/regions/RegionsPage';
import { parseCsv, parseXlsx } from '../../client/src/features/admin/spreadsheet';
import { regionRowsOf } from '../../client/src/features/admin/regions/region-rows';
import { stubFetch, type FetchCall } from './helpers/harness';
import { KOTA_METRO, METRO_SELATAN, REJOMULYO } from '../support/regions';

// What jsdom lacks and every browser the admin uses has: reading a chosen file, inflating a zip.
Object.assign(globalThis, { DecompressionStream });
Blob.prototype.arrayBuffer = function arrayBuffer(this: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.readAsArrayBuffer(this);
  });
};

const kotaAdmin: User = {
  id: 'admin-1',
  username: 'admin',
  displayName: 'Admin Kota',
  role: 'admin',
  regionCode: KOTA_METRO,
};
const kelurahanAdmin: User = {
  ...kotaAdmin,
  id: 'admin-2',
  regionCode: REJOMULYO,
};

const lampung = {
  code: '18',
  name: 'Lampung',
  level: 'provinsi',
  parentCode: null,
};
const kota = {
  code: KOTA_METRO,
  name: 'Kota Metro',
  level: 'kota',
  parentCode: '18',
};
const selatan = {
  code: METRO_SELATAN,
  name: 'Metro Selatan',
  level: 'kecamatan',
  parentCode: KOTA_METRO,
};
const rejomulyo = {
  code: REJOMULYO,
  name: 'Rejomulyo',
  level: 'kelurahan',
  parentCode: METRO_SELATAN,
};

const page = (items: unknown[]) => ({ body: { items, nextCursor: null } });

function regionRoutes(user: User, extra: Record<string, (call: FetchCall) => { status?: number; body?: unknown }> = {}) {
  let rws = [
    {
      code: `${REJOMULYO}.001`,
      name: 'RW 01',
      level: 'rw',
      parentCode: REJOMULYO,
      childCount: 2,
    },
  ];
  const calls = stubFetch({
    'GET /api/auth/me': { body: user },
    [`GET /api/regions/${KOTA_METRO}`]: { body: { ...kota, path: [lampung] } },
    [`GET /api/regions/${REJOMULYO}`]: {
      body: { ...rejomulyo, path: [lampung, kota, selatan] },
    },
    [`GET /api/regions?parent=${KOTA_METRO}&`]: page([{ ...selatan, childCount: 4 }]),
    [`GET /api/regions?parent=${REJOMULYO}&`]: () => page(rws),
    'POST /api/regions': (call) => {
      const body = JSON.parse(String(call.body)) as { name: string };
      const added = {
        code: `${REJOMULYO}.002`,
        name: body.name,
        level: 'rw',
        parentCode: REJOMULYO,
      };
      rws = [...rws, { ...added, childCount: 0 }];
      return { status: 201, body: added };
    },
    ...extra,
  });
  return calls;
}

const csvFile = (text: string, name = 'wilayah.csv'): File => new File([text], name, { type: 'text/csv' });
const posted = (calls: FetchCall[], path: string) =>
  calls.filter((call) => call.method === 'POST' && call.url === path).map((call) => JSON.parse(String(call.body)) as Record<string, unknown>);

describe('regions page', () => {
  it("starts at the admin's own region, shows each child with how many regions it holds, and offers no add above kelurahan", async () => {
    await signIn(kotaAdmin);
    regionRoutes(kotaAdmin);
    renderToolPage(<RegionsPage />);
    const row = (await screen.findByRole('link', { name: 'Buka Metro Selatan' })).closest('tr')!;
    expect(row).toHaveTextContent('Kecamatan');
    expect(row).toHaveTextContent('4 wilayah');
    expect(screen.getByRole('navigation', { name: 'Letak wilayah' })).toHaveTextContent('Kota Metro');
    expect(screen.getByRole('navigation', { name: 'Letak wilayah' })).not.toHaveTextContent('Lampung');
    expect(screen.queryByRole('button', { name: 'Tambah dari spreadsheet' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Tambah' })).not.toBeInTheDocument();
  });

  it('shows the path from the kota down to a kelurahan and adds one RW there', async () => {
    const user = userEvent.setup();
    await signIn(kotaAdmin);
    const calls = regionRoutes(kotaAdmin);
    renderToolPage(<RegionsPage />, `/?kode=${REJOMULYO}`);
    const trail = await screen.findByRole('navigation', {
      name: 'Letak wilayah',
    });
    expect(
      within(trail)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Kota Metro', 'Kecamatan Metro Selatan', 'Kelurahan Rejomulyo']);
    expect(await screen.findByText('RW 01')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Tambah' }));
    expect(await screen.findByText('Isi nama wilayah.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Nama RW baru'), 'RW 02');
    await user.click(screen.getByRole('button', { name: 'Tambah' }));
    expect(await screen.findByRole('link', { name: 'Buka RW 02' })).toBeInTheDocument();
    expect(posted(calls, '/api/regions')).toEqual([{ name: 'RW 02', level: 'rw', parentCode: REJOMULYO }]);
    expect(screen.getByText('RW 02 ditambahkan di bawah Rejomulyo.')).toBeInTheDocument();
  });

  it('keeps a kelurahan admin inside their kelurahan, even when the address names the kota', async () => {
    await signIn(kelurahanAdmin);
    const calls = regionRoutes(kelurahanAdmin);
    renderToolPage(<RegionsPage />, `/?kode=${KOTA_METRO}`);
    const trail = await screen.findByRole('navigation', {
      name: 'Letak wilayah',
    });
    expect(
      within(trail)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Kelurahan Rejomulyo']);
    expect(calls.some((call) => call.url === `/api/regions/${KOTA_METRO}` || call.url.includes(`parent=${KOTA_METRO}&`))).toBe(false);
  });

  it('adds an RW and two RTs from a CSV: checks first, shows the codes they will get, then adds them all', async () => {
    const user = userEvent.setup();
    await signIn(kotaAdmin);
    const created = [
      {
        row: 0,
        code: `${REJOMULYO}.002`,
        name: 'RW 02',
        level: 'rw',
        parentCode: REJOMULYO,
      },
      {
        row: 1,
        code: `${REJOMULYO}.002.001`,
        name: 'RT 01',
        level: 'rt',
        parentCode: `${REJOMULYO}.002`,
      },
      {
        row: 2,
        code: `${REJOMULYO}.002.002`,
        name: 'RT 02',
        level: 'rt',
        parentCode: `${REJOMULYO}.002`,
      },
    ];
    const calls = regionRoutes(kotaAdmin, {
      'POST /api/regions/bulk': (call) => {
        const body = JSON.parse(String(call.body)) as { dryRun: boolean };
        return {
          status: body.dryRun ? 200 : 201,
          body: { dryRun: body.dryRun, created },
        };
      },
    });
    renderToolPage(<RegionsPage />, `/?kode=${REJOMULYO}`);
    await user.click(await screen.findByRole('button', { name: 'Tambah dari spreadsheet' }));
    await user.upload(screen.getByLabelText('Berkas spreadsheet'), csvFile('nama;tingkat;induk\nRW 02;RW;\n\nRT 01;rt;RW 02\n"RT 02";RT;RW 02\n'));

    expect(await screen.findByText('Semua 3 wilayah siap ditambahkan.')).toBeInTheDocument();
    const lines = within(screen.getByRole('table', { name: 'Hasil pemeriksaan' }))
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('cell')[0].textContent);
    expect(lines).toEqual(['2', '4', '5']);
    expect(screen.getByText(`Akan mendapat kode ${REJOMULYO}.002.001`)).toBeInTheDocument();
    expect(posted(calls, '/api/regions/bulk')).toEqual([
      {
        parentCode: REJOMULYO,
        dryRun: true,
        rows: [
          { name: 'RW 02', level: 'rw', parent: '' },
          { name: 'RT 01', level: 'rt', parent: 'RW 02' },
          { name: 'RT 02', level: 'rt', parent: 'RW 02' },
        ],
      },
    ]);

    await user.click(screen.getByRole('button', { name: 'Tambahkan 3 wilayah' }));
    expect(await screen.findByText('3 wilayah ditambahkan ke Rejomulyo.')).toBeInTheDocument();
    expect(screen.getByText(`Ditambahkan, kode ${REJOMULYO}.002.002`)).toBeInTheDocument();
    expect(posted(calls, '/api/regions/bulk').map((body) => body.dryRun)).toEqual([true, false]);
  });

  it("names each bad row's problem in plain words and adds nothing", async () => {
    const user = userEvent.setup();
    await signIn(kotaAdmin);
    const calls = regionRoutes(kotaAdmin, {
      'POST /api/regions/bulk': () => ({
        status: 422,
        body: {
          status: 422,
          code: 'VALIDATION_FAILED',
          title: 'Validation failed',
          detail: 'x',
          errors: [
            {
              path: '/rows/1/parent',
              keyword: 'parentMissing',
              message: 'Induk "RW 09" tidak ditemukan di bawah Rejomulyo',
            },
            {
              path: '/rows/2/level',
              keyword: 'parentLevel',
              message: 'RT harus berada di bawah RW, bukan kelurahan Rejomulyo',
            },
          ],
        },
      }),
    });
    renderToolPage(<RegionsPage />, `/?kode=${REJOMULYO}`);
    await user.click(await screen.findByRole('button', { name: 'Tambah dari spreadsheet' }));
    await user.upload(screen.getByLabelText('Berkas spreadsheet'), csvFile('nama,tingkat,induk\nRW 03,rw,\nRT 01,rt,RW 09\nRT 02,rt,\n'));
    expect(await screen.findByText(/2 baris perlu diperbaiki/)).toBeInTheDocument();
    expect(screen.getByText('Induk "RW 09" tidak ditemukan.')).toBeInTheDocument();
    expect(screen.getByText('RT harus berada di bawah RW.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Tambahkan/ })).not.toBeInTheDocument();
    expect(posted(calls, '/api/regions/bulk')).toHaveLength(1);
  });

  it('names the rows again when another admin added the same name between the check and the add', async () => {
    const user = userEvent.setup();
    await signIn(kotaAdmin);
    regionRoutes(kotaAdmin, {
      'POST /api/regions/bulk': (call) =>
        (JSON.parse(String(call.body)) as { dryRun: boolean }).dryRun
          ? { body: { dryRun: true, created: [{ row: 0, code: `${REJOMULYO}.002`, name: 'RW 02', level: 'rw', parentCode: REJOMULYO }] } }
          : {
              status: 422,
              body: {
                status: 422,
                code: 'VALIDATION_FAILED',
                title: 'Validation failed',
                detail: 'x',
                errors: [{ path: '/rows/0/name', keyword: 'duplicate', message: 'RW 02 sudah ada di bawah Rejomulyo' }],
              },
            },
    });
    renderToolPage(<RegionsPage />, `/?kode=${REJOMULYO}`);
    await user.click(await screen.findByRole('button', { name: 'Tambah dari spreadsheet' }));
    await user.upload(screen.getByLabelText('Berkas spreadsheet'), csvFile('nama,tingkat\nRW 02,rw\n'));
    await user.click(await screen.findByRole('button', { name: 'Tambahkan 1 wilayah' }));
    expect(await screen.findByText('RW 02 sudah ada di induk yang sama.')).toBeInTheDocument();
    expect(screen.getByText(/1 baris perlu diperbaiki/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Tambahkan/ })).not.toBeInTheDocument();
  });

  it('says what is wrong with a file that has no header row or is not a spreadsheet', async () => {
    const user = userEvent.setup({ applyAccept: false });
    await signIn(kotaAdmin);
    const calls = regionRoutes(kotaAdmin);
    renderToolPage(<RegionsPage />, `/?kode=${REJOMULYO}`);
    await user.click(await screen.findByRole('button', { name: 'Tambah dari spreadsheet' }));
    await user.upload(screen.getByLabelText('Berkas spreadsheet'), csvFile('RW 03,rw\n'));
    expect(await screen.findByText(/Baris pertama harus berisi judul kolom/)).toBeInTheDocument();
    await user.upload(screen.getByLabelText('Berkas spreadsheet'), new File(['%PDF'], 'wilayah.pdf'));
    expect(await screen.findByText('Berkas ini tidak dapat dibaca. Pilih berkas CSV atau XLSX.')).toBeInTheDocument();
    await waitFor(() => expect(posted(calls, '/api/regions/bulk')).toHaveLength(0));
  });

  it('reads the first sheet of an XLSX as Excel writes it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Wilayah');
    sheet.addRows([
      ['Nama', 'Tingkat', 'Induk'],
      ['RW 02', 'RW', null],
      ['RT 01', 'rt', 'RW 02'],
      ['Dasawisma Melati', 'Dasa Wisma', 'RW 02/RT 01'],
    ]);
    workbook.addWorksheet('Catatan').addRow(['bukan data']);
    const buffer = (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
    expect(regionRowsOf(await parseXlsx(buffer))).toEqual({
      rows: [
        { name: 'RW 02', level: 'rw', parent: '' },
        { name: 'RT 01', level: 'rt', parent: 'RW 02' },
        { name: 'Dasawisma Melati', level: 'dasawisma', parent: 'RW 02/RT 01' },
      ],
      lines: [2, 3, 4],
    });
  });

  it('reads quoted CSV cells with commas, quotes and line breaks', () => {
    expect(parseCsv('\uFEFFnama,induk\r\n"RW 01, Utara","RW ""lama"""\r\n"baris\ndua",\r\n')).toEqual([
      ['nama', 'induk'],
      ['RW 01, Utara', 'RW "lama"'],
      ['baris\ndua', ''],
    ]);
  });

  it('has every Indonesian text in English', () => {
    expect(textKeys(adminRegionsTexts.en)).toEqual(textKeys(adminRegionsTexts.id));
  });
});
