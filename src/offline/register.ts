/** Registers the offline service worker (built sites only: the dev server has no precache). */
export function registerOfflineCache(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // After the page has loaded, so the first visit's own downloads come first.
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js', { type: 'module', scope: './' }).catch((error: unknown) => {
      console.warn('Kinora will not work offline here:', error);
    });
  });
}
