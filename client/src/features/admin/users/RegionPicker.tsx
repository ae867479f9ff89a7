import { useId, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegion, useRegionChildren } from '../../../api/queries';

/** The codes from just below `root` down to `code` (region codes extend their parent's with `.`). */
function pathBelow(root: string, code: string): string[] {
  if (!code.startsWith(`${root}.`)) return [];
  const parts = code.split('.');
  const depth = root.split('.').length;
  return parts.slice(depth).map((_, index) => parts.slice(0, depth + index + 1).join('.'));
}

interface LevelProps {
  parent: string;
  chosen: string;
  onChoose: (code: string) => void;
  invalid: boolean;
}

/** The regions directly under `parent`; nothing when it has none. The empty choice stays at `parent`. */
function LevelSelect({ parent, chosen, onChoose, invalid }: LevelProps): ReactElement | null {
  const { t } = useTranslation();
  const id = useId();
  const children = useRegionChildren(parent);
  const items = children.data ?? [];
  if (items.length === 0) return null;
  const level = t(`regionLevels.${items[0].level}`);
  return (
    <div className="admin-field">
      <label htmlFor={id}>{level}</label>
      <select id={id} className="input" value={chosen} aria-invalid={invalid} onChange={(event) => onChoose(event.target.value || parent)}>
        <option value="">{t('admin.users.wholeLevel', { level })}</option>
        {items.map((region) => (
          <option key={region.code} value={region.code}>
            {region.name}
          </option>
        ))}
      </select>
    </div>
  );
}

interface RegionPickerProps {
  /** The admin's own region: every choice lies inside it. */
  root: string;
  value: string;
  onChange: (code: string) => void;
  invalid?: boolean;
}

/** A region inside the admin's subtree, chosen level by level (kecamatan, kelurahan, RW …) by name. */
export function RegionPicker({ root, value, onChange, invalid = false }: RegionPickerProps): ReactElement {
  const { t } = useTranslation();
  const rootRegion = useRegion(root);
  const chosen = useRegion(value || undefined);
  const path = pathBelow(root, value);
  const parents = [root, ...path];
  return (
    <fieldset className="region-picker">
      <legend>
        {t('admin.users.region')}: <strong>{rootRegion.data?.name ?? root}</strong>
      </legend>
      {parents.map((parent, index) => (
        <LevelSelect key={parent} parent={parent} chosen={path[index] ?? ''} onChoose={onChange} invalid={invalid} />
      ))}
      {chosen.data && <p className="small muted">{t('admin.users.chosenRegion', { name: chosen.data.name })}</p>}
    </fieldset>
  );
}
