import type { JsonValue } from '../../../../schemas/theme-definition';
import { checkSchemaSafety } from '../../../../schemas/validator/schema-safety';
import { Expression, ExpressionSyntaxError, parseExpression, referencedNames } from './xlsform-expression';
import type { XlsformRow, XlsformSheet, XlsformWorkbook } from './xlsform-workbook';
import { XlsformInvalid, XlsformProblemCode, type Text, type XlsformLocation } from './xlsform-errors';

/**
 * XLSForm (`survey`, `choices`, `settings`) → a theme draft: JSON Schema 2020-12 of one submission,
 * the uiSchema, `messages`, `translations.en` and `calculations[]`. Conditional fields are written as
 * the designer's builder writes them (`allOf: [{if, then}]` on the level), so the designer opens the
 * draft. What has no counterpart is listed in the report with its sheet, row and column; a form that
 * cannot be a theme at all (no survey, a missing choices list, an unknown field, a cycle, a name used
 * twice) is refused with `XlsformInvalid`.
 */

export type JsonObject = { [key: string]: JsonValue };

export interface ReportEntry extends XlsformLocation {
  message: Text;
}

// A type, not an interface, so it stays assignable to JSON values.
export type Calculation = { field: string; expression: string };

export interface TranslateOptions {
  /**
   * Whether definitions may carry `calculations[]` yet (the meta-schema names them); without, each
   * translated calculation is reported instead of written, so the draft still passes the check.
   */
  calculations: boolean;
}

export interface XlsformTranslation {
  definition: JsonObject & { slug: string; title: string; calculations?: Calculation[] };
  report: ReportEntry[];
  /** Where each of `definition.calculations` came from (same order), should the server refuse one. */
  calculationSources: XlsformLocation[];
}

const say = (id: string, en: string): Text => ({ id, en });

const KEY_MAX = 60;
const SLUG_MAX = 56;
const TITLE_MAX = 200;

const GPS_PROPERTIES: JsonObject = {
  lat: { type: 'number', title: 'Lintang', minimum: -90, maximum: 90 },
  lon: { type: 'number', title: 'Bujur', minimum: -180, maximum: 180 },
  accuracy: { type: 'number', title: 'Akurasi (m)', minimum: 0, maximum: 10000 },
};

const OTHER_VALUE = 'other';

/** Survey columns the translator reads; any other column with a value is reported. */
const READ_COLUMNS = ['type', 'name', 'label', 'hint', 'required', 'required_message', 'constraint', 'constraint_message', 'relevant', 'appearance', 'calculation'];
const TEXT_COLUMNS = ['label', 'hint', 'required_message', 'constraint_message'];
const SETTINGS_READ = ['form_title', 'form_id', 'version', 'default_language'];

type Language = 'id' | 'en' | 'other';

// ————— field tree —————

type FieldType = 'text' | 'integer' | 'decimal' | 'date' | 'select_one' | 'select_multiple' | 'geopoint' | 'image' | 'note' | 'calculate';

interface SurveyNode {
  row: XlsformRow;
  kind: 'field' | 'group' | 'repeat';
  type: FieldType | 'group' | 'repeat';
  /** As written in the sheet: what `${…}` references use. */
  name: string;
  /** The property name in the schema. */
  key: string;
  listName?: string;
  orOther?: boolean;
  children: SurveyNode[];
  parent: SurveyNode | null;
  /** JSON Pointer of the field, list positions left out (`/anak/nama`). */
  pointer: string;
  /** Inside a repeat: calculations do not reach into list items. */
  inRepeat: boolean;
  /** The text answer an `or_other` select adds (`<name>_other`): no row of its own. */
  otherOf?: SurveyNode;
}

interface Choice {
  name: string;
  label: Record<'id' | 'en', string | undefined>;
}

const FIELD_TYPES: Record<string, FieldType> = {
  text: 'text',
  string: 'text',
  integer: 'integer',
  int: 'integer',
  decimal: 'decimal',
  date: 'date',
  geopoint: 'geopoint',
  image: 'image',
  photo: 'image',
  note: 'note',
  calculate: 'calculate',
};

const normalType = (type: string): string => type.trim().toLowerCase().replace(/\s+/g, ' ').replace(/^(begin|end)_(group|repeat)$/, '$1 $2');

/** `Nama Ibu-Hamil` → `nama_ibu_hamil`: what the meta-schema accepts as a property name. */
function keyOf(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  const key = /^[a-z]/.test(ascii) ? ascii : `isian_${ascii}`.replace(/_+$/, '');
  return key.slice(0, KEY_MAX).replace(/_+$/, '') || 'isian';
}

/** `Posyandu Mawar 2026` → `posyandu-mawar-2026`, room left for a `-2` when the slug is taken. */
function slugOf(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : 'xlsform';
}

function languageOf(suffix: string): Language {
  const text = suffix.toLowerCase();
  // The code in brackets decides when there is one ("Bahasa Jawa (jv)" is not Indonesian).
  const code = /\(([a-z-]+)\)\s*$/.exec(text)?.[1];
  if (code !== undefined) return ['id', 'in', 'ind'].includes(code) ? 'id' : ['en', 'eng'].includes(code) ? 'en' : 'other';
  if (/indonesia/.test(text) || text.trim() === 'bahasa') return 'id';
  if (/english|inggris/.test(text)) return 'en';
  return 'other';
}

// ————— the translation —————

class Translator {
  readonly report: ReportEntry[] = [];
  private readonly survey: XlsformSheet;
  private readonly choicesSheet: XlsformSheet | undefined;
  private readonly settings: XlsformRow | undefined;
  private readonly settingsSheet: XlsformSheet | undefined;
  /** Plain `label` columns are in this language (`settings.default_language`). */
  private readonly plainLanguage: 'id' | 'en';
  private readonly nodes = new Map<string, SurveyNode>();
  private readonly lists = new Map<string, Choice[]>();
  private readonly messages: Record<string, Record<string, string>> = {};
  private readonly english: { fields: Record<string, JsonObject>; messages: Record<string, Record<string, string>> } = { fields: {}, messages: {} };
  private readonly calculations: Calculation[] = [];
  private readonly calculationSources: XlsformLocation[] = [];

  constructor(
    workbook: XlsformWorkbook,
    private readonly options: TranslateOptions,
  ) {
    const survey = workbook.get('survey');
    if (!survey) {
      throw new XlsformInvalid('XLSFORM_NO_SURVEY', [
        { sheet: 'survey', row: null, column: null, message: say('Berkas tidak punya lembar "survey"; XLSForm selalu memuatnya.', 'The file has no "survey" sheet; every XLSForm has one.') },
      ]);
    }
    this.survey = survey;
    this.choicesSheet = workbook.get('choices');
    this.settingsSheet = workbook.get('settings');
    this.settings = this.settingsSheet?.rows[0];
    this.plainLanguage = languageOf(this.settings?.cells.default_language ?? '') === 'en' ? 'en' : 'id';
  }

  private note(sheet: XlsformSheet, row: number | null, column: string | null, message: Text): void {
    this.report.push({ sheet: sheet.name, row, column: column === null ? null : (sheet.columns[column] ?? column), message });
  }

  private at(row: XlsformRow, column: string, message: Text): XlsformLocation & { message: Text } {
    return { sheet: this.survey.name, row: row.row, column: this.survey.columns[column] ?? column, message };
  }

  /** A text column in the two languages: `label::Indonesian (id)`, `label::English (en)`, plain `label`. */
  private texts(row: XlsformRow, base: string): Record<'id' | 'en', string | undefined> {
    const found: Record<'id' | 'en', string | undefined> = { id: undefined, en: undefined };
    for (const [column, value] of Object.entries(row.cells)) {
      if (column === base) {
        found[this.plainLanguage] ??= value;
        continue;
      }
      if (!column.startsWith(`${base}::`)) continue;
      const language = languageOf(column.slice(base.length + 2));
      if (language === 'other') continue;
      found[language] = value;
    }
    return found;
  }

  translate(): XlsformTranslation {
    this.readChoices();
    const roots = this.readSurvey();
    this.checkReferences();
    this.checkCalculateCycles();
    this.reportColumns();
    const level = this.level(roots, '');
    if (Object.keys(level.schema.properties as JsonObject).length === 0) {
      throw new XlsformInvalid('XLSFORM_EMPTY', [
        { sheet: this.survey.name, row: null, column: null, message: say('Lembar survey tidak memuat satu pun pertanyaan yang dapat diterjemahkan.', 'The survey sheet holds no question that can be translated.') },
      ]);
    }
    return { definition: this.definition(level), report: this.report, calculationSources: this.calculationSources };
  }

  private definition(level: { schema: JsonObject; ui: JsonObject }): XlsformTranslation['definition'] {
    const cells = this.settings?.cells ?? {};
    const titles = this.settings ? this.texts(this.settings, 'form_title') : { id: undefined, en: undefined };
    const title = (titles.id ?? titles.en ?? cells.form_id ?? 'Formulir XLSForm').slice(0, TITLE_MAX);
    const slug = slugOf(cells.form_id ?? title);
    const englishFields = Object.keys(this.english.fields).length > 0;
    const englishMessages = Object.keys(this.english.messages).length > 0;
    const englishTitle = titles.en && titles.en !== title ? titles.en.slice(0, TITLE_MAX) : undefined;
    return {
      slug,
      title,
      unit: 'record',
      regionLevel: 'kelurahan',
      period: 'none',
      sensitivity: 'personal',
      schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...level.schema },
      uiSchema: level.ui,
      aggregations: [{ key: 'jumlah_isian', title: 'Jumlah isian', op: 'count' }],
      ...(Object.keys(this.messages).length > 0 && { messages: this.messages }),
      ...((englishFields || englishMessages || englishTitle) && {
        translations: {
          en: {
            ...(englishTitle && { title: englishTitle }),
            ...(englishFields && { fields: this.english.fields }),
            ...(englishMessages && { messages: this.english.messages }),
          },
        },
      }),
      ...(this.calculations.length > 0 && { calculations: this.calculations.map((calculation) => ({ ...calculation })) }),
    } as XlsformTranslation['definition'];
  }

  // ————— reading the sheets —————

  private readChoices(): void {
    const sheet = this.choicesSheet;
    if (!sheet) return;
    const duplicates: ReportEntry[] = [];
    for (const row of sheet.rows) {
      const listName = row.cells.list_name ?? row.cells['list name'];
      const name = row.cells.name;
      if (!listName || name === undefined) continue;
      const list = this.lists.get(listName) ?? [];
      if (list.some((choice) => choice.name === name)) {
        duplicates.push({
          sheet: sheet.name,
          row: row.row,
          column: sheet.columns.name ?? 'name',
          message: say(`Pilihan "${name}" muncul dua kali di daftar "${listName}".`, `Choice "${name}" appears twice in list "${listName}".`),
        });
        continue;
      }
      list.push({ name, label: this.texts(row, 'label') });
      this.lists.set(listName, list);
    }
    if (duplicates.length) throw new XlsformInvalid('XLSFORM_DUPLICATE_NAME', duplicates);
  }

  private readSurvey(): SurveyNode[] {
    const roots: SurveyNode[] = [];
    const stack: SurveyNode[] = [];
    const problems = new Map<XlsformProblemCode, ReportEntry[]>();
    const problem = (code: XlsformProblemCode, entry: ReportEntry): void => {
      problems.set(code, [...(problems.get(code) ?? []), entry]);
    };
    const keys = new Set<string>();
    for (const row of this.survey.rows) {
      const rawType = row.cells.type;
      if (!rawType) {
        if (Object.keys(row.cells).length > 0) this.note(this.survey, row.row, 'type', say('Baris tanpa tipe dilewati.', 'A row without a type was skipped.'));
        continue;
      }
      const type = normalType(rawType);
      if (type === 'end group' || type === 'end repeat') {
        const open = stack.pop();
        if (!open || `end ${open.kind}` !== type) {
          problem('XLSFORM_GROUP_UNBALANCED', this.at(row, 'type', say(`"${rawType}" tanpa pembuka yang cocok.`, `"${rawType}" has no matching begin.`)));
          if (open) stack.push(open);
        }
        continue;
      }
      const name = row.cells.name;
      const parent = stack[stack.length - 1] ?? null;
      const parsed = this.typeOf(type);
      if (!parsed) {
        this.note(this.survey, row.row, 'type', say(`Tipe "${rawType}" belum didukung; pertanyaan ini tidak dimasukkan.`, `Type "${rawType}" is not supported; this question was left out.`));
        continue;
      }
      if (!name) {
        problem('XLSFORM_NAME_MISSING', this.at(row, 'name', say(`Pertanyaan bertipe "${rawType}" tidak punya nama.`, `A "${rawType}" question has no name.`)));
        continue;
      }
      if (this.nodes.has(name)) {
        problem('XLSFORM_DUPLICATE_NAME', this.at(row, 'name', say(`Nama "${name}" sudah dipakai di baris ${this.nodes.get(name)!.row.row}.`, `Name "${name}" is already used on row ${this.nodes.get(name)!.row.row}.`)));
        continue;
      }
      if (parsed.listName !== undefined && !this.lists.has(parsed.listName)) {
        problem('XLSFORM_CHOICES_MISSING', this.at(row, 'type', say(`Daftar pilihan "${parsed.listName}" tidak ada di lembar choices.`, `Choice list "${parsed.listName}" is not in the choices sheet.`)));
        continue;
      }
      let key = keyOf(name);
      if (keys.has(key) || (parsed.orOther && keys.has(`${key}_other`))) {
        let n = 2;
        while (keys.has(`${key}_${n}`)) n += 1;
        key = `${key}_${n}`;
      }
      if (key !== name) {
        this.note(this.survey, row.row, 'name', say(`Nama "${name}" ditulis sebagai "${key}" (huruf kecil, angka dan garis bawah).`, `Name "${name}" is written as "${key}" (lower-case letters, digits and underscores).`));
      }
      keys.add(key);
      const node: SurveyNode = {
        row,
        kind: parsed.kind,
        type: parsed.type,
        name,
        key,
        ...(parsed.listName !== undefined && { listName: parsed.listName }),
        ...(parsed.orOther && { orOther: true }),
        children: [],
        parent,
        pointer: `${parent?.pointer ?? ''}/${key}`,
        inRepeat: parent !== null && (parent.kind === 'repeat' || parent.inRepeat),
      };
      this.nodes.set(name, node);
      if (parsed.orOther) {
        // pyxform names the "other" answer `<name>_other`, as KoboToolbox's exports do; expressions may use it.
        keys.add(`${key}_other`);
        if (!this.nodes.has(`${name}_other`)) {
          const other: SurveyNode = { ...node, type: 'text', name: `${name}_other`, key: `${key}_other`, pointer: `${parent?.pointer ?? ''}/${key}_other`, otherOf: node };
          delete other.listName;
          delete other.orOther;
          this.nodes.set(other.name, other);
        }
      }
      (parent ? parent.children : roots).push(node);
      if (node.kind !== 'field') stack.push(node);
    }
    for (const open of stack) {
      problem('XLSFORM_GROUP_UNBALANCED', this.at(open.row, 'type', say(`"begin ${open.kind}" "${open.name}" tidak pernah ditutup.`, `"begin ${open.kind}" "${open.name}" is never closed.`)));
    }
    const first = [...problems.entries()].sort(([a], [b]) => PROBLEM_ORDER.indexOf(a) - PROBLEM_ORDER.indexOf(b))[0];
    if (first) throw new XlsformInvalid(first[0], [...problems.values()].flat());
    return roots;
  }

  private typeOf(type: string): { kind: SurveyNode['kind']; type: SurveyNode['type']; listName?: string; orOther?: boolean } | null {
    if (type === 'begin group') return { kind: 'group', type: 'group' };
    if (type === 'begin repeat') return { kind: 'repeat', type: 'repeat' };
    const select = /^(select_one|select_multiple|select one|select multiple) ([^ ]+)( or_other)?$/.exec(type);
    if (select) {
      return { kind: 'field', type: select[1].replace(' ', '_') as FieldType, listName: select[2], orOther: select[3] !== undefined };
    }
    const field = FIELD_TYPES[type];
    return field ? { kind: 'field', type: field } : null;
  }

  /** Every `${name}` in relevant, constraint, calculation and required must name a question of the form. */
  private checkReferences(): void {
    const unknown: ReportEntry[] = [];
    for (const node of this.nodes.values()) {
      if (node.otherOf) continue;
      for (const column of ['relevant', 'constraint', 'calculation', 'required']) {
        const text = node.row.cells[column];
        if (!text) continue;
        for (const name of referencedNames(text)) {
          if (!this.nodes.has(name)) {
            unknown.push(this.at(node.row, column, say(`"\${${name}}" tidak ada di formulir ini.`, `"\${${name}}" is not in this form.`)));
          }
        }
      }
    }
    if (unknown.length) throw new XlsformInvalid('XLSFORM_UNKNOWN_FIELD', unknown);
  }

  /** A calculate that needs itself (directly or through others) can never be computed. */
  private checkCalculateCycles(): void {
    const calculates = [...this.nodes.values()].filter((node) => node.type === 'calculate');
    const needs = (node: SurveyNode): SurveyNode[] =>
      referencedNames(node.row.cells.calculation ?? '')
        .map((name) => this.nodes.get(name)!)
        .filter((other) => other.type === 'calculate');
    const state = new Map<SurveyNode, 'visiting' | 'done'>();
    const cycles: ReportEntry[] = [];
    const visit = (node: SurveyNode, path: SurveyNode[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        const loop = [...path.slice(path.indexOf(node)), node].map((step) => step.name).join(' → ');
        cycles.push(this.at(node.row, 'calculation', say(`Perhitungan saling bergantung tanpa ujung: ${loop}.`, `Calculations depend on each other in a loop: ${loop}.`)));
        return;
      }
      state.set(node, 'visiting');
      for (const next of needs(node)) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of calculates) visit(node, []);
    if (cycles.length) throw new XlsformInvalid('XLSFORM_CALCULATE_CYCLE', cycles);
  }

  /** Columns with values the translator does not read: reported cell by cell. */
  private reportColumns(): void {
    const readable = (column: string): boolean =>
      READ_COLUMNS.includes(column) || TEXT_COLUMNS.some((base) => column.startsWith(`${base}::`));
    // Texts in a third language and the form editor's own bookkeeping (KoboToolbox's `$kuid`,
    // `$autoname`) say nothing a theme needs: one entry per column, at the first row that fills it.
    const perColumn = new Map<string, { sheet: XlsformSheet; column: string; row: number; rows: number; message: (rows: number) => Text }>();
    const once = (sheet: XlsformSheet, row: number, column: string, message: (rows: number) => Text): void => {
      const key = `${sheet.name}\u0000${column}`;
      const seen = perColumn.get(key);
      if (seen) seen.rows += 1;
      else perColumn.set(key, { sheet, column, row, rows: 1, message });
    };
    const otherLanguage = (column: string): boolean => {
      const base = TEXT_COLUMNS.find((text) => column.startsWith(`${text}::`));
      return base !== undefined && languageOf(column.slice(base.length + 2)) === 'other';
    };
    const languageMessage = (rows: number): Text =>
      say(`Hanya bahasa Indonesia dan Inggris yang diterjemahkan; teks bahasa ini (${rows} baris) tidak dipakai.`, `Only Indonesian and English are translated; text in this language (${rows} rows) was not used.`);
    const editorMessage = (rows: number): Text =>
      say(`Kolom catatan penyunting formulir (${rows} baris); tidak dipakai.`, `A form editor's bookkeeping column (${rows} rows); not used.`);
    for (const row of this.survey.rows) {
      if (!row.cells.type) continue;
      for (const [column, value] of Object.entries(row.cells)) {
        if (column.startsWith('$')) once(this.survey, row.row, column, editorMessage);
        else if (otherLanguage(column)) once(this.survey, row.row, column, languageMessage);
        else if (!readable(column)) {
          this.note(this.survey, row.row, column, say(`Kolom "${this.survey.columns[column] ?? column}" tidak punya padanan di Wakuncar; isinya "${value}" tidak dipakai.`, `Column "${this.survey.columns[column] ?? column}" has no counterpart in Wakuncar; its value "${value}" was not used.`));
        }
      }
    }
    const choices = this.choicesSheet;
    for (const row of choices?.rows ?? []) {
      for (const column of Object.keys(row.cells)) {
        if (['list_name', 'list name', 'name', 'label'].includes(column) || (column.startsWith('label::') && !otherLanguage(column))) continue;
        const text = choices!.columns[column] ?? column;
        once(choices!, row.row, column, column.startsWith('$') ? editorMessage : otherLanguage(column) ? languageMessage : (rows) => say(`Kolom "${text}" tidak punya padanan di Wakuncar (${rows} baris); tidak dipakai.`, `Column "${text}" has no counterpart in Wakuncar (${rows} rows); not used.`));
      }
    }
    for (const { sheet, column, row, rows, message } of perColumn.values()) this.note(sheet, row, column, message(rows));
    if (this.settingsSheet && this.settings) {
      for (const column of Object.keys(this.settings.cells)) {
        if (!SETTINGS_READ.includes(column) && !column.startsWith('form_title::')) {
          this.note(this.settingsSheet, this.settings.row, column, say(`Pengaturan "${this.settingsSheet.columns[column] ?? column}" tidak punya padanan di Wakuncar.`, `Setting "${this.settingsSheet.columns[column] ?? column}" has no counterpart in Wakuncar.`));
        }
      }
    }
  }

  // ————— writing the schema —————

  /**
   * One object level: `properties`, `required`, `ui:order`, and the fields with a `relevant` in
   * `allOf: [{if, then}]` entries, one per distinct condition, as the designer's builder writes them.
   */
  private level(nodes: SurveyNode[], path: string): { schema: JsonObject; ui: JsonObject } {
    const properties: JsonObject = {};
    const required: string[] = [];
    const ui: JsonObject = {};
    const order: string[] = [];
    const branches = new Map<string, { test: JsonObject; properties: JsonObject; required: string[] }>();
    const siblings = new Map(nodes.map((node) => [node.name, node]));
    const place = (key: string, schema: JsonObject, isRequired: boolean, condition: JsonObject | null): void => {
      order.push(key);
      if (!condition) {
        properties[key] = schema;
        if (isRequired) required.push(key);
        return;
      }
      const signature = JSON.stringify(condition);
      const branch = branches.get(signature) ?? { test: condition, properties: {}, required: [] };
      branches.set(signature, branch);
      branch.properties[key] = schema;
      if (isRequired) branch.required.push(key);
    };
    for (const node of nodes) {
      const field = this.field(node, path);
      if (Object.keys(field.ui).length > 0) ui[node.key] = field.ui;
      const condition = this.relevantOf(node, siblings);
      place(node.key, field.schema, field.required, condition);
      if (node.orOther) {
        const other = this.otherField(node, path);
        ui[other.key] = { 'ui:placeholder': 'Tulis pilihan lain' };
        const choose: JsonObject = node.type === 'select_multiple' ? { contains: { const: OTHER_VALUE } } : { const: OTHER_VALUE };
        // Shown only once "other" is picked; its own relevant is the select's, which "other" implies.
        place(other.key, other.schema, field.required, { properties: { [node.key]: choose }, required: [node.key] });
      }
    }
    ui['ui:order'] = order;
    const schema: JsonObject = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    if (branches.size > 0) {
      schema.allOf = [...branches.values()].map((branch) => ({
        if: branch.test,
        then: { properties: branch.properties, ...(branch.required.length > 0 && { required: branch.required }) },
      }));
    } else {
      // A field declared in a `then` is invisible to `additionalProperties`; only plain levels close.
      schema.additionalProperties = false;
    }
    return { schema, ui };
  }

  private otherField(node: SurveyNode, path: string): { key: string; schema: JsonObject } {
    const key = `${node.key}_other`;
    this.english.fields[`${path}/${key}`] = { title: 'Other, please specify', placeholder: 'Write the other choice' };
    return { key, schema: { type: 'string', title: 'Sebutkan pilihan lain', maxLength: 200 } };
  }

  /** A question's schema and uiSchema, and whether it must be answered. */
  private field(node: SurveyNode, path: string): { schema: JsonObject; ui: JsonObject; required: boolean } {
    const pointer = `${path}/${node.key}`;
    const labels = this.texts(node.row, 'label');
    const hints = this.texts(node.row, 'hint');
    const title = (labels.id ?? labels.en ?? node.name).slice(0, TITLE_MAX);
    const texts: JsonObject = { title, ...(hints.id !== undefined || hints.en !== undefined ? { description: (hints.id ?? hints.en)! } : {}) };
    for (const [column, text] of [['label', labels.id ?? labels.en], ['hint', hints.id ?? hints.en]] as const) {
      if (text?.includes('${')) {
        this.note(this.survey, node.row.row, column, say('Teks ini menyebut jawaban lain (${…}); Wakuncar menampilkannya apa adanya.', 'This text names another answer (${…}); Wakuncar shows it as written.'));
      }
    }
    const english: JsonObject = {};
    if (labels.en !== undefined && labels.en !== title) english.title = labels.en.slice(0, TITLE_MAX);
    if (hints.en !== undefined && hints.en !== texts.description) english.description = hints.en;
    const ui: JsonObject = {};
    let schema: JsonObject;
    switch (node.type) {
      case 'text':
        schema = { type: 'string', ...texts };
        break;
      case 'integer':
        schema = { type: 'integer', ...texts };
        break;
      case 'decimal':
        schema = { type: 'number', ...texts };
        break;
      case 'date':
        schema = { type: 'string', ...texts, format: 'date' };
        ui['ui:widget'] = 'date';
        break;
      case 'select_one':
      case 'select_multiple': {
        const choices = [...this.lists.get(node.listName!)!];
        if (node.orOther && !choices.some((choice) => choice.name === OTHER_VALUE)) choices.push({ name: OTHER_VALUE, label: { id: 'Lainnya', en: 'Other' } });
        const values = choices.map((choice) => choice.name);
        const names = choices.map((choice) => (choice.label.id ?? choice.label.en ?? choice.name).slice(0, 200));
        if (choices.some((choice) => choice.label.en !== undefined)) {
          english.enumNames = choices.map((choice, index) => (choice.label.en ?? names[index]).slice(0, 200));
        }
        ui['ui:enumNames'] = names;
        schema =
          node.type === 'select_one'
            ? { type: 'string', ...texts, enum: values }
            : { type: 'array', ...texts, uniqueItems: true, items: { type: 'string', enum: values } };
        if (node.type === 'select_one') ui['ui:widget'] = 'radio';
        else ui['ui:widget'] = 'checkboxes';
        break;
      }
      case 'geopoint':
        schema = { type: 'object', ...texts, additionalProperties: false, required: ['lat', 'lon'], properties: GPS_PROPERTIES };
        ui['ui:widget'] = 'gps';
        break;
      case 'image':
        schema = { type: 'string', ...texts, format: 'file-id' };
        ui['ui:widget'] = 'photo';
        break;
      case 'note':
        // Nothing is answered: a field of type null shows its title and description and holds no value.
        schema = { type: 'null', ...texts };
        break;
      case 'calculate':
        schema = { type: this.calculate(node, pointer), title };
        ui['ui:readonly'] = true;
        break;
      case 'group': {
        const level = this.level(node.children, pointer);
        schema = { ...level.schema, ...texts };
        Object.assign(ui, level.ui);
        break;
      }
      case 'repeat': {
        const level = this.level(node.children, pointer);
        schema = { type: 'array', ...texts, items: level.schema };
        ui.items = level.ui;
        break;
      }
    }
    if (Object.keys(english).length > 0) this.english.fields[pointer] = english;
    this.appearance(node, ui);
    const isRequired = this.required(node, schema, pointer);
    if (node.row.cells.constraint) this.constraint(node, schema, pointer);
    else if (Object.values(this.texts(node.row, 'constraint_message')).some((text) => text !== undefined)) {
      this.note(this.survey, node.row.row, 'constraint_message', say('Pesan batasan tanpa batasan (constraint) tidak dipakai.', 'A constraint message without a constraint was not used.'));
    }
    return { schema, ui, required: isRequired };
  }

  private appearance(node: SurveyNode, ui: JsonObject): void {
    const appearance = node.row.cells.appearance?.toLowerCase();
    if (!appearance) return;
    if (node.type === 'text' && appearance === 'multiline') {
      ui['ui:widget'] = 'textarea';
      return;
    }
    if (node.type === 'select_one' && appearance === 'minimal') {
      delete ui['ui:widget'];
      return;
    }
    if (node.type === 'select_one' && (appearance === 'autocomplete' || appearance === 'search' || appearance === 'minimal autocomplete')) {
      ui['ui:widget'] = 'searchable-select';
      return;
    }
    this.note(this.survey, node.row.row, 'appearance', say(`Tampilan "${node.row.cells.appearance}" tidak punya padanan; tampilan biasa dipakai.`, `Appearance "${node.row.cells.appearance}" has no counterpart; the usual look is used.`));
  }

  private required(node: SurveyNode, schema: JsonObject, pointer: string): boolean {
    const cell = node.row.cells.required?.trim().toLowerCase();
    const messages = this.texts(node.row, 'required_message');
    if (!cell || ['no', 'false', 'false()', '0'].includes(cell)) return false;
    if (node.kind !== 'field' || node.type === 'note' || node.type === 'calculate') {
      this.note(this.survey, node.row.row, 'required', say('"Wajib" tidak berlaku untuk baris jenis ini.', '"Required" does not apply to this kind of row.'));
      return false;
    }
    if (!['yes', 'true', 'true()', '1'].includes(cell)) {
      this.note(this.survey, node.row.row, 'required', say(`Syarat wajib "${node.row.cells.required}" tidak dapat diterjemahkan; kolom ini tidak wajib.`, `Required condition "${node.row.cells.required}" cannot be translated; the field is optional.`));
      return false;
    }
    const keyword = node.type === 'select_multiple' ? 'minItems' : 'required';
    if (node.type === 'select_multiple') schema.minItems = 1;
    if (messages.id !== undefined || messages.en !== undefined) {
      this.message(pointer, keyword, messages.id ?? messages.en!, messages.en);
    }
    return true;
  }

  private message(pointer: string, keyword: string, text: string, english: string | undefined): void {
    this.messages[pointer] = { ...this.messages[pointer], [keyword]: text.slice(0, 300) };
    if (english !== undefined) this.english.messages[pointer] = { ...this.english.messages[pointer], [keyword]: english.slice(0, 300) };
  }

  // ————— constraint —————

  /** `. >= 0 and . <= 10`, `regex(., '…')`, `string-length(.) <= 16`, `count-selected(.) <= 3` → keywords. */
  private constraint(node: SurveyNode, schema: JsonObject, pointer: string): void {
    const text = node.row.cells.constraint!;
    const untranslated = (part: string): void =>
      this.note(this.survey, node.row.row, 'constraint', say(`Batasan "${part}" tidak dapat diterjemahkan dan tidak diperiksa.`, `Constraint "${part}" cannot be translated and is not checked.`));
    let tree: Expression;
    try {
      tree = parseExpression(text);
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      untranslated(text);
      return;
    }
    const keywords: JsonObject = {};
    for (const part of conjuncts(tree)) {
      const found = constraintKeywords(part, node.type);
      if (!found) {
        untranslated(printXpath(part));
        continue;
      }
      Object.assign(keywords, found);
    }
    if (typeof keywords.pattern === 'string' && checkSchemaSafety({ type: 'string', pattern: keywords.pattern }).length > 0) {
      this.note(this.survey, node.row.row, 'constraint', say(`Pola "${keywords.pattern}" tidak aman atau tidak didukung dan tidak diperiksa.`, `Pattern "${keywords.pattern}" is unsafe or unsupported and is not checked.`));
      delete keywords.pattern;
    }
    Object.assign(schema, keywords);
    const messages = this.texts(node.row, 'constraint_message');
    const written = messages.id ?? messages.en;
    if (written === undefined) return;
    if (Object.keys(keywords).length === 0) {
      this.note(this.survey, node.row.row, 'constraint_message', say('Pesan batasan tidak dipakai karena batasannya tidak diterjemahkan.', 'The constraint message was not used because its constraint was not translated.'));
      return;
    }
    for (const keyword of Object.keys(keywords)) this.message(pointer, keyword, written, messages.en);
  }

  // ————— relevant —————

  /** The `if` of a question's `relevant`, on its own level's questions; null when always shown. */
  private relevantOf(node: SurveyNode, siblings: Map<string, SurveyNode>): JsonObject | null {
    const text = node.row.cells.relevant;
    if (!text) return null;
    const untranslated = (why: Text): null => {
      this.note(this.survey, node.row.row, 'relevant', say(`Syarat tampil "${text}" tidak dapat diterjemahkan (${why.id}); pertanyaan ini selalu ditampilkan.`, `Relevant "${text}" cannot be translated (${why.en}); the question is always shown.`));
      return null;
    };
    let tree: Expression;
    try {
      tree = parseExpression(text);
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      return untranslated(say(error.message, 'it cannot be read'));
    }
    const outside = referencedNames(text).find((name) => !siblings.has(name) || siblings.get(name) === node);
    if (outside !== undefined) {
      return untranslated(say(`"${outside}" tidak berada di kelompok yang sama`, `"${outside}" is not in the same group`));
    }
    const condition = relevantCondition(tree, siblings);
    return condition ?? untranslated(say('ungkapannya di luar yang dapat diterjemahkan', 'the expression is beyond what can be translated'));
  }

  // ————— calculate —————

  /** Adds the calculation when its expression translates; the field's JSON type either way. */
  private calculate(node: SurveyNode, pointer: string): string {
    const text = node.row.cells.calculation;
    const untranslated = (why: Text): string => {
      this.note(this.survey, node.row.row, 'calculation', say(`Perhitungan "${text ?? ''}" tidak dapat diterjemahkan (${why.id}); kolom ini tidak dihitung.`, `Calculation "${text ?? ''}" cannot be translated (${why.en}); the field is not computed.`));
      return 'string';
    };
    if (!text) return untranslated(say('kolom calculation kosong', 'the calculation column is empty'));
    if (node.inRepeat) return untranslated(say('perhitungan di dalam daftar berulang belum didukung', 'calculations inside a repeat are not supported yet'));
    if (isConditional(node)) return untranslated(say('perhitungan yang bersyarat tampil belum didukung', 'calculations shown on a condition are not supported yet'));
    let tree: Expression;
    try {
      tree = parseExpression(text);
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      return untranslated(say(error.message, 'it cannot be read'));
    }
    const written = calculationText(tree, this.nodes);
    if ('problem' in written) return untranslated(written.problem);
    if (!this.options.calculations) {
      this.note(this.survey, node.row.row, 'calculation', say(`Perhitungan diterjemahkan menjadi "${written.text}", tetapi server ini belum menyimpan perhitungan; kolom ini tidak dihitung.`, `The calculation translates to "${written.text}", but this server does not store calculations yet; the field is not computed.`));
      return written.type;
    }
    this.calculations.push({ field: pointer, expression: written.text });
    this.calculationSources.push({ sheet: this.survey.name, row: node.row.row, column: this.survey.columns.calculation ?? 'calculation' });
    return written.type;
  }
}

const PROBLEM_ORDER: XlsformProblemCode[] = ['XLSFORM_DUPLICATE_NAME', 'XLSFORM_CHOICES_MISSING', 'XLSFORM_GROUP_UNBALANCED', 'XLSFORM_NAME_MISSING'];

// ————— expression helpers —————

function conjuncts(tree: Expression): Expression[] {
  return tree.kind === 'binary' && tree.operator === 'and' ? [...conjuncts(tree.left), ...conjuncts(tree.right)] : [tree];
}

function numberOf(expression: Expression): number | null {
  if (expression.kind === 'number') return expression.value;
  if (expression.kind === 'negate') {
    const inner = numberOf(expression.operand);
    return inner === null ? null : -inner;
  }
  return null;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '!=': '!=' };

/** `subject op number`, with the sides swapped when the number is on the left. */
function comparison(expression: Expression, isSubject: (side: Expression) => boolean): { operator: string; value: number } | null {
  if (expression.kind !== 'binary' || !(expression.operator in FLIP)) return null;
  if (isSubject(expression.left)) {
    const value = numberOf(expression.right);
    return value === null ? null : { operator: expression.operator, value };
  }
  if (isSubject(expression.right)) {
    const value = numberOf(expression.left);
    return value === null ? null : { operator: FLIP[expression.operator], value };
  }
  return null;
}

function bounds(operator: string, value: number, min: string, max: string, exclusive: [string, string] | null): JsonObject | null {
  switch (operator) {
    case '>=':
      return { [min]: value };
    case '<=':
      return { [max]: value };
    case '>':
      return exclusive ? { [exclusive[0]]: value } : Number.isInteger(value) ? { [min]: value + 1 } : null;
    case '<':
      return exclusive ? { [exclusive[1]]: value } : Number.isInteger(value) ? { [max]: value - 1 } : null;
    case '=':
      return { [min]: value, [max]: value };
    default:
      return null;
  }
}

const isSelf = (side: Expression): boolean => side.kind === 'self';
const callOnSelf = (name: string) => (side: Expression): boolean => side.kind === 'call' && side.name === name && side.args.length === 1 && side.args[0].kind === 'self';

function constraintKeywords(part: Expression, type: SurveyNode['type']): JsonObject | null {
  if (type === 'integer' || type === 'decimal') {
    const found = comparison(part, isSelf);
    if (found) return bounds(found.operator, found.value, 'minimum', 'maximum', ['exclusiveMinimum', 'exclusiveMaximum']);
  }
  if (type === 'text') {
    const length = comparison(part, callOnSelf('string-length'));
    if (length && Number.isInteger(length.value) && length.value >= 0) return bounds(length.operator, length.value, 'minLength', 'maxLength', null);
    if (part.kind === 'call' && part.name === 'regex' && part.args.length === 2 && part.args[0].kind === 'self' && part.args[1].kind === 'string') {
      return { pattern: part.args[1].value };
    }
  }
  if (type === 'select_multiple') {
    const count = comparison(part, callOnSelf('count-selected'));
    if (count && Number.isInteger(count.value) && count.value >= 0) return bounds(count.operator, count.value, 'minItems', 'maxItems', null);
  }
  return null;
}

const NUMERIC_TYPES: SurveyNode['type'][] = ['integer', 'decimal'];

/** A literal as the compared field holds it: numbers for number fields, text for the rest. */
function valueFor(node: SurveyNode, literal: Expression): JsonValue | undefined {
  const number = numberOf(literal);
  if (NUMERIC_TYPES.includes(node.type)) {
    if (number !== null) return number;
    if (literal.kind === 'string' && literal.value.trim() !== '' && Number.isFinite(Number(literal.value))) return Number(literal.value);
    return undefined;
  }
  if (literal.kind === 'string') return literal.value;
  return number !== null ? String(number) : undefined;
}

const has = (key: string, test: JsonObject): JsonObject => ({ properties: { [key]: test }, required: [key] });

/**
 * XLSForm `relevant` → the `if` of a JSON Schema condition over one level's questions. `${x} = 'v'`
 * (and `or`s of them on one question) is written `{properties: {x: {const|enum}}, required: [x]}`,
 * exactly what the designer's builder reads back as "show when"; the rest uses `not`, `allOf`, `anyOf`.
 */
function relevantCondition(tree: Expression, siblings: Map<string, SurveyNode>): JsonObject | null {
  if (tree.kind === 'binary' && (tree.operator === 'and' || tree.operator === 'or')) {
    const left = relevantCondition(tree.left, siblings);
    const right = relevantCondition(tree.right, siblings);
    if (!left || !right) return null;
    if (tree.operator === 'or') {
      const merged = sameFieldChoices(left, right);
      if (merged) return merged;
    }
    return { [tree.operator === 'and' ? 'allOf' : 'anyOf']: [left, right] };
  }
  if (tree.kind === 'call' && tree.name === 'not' && tree.args.length === 1) {
    const inner = relevantCondition(tree.args[0], siblings);
    return inner ? { not: inner } : null;
  }
  if (tree.kind === 'call' && tree.name === 'selected' && tree.args.length === 2 && tree.args[0].kind === 'ref' && tree.args[1].kind === 'string') {
    const node = siblings.get(tree.args[0].name);
    if (!node) return null;
    if (node.type === 'select_multiple') return has(node.key, { contains: { const: tree.args[1].value } });
    if (node.type === 'select_one') return has(node.key, { const: tree.args[1].value });
    return null;
  }
  if (tree.kind !== 'binary' || !(tree.operator in FLIP)) return null;
  const [refSide, literal, operator] =
    tree.left.kind === 'ref' ? [tree.left, tree.right, tree.operator] : tree.right.kind === 'ref' ? [tree.right, tree.left, FLIP[tree.operator]] : [null, null, null];
  if (!refSide || refSide.kind !== 'ref') return null;
  const node = siblings.get(refSide.name);
  if (!node || node.kind !== 'field' || node.type === 'select_multiple' || node.type === 'geopoint' || node.type === 'note') return null;
  const empty = literal.kind === 'string' && literal.value === '';
  // An answer cleared in the form may stay as "": an empty text counts as unanswered.
  const answered = NUMERIC_TYPES.includes(node.type) ? { required: [node.key] } : has(node.key, { minLength: 1 });
  if (empty && operator === '=') return { not: answered };
  if (empty && operator === '!=') return answered;
  const value = valueFor(node, literal);
  if (value === undefined) return null;
  if (operator === '=') return has(node.key, { const: value });
  if (operator === '!=') return { not: has(node.key, { const: value }) };
  if (typeof value !== 'number' || !NUMERIC_TYPES.includes(node.type)) return null;
  const limit = bounds(operator, value, 'minimum', 'maximum', ['exclusiveMinimum', 'exclusiveMaximum']);
  return limit ? has(node.key, limit) : null;
}

/** `{x: {const: a}} or {x: {const|enum: …}}` → `{x: {enum: [a, …]}}`. */
function sameFieldChoices(left: JsonObject, right: JsonObject): JsonObject | null {
  const values = (condition: JsonObject): { key: string; values: JsonValue[] } | null => {
    const properties = condition.properties as JsonObject | undefined;
    if (!properties || Object.keys(condition).length !== 2 || Object.keys(properties).length !== 1) return null;
    const [key] = Object.keys(properties);
    const test = properties[key] as JsonObject;
    if ('const' in test && Object.keys(test).length === 1) return { key, values: [test.const] };
    if (Array.isArray(test.enum) && Object.keys(test).length === 1) return { key, values: test.enum };
    return null;
  };
  const a = values(left);
  const b = values(right);
  if (!a || !b || a.key !== b.key) return null;
  return has(a.key, { enum: [...new Set([...a.values, ...b.values])] });
}

// ————— calculation → the project's expression language —————

/** XLSForm operators as the project's expression language writes them (API.md, `calculations[]`). */
const CALC_OPERATORS: Partial<Record<string, string>> = {
  or: 'or',
  and: 'and',
  '=': '=',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '+': '+',
  '-': '-',
  '*': '*',
  div: '/',
};
const CALC_FUNCTIONS = ['if', 'round', 'min', 'max', 'abs', 'coalesce', 'not'];
const CALC_LITERALS: Record<string, string> = { true: 'true', false: 'false' };
const COMPARISONS = ['=', '!=', '<', '<=', '>', '>=', 'and', 'or'];

type CalcType = 'number' | 'boolean' | 'string';
type Written = { text: string; type: CalcType } | { problem: Text };

/**
 * A question with a `relevant` (its own or a group's) lives in an `allOf` branch; calculations
 * address fields through `properties` only, so they can neither read nor fill it.
 */
function isConditional(node: SurveyNode): boolean {
  if (node.otherOf) return true;
  for (let at: SurveyNode | null = node; at; at = at.parent) if (at.row.cells.relevant) return true;
  return false;
}

function fieldType(node: SurveyNode): CalcType | null {
  if (node.type === 'integer' || node.type === 'decimal') return 'number';
  if (node.type === 'text' || node.type === 'select_one' || node.type === 'date') return 'string';
  if (node.type === 'calculate') return 'string';
  return null;
}

/** A calculation's text in the project's language, with the JSON type of its result. */
function calculationText(tree: Expression, nodes: Map<string, SurveyNode>): Written {
  const write = (expression: Expression, nested: boolean): Written => {
    switch (expression.kind) {
      case 'number':
        return { text: String(expression.value), type: 'number' };
      case 'string':
        if (expression.value.includes("'")) return { problem: say('teks berisi tanda kutip', 'the text holds a quote') };
        return { text: `'${expression.value}'`, type: 'string' };
      case 'self':
        return { problem: say('"." tidak bermakna dalam perhitungan', '"." means nothing in a calculation') };
      case 'ref': {
        const node = nodes.get(expression.name)!;
        const type = node.type === 'calculate' ? calculatedType(node, nodes) : fieldType(node);
        if (!type) return { problem: say(`"${expression.name}" bukan angka, teks atau tanggal`, `"${expression.name}" is not a number, text or date`) };
        if (node.inRepeat) return { problem: say(`"${expression.name}" berada di dalam daftar berulang`, `"${expression.name}" is inside a repeat`) };
        if (isConditional(node)) return { problem: say(`"${expression.name}" hanya ditampilkan dengan syarat`, `"${expression.name}" is only shown on a condition`) };
        return { text: node.parent ? `\${${node.pointer}}` : `\${${node.key}}`, type };
      }
      case 'negate': {
        const inner = write(expression.operand, true);
        return 'problem' in inner ? inner : { text: `-${inner.text}`, type: 'number' };
      }
      case 'binary': {
        const operator = CALC_OPERATORS[expression.operator];
        if (!operator) return { problem: say(`operator "${expression.operator}" belum didukung`, `operator "${expression.operator}" is not supported`) };
        const left = write(expression.left, true);
        if ('problem' in left) return left;
        const right = write(expression.right, true);
        if ('problem' in right) return right;
        const text = `${left.text} ${operator} ${right.text}`;
        return { text: nested ? `(${text})` : text, type: COMPARISONS.includes(expression.operator) ? 'boolean' : 'number' };
      }
      case 'call': {
        if (expression.name in CALC_LITERALS && expression.args.length === 0) return { text: CALC_LITERALS[expression.name], type: 'boolean' };
        if (!CALC_FUNCTIONS.includes(expression.name)) return { problem: say(`fungsi ${expression.name}() belum didukung`, `function ${expression.name}() is not supported`) };
        const args: { text: string; type: CalcType }[] = [];
        for (const arg of expression.args) {
          const written = write(arg, false);
          if ('problem' in written) return written;
          args.push(written);
        }
        const text = `${expression.name}(${args.map((arg) => arg.text).join(', ')})`;
        const type: CalcType =
          expression.name === 'not' ? 'boolean'
          : expression.name === 'if' ? (args[1]?.type ?? 'string')
          : expression.name === 'coalesce' ? (args[0]?.type ?? 'string')
          : 'number';
        return { text, type };
      }
    }
  };
  return write(tree, false);
}

/**
 * Each calculate's type, worked out once per form: a chain of calculations that each name the one
 * before twice would otherwise be read again at every reference (2^depth).
 */
const calculatedTypes = new WeakMap<Map<string, SurveyNode>, Map<SurveyNode, CalcType>>();

/** The JSON type of another calculate's result (cycles are refused before this runs). */
function calculatedType(node: SurveyNode, nodes: Map<string, SurveyNode>): CalcType {
  let known = calculatedTypes.get(nodes);
  if (!known) calculatedTypes.set(nodes, (known = new Map()));
  const cached = known.get(node);
  if (cached) return cached;
  let type: CalcType;
  try {
    const written = calculationText(parseExpression(node.row.cells.calculation ?? ''), nodes);
    type = 'problem' in written ? 'string' : written.type;
  } catch {
    type = 'string';
  }
  known.set(node, type);
  return type;
}

/** An expression written back in XLSForm's own words, for the report. */
function printXpath(expression: Expression): string {
  switch (expression.kind) {
    case 'number':
      return String(expression.value);
    case 'string':
      return `'${expression.value}'`;
    case 'self':
      return '.';
    case 'ref':
      return `\${${expression.name}}`;
    case 'negate':
      return `-${printXpath(expression.operand)}`;
    case 'binary':
      return `${printXpath(expression.left)} ${expression.operator} ${printXpath(expression.right)}`;
    case 'call':
      return `${expression.name}(${expression.args.map(printXpath).join(', ')})`;
  }
}

/** The theme draft an XLSForm describes, and what of it could not be translated. */
export function translateXlsform(workbook: XlsformWorkbook, options: TranslateOptions = { calculations: true }): XlsformTranslation {
  return new Translator(workbook, options).translate();
}
