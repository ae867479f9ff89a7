import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { notifyManager } from '@tanstack/react-query';
import { registerSW } from 'virtual:pwa-register';
import { App } from './app/App';
import { reportUpdate } from './app/app-update';
import { initI18n, languageReady } from './app/i18n';
import './app/styles/base.css';
import './app/styles/shell.css';
import './app/styles/pages.css';
import './forms/forms.css';

initI18n();
// Query results reach the screen in the same task instead of one timer later each (TanStack's
// documented option): opening a form makes several reads, and on a slow phone every extra task
// between them shows.
notifyManager.setScheduler(queueMicrotask);

const root = document.getElementById('root');
if (root) {
  // English readers wait for their bundle (one small file) rather than see the app switch language.
  void languageReady().then(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}

if ('serviceWorker' in navigator) {
  const updateServiceWorker = registerSW({
    onNeedRefresh: () => reportUpdate(() => updateServiceWorker(true)),
  });
}
