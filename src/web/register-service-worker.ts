/**
 * Installs the service worker (src/web/public/sw.js) that caches the app shell for the installed app. Only in a built
 * app: in development Vite serves modules the worker must not pin.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Without the worker the app works as a plain web page; nothing to tell the user.
    });
  });
}
