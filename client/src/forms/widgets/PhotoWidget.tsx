import { useEffect, useRef, useState, type ChangeEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import { fileUrl, uploadFile } from '../../api/endpoints';
import { apiBlob, isApiError, isNetworkError } from '../../api/http';
import type { JsonObject } from '../../api/types';
import { keepLocalFile, readLocalFile } from '../../features/offline/local-files';
import type { FormRecord, FormContext } from '../form-context';
import { downscaleImage } from './downscale';

type Props = WidgetProps<FormRecord, JsonObject, FormContext>;

type Work = { kind: 'idle' } | { kind: 'busy'; step: 'resize' | 'upload' } | { kind: 'error'; message: string };
type Where = 'server' | 'device' | null;

const canPreview = (): boolean => typeof URL !== 'undefined' && typeof URL.createObjectURL === 'function';

/** Shows the photo a value points at: one kept on the device, or one on the server (fetched with the token). */
interface Preview {
  url: string | null;
  where: Where;
  /** Shows a photo just taken, for the value it is about to become (so it is not downloaded again). */
  showTaken: (blob: Blob, where: Where, forValue: string) => void;
}

function usePreview(value: string | undefined): Preview {
  const [url, setUrl] = useState<string | null>(null);
  const [where, setWhere] = useState<Where>(null);
  const known = useRef<string | undefined>(undefined);

  const show = (blob: Blob | null, place: Where): void => {
    setUrl((previous) => {
      if (previous) URL.revokeObjectURL(previous);
      return blob && canPreview() ? URL.createObjectURL(blob) : null;
    });
    setWhere(place);
  };

  useEffect(() => {
    if (value === known.current) return;
    known.current = value;
    if (!value) {
      show(null, null);
      return;
    }
    let cancelled = false;
    void (async () => {
      const local = await readLocalFile(value);
      if (cancelled) return;
      if (local) {
        show(local, 'device');
        return;
      }
      try {
        const remote = await apiBlob(fileUrl(value));
        if (!cancelled) show(remote, 'server');
      } catch {
        if (!cancelled) show(null, 'server');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [value]);

  useEffect(
    () => () => {
      setUrl((previous) => {
        if (previous) URL.revokeObjectURL(previous);
        return null;
      });
    },
    [],
  );

  const showTaken = (blob: Blob, place: Where, forValue: string): void => {
    known.current = forValue;
    show(blob, place);
  };
  return { url, where, showTaken };
}

/**
 * Photo capture for a `file-id` field (`ui:widget: "photo"`). The photo is made smaller on the phone,
 * then uploaded to /api/files and the field holds the returned id. Without a connection the photo is
 * kept on the device and uploaded by the outbox together with the submission.
 */
export function PhotoWidget(props: Props): ReactElement {
  const { id, value, onChange, disabled, readonly, registry, rawErrors, label } = props;
  const { t } = useTranslation();
  const [work, setWork] = useState<Work>({ kind: 'idle' });
  const current = typeof value === 'string' && value ? value : undefined;
  const preview = usePreview(current);
  const locked = Boolean(disabled || readonly);
  const camera = useRef<HTMLInputElement>(null);
  const gallery = useRef<HTMLInputElement>(null);

  const keepOnDevice = async (blob: Blob, name: string): Promise<void> => {
    const localId = await keepLocalFile(registry.formContext.userId, blob, name);
    preview.showTaken(blob, 'device', localId);
    onChange(localId);
    setWork({ kind: 'idle' });
  };

  const handleFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setWork({ kind: 'busy', step: 'resize' });
    const blob = await downscaleImage(file);
    const name = file.name.replace(/\.[^.]+$/, '') + (blob.type === 'image/jpeg' ? '.jpg' : '');
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      await keepOnDevice(blob, name);
      return;
    }
    setWork({ kind: 'busy', step: 'upload' });
    try {
      const stored = await uploadFile(blob, name || 'foto.jpg');
      preview.showTaken(blob, 'server', stored.id);
      onChange(stored.id);
      setWork({ kind: 'idle' });
    } catch (error) {
      if (isNetworkError(error)) {
        await keepOnDevice(blob, name);
      } else if (isApiError(error) && error.status === 413) {
        setWork({ kind: 'error', message: t('widgets.photo.tooLarge') });
      } else if (isApiError(error) && error.status === 415) {
        setWork({ kind: 'error', message: t('widgets.photo.unsupported') });
      } else if (isApiError(error) && error.status >= 500) {
        await keepOnDevice(blob, name);
      } else {
        setWork({ kind: 'error', message: isApiError(error) && error.detail ? error.detail : t('widgets.photo.failed') });
      }
    }
  };

  const busy = work.kind === 'busy';
  return (
    <div className="photo" aria-describedby={ariaDescribedByIds(id)}>
      {current && (
        <figure className="photo-preview">
          {preview.url ? <img src={preview.url} alt={t('widgets.photo.alt', { label })} /> : <div className="photo-placeholder" aria-hidden="true" />}
          <figcaption className="muted">{preview.where === 'device' ? t('widgets.photo.onDevice') : t('widgets.photo.uploaded')}</figcaption>
        </figure>
      )}
      {busy && (
        <p className="muted" role="status">
          {work.step === 'resize' ? t('widgets.photo.resizing') : t('widgets.photo.uploading')}
        </p>
      )}
      {work.kind === 'error' && (
        <p className="field-help field-help--warning" role="alert">
          {work.message}
        </p>
      )}
      {!locked && (
        <div className="inline-controls">
          <button id={id} type="button" className="button button--secondary" disabled={busy} onClick={() => camera.current?.click()} aria-invalid={(rawErrors?.length ?? 0) > 0 || undefined}>
            {current ? t('widgets.photo.retake') : t('widgets.photo.take')}
          </button>
          <button type="button" className="button button--quiet" disabled={busy} onClick={() => gallery.current?.click()}>
            {t('widgets.photo.gallery')}
          </button>
          {current && (
            <button type="button" className="button button--quiet" disabled={busy} onClick={() => onChange(undefined)}>
              {t('widgets.photo.remove')}
            </button>
          )}
        </div>
      )}
      <input ref={camera} type="file" accept="image/*" capture="environment" hidden tabIndex={-1} onChange={(event) => void handleFile(event)} data-testid={`${id}-camera`} />
      <input ref={gallery} type="file" accept="image/*" hidden tabIndex={-1} onChange={(event) => void handleFile(event)} data-testid={`${id}-gallery`} />
    </div>
  );
}
