import { useTranslation } from 'react-i18next';
import { addFeatureTexts } from '../../../app/feature-texts';

/** The alerts panel's words, loaded with the dashboard (never by the cadre's route). */
export const alertsTexts = {
  id: {
    title: 'Peringatan dini',
    lead: 'Peringatan yang masih terbuka di wilayah Anda.',
    none: 'Tidak ada peringatan terbuka.',
    where: '{{region}} · {{period}}',
    value: 'Nilai {{value}}, ambang {{threshold}}',
    openedAt: 'Dibuka {{time}}',
    acknowledged: 'Ditanggapi oleh {{user}}',
    acknowledgedWithComment: 'Ditanggapi oleh {{user}}: “{{comment}}”',
    acknowledge: 'Tanggapi',
    comment: 'Tanggapan (tidak wajib)',
    commentHint: 'Mis. apa yang sudah dilakukan dan siapa yang menindaklanjuti.',
    send: 'Simpan tanggapan',
    cancel: 'Batal',
    failed: 'Tanggapan belum tersimpan. Periksa sambungan lalu coba lagi.',
  },
  en: {
    title: 'Early warning',
    lead: 'Alerts still open in your region.',
    none: 'No open alerts.',
    where: '{{region}} · {{period}}',
    value: 'Value {{value}}, threshold {{threshold}}',
    openedAt: 'Opened {{time}}',
    acknowledged: 'Acknowledged by {{user}}',
    acknowledgedWithComment: 'Acknowledged by {{user}}: “{{comment}}”',
    acknowledge: 'Acknowledge',
    comment: 'Comment (optional)',
    commentHint: 'E.g. what has been done and who follows up.',
    send: 'Save acknowledgement',
    cancel: 'Cancel',
    failed: 'The acknowledgement was not saved. Check the connection and try again.',
  },
};

addFeatureTexts('dashboardAlerts', alertsTexts);

/** The panel's words: `k('title')` reads `dashboardAlerts.title`. */
export function useAlertsTexts(): (key: string, options?: Record<string, unknown>) => string {
  const { t } = useTranslation();
  return (key, options) => t(`dashboardAlerts.${key}`, options);
}
