import type { ReactElement } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useThemes } from '../../../api/queries';
import { periodKey } from '../../../lib/wib';
import { useCurrentUser } from '../../auth/AuthProvider';
import { CompletenessPanel } from '../completeness/CompletenessPanel';
import { DownloadsPanel } from '../downloads/DownloadsPanel';

// TEMP: hosts the completeness and downloads panels until the dashboard page wires them; drop with its route.
export function PanelsPreview(): ReactElement {
  const [search] = useSearchParams();
  const user = useCurrentUser();
  const slug = search.get('tematik') ?? 'covid-harian';
  const theme = useThemes().data?.find((candidate) => candidate.slug === slug);
  if (!theme) return <div className="page" />;
  const granularity = search.get('granularitas') ?? theme.period;
  const props = {
    slug,
    granularity,
    period: search.get('periode') ?? periodKey(theme.period, new Date()) ?? 'all',
    regionCode: search.get('wilayah') ?? user.regionCode,
    level: search.get('tingkat') ?? theme.regionLevel,
    measure: search.get('ukuran') ?? undefined,
  };
  return (
    <div className="page">
      <h1 className="page-title">{theme.title}</h1>
      <div style={{ display: 'grid', gap: 'var(--space-4)', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 28rem), 1fr))', alignItems: 'start' }}>
        <CompletenessPanel {...props} />
        <DownloadsPanel {...props} />
      </div>
    </div>
  );
}
