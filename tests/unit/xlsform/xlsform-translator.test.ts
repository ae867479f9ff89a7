import { compileValidator } from '../../../schemas/validator';
import { checkDefinition } from '../../../server/src/modules/themes/definition-check';
import { XlsformInvalid } from '../../../server/src/modules/xlsform/xlsform-errors';
import { parseExpression } from '../../../server/src/modules/xlsform/xlsform-expression';
import { JsonObject, translateXlsform, XlsformTranslation } from '../../../server/src/modules/xlsform/xlsform-translator';
import { BALITA_XLSFORM, surveyRow, withSurvey, xlsformWorkbook, XlsformSpec } from '../../support/xlsforms';

const translate = (spec: XlsformSpec, calculations = true): XlsformTranslation => translateXlsform(xlsformWorkbook(spec), { calculations });

function refusal(spec: XlsformSpec): XlsformInvalid {
  try {
    translate(spec);
  } catch (error) {
    if (error instanceof XlsformInvalid) return error;
    throw error;
  }
  throw new Error('the form was accepted');
}

const balita = translate(BALITA_XLSFORM);
const schema = balita.definition.schema as JsonObject & { properties: Record<string, JsonObject>; allOf: JsonObject[] };
const ui = balita.definition.uiSchema as Record<string, JsonObject>;
/** The `then` properties of the level's conditions, by field. */
const conditional = (level: { allOf?: JsonObject[] }, key: string) =>
  level.allOf?.find((entry) => ((entry.then as JsonObject).properties as JsonObject)[key] !== undefined) as { if: JsonObject; then: { properties: Record<string, JsonObject>; required?: string[] } } | undefined;
const reportAt = (row: number, column: string) => balita.report.filter((entry) => entry.row === row && entry.column === column);

describe('XLSForm → theme draft', () => {
  it('makes a draft the themes module accepts, titled and named from the settings sheet', () => {
    // Definitions on this branch cannot carry calculations yet (the meta-schema does not name them).
    expect(checkDefinition(translate(BALITA_XLSFORM, false).definition)).toEqual([]);
    expect(balita.definition).toMatchObject({ slug: 'pendataan-balita', title: 'Pendataan Balita', unit: 'record', period: 'none', regionLevel: 'kelurahan' });
  });

  it('translates each question type into the schema the designer and the form use', () => {
    const p = schema.properties;
    expect(p.nama_ibu).toMatchObject({ type: 'string', title: 'Nama ibu', description: 'Sesuai KTP' });
    expect(p.umur_bulan).toMatchObject({ type: 'integer' });
    expect(p.berat).toMatchObject({ type: 'number' });
    expect(p.tanggal_lahir).toMatchObject({ type: 'string', format: 'date' });
    expect(ui.tanggal_lahir['ui:widget']).toBe('date');
    expect(p.jk).toMatchObject({ type: 'string', enum: ['L', 'P'] });
    expect(ui.jk['ui:enumNames']).toEqual(['Laki-laki', 'Perempuan']);
    expect(p.lokasi).toMatchObject({ type: 'object', required: ['lat', 'lon'], properties: { lat: { type: 'number' }, lon: { type: 'number' }, accuracy: { type: 'number' } } });
    expect(ui.lokasi['ui:widget']).toBe('gps');
    expect(p.foto).toMatchObject({ type: 'string', format: 'file-id' });
    expect(ui.foto['ui:widget']).toBe('photo');
    expect(p.periksa).toEqual({ type: 'null', title: 'Periksa kembali isian sebelum mengirim.' });
    expect(p.alamat).toMatchObject({ type: 'object', title: 'Alamat', properties: { rt: { type: 'string', title: 'RT' } } });
    expect(p.saudara).toMatchObject({ type: 'array', title: 'Saudara kandung', items: { type: 'object', required: ['nama_saudara'], properties: { nama_saudara: {}, umur_saudara: { type: 'integer', minimum: 0 } } } });
    const vaksin = conditional(schema, 'vaksin_diterima')!.then.properties.vaksin_diterima;
    expect(vaksin).toMatchObject({ type: 'array', uniqueItems: true, items: { type: 'string', enum: ['bcg', 'polio', 'campak'] } });
    expect(ui.vaksin_diterima['ui:widget']).toBe('checkboxes');
    expect(ui['ui:order']).toEqual(expect.arrayContaining(['nama_ibu', 'vaksin_diterima', 'bantuan_other', 'saudara']));
  });

  it('adds "Lainnya" to an or_other list and asks for the other answer only when it is picked', () => {
    expect(schema.properties.bantuan.enum).toEqual(['pmt', 'bansos', 'other']);
    expect(ui.bantuan['ui:enumNames']).toEqual(['Makanan tambahan (PMT)', 'Bantuan sosial', 'Lainnya']);
    expect(conditional(schema, 'bantuan_other')!.if).toEqual({ properties: { bantuan: { const: 'other' } }, required: ['bantuan'] });
  });

  it('turns required and constraints into JSON Schema keywords, with the form’s own messages', () => {
    expect(schema.required).toEqual(['nama_ibu', 'jk']);
    expect(schema.properties.umur_bulan).toMatchObject({ minimum: 0, maximum: 59 });
    expect(schema.properties.berat).toMatchObject({ exclusiveMinimum: 0, exclusiveMaximum: 40 });
    expect(schema.properties.nama_ibu.maxLength).toBe(100);
    expect(schema.properties.nik.pattern).toBe('^[0-9]{16}$');
    expect(conditional(schema, 'vaksin_diterima')!.then.properties.vaksin_diterima.maxItems).toBe(3);
    expect(balita.definition.messages).toEqual({
      '/nama_ibu': { required: 'Nama ibu wajib diisi' },
      '/nik': { pattern: 'NIK harus 16 angka' },
      '/umur_bulan': { minimum: 'Umur harus 0–59 bulan', maximum: 'Umur harus 0–59 bulan' },
    });
    expect((balita.definition.translations as JsonObject & { en: { messages: JsonObject } }).en.messages).toEqual({ '/nik': { pattern: 'NIK must be 16 digits' } });
  });

  it('writes a simple relevant as the builder’s "show when" and the rest as if/then with not and allOf', () => {
    expect(conditional(schema, 'vaksin_diterima')!.if).toEqual({ properties: { imunisasi: { const: 'ya' } }, required: ['imunisasi'] });
    expect(conditional(schema, 'alasan')!.then.required).toEqual(['alasan']);
    expect(conditional(schema, 'rujukan')!.if).toEqual({
      allOf: [{ properties: { umur_bulan: { minimum: 6 } }, required: ['umur_bulan'] }, { not: { properties: { bantuan: { const: 'pmt' } }, required: ['bantuan'] } }],
    });
    const alamat = schema.properties.alamat as { allOf: JsonObject[] };
    expect(conditional(alamat, 'jalan')!.if).toEqual({ properties: { rt: { minLength: 1 } }, required: ['rt'] });
  });

  it('reads selected() on a multiple choice as "contains" and joins or-ed values of one question', () => {
    const form = withSurvey((rows) => [
      ...rows,
      surveyRow({ type: 'text', name: 'jenis_vaksin_lain', 'label::Indonesian (id)': 'Vaksin lain', relevant: "selected(${vaksin_diterima}, 'campak') or selected(${vaksin_diterima}, 'polio')" }),
      surveyRow({ type: 'text', name: 'catatan_jk', 'label::Indonesian (id)': 'Catatan', relevant: "${jk} = 'L' or ${jk} = 'P'" }),
    ]);
    const level = translate(form).definition.schema as { allOf: JsonObject[] };
    expect(conditional(level, 'jenis_vaksin_lain')!.if).toEqual({
      anyOf: [
        { properties: { vaksin_diterima: { contains: { const: 'campak' } } }, required: ['vaksin_diterima'] },
        { properties: { vaksin_diterima: { contains: { const: 'polio' } } }, required: ['vaksin_diterima'] },
      ],
    });
    expect(conditional(level, 'catatan_jk')!.if).toEqual({ properties: { jk: { enum: ['L', 'P'] } }, required: ['jk'] });
  });

  it('puts the English labels, hints and choice names in translations.en', () => {
    const english = (balita.definition.translations as { en: { fields: Record<string, JsonObject> } }).en.fields;
    expect(english['/nama_ibu']).toEqual({ title: "Mother's name", description: 'As on the ID card' });
    expect(english['/jk']).toEqual({ title: 'Sex', enumNames: ['Male', 'Female'] });
    expect(english['/bantuan'].enumNames).toEqual(['Supplementary feeding', 'Social aid', 'Other']);
    expect(english['/saudara']).toEqual({ title: 'Siblings' });
  });

  it('maps appearances that have a counterpart and reports the others', () => {
    expect(ui.catatan['ui:widget']).toBe('textarea');
    expect(ui.bantuan['ui:widget']).toBeUndefined();
    expect(ui.imunisasi['ui:widget']).toBe('radio');
    const form = withSurvey((rows) => [...rows, surveyRow({ type: 'integer', name: 'jumlah', appearance: 'thousands-sep' })]);
    const { report } = translate(form);
    expect(report).toContainEqual({ sheet: 'survey', row: 30, column: 'appearance', message: expect.objectContaining({ id: expect.stringContaining('thousands-sep') }) });
  });

  it('writes calculations in the project’s expression language, read-only in the form', () => {
    expect(balita.definition.calculations).toEqual([
      { field: '/imt', expression: 'round(${berat} / ((${tinggi} / 100) * (${tinggi} / 100)), 1)' },
      { field: '/perlu_rujukan', expression: "if((${berat} < 5) and (${umur_bulan} > 6), 'ya', 'tidak')" },
    ]);
    const form = withSurvey((rows) => [
      ...rows,
      surveyRow({ type: 'calculate', name: 'berat_rt', calculation: '${berat} = 0 or not(${umur_bulan} >= 6) or true()' }),
      surveyRow({ type: 'calculate', name: 'dari_saudara', calculation: '${umur_saudara} * 12' }),
      surveyRow({ type: 'calculate', name: 'dari_alasan', calculation: "coalesce(${alasan}, '-')" }),
      surveyRow({ type: 'calculate', name: 'sisa', calculation: '${berat} mod 2' }),
      // pyxform's name for the "other" answer of an or_other select.
      surveyRow({ type: 'calculate', name: 'bantuan_lain', calculation: "coalesce(${bantuan_other}, '-')" }),
    ]);
    const { definition, report } = translate(form);
    expect(definition.calculations).toContainEqual({ field: '/berat_rt', expression: '((${berat} = 0) or not(${umur_bulan} >= 6)) or true' });
    expect((definition.schema as { properties: Record<string, JsonObject> }).properties.berat_rt.type).toBe('boolean');
    // Inside a repeat, shown on a condition, or an operator the language lacks: reported, not computed.
    expect(report.filter((entry) => entry.column === 'calculation').map((entry) => entry.row)).toEqual([28, 31, 32, 33, 34]);
    expect(schema.properties.imt.type).toBe('number');
    expect(schema.properties.perlu_rujukan.type).toBe('string');
    expect(ui.imt['ui:readonly']).toBe(true);
  });

  it('reports, by sheet, row and column, everything it could not translate', () => {
    expect(reportAt(29, 'type')[0].message.id).toMatch(/start/);
    expect(reportAt(26, 'default')[0].message.id).toMatch(/default/);
    expect(reportAt(28, 'calculation')[0].message.id).toMatch(/today\(\)/);
    expect(balita.report).toHaveLength(3);
    // A server whose definitions cannot carry calculations yet reports them instead of dropping them.
    const without = translate(BALITA_XLSFORM, false);
    expect(without.definition.calculations).toBeUndefined();
    expect(without.report.filter((entry) => entry.column === 'calculation').map((entry) => entry.row)).toEqual([9, 27, 28]);
    expect(checkDefinition(without.definition)).toEqual([]);
  });

  it('reports constraints, relevants and required conditions it cannot translate, never dropping them silently', () => {
    const form = withSurvey((rows) => [
      ...rows,
      surveyRow({ type: 'date', name: 'tanggal_ukur', constraint: '. <= today()' }),
      surveyRow({ type: 'text', name: 'nama_kader', required: "${jk} = 'P'" }),
      surveyRow({ type: 'text', name: 'nomor_rumah', relevant: "${rt} != ''" }),
      [...surveyRow({ type: 'text', name: 'kode' }), 'Kode'],
    ]);
    const header = [...BALITA_XLSFORM.survey[0], 'label::Javanese (jv)'];
    const { report, definition } = translate({ ...form, survey: [header, ...form.survey.slice(1)] });
    const at = (row: number) => report.filter((entry) => entry.row === row).map((entry) => entry.column);
    expect(at(30)).toEqual(['constraint']);
    expect(at(31)).toEqual(['required']);
    // rt lives in the "alamat" group: a condition reaches only its own level.
    expect(at(32)).toEqual(['relevant']);
    expect(at(33)).toEqual(['label::Javanese (jv)']);
    expect((definition.schema as { properties: JsonObject }).properties.nomor_rumah).toBeDefined();
  });

  it('reports a third language and the form editor’s bookkeeping once per column, and unread choices columns', () => {
    const survey = BALITA_XLSFORM.survey.map((row, index) => [...row, index === 0 ? 'label::Bahasa Jawa (jv)' : `Teks ${index}`, index === 0 ? '$kuid' : `k${index}`]);
    const choices = BALITA_XLSFORM.choices.map((row, index) => [...row, index === 0 ? 'media::image' : 'gambar.png']);
    const { report } = translate({ ...BALITA_XLSFORM, survey, choices });
    expect(report.filter((entry) => entry.column === 'label::Bahasa Jawa (jv)')).toEqual([
      { sheet: 'survey', row: 2, column: 'label::Bahasa Jawa (jv)', message: expect.objectContaining({ id: expect.stringContaining('28 baris') }) },
    ]);
    expect(report.filter((entry) => entry.column === '$kuid')).toHaveLength(1);
    expect(report.filter((entry) => entry.sheet === 'choices')).toEqual([
      { sheet: 'choices', row: 2, column: 'media::image', message: expect.objectContaining({ id: expect.stringContaining('9 baris') }) },
    ]);
  });

  it('keeps a regular expression the validator would refuse out of the schema, and says so', () => {
    const form = withSurvey((rows) => [...rows, surveyRow({ type: 'text', name: 'kode', constraint: "regex(., '^(?=a)b')" })]);
    const { report, definition } = translate(form);
    expect((definition.schema as { properties: Record<string, JsonObject> }).properties.kode.pattern).toBeUndefined();
    expect(report.find((entry) => entry.row === 30)).toMatchObject({ column: 'constraint' });
  });

  it('sanitises names and the form id into keys and a slug the themes module accepts', () => {
    const form = {
      ...withSurvey((rows) => [...rows, surveyRow({ type: 'text', name: 'Nama-Kader', 'label::Indonesian (id)': 'Nama kader' })]),
      settings: [['form_title', 'form_id'], ['Data PKK', '2026_Data PKK!']],
    };
    const { definition, report } = translate(form);
    expect(definition.slug).toBe('data-pkk');
    expect((definition.schema as { properties: JsonObject }).properties.nama_kader).toBeDefined();
    expect(report).toContainEqual(expect.objectContaining({ row: 30, column: 'name' }));
  });

  it('validates submissions as the form means them', () => {
    const validator = compileValidator(balita.definition.schema, { texts: { uiSchema: balita.definition.uiSchema, messages: balita.definition.messages as never } });
    const good = {
      nama_ibu: 'Siti Aminah',
      nik: '1872011234567890',
      jk: 'P',
      umur_bulan: 18,
      berat: 9.5,
      imunisasi: 'ya',
      vaksin_diterima: ['bcg', 'polio'],
      lokasi: { lat: -5.11, lon: 105.3 },
      alamat: { rt: '003', jalan: 'Jl. Mawar' },
      saudara: [{ nama_saudara: 'Budi', umur_saudara: 4 }],
    };
    expect(validator.validate(good, 'id')).toEqual({ valid: true, errors: [] });
    const bad = validator.validate({ ...good, nik: '123', umur_bulan: 70, imunisasi: 'tidak' }, 'id');
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/nik', message: 'NIK harus 16 angka' }),
        expect.objectContaining({ path: '/umur_bulan', message: 'Umur harus 0–59 bulan' }),
        expect.objectContaining({ path: '/alasan' }),
      ]),
    );
  });
});

describe('XLSForms that cannot become a theme', () => {
  it('refuses a file without a survey sheet', () => {
    expect(refusal({ choices: BALITA_XLSFORM.choices }).problemCode).toBe('XLSFORM_NO_SURVEY');
  });

  it('refuses a select naming a choices list that does not exist, pointing at its row', () => {
    const error = refusal(withSurvey((rows) => [...rows, surveyRow({ type: 'select_one pekerjaan', name: 'pekerjaan' })]));
    expect(error.problemCode).toBe('XLSFORM_CHOICES_MISSING');
    expect(error.problems).toEqual([{ sheet: 'survey', row: 30, column: 'type', message: expect.objectContaining({ id: expect.stringContaining('pekerjaan') }) }]);
  });

  it('refuses a relevant that names a question the form does not have', () => {
    const error = refusal(withSurvey((rows) => [...rows, surveyRow({ type: 'text', name: 'hp', relevant: "${punya_hp} = 'ya'" })]));
    expect(error.problemCode).toBe('XLSFORM_UNKNOWN_FIELD');
    expect(error.problems).toEqual([{ sheet: 'survey', row: 30, column: 'relevant', message: expect.objectContaining({ id: expect.stringContaining('punya_hp') }) }]);
  });

  it('refuses calculations that depend on each other in a loop', () => {
    const error = refusal(
      withSurvey((rows) => [
        ...rows,
        surveyRow({ type: 'calculate', name: 'a', calculation: '${b} + 1' }),
        surveyRow({ type: 'calculate', name: 'b', calculation: '${a} * 2' }),
      ]),
    );
    expect(error.problemCode).toBe('XLSFORM_CALCULATE_CYCLE');
    expect(error.problems[0]).toMatchObject({ sheet: 'survey', column: 'calculation', message: { id: expect.stringContaining('a → b → a') } });
  });

  it('refuses a name used twice, and a choice listed twice', () => {
    const twice = refusal(withSurvey((rows) => [...rows, surveyRow({ type: 'text', name: 'nik' })]));
    expect(twice.problemCode).toBe('XLSFORM_DUPLICATE_NAME');
    expect(twice.problems[0]).toMatchObject({ row: 30, column: 'name' });
    const choice = refusal({ ...BALITA_XLSFORM, choices: [...BALITA_XLSFORM.choices, ['yatidak', 'ya', 'Ya lagi']] });
    expect(choice.problemCode).toBe('XLSFORM_DUPLICATE_NAME');
    expect(choice.problems[0]).toMatchObject({ sheet: 'choices', row: 11, column: 'name' });
  });

  it('refuses a group that is never closed', () => {
    const error = refusal(withSurvey((rows) => [...rows, surveyRow({ type: 'begin group', name: 'tambahan' })]));
    expect(error.problemCode).toBe('XLSFORM_GROUP_UNBALANCED');
  });
});

describe('XLSForm expressions', () => {
  it('reads XPath precedence: and binds tighter than or, div like *', () => {
    expect(parseExpression("${a} = 1 or ${b} = 2 and not(${c})")).toMatchObject({
      kind: 'binary',
      operator: 'or',
      right: { kind: 'binary', operator: 'and', right: { kind: 'call', name: 'not' } },
    });
    expect(parseExpression('${a} + ${b} div 2')).toMatchObject({ operator: '+', right: { operator: 'div' } });
    expect(parseExpression('string-length(.) <= 16')).toMatchObject({ operator: '<=', left: { kind: 'call', name: 'string-length', args: [{ kind: 'self' }] } });
  });

  it('refuses unreadable and hostile input in bounded time', () => {
    expect(() => parseExpression("${a} = 'x")).toThrow('kutip');
    expect(() => parseExpression('('.repeat(500) + '1' + ')'.repeat(500))).toThrow();
    expect(() => parseExpression('1 +'.repeat(1000) + '1')).toThrow();
  });
});
