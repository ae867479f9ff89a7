import { useEffect, useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Region, RegionLevel } from '../../../api/types';
import { describeError, PageState } from '../../../app/PageState';
import { useToast } from '../../../app/Toaster';
import { useCurrentUser } from '../../auth/AuthProvider';
import '../../tokens/tool-page.css';
import './regions.css';
import './texts';
import { BulkAddPanel } from './BulkAddPanel';
import { CHILD_LEVEL } from './region-rows';
import { addRegion, adminRegionsKey, fetchChildrenWithCounts, fetchRegionWithPath, type RegionWithCount } from './regions-api';

const within = (code: string, scope: string): boolean => code === scope || code.startsWith(`${scope}.`);

/** "Kelurahan Rejomulyo", but "Kota Metro" and "RW 05" as they are: their names already say their level. */
function LevelAndName({ region }: { region: Region }): ReactElement {
  const { t } = useTranslation();
  const level = t(`regionLevels.${region.level}`);
  if (region.name.toLowerCase().startsWith(level.toLowerCase())) return <>{region.name}</>;
  return (
    <>
      <span className="region-trail-level">{level}</span> {region.name}
    </>
  );
}

/** Where a region sits, from the admin's own region down: only what the admin may open is a link. */
function Trail({ path, current, root }: { path: Region[]; current: Region; root: string }): ReactElement {
  const { t } = useTranslation();
  const shown = path.filter((region) => within(region.code, root));
  return (
    <nav aria-label={t('adminRegions.trail')} className="region-trail">
      <ol>
        {shown.map((region) => (
          <li key={region.code}>
            <Link to={`?kode=${encodeURIComponent(region.code)}`}>
              <LevelAndName region={region} />
            </Link>
          </li>
        ))}
        <li aria-current="page">
          <LevelAndName region={current} />
        </li>
      </ol>
    </nav>
  );
}

function ChildrenTable({ parent, children }: { parent: Region; children: RegionWithCount[] }): ReactElement {
  const { t } = useTranslation();
  if (children.length === 0) return <p className="empty">{t('adminRegions.empty', { name: parent.name })}</p>;
  return (
    <div className="tool-table-wrap">
      <table className="tool-table">
        <thead>
          <tr>
            <th scope="col">{t('adminRegions.name')}</th>
            <th scope="col">{t('adminRegions.level')}</th>
            <th scope="col">{t('adminRegions.code')}</th>
            <th scope="col">{t('adminRegions.below')}</th>
          </tr>
        </thead>
        <tbody>
          {children.map((child) => (
            <tr key={child.code}>
              <td data-label={t('adminRegions.name')}>
                <Link
                  to={`?kode=${encodeURIComponent(child.code)}`}
                  aria-label={t('adminRegions.openName', { name: child.name })}
                  className="region-link"
                >
                  {child.name}
                </Link>
              </td>
              <td data-label={t('adminRegions.level')}>{t(`regionLevels.${child.level}`)}</td>
              <td data-label={t('adminRegions.code')} className="nowrap">
                <code>{child.code}</code>
              </td>
              <td data-label={t('adminRegions.below')}>
                {child.childCount > 0 ? (
                  t('adminRegions.belowCount', { count: child.childCount })
                ) : (
                  <span className="muted">{t('adminRegions.belowNone')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddOneForm({ parent, level }: { parent: Region; level: RegionLevel }): ReactElement {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const levelName = t(`regionLevels.${level}`);
  const add = useMutation({
    mutationFn: addRegion,
    onSuccess: (region) => {
      setName('');
      notify(t('adminRegions.add.done', { name: region.name, parent: parent.name }), 'success');
      void queryClient.invalidateQueries({ queryKey: adminRegionsKey });
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setMissing(!name.trim());
    if (name.trim()) add.mutate({ name: name.trim(), level, parentCode: parent.code });
  };
  return (
    <form onSubmit={submit} noValidate className="region-add">
      <h3 className="region-add-title">{t('adminRegions.add.title', { level: levelName })}</h3>
      <div className="field">
        <label className="field-label" htmlFor={inputId}>
          {t('adminRegions.add.name', { level: levelName })}
        </label>
        <div className="inline-controls">
          <input
            id={inputId}
            className="input"
            value={name}
            maxLength={120}
            placeholder={t(`adminRegions.add.placeholder.${level}`)}
            aria-invalid={missing || undefined}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={add.isPending}>
            {add.isPending ? t('adminRegions.add.busy') : t('adminRegions.add.submit')}
          </button>
        </div>
        {missing && (
          <span className="field-error" role="alert">
            {t('adminRegions.add.required')}
          </span>
        )}
        {add.error && (
          <span className="field-error" role="alert">
            {describeError(add.error, t)}
          </span>
        )}
      </div>
    </form>
  );
}

/**
 * The admin's region tree, from their own region down: each level's children with how many regions
 * each holds, and below a kelurahan, RW or RT a way to add children one by one or from a spreadsheet.
 */
export function RegionsPage(): ReactElement {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [search] = useSearchParams();
  const asked = search.get('kode');
  const code = asked && within(asked, user.regionCode) ? asked : user.regionCode;
  const [bulkOpen, setBulkOpen] = useState(false);
  const region = useQuery({
    queryKey: [...adminRegionsKey, 'one', code],
    queryFn: () => fetchRegionWithPath(code),
  });
  const children = useQuery({
    queryKey: [...adminRegionsKey, 'children', code],
    queryFn: () => fetchChildrenWithCounts(code),
  });
  const childLevel = region.data ? CHILD_LEVEL[region.data.level] : undefined;

  useEffect(() => {
    document.title = `${t('adminRegions.title')} — Wakuncar`;
  }, [t]);
  useEffect(() => setBulkOpen(false), [code]);

  return (
    <div className="page tool-page">
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('adminRegions.title')}</h1>
          <p className="page-lead">{t('adminRegions.lead')}</p>
        </div>
      </div>
      <PageState pending={region.isPending} error={region.error} onRetry={() => void region.refetch()}>
        {region.data && (
          <>
            <Trail path={region.data.path ?? []} current={region.data} root={user.regionCode} />
            <section className="card" aria-labelledby="region-children-title">
              <div className="section-head">
                <h2 id="region-children-title" className="section-title">
                  {t('adminRegions.children', { name: region.data.name })}
                </h2>
                {childLevel && !bulkOpen && (
                  <button type="button" className="button button--secondary button--small" onClick={() => setBulkOpen(true)}>
                    {t('adminRegions.bulk.open')}
                  </button>
                )}
              </div>
              {bulkOpen && <BulkAddPanel parent={region.data} onClose={() => setBulkOpen(false)} />}
              <PageState pending={children.isPending} error={children.error} onRetry={() => void children.refetch()}>
                <ChildrenTable parent={region.data} children={children.data ?? []} />
              </PageState>
              {childLevel && !bulkOpen && <AddOneForm parent={region.data} level={childLevel} />}
              {region.data.level === 'dasawisma' && (
                <p className="muted">
                  {t('adminRegions.noChildLevel', {
                    level: t('regionLevels.dasawisma'),
                  })}
                </p>
              )}
            </section>
          </>
        )}
      </PageState>
    </div>
  );
}
