import { useId, useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { type CellValue } from '../dashboard-view';
import { formatNumber } from '../../../lib/format-number';

type Ring = [number, number][];
export interface BoundaryFeature {
  type: 'Feature';
  /** `lat`/`lng`: a point inside the area where its name reads best. */
  properties: { kode: string; nama: string; lat: number; lng: number };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

export interface MapArea {
  code: string;
  name: string;
  cell: CellValue;
  drillable: boolean;
}

interface RegionMapProps {
  label: string;
  areas: readonly MapArea[];
  boundaries: readonly BoundaryFeature[];
  k: number | null;
  onDrill: (code: string) => void;
  drillLabel: (area: MapArea) => string;
}

// ColorBrewer "Blues" (the darker 5 of 6 classes): ordered light to dark, the lightest still apart from
// an area without data (white), readable in greyscale print.
export const MAP_COLOURS = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const EMPTY_COLOUR = '#ffffff';
const WIDTH = 600;

export interface ColourClass {
  from: number;
  to: number;
  colour: string;
}

/** Equal-interval classes over the values shown; one class when they are all the same. */
export function colourClasses(values: readonly number[]): ColourClass[] {
  if (!values.length) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (min === max) return [{ from: min, to: max, colour: MAP_COLOURS[MAP_COLOURS.length - 1] }];
  const step = (max - min) / MAP_COLOURS.length;
  return MAP_COLOURS.map((colour, index) => ({ from: min + step * index, to: index === MAP_COLOURS.length - 1 ? max : min + step * (index + 1), colour }));
}

export function colourOf(value: number, classes: readonly ColourClass[]): string {
  return (classes.find((entry) => value <= entry.to) ?? classes[classes.length - 1]).colour;
}

const polygonsOf = (feature: BoundaryFeature): Ring[][] => (feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates);

/**
 * The shown regions as a choropleth, drawn from bundled boundaries (no tile server, works offline):
 * an equirectangular projection corrected for latitude, which at a city's size is indistinguishable
 * from any other. Hidden areas are hatched, areas without data left pale; a click drills down.
 */
export function RegionMap({ label, areas, boundaries, k, onDrill, drillLabel }: RegionMapProps): ReactElement {
  const { t, i18n } = useTranslation();
  const hatchId = `hatch-${useId().replace(/:/g, '')}`;
  const byCode = useMemo(() => new Map(boundaries.map((feature) => [feature.properties.kode, feature])), [boundaries]);
  const shown = useMemo(() => areas.filter((area) => byCode.has(area.code)), [areas, byCode]);
  const classes = colourClasses(shown.flatMap((area) => (area.cell.kind === 'value' ? [area.cell.value] : [])));

  const geometry = useMemo(() => {
    const points = shown.flatMap((area) => polygonsOf(byCode.get(area.code)!).flat(2));
    const longitudes = points.map(([longitude]) => longitude);
    const latitudes = points.map(([, latitude]) => latitude);
    const [west, east, south, north] = [Math.min(...longitudes), Math.max(...longitudes), Math.min(...latitudes), Math.max(...latitudes)];
    const stretch = Math.cos((((south + north) / 2) * Math.PI) / 180);
    const scale = WIDTH / Math.max((east - west) * stretch, 1e-9);
    const toX = (longitude: number): number => (longitude - west) * stretch * scale;
    const toY = (latitude: number): number => (north - latitude) * scale;
    const project = ([longitude, latitude]: [number, number]): string => `${toX(longitude).toFixed(1)},${toY(latitude).toFixed(1)}`;
    const labels = shown.map((area) => {
      const { lat, lng } = byCode.get(area.code)!.properties;
      return { code: area.code, name: area.name, x: toX(lng), y: toY(lat) };
    });
    const paths = new Map(
      shown.map((area) => [
        area.code,
        polygonsOf(byCode.get(area.code)!)
          .map((polygon) => polygon.map((ring) => `M${ring.map(project).join('L')}Z`).join(''))
          .join(''),
      ]),
    );
    return { paths, labels, height: Math.ceil((north - south) * scale) };
  }, [shown, byCode]);

  const fillOf = (cell: CellValue): string => (cell.kind === 'value' ? colourOf(cell.value, classes) : cell.kind === 'suppressed' ? `url(#${hatchId})` : EMPTY_COLOUR);
  const describe = (area: MapArea): string =>
    area.cell.kind === 'value'
      ? `${area.name}: ${formatNumber(area.cell.value, i18n.language)}`
      : area.cell.kind === 'suppressed'
        ? `${area.name}: ${t('dashboard.suppressed', { k: k ?? '' })} — ${t('dashboard.suppressedTitle', { k: k ?? '' })}`
        : `${area.name}: ${t('dashboard.noDataTitle')}`;

  return (
    <figure className="region-map">
      <svg viewBox={`-4 -4 ${WIDTH + 8} ${geometry.height + 8}`} role="group" aria-label={label} className="region-map-svg">
        <defs>
          <pattern id={hatchId} patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#ffffff" />
            <line x1="0" y1="0" x2="0" y2="8" stroke="#4f5b69" strokeWidth="3" />
          </pattern>
        </defs>
        {shown.map((area) => (
          <path
            key={area.code}
            d={geometry.paths.get(area.code)}
            fill={fillOf(area.cell)}
            data-region={area.code}
            className={area.drillable ? 'map-area is-drillable' : 'map-area'}
            role={area.drillable ? 'button' : 'img'}
            tabIndex={area.drillable ? 0 : undefined}
            aria-label={area.drillable ? `${describe(area)}. ${drillLabel(area)}` : describe(area)}
            onClick={area.drillable ? () => onDrill(area.code) : undefined}
            onKeyDown={(event) => {
              if (area.drillable && (event.key === 'Enter' || event.key === ' ')) {
                event.preventDefault();
                onDrill(area.code);
              }
            }}
          >
            <title>{describe(area)}</title>
          </path>
        ))}
        {geometry.labels.map((label) => (
          <text key={label.code} x={label.x} y={label.y} textAnchor="middle" className="map-label" aria-hidden="true">
            {label.name}
          </text>
        ))}
      </svg>
      <figcaption>
        <p className="map-legend-title">{t('dashboard.map.legend')}</p>
        <ul className="map-legend">
          {classes.map((entry) => (
            <li key={entry.colour}>
              <span className="legend-swatch" style={{ background: entry.colour }} aria-hidden="true" />
              {entry.from === entry.to
                ? formatNumber(entry.from, i18n.language)
                : `${formatNumber(entry.from, i18n.language)} – ${formatNumber(entry.to, i18n.language)}`}
            </li>
          ))}
          {shown.some((area) => area.cell.kind === 'suppressed') && (
            <li>
              <svg className="legend-swatch" viewBox="0 0 16 16" aria-hidden="true">
                <rect width="16" height="16" fill={`url(#${hatchId})`} />
              </svg>
              {t('dashboard.map.hatched', { k: k ?? '' })}
            </li>
          )}
          {shown.some((area) => area.cell.kind === 'missing') && (
            <li>
              <span className="legend-swatch legend-swatch--empty" aria-hidden="true" />
              {t('dashboard.map.empty')}
            </li>
          )}
        </ul>
        <p className="small muted">{t('dashboard.map.attribution')}</p>
      </figcaption>
    </figure>
  );
}
