import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import { REGION_LEVELS, type JsonObject, type Region, type RegionLevel } from '../../api/types';
import { useRegion, useRegionChildren } from '../../api/queries';
import type { FormRecord, FormContext } from '../form-context';

type Props = WidgetProps<FormRecord, JsonObject, FormContext>;

const depth = (level: RegionLevel | undefined): number => (level ? REGION_LEVELS.indexOf(level) : -1);
const isLevel = (value: unknown): value is RegionLevel => typeof value === 'string' && (REGION_LEVELS as readonly string[]).includes(value);

interface StepProps {
  id: string;
  parent: string;
  selected: string | undefined;
  disabled: boolean;
  invalid: boolean;
  describedBy?: string;
  onSelect: (region: Region | undefined) => void;
}

function RegionStep({ id, parent, selected, disabled, invalid, describedBy, onSelect }: StepProps): ReactElement | null {
  const { t } = useTranslation();
  const children = useRegionChildren(parent);
  if (children.isPending) return <p className="muted">{t('widgets.region.loading')}</p>;
  if (children.isError) return <p className="field-help field-help--warning">{t('widgets.region.unavailable')}</p>;
  const regions = children.data;
  if (regions.length === 0) return null;
  const level = regions[0].level;
  return (
    <div className="region-step">
      <label className="field-sublabel" htmlFor={id}>
        {t(`regionLevels.${level}`)}
      </label>
      <select
        id={id}
        className="input"
        value={selected ?? ''}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(event) => onSelect(regions.find((region) => region.code === event.target.value))}
      >
        <option value="">{t('widgets.region.choose', { level: t(`regionLevels.${level}`) })}</option>
        {regions.map((region) => (
          <option key={region.code} value={region.code}>
            {region.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Picks a region inside the user's own subtree, one level at a time (kelurahan → RW → RT → dasawisma).
 * `ui:options.level` says which level the answer must be; without it any region below the user's
 * own may be chosen. The value is the region code.
 */
export function RegionPickerWidget(props: Props): ReactElement {
  const { id, value, disabled, readonly, onChange, options, rawErrors, registry } = props;
  const { t } = useTranslation();
  const rootCode = registry.formContext.rootRegionCode;
  const target = isLevel(options.level) ? options.level : undefined;
  const root = useRegion(rootCode);
  const current = useRegion(typeof value === 'string' && value ? value : undefined);
  const [chain, setChain] = useState<string[]>([]);
  const locked = Boolean(disabled || readonly);
  const invalid = (rawErrors?.length ?? 0) > 0;

  // A value that came from a draft: rebuild the steps from its ancestors below the user's region.
  useEffect(() => {
    // An empty value keeps the steps: the cadre may be halfway down the tree.
    if (typeof value !== 'string' || !value || chain[chain.length - 1] === value || !current.data) return;
    const path = (current.data.path ?? []).map((region) => region.code);
    const start = path.indexOf(rootCode);
    setChain(start >= 0 ? [...path.slice(start + 1), value] : [value]);
  }, [value, current.data, rootCode, chain]);

  // When the user's own region is the level asked for, there is nothing to choose.
  const rootIsTarget = root.data !== undefined && target !== undefined && root.data.level === target;
  useEffect(() => {
    if (rootIsTarget && value !== rootCode && !locked) onChange(rootCode);
  }, [rootIsTarget, value, rootCode, locked, onChange]);

  const outside = useMemo(() => {
    if (typeof value !== 'string' || !value || !current.data || value === rootCode) return false;
    return !(current.data.path ?? []).some((region) => region.code === rootCode);
  }, [value, current.data, rootCode]);

  if (root.data && target && depth(root.data.level) > depth(target)) {
    return <p className="field-help field-help--warning">{t('widgets.region.aboveScope')}</p>;
  }
  if (rootIsTarget) {
    return (
      <p id={id} className="region-fixed" tabIndex={-1}>
        {root.data?.name} <span className="muted">({t(`regionLevels.${root.data?.level ?? 'kelurahan'}`)})</span>
      </p>
    );
  }

  const select = (step: number, region: Region | undefined): void => {
    const next = [...chain.slice(0, step), ...(region ? [region.code] : [])];
    setChain(next);
    if (!region) {
      onChange(next.length > 0 && !target ? next[next.length - 1] : options.emptyValue);
      return;
    }
    if (!target || region.level === target) onChange(region.code);
    else if (value !== undefined) onChange(options.emptyValue);
  };

  // One select per level: below the user's region, then below each choice, down to the target level.
  const steps: ReactElement[] = [];
  let parent = rootCode;
  for (let step = 0; step <= chain.length; step += 1) {
    const chosen = chain[step];
    steps.push(
      <RegionStep
        key={`${parent}-${step}`}
        id={step === 0 ? id : `${id}__${step}`}
        parent={parent}
        selected={chosen}
        disabled={locked}
        invalid={invalid}
        describedBy={step === 0 ? ariaDescribedByIds(id) : undefined}
        onSelect={(region) => select(step, region)}
      />,
    );
    if (!chosen || (chosen === value && target !== undefined)) break;
    parent = chosen;
  }

  return (
    <div className="region-picker">
      {outside && <p className="field-help field-help--warning">{t('widgets.region.outside')}</p>}
      {steps}
    </div>
  );
}
