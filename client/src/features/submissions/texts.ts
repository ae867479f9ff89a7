import { addFeatureTexts } from '../../app/feature-texts';

/** "Kiriman saya"'s own words, merged into the `submissions` texts of the shell when this page loads. */
export const submissionsTexts = {
  id: {
    themeFilter: 'Tematik',
    allThemes: 'Semua tematik',
    loadMore: 'Muat lagi',
    loadingMore: 'Memuat…',
    emptyFiltered: 'Tidak ada kiriman yang cocok dengan saringan ini.',
    record: 'Catatan',
  },
  en: {
    themeFilter: 'Theme',
    allThemes: 'All themes',
    loadMore: 'Load more',
    loadingMore: 'Loading…',
    emptyFiltered: 'No submissions match this filter.',
    record: 'Record',
  },
};

addFeatureTexts('submissions', submissionsTexts);
