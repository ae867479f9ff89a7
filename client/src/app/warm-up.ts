/** Where the built warm-up page is served (warmUpPage in features/fill/open-by-link/vite-plugins.ts builds it). */
export const WARM_UP_PAGE = '/warm-up.html';
/** Long enough for the page's scripts to run and Chromium to write their compiled code. */
const WARM_UP_KEPT_MS = 15_000;

/**
 * Runs the app's start-up and the fill form's code once from the worker's cache (after the first
 * install and after each new version is taken up), in a hidden page that draws nothing: Chromium keeps
 * compiled code for a script the worker serves only from its first run there, so without this the
 * cadre's next opening would compile the form engine again and write its cache while the form is
 * being drawn. `done` is called once the page has loaded; a warm-up cut short before that runs again
 * on the next visit.
 */
export function warmUp(done: () => void): void {
  const frame = document.createElement('iframe');
  frame.src = WARM_UP_PAGE;
  frame.hidden = true;
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  frame.addEventListener(
    'load',
    () => {
      // Its module scripts have all run (and been compiled) by its load event.
      done();
      setTimeout(() => frame.remove(), WARM_UP_KEPT_MS);
    },
    { once: true },
  );
  document.body.append(frame);
}
