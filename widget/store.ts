// The widget's state, one slice per job (state/*); components only read its signals and call its functions.
import type { Api } from './api.ts';
import { resolveFeatures, type PageConfig, type TenantConfig } from './config.ts';
import { createChat } from './state/chat.ts';
import { createFiles } from './state/attachments.ts';
import { createForm } from './state/form.ts';
import { createHostEvents } from './state/host-events.ts';
import { createKb } from './state/kb.ts';
import { createShell, type View } from './state/shell.ts';
import { createVisitor } from './state/visitor.ts';

export type { View } from './state/shell.ts';
export type { Draft } from './state/form.ts';

export type Store = ReturnType<typeof createStore>;

export function createStore(api: Api, page: PageConfig, tenant: TenantConfig, tokenRef: { current: string | null }) {
  const features = resolveFeatures(page, tenant);
  const home: View = features.kb ? 'help' : 'contact';
  const events = createHostEvents();
  const shell = createShell(api, tenant, home, events);
  const files = () => createFiles(api, shell, tenant.maxFileBytes);
  const visitor = createVisitor(api, shell, page, events, home, tokenRef, files());
  const form = createForm(api, shell, visitor, events, tenant.customFields ?? [], features, files());
  const chat = createChat(api, shell, visitor, features.chat, files());
  const kb = createKb(api, shell, form, events, home);
  // News waiting: the panel opens on the conversation, unless the visitor is in the middle of a request.
  shell.isOpen.subscribe((open) => {
    const writing = shell.view.value === 'contact' && (form.draft.value.subject || form.draft.value.message);
    if (open && visitor.unread.value && !writing && !chat.chatLive.value) visitor.showUnread();
    // Whether someone is there to chat, fresh each time the panel opens (during a chat: whether the team is still there).
    if (open) void chat.checkChat();
  });

  return {
    page,
    tenant,
    features,
    ...events,
    ...shell,
    ...visitor,
    ...form,
    ...kb,
    ...chat,
    /** HelpDesk('identify'): all the user's tickets on any device, and the form knows who they are. */
    async identify(who: { userId: string; email: string; name?: string; userHash: string }) {
      await visitor.identify(who);
      form.prefill({ email: who.email, name: who.name });
    },
    dispose() {
      visitor.dispose();
      chat.disposeChat();
      events.clear();
    },
  };
}
