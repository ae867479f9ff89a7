import { createHash } from 'node:crypto';
import { UUID } from '../../common/uuid';

/** The namespace of import row ids (a UUID of its own, so no other v5 id can equal one of them). */
const IMPORT_NAMESPACE = Buffer.from('6f1c2a9e4b7d4f0a9c3e5d8b1a2f4e6c', 'hex');

/** RFC 9562 UUID version 5 (SHA-1 of namespace and name). */
function uuidV5(name: string): string {
  const hash = createHash('sha1').update(IMPORT_NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The submission id of an imported row (`canonicalData`: the canonical JSON of its data). A Kobo/ODK record keeps the id its form gave it (`_uuid`,
 * `instanceID`), so the same record imported again, from any export, is the same submission. Any
 * other row's id comes from what the row says — theme, region, period, content — and which
 * occurrence of that content it is in the file, not from the file's bytes and the row's position:
 * a registry uploaded again after rows were added (or re-sorted, or re-saved by another program) then
 * stores only the new rows, where a file-hash id would store every old row a second time. Two equal
 * rows in one file stay two records (1st and 2nd occurrence), and stay the same two on a re-upload.
 */
export function importRowId(themeId: string, row: { sourceId?: string; regionCode: string | null; periodKey: string; canonicalData: string }, occurrence: number): string {
  if (row.sourceId) return UUID.test(row.sourceId) ? row.sourceId.toLowerCase() : uuidV5(`kobo:${themeId}:${row.sourceId}`);
  return uuidV5(`row:${themeId}:${row.regionCode}:${row.periodKey}:${row.canonicalData}:${occurrence}`);
}
