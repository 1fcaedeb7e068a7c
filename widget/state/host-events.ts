// The host page's event bus: HelpDesk('on' | 'off', name, fn) and the widget's emits; a throwing handler never breaks the widget.
type Handler = (data?: unknown) => void;

export type HostEvents = ReturnType<typeof createHostEvents>;

export function createHostEvents() {
  const handlers = new Map<string, Set<Handler>>();
  return {
    emit(name: string, data?: unknown) {
      for (const h of handlers.get(name) ?? []) {
        try {
          h(data);
        } catch (e) {
          console.error('[HelpDesk] an event handler threw', e);
        }
      }
    },
    on(name: string, fn: Handler) {
      if (typeof fn !== 'function') return;
      if (!handlers.has(name)) handlers.set(name, new Set());
      handlers.get(name)!.add(fn);
    },
    /** Without `fn`, every handler of the event goes. */
    off(name: string, fn?: Handler) {
      if (fn) handlers.get(name)?.delete(fn);
      else handlers.delete(name);
    },
    clear: () => handlers.clear(),
  };
}
