// Run on demand: npx ts-node --transpile-only bench/validate.ts
// (a) validating a realistic ~2 KB submission against its compiled schema vs JSON.parse of the same
//     body, interleaved in one run; target: validation ≤ 0.5 × JSON.parse.
// (b) compileValidator() on generated 50 / 200 / 1,000-field schemas, each with a fresh Ajv;
//     target: 200 fields ≤ 50 ms (median).
import { performance } from 'perf_hooks';
import { compileValidator } from '../schemas/validator';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// A stunting / posyandu record: what a kader submits for one child.
const submissionSchema: Json = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['nik_anak', 'nama_anak', 'tanggal_lahir', 'jenis_kelamin', 'tanggal_ukur', 'berat_kg', 'tinggi_cm'],
  $defs: {
    lokasi: {
      type: 'object',
      additionalProperties: false,
      required: ['lat', 'lon'],
      properties: {
        lat: { type: 'number', minimum: -90, maximum: 90 },
        lon: { type: 'number', minimum: -180, maximum: 180 },
        accuracy: { type: 'number', minimum: 0 },
      },
    },
  },
  properties: {
    nik_anak: { type: 'string', pattern: '^[0-9]{16}$' },
    no_kk: { type: 'string', pattern: '^[0-9]{16}$' },
    nama_anak: { type: 'string', minLength: 1, maxLength: 120 },
    nama_ibu: { type: 'string', minLength: 1, maxLength: 120 },
    nik_ibu: { type: 'string', pattern: '^[0-9]{16}$' },
    tanggal_lahir: { type: 'string', format: 'date' },
    jenis_kelamin: { enum: ['L', 'P'] },
    anak_ke: { type: 'integer', minimum: 1, maximum: 20 },
    tanggal_ukur: { type: 'string', format: 'date' },
    berat_kg: { type: 'number', minimum: 0.5, maximum: 60, multipleOf: 0.1 },
    tinggi_cm: { type: 'number', minimum: 30, maximum: 150, multipleOf: 0.1 },
    lingkar_kepala_cm: { type: 'number', minimum: 20, maximum: 70, multipleOf: 0.1 },
    lila_cm: { type: 'number', minimum: 5, maximum: 40, multipleOf: 0.1 },
    cara_ukur: { enum: ['berdiri', 'terlentang'] },
    status_gizi: { enum: ['gizi_buruk', 'gizi_kurang', 'gizi_baik', 'berisiko_gizi_lebih', 'gizi_lebih', 'obesitas'] },
    status_tb_u: { enum: ['sangat_pendek', 'pendek', 'normal', 'tinggi'] },
    asi_eksklusif: { type: 'boolean' },
    vitamin_a: { type: 'boolean' },
    imunisasi: {
      type: 'array',
      maxItems: 30,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['jenis', 'tanggal'],
        properties: {
          jenis: { enum: ['HB0', 'BCG', 'Polio1', 'DPT-HB-Hib1', 'Polio2', 'DPT-HB-Hib2', 'Polio3', 'DPT-HB-Hib3', 'Polio4', 'IPV', 'Campak'] },
          tanggal: { type: 'string', format: 'date' },
          tempat: { type: 'string', maxLength: 80 },
        },
      },
    },
    alamat: {
      type: 'object',
      additionalProperties: false,
      required: ['rt', 'rw'],
      properties: {
        jalan: { type: 'string', maxLength: 200 },
        rt: { type: 'string', pattern: '^[0-9]{3}$' },
        rw: { type: 'string', pattern: '^[0-9]{3}$' },
        kode_pos: { type: 'string', pattern: '^[0-9]{5}$' },
      },
    },
    telepon_ortu: { type: 'string', pattern: '^\\+?[0-9]{9,15}$' },
    foto_anak: { type: 'string', format: 'file-id' },
    lokasi: { $ref: '#/$defs/lokasi' },
    catatan: { type: 'string', maxLength: 1000 },
    kader_pengukur: { type: 'string', maxLength: 120 },
    nama_ayah: { type: 'string', maxLength: 120 },
    pekerjaan_ayah: { enum: ['petani', 'buruh', 'pedagang', 'pns', 'tni_polri', 'wiraswasta', 'lainnya'] },
    pendidikan_ibu: { enum: ['tidak_sekolah', 'sd', 'smp', 'sma', 'diploma', 'sarjana'] },
    jumlah_anggota_keluarga: { type: 'integer', minimum: 1, maximum: 30 },
    penghasilan_bulanan: { type: 'integer', minimum: 0, multipleOf: 1000 },
    sumber_air_minum: { enum: ['pdam', 'sumur_bor', 'sumur_gali', 'air_kemasan', 'lainnya'] },
    jamban_sehat: { type: 'boolean' },
  },
};

const submission: Json = {
  nik_anak: '1872051234560001',
  no_kk: '1872051234560000',
  nama_anak: 'Muhammad Rafa Alfarizi',
  nama_ibu: 'Siti Nurhaliza Rahmawati',
  nik_ibu: '1872054101900002',
  tanggal_lahir: '2024-03-14',
  jenis_kelamin: 'L',
  anak_ke: 2,
  tanggal_ukur: '2026-11-28',
  berat_kg: 11.3,
  tinggi_cm: 84.7,
  lingkar_kepala_cm: 47.2,
  lila_cm: 14.6,
  cara_ukur: 'berdiri',
  status_gizi: 'gizi_baik',
  status_tb_u: 'normal',
  asi_eksklusif: true,
  vitamin_a: true,
  imunisasi: [
    { jenis: 'HB0', tanggal: '2024-03-14', tempat: 'RSUD Jend. Ahmad Yani Metro' },
    { jenis: 'BCG', tanggal: '2024-04-15', tempat: 'Puskesmas Yosomulyo' },
    { jenis: 'Polio1', tanggal: '2024-04-15', tempat: 'Puskesmas Yosomulyo' },
    { jenis: 'DPT-HB-Hib1', tanggal: '2024-05-16', tempat: 'Posyandu Melati RW 004' },
    { jenis: 'Polio2', tanggal: '2024-05-16', tempat: 'Posyandu Melati RW 004' },
    { jenis: 'DPT-HB-Hib2', tanggal: '2024-06-13', tempat: 'Posyandu Melati RW 004' },
    { jenis: 'Polio3', tanggal: '2024-06-13', tempat: 'Posyandu Melati RW 004' },
    { jenis: 'DPT-HB-Hib3', tanggal: '2024-07-18', tempat: 'Posyandu Melati RW 004' },
    { jenis: 'Polio4', tanggal: '2024-07-18', tempat: 'Posyandu Melati RW 004' },
    { jenis: 'IPV', tanggal: '2024-07-18', tempat: 'Posyandu Melati RW 004' },
    { jenis: 'Campak', tanggal: '2024-12-12', tempat: 'Puskesmas Yosomulyo' },
  ],
  alamat: { jalan: 'Jl. Kenanga No. 17, Gang Mawar', rt: '012', rw: '004', kode_pos: '34125' },
  telepon_ortu: '+6281234567890',
  foto_anak: '3f2b8c4e-9a1d-4e6b-8f3a-2c5d7e9f1a2b',
  lokasi: { lat: -5.1131, lon: 105.3067, accuracy: 12.5 },
  catatan:
    'Anak aktif dan sehat. Ibu diberi penyuluhan tentang MP-ASI bergizi seimbang dan pentingnya ' +
    'pemantauan pertumbuhan setiap bulan di posyandu. Disarankan kontrol ulang bulan depan.',
  kader_pengukur: 'Ibu Sri Wahyuni (Dasawisma Melati 3)',
  nama_ayah: 'Ahmad Fauzi Ramadhan',
  pekerjaan_ayah: 'wiraswasta',
  pendidikan_ibu: 'sma',
  jumlah_anggota_keluarga: 4,
  penghasilan_bulanan: 3_500_000,
  sumber_air_minum: 'sumur_bor',
  jamban_sehat: true,
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const benchValidation = (): void => {
  const body = JSON.stringify(submission);
  const validator = compileValidator(submissionSchema);
  const data: unknown = JSON.parse(body);
  if (!validator.validate(data, 'id').valid) throw new Error('the bench submission must be valid');

  const iterations = 2_000;
  const rounds = 40;
  let parseTime = 0;
  let validateTime = 0;
  const roundRatios: number[] = [];
  let sink = 0;
  for (let round = 0; round < rounds + 5; round += 1) {
    const startParse = performance.now();
    for (let i = 0; i < iterations; i += 1) sink += (JSON.parse(body) as { anak_ke: number }).anak_ke;
    const startValidate = performance.now();
    for (let i = 0; i < iterations; i += 1) sink += validator.validate(data, 'id').valid ? 1 : 0;
    const end = performance.now();
    if (round < 5) continue; // warm-up
    parseTime += startValidate - startParse;
    validateTime += end - startValidate;
    roundRatios.push((end - startValidate) / (startValidate - startParse));
  }
  const total = iterations * rounds;
  const opsPerSecond = (ms: number): string => Math.round(total / (ms / 1000)).toLocaleString('en-US');
  console.log(`(a) submission body: ${body.length} bytes (${sink > 0 ? 'ok' : '?'})`);
  console.log(`    JSON.parse: ${opsPerSecond(parseTime)} ops/s   validate: ${opsPerSecond(validateTime)} ops/s`);
  const ratio = validateTime / parseTime;
  console.log(
    `    validate time / JSON.parse time = ${ratio.toFixed(2)} overall, ${median(roundRatios).toFixed(2)} median of rounds ` +
      `(target ≤ 0.50: ${ratio <= 0.5 ? 'met' : 'MISSED'})`,
  );
};

const generatedSchema = (fieldCount: number): Json => {
  const properties: Record<string, Json> = {};
  const required: string[] = [];
  for (let i = 0; i < fieldCount; i += 1) {
    const name = `field_${i}`;
    switch (i % 8) {
      case 0: properties[name] = { type: 'string', title: `Nama ${i}`, minLength: 1, maxLength: 120 }; break;
      case 1: properties[name] = { type: 'integer', title: `Jumlah ${i}`, minimum: 0, maximum: 100_000 }; break;
      case 2: properties[name] = { type: 'number', title: `Berat ${i}`, minimum: 0, multipleOf: 0.1 }; break;
      case 3: properties[name] = { enum: ['ya', 'tidak', 'tidak_tahu', 'belum', 'sudah'], title: `Status ${i}` }; break;
      case 4: properties[name] = { type: 'string', format: 'date', title: `Tanggal ${i}` }; break;
      case 5: properties[name] = { type: 'string', pattern: '^[0-9]{16}$', title: `NIK ${i}` }; break;
      case 6: properties[name] = { type: 'boolean', title: `Centang ${i}` }; break;
      default:
        properties[name] = {
          type: 'object',
          title: `Alamat ${i}`,
          additionalProperties: false,
          required: ['rt', 'rw'],
          properties: { rt: { type: 'string', pattern: '^[0-9]{3}$' }, rw: { type: 'string', pattern: '^[0-9]{3}$' } },
        };
    }
    if (i % 2 === 0) required.push(name);
  }
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', additionalProperties: false, required, properties };
};

const benchCompile = (): void => {
  console.log('(b) compileValidator() with a fresh Ajv each time (safety check + meta-schema + compile), median:');
  for (const fieldCount of [50, 200, 1_000]) {
    const schema = generatedSchema(fieldCount);
    const runs = fieldCount >= 1_000 ? 7 : 15;
    const times: number[] = [];
    const cpuTimes: number[] = [];
    compileValidator(schema); // warm-up: JIT and module-level caches, as in a running server
    for (let run = 0; run < runs; run += 1) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      compileValidator(schema);
      const cpu = process.cpuUsage(cpuStart);
      times.push(performance.now() - start);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    const ms = median(times);
    const target = fieldCount === 200 ? ` (target ≤ 50 ms: ${ms <= 50 ? 'met' : 'MISSED'})` : '';
    // CPU time is shown too: on a busy machine the wall clock also counts time spent waiting.
    console.log(
      `    ${String(fieldCount).padStart(5)} fields: median ${ms.toFixed(1)} ms wall, ${median(cpuTimes).toFixed(1)} ms CPU; ` +
        `fastest ${Math.min(...times).toFixed(1)} ms${target}`,
    );
  }
};

benchValidation();
benchCompile();
