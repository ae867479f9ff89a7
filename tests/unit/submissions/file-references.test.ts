import { fileReferences } from '../../../server/src/modules/submissions/file-references';
import type { FieldSchema } from '../../../schemas/theme-definition';

const A = '3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f';
const B = '0b7c6a52-9d3e-4f1a-8b2c-5d6e7f8a9b0c';
const photo: FieldSchema = { type: 'string', format: 'file-id' };

describe('fileReferences', () => {
  it('finds top-level and nested photo fields with their pointers', () => {
    const schema: FieldSchema = {
      type: 'object',
      properties: { foto: photo, nama: { type: 'string' }, rumah: { type: 'object', properties: { foto_depan: photo } } },
    };
    expect(fileReferences(schema, { foto: A, nama: B, rumah: { foto_depan: B } })).toEqual([
      { pointer: '/foto', fileId: A },
      { pointer: '/rumah/foto_depan', fileId: B },
    ]);
  });

  it('ignores absent fields, nulls and values of other types', () => {
    const schema: FieldSchema = { type: 'object', properties: { foto: { type: ['string', 'null'], format: 'file-id' }, lain: photo } };
    expect(fileReferences(schema, { foto: null })).toEqual([]);
    expect(fileReferences(schema, {})).toEqual([]);
    expect(fileReferences(schema, { lain: 12 })).toEqual([]);
  });

  it('walks arrays (items and prefixItems)', () => {
    const schema: FieldSchema = {
      type: 'object',
      properties: {
        galeri: { type: 'array', items: photo },
        pasangan: { type: 'array', prefixItems: [{ type: 'string' }, photo] },
      },
    };
    expect(fileReferences(schema, { galeri: [A, B], pasangan: [A, B] })).toEqual([
      { pointer: '/galeri/0', fileId: A },
      { pointer: '/galeri/1', fileId: B },
      { pointer: '/pasangan/1', fileId: B },
    ]);
  });

  it('finds a photo the form asks for only on a condition (then/else), as the designer writes it', () => {
    const schema: FieldSchema = {
      type: 'object',
      properties: { jenis: { type: 'string', enum: ['sendiri', 'menumpang'] } },
      allOf: [{ if: { properties: { jenis: { const: 'sendiri' } }, required: ['jenis'] }, then: { properties: { foto_jamban: photo } }, else: { properties: { foto_lain: photo } } }],
    };
    expect(fileReferences(schema, { jenis: 'sendiri', foto_jamban: A })).toEqual([{ pointer: '/foto_jamban', fileId: A }]);
    expect(fileReferences(schema, { jenis: 'menumpang', foto_lain: B })).toEqual([{ pointer: '/foto_lain', fileId: B }]);
  });

  it('follows local $refs and the branches of allOf/anyOf/oneOf', () => {
    const schema: FieldSchema = {
      type: 'object',
      $defs: { foto: photo, 'dokumen/resmi': { type: 'string', format: 'file-id' } },
      properties: {
        foto: { $ref: '#/$defs/foto' },
        surat: { $ref: '#/$defs/dokumen~1resmi' },
        pilihan: { anyOf: [{ type: 'null' }, { $ref: '#/$defs/foto' }] },
        gabungan: { allOf: [{ type: 'string' }, photo] },
      },
    };
    expect(fileReferences(schema, { foto: A, surat: B, pilihan: A, gabungan: B })).toEqual([
      { pointer: '/foto', fileId: A },
      { pointer: '/surat', fileId: B },
      { pointer: '/pilihan', fileId: A },
      { pointer: '/gabungan', fileId: B },
    ]);
  });

  it('escapes property names in pointers and reads additionalProperties', () => {
    const schema: FieldSchema = { type: 'object', properties: { 'a/b': photo }, additionalProperties: photo };
    expect(fileReferences(schema, { 'a/b': A, 'x~y': B })).toEqual([
      { pointer: '/a~1b', fileId: A },
      { pointer: '/x~0y', fileId: B },
    ]);
  });

  it('does not take an inherited property for a field', () => {
    const schema: FieldSchema = { type: 'object', properties: { foto: photo } };
    expect(fileReferences(schema, JSON.parse('{"constructor": "x", "toString": "y"}'))).toEqual([]);
  });
});
