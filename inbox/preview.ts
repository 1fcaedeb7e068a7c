// The widget preview frame: loads the real /embed.js with the configuration passed in the URL hash.
/** Typed loosely on purpose: the embed declares the real globals; this page only hands them over. */
const w = window as unknown as { HelpDeskConfig?: unknown; HelpDesk?: (command: string, ...args: unknown[]) => void };

function readConfig(): unknown {
  try {
    return JSON.parse(decodeURIComponent(location.hash.slice(1)));
  } catch {
    return null;
  }
}

const config = readConfig();
if (config) {
  w.HelpDeskConfig = config;
  const s = document.createElement('script');
  s.src = '/embed.js';
  s.async = true;
  s.onload = () => w.HelpDesk?.('open');
  s.onerror = () =>
    (document.getElementById('status')!.textContent =
      'The widget script (/embed.js) is not available on this server yet.');
  document.head.appendChild(s);
}
// A new configuration means a fresh widget: the embed reads its config once, at load.
window.addEventListener('hashchange', () => location.reload());
export {};
