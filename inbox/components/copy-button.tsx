// Copies a value to the clipboard and says so; falls back to selecting text for manual copy.
import { useState } from 'preact/hooks';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState<'' | 'ok' | 'fail'>('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setDone('ok');
    } catch {
      setDone('fail');
    }
    setTimeout(() => setDone(''), 2500);
  }
  return (
    <span class="copy">
      <button class="btn" type="button" onClick={copy}>
        {label}
      </button>
      <span role="status" class="muted">
        {done === 'ok' ? 'Copied' : done === 'fail' ? 'Copy failed: select the text and press Ctrl+C' : ''}
      </span>
    </span>
  );
}
