import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ariaDescribedByIds, descriptionId, getUiOptions, type FieldProps } from '@rjsf/utils';
import type { Json, JsonObject } from '../../api/types';
import type { FormRecord, FormContext } from '../form-context';
import { RequiredMark } from '../rjsf-look/FieldTemplate';

type Props = FieldProps<FormRecord, JsonObject, FormContext>;

export interface Location {
  lat: number;
  lon: number;
  accuracy?: number;
}

/** Stop refining after this long and keep the best fix so far. */
export const GPS_TIMEOUT_MS = 20_000;
/** A fix this good ends the search at once. */
export const GOOD_ACCURACY_M = 20;

export type AccuracyGrade = 'good' | 'fair' | 'poor';

export function gradeAccuracy(accuracy: number | undefined): AccuracyGrade {
  if (accuracy === undefined) return 'poor';
  if (accuracy <= GOOD_ACCURACY_M) return 'good';
  if (accuracy <= 100) return 'fair';
  return 'poor';
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function readLocation(data: FormRecord | undefined): Location | null {
  if (!data || typeof data.lat !== 'number' || typeof data.lon !== 'number') return null;
  return { lat: data.lat, lon: data.lon, accuracy: typeof data.accuracy === 'number' ? data.accuracy : undefined };
}

/** The value to store: only the properties the theme's schema has. */
function toValue(location: Location, schema: JsonObject): JsonObject {
  const properties = (typeof schema.properties === 'object' && schema.properties !== null ? schema.properties : {}) as Record<string, Json>;
  const value: JsonObject = { lat: round(location.lat, 6), lon: round(location.lon, 6) };
  if ('accuracy' in properties && location.accuracy !== undefined) value.accuracy = round(location.accuracy, 1);
  return value;
}

type Status = { kind: 'idle' } | { kind: 'searching'; best: Location | null } | { kind: 'error'; reason: 'denied' | 'unavailable' | 'timeout' | 'unsupported' };

/**
 * GPS capture for a `{lat, lon, accuracy}` object (`ui:widget: "gps"`). Watches the position for a
 * while and keeps the most accurate fix, showing how accurate it is, because the first fix on a cheap
 * phone indoors is often hundreds of metres off.
 */
export function GpsField(props: Props): ReactElement {
  const { fieldPathId, formData, onChange, schema, uiSchema, disabled, readonly, rawErrors, required, name } = props;
  const { t } = useTranslation();
  const id = fieldPathId.$id;
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const watch = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stored = readLocation(formData);
  const locked = Boolean(disabled || readonly);

  const stop = (): void => {
    if (watch.current !== null) navigator.geolocation.clearWatch(watch.current);
    if (timer.current) clearTimeout(timer.current);
    watch.current = null;
    timer.current = null;
  };
  useEffect(() => stop, []);

  const save = (location: Location): void => onChange(toValue(location, schema), fieldPathId.path);

  const start = (): void => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      setStatus({ kind: 'error', reason: 'unsupported' });
      return;
    }
    stop();
    let best: Location | null = null;
    setStatus({ kind: 'searching', best: null });
    watch.current = navigator.geolocation.watchPosition(
      (position) => {
        const fix: Location = { lat: position.coords.latitude, lon: position.coords.longitude, accuracy: position.coords.accuracy };
        if (!best || (fix.accuracy ?? Infinity) < (best.accuracy ?? Infinity)) best = fix;
        if ((best.accuracy ?? Infinity) <= GOOD_ACCURACY_M) {
          stop();
          save(best);
          setStatus({ kind: 'idle' });
        } else {
          setStatus({ kind: 'searching', best });
        }
      },
      (error) => {
        if (best) return;
        stop();
        const reason = error.code === error.PERMISSION_DENIED ? 'denied' : error.code === error.TIMEOUT ? 'timeout' : 'unavailable';
        setStatus({ kind: 'error', reason });
      },
      { enableHighAccuracy: true, maximumAge: 0, timeout: GPS_TIMEOUT_MS },
    );
    timer.current = setTimeout(() => {
      stop();
      if (best) {
        save(best);
        setStatus({ kind: 'idle' });
      } else {
        setStatus({ kind: 'error', reason: 'timeout' });
      }
    }, GPS_TIMEOUT_MS);
  };

  const acceptBest = (): void => {
    if (status.kind !== 'searching' || !status.best) return;
    const best = status.best;
    stop();
    save(best);
    setStatus({ kind: 'idle' });
  };

  const grade = gradeAccuracy(stored?.accuracy);
  // RJSF gives objects no label of their own (a fieldset legend does that); this field draws its heading.
  const options = getUiOptions(uiSchema);
  const title = typeof options.title === 'string' ? options.title : typeof schema.title === 'string' ? schema.title : name;
  const description = typeof options.description === 'string' ? options.description : schema.description;
  return (
    <div className="gps" id={id} role="group" aria-labelledby={`${id}__title`} aria-describedby={ariaDescribedByIds(id)}>
      <p id={`${id}__title`} className="field-label">
        {title}
        {required && <RequiredMark />}
      </p>
      {typeof description === 'string' && description && (
        <p id={descriptionId(id)} className="field-description">
          {description}
        </p>
      )}
      {stored ? (
        <div className={`gps-reading gps-reading--${grade}`}>
          <p className="gps-coordinates">
            {stored.lat.toFixed(6)}, {stored.lon.toFixed(6)}
          </p>
          <p className="gps-accuracy">
            {stored.accuracy !== undefined ? t('widgets.gps.accuracy', { meters: Math.round(stored.accuracy) }) : t('widgets.gps.accuracyUnknown')}
            {' · '}
            <span className="gps-grade">{t(`widgets.gps.grade.${grade}`)}</span>
          </p>
          {grade === 'poor' && <p className="field-help field-help--warning">{t('widgets.gps.poorHint')}</p>}
        </div>
      ) : (
        status.kind !== 'searching' && <p className="muted">{t('widgets.gps.empty')}</p>
      )}

      {status.kind === 'searching' && (
        <div className="gps-searching" role="status">
          <p>
            {status.best
              ? t('widgets.gps.searchingWith', { meters: Math.round(status.best.accuracy ?? 0) })
              : t('widgets.gps.searching')}
          </p>
          {status.best && (
            <button type="button" className="button button--secondary button--small" onClick={acceptBest}>
              {t('widgets.gps.useNow')}
            </button>
          )}
        </div>
      )}
      {status.kind === 'error' && (
        <p className="field-help field-help--warning" role="alert">
          {t(`widgets.gps.error.${status.reason}`)}
        </p>
      )}

      {!locked && (
        <div className="inline-controls">
          <button
            type="button"
            className="button button--secondary"
            onClick={start}
            disabled={status.kind === 'searching'}
            aria-invalid={(rawErrors?.length ?? 0) > 0 || undefined}
          >
            {stored ? t('widgets.gps.retake') : t('widgets.gps.take')}
          </button>
          {stored && (
            <button type="button" className="button button--quiet" onClick={() => onChange(undefined, fieldPathId.path)}>
              {t('widgets.gps.clear')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
