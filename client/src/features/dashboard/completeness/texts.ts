import { useTranslation } from 'react-i18next';
import { addFeatureTexts } from '../../../app/feature-texts';

/** The completeness panel's words, loaded with the dashboard (never by the cadre's route). */
export const completenessTexts = {
  id: {
    title: 'Kelengkapan laporan',
    lead: '{{period}} · {{level}} di {{region}}',
    leadDay: 'Dilihat per {{unit}}: {{period}}, yang terakhir dalam periode pilihan.',
    dueAt: 'Batas kirim {{time}}',
    noDeadline: 'Tematik ini tidak punya batas waktu kirim.',
    notPeriodic: 'Tematik ini tidak berperiode, jadi tidak ada kelengkapan laporan per periode.',
    summary: '{{total}} {{levelWord}} wajib lapor',
    onTime: 'Tepat waktu',
    late: 'Terlambat',
    missing: 'Belum mengirim',
    rate: 'Sudah mengirim',
    perRegion: 'Per {{level}}',
    region: 'Wilayah',
    due: 'Wajib lapor',
    status: 'Keadaan',
    sentAt: 'dikirim {{time}}',
    lateAndMissing: '{{level}} yang terlambat atau belum mengirim',
    allOnTime: 'Semua {{level}} mengirim tepat waktu.',
    moreRegions: 'Hanya {{shown}} wilayah pertama yang ditampilkan.',
    overTime: 'Kelengkapan dari waktu ke waktu',
    chartLabel: 'Persentase {{level}} yang sudah mengirim per periode, {{from}} sampai {{to}}. Terakhir {{last}}.',
    showTable: 'Lihat sebagai tabel',
    period: 'Periode',
    running: 'berjalan',
    runningNote: 'Periode yang masih berjalan belum lewat batas kirim.',
    periodUnits: { day: 'hari', week: 'minggu', month: 'bulan', quarter: 'triwulan', year: 'tahun' },
  },
  en: {
    title: 'Reporting completeness',
    lead: '{{period}} · {{level}} in {{region}}',
    leadDay: 'Shown per {{unit}}: {{period}}, the last one in the chosen period.',
    dueAt: 'Due {{time}}',
    noDeadline: 'This theme has no submission deadline.',
    notPeriodic: 'This theme has no periods, so there is no completeness per period.',
    summary: '{{level}} due to report: {{total}}',
    onTime: 'On time',
    late: 'Late',
    missing: 'Not submitted',
    rate: 'Submitted',
    perRegion: 'By {{level}}',
    region: 'Region',
    due: 'Due to report',
    status: 'Status',
    sentAt: 'sent {{time}}',
    lateAndMissing: '{{level}} late or not submitted',
    allOnTime: 'Every {{level}} submitted on time.',
    moreRegions: 'Only the first {{shown}} regions are shown.',
    overTime: 'Completeness over time',
    chartLabel: 'Share of {{level}} that submitted, per period, {{from}} to {{to}}. Latest {{last}}.',
    showTable: 'Show as a table',
    period: 'Period',
    running: 'in progress',
    runningNote: 'A period still in progress has not passed its deadline yet.',
    periodUnits: { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' },
  },
};

addFeatureTexts('dashboardCompleteness', completenessTexts);

/** The panel's words: `k('title')` reads `dashboardCompleteness.title`. */
export function useCompletenessTexts(): (key: string, options?: Record<string, unknown>) => string {
  const { t } = useTranslation();
  return (key, options) => t(`dashboardCompleteness.${key}`, options);
}
