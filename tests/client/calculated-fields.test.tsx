import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { JsonObject } from '../../client/src/api/types';
import { withCalculations } from '../../client/src/forms/calculations';
import type { Calculation } from '../../schemas/expressions';
import { renderThemeForm } from './helpers/harness';

/**
 * The client's side of calculated fields: the shared table (tests/fixtures/calculations/) through the
 * code the form runs — the server's unit test runs the same table through its own path — and the
 * cadre's form showing results as they type.
 */
interface TableRow {
  theme: string;
  name: string;
  input: JsonObject;
  expected: Record<string, string | number | null>;
}

const read = <T,>(path: string): T => JSON.parse(readFileSync(join(__dirname, path), 'utf8')) as T;
const table = read<TableRow[]>('../fixtures/calculations/built-in-calculations.json');
const theme = (slug: string): JsonObject => read<JsonObject>(`../../schemas/themes/${slug}.json`);

describe('the shared table of built-in calculations, through the form\'s code', () => {
  it.each(table.map((row) => [`${row.theme}: ${row.name}`, row] as const))('%s', (_name, row) => {
    const calculations = theme(row.theme).calculations as unknown as Calculation[];
    const result = withCalculations(calculations, row.input);
    const computed = Object.fromEntries(calculations.map(({ field }) => [field.slice(1), result[field.slice(1)] ?? null]));
    expect(computed).toEqual(row.expected);
  });
});

describe('the stunting form', () => {
  const stunting = theme('stunting');
  const render = async (initialData: JsonObject = {}, onSubmit?: jest.Mock): Promise<void> => {
    await renderThemeForm(stunting.schema as JsonObject, stunting.uiSchema as JsonObject, {
      initialData,
      onSubmit,
      texts: { calculations: stunting.calculations as unknown as Calculation[], messages: stunting.messages as JsonObject as never },
    });
    const measurement = screen.getByRole('button', { name: /Pengukuran dan status gizi/ });
    if (measurement.getAttribute('aria-expanded') !== 'true') fireEvent.click(measurement);
  };
  const type = (label: string, text: string): void => {
    const input = screen.getByLabelText(label, { exact: false });
    fireEvent.change(input, { target: { value: text } });
    fireEvent.blur(input);
  };

  it('shows age, z-score and category read-only as the cadre fills in the measurement', async () => {
    await render({ nama_anak: 'Aisyah Putri', nama_orang_tua: 'Rina Marlina', jenis_kelamin: 'perempuan', cara_ukur: 'terlentang' });
    const category = screen.getByLabelText('Status gizi TB/U', { exact: false });
    expect(category).toHaveAttribute('readonly');
    expect(category).toHaveValue('');
    expect(category).toHaveAttribute('placeholder', 'Dihitung otomatis setelah isian yang diperlukan terisi');
    type('Tanggal lahir', '2025-03-10');
    type('Tanggal pengukuran', '2026-11-12');
    type('Panjang/tinggi badan (cm)', '74.2');
    await waitFor(() => expect(category).toHaveValue('Pendek'));
    expect(screen.getByLabelText('Umur (hari)', { exact: false })).toHaveValue('612');
    expect(screen.getByLabelText('Z-skor TB/U', { exact: false })).toHaveValue('-2,85');
    type('Panjang/tinggi badan (cm)', '80');
    await waitFor(() => expect(category).toHaveValue('Normal'));
  });

  it('sends the computed values, never a stale one it started with', async () => {
    const onSubmit = jest.fn();
    const { nama_posyandu: _omitted, ...fixture } = read<JsonObject>('../fixtures/themes/stunting.valid.json');
    await render({ ...fixture, kategori_tbu: 'tinggi', zscore_tbu: 4 }, onSubmit);
    await waitFor(() => expect(screen.getByLabelText('Status gizi TB/U', { exact: false })).toHaveValue('Pendek'));
    fireEvent.submit(document.querySelector('form') as HTMLFormElement);
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).toMatchObject({ kategori_tbu: 'pendek', zscore_tbu: -2.85, umur_hari: 612 });
  });

  it('refuses a child over five before sending, at the age it computed', async () => {
    const onSubmit = jest.fn();
    await render({ ...read<JsonObject>('../fixtures/themes/stunting.invalid.json'), umur_hari: undefined as never }, onSubmit);
    await waitFor(() => expect(screen.getByLabelText('Umur (hari)', { exact: false })).toHaveValue('2.872'));
    fireEvent.submit(document.querySelector('form') as HTMLFormElement);
    expect(await screen.findByRole('alert')).toHaveTextContent('Umur paling banyak 5 tahun: formulir ini untuk balita');
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
