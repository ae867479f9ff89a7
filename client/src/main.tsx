// First, so that a form opened by link starts its reads before the rest of the app is evaluated.
import { formReads, queryClient } from './features/fill/open-by-link/boot-reads';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { reportUpdate } from './app/app-update';
import { registerServiceWorker } from './app/service-worker';
import { initI18n, languageReady } from './app/i18n';
import './app/styles/base.css';
import './app/styles/shell.css';
import './app/styles/pages.css';
import './forms/forms.css';

/** How long a form opened by link may keep the app from drawing while its reads are answered. */
const FORM_READS_WAIT_MS = 2500;
initI18n();

const root = document.getElementById('root');
if (root) {
  // English readers wait for their bundle (one small file) rather than see the app switch language.
  // A form opened by link is drawn once its reads are answered (index.html shows "Memuat…"
  // meanwhile): drawing the shell first kept a slow phone too busy to take in the answers, and the
  // form was then drawn over it a second time. Past the wait, the shell shows its own progress.
  const formReady = formReads ? Promise.race([formReads, new Promise<void>((resolve) => setTimeout(resolve, FORM_READS_WAIT_MS))]) : null;
  void Promise.all([languageReady(), formReady]).then(() =>
    createRoot(root).render(
      <StrictMode>
        <App queryClient={queryClient} />
      </StrictMode>,
    ),
  );
}

registerServiceWorker(reportUpdate);
