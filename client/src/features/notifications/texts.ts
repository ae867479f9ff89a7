import { addFeatureTexts } from '../../app/feature-texts';

/** The notification list's words. */
export const notificationsTexts = {
  id: {
    title: 'Notifikasi',
    empty: 'Belum ada notifikasi.',
    unread: 'Belum dibaca',
    markRead: 'Tandai sudah dibaca',
    markAllRead: 'Tandai semua sudah dibaca',
    openForm: 'Isi formulir',
    openSubmission: 'Lihat kiriman',
    loadMore: 'Muat lagi',
    loadingMore: 'Memuat…',
    reminderFor: 'Periode: {{period}}',
    reviewApproved: 'Kiriman disetujui',
    reviewRejected: 'Ditolak peninjau — perbaiki dan kirim revisi',
    reviewComment: 'Catatan peninjau: {{comment}}',
    markFailed: 'Belum dapat ditandai; coba lagi saat ada sinyal.',
  },
  en: {
    title: 'Notifications',
    empty: 'No notifications yet.',
    unread: 'Unread',
    markRead: 'Mark as read',
    markAllRead: 'Mark all as read',
    openForm: 'Fill in the form',
    openSubmission: 'View submission',
    loadMore: 'Load more',
    loadingMore: 'Loading…',
    reminderFor: 'Period: {{period}}',
    reviewApproved: 'Submission approved',
    reviewRejected: 'Rejected by reviewer — fix it and send a revision',
    reviewComment: 'Reviewer’s note: {{comment}}',
    markFailed: 'Could not mark it yet; try again when there is a signal.',
  },
};

addFeatureTexts('notifications', notificationsTexts);
