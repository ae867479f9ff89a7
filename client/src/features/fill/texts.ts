import { addFeatureTexts } from '../../app/feature-texts';

/** The form page's words for links it cannot open. */
export const fillTexts = {
  id: {
    versionMissing: 'Formulir {{title}} tidak punya versi {{version}}. Tautan ini mungkin salah ketik atau sudah lama.',
    openLatest: 'Buka versi terbaru',
    regionOutOfScope: 'Wilayah di tautan ini di luar wilayah tugas Anda, jadi formulirnya tidak dapat Anda isi. Tidak ada yang perlu diketik.',
    regionWrongLevel: 'Formulir ini diisi per {{level}}, bukan untuk wilayah di tautan ini.',
    backToTasks: 'Kembali ke Tugas saya',
  },
  en: {
    versionMissing: 'The form {{title}} has no version {{version}}. The link may be mistyped or out of date.',
    openLatest: 'Open the latest version',
    regionOutOfScope: 'The region in this link is outside your assigned area, so you cannot fill in this form. Nothing needs typing.',
    regionWrongLevel: 'This form is filled in per {{level}}, not for the region in this link.',
    backToTasks: 'Back to My tasks',
  },
};

addFeatureTexts('fill', fillTexts);
