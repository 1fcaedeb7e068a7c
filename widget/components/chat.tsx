// "Contact us" with live chat: the conversation while it goes on (log, typing, "Seen", name and email asked in the log,
// required once the team has gone, the composer with files), else the ticket form, saying when the team is back or
// that the chat has ended.
import type { Store } from '../store.ts';
import { lastMine } from '../state/chat.ts';
import { fill } from '../../i18n/index.ts';
import { TicketForm } from './ticket-form.tsx';
import { Composer, msg, useEnd, when } from './tickets.tsx';

export function Contact({ s }: { s: Store }) {
  const t = s.t.value;
  const st = s.chatStatus.value;
  if (s.chatLive.value) return <Chat s={s} />;
  const back = st?.nextOpenAt;
  return (
    <div>
      {s.chatEnded.value ? (
        <p class="ok">
          {t.chatEnded}{' '}
          <button type="button" class="link" onClick={s.restartChat}>
            {t.chatNew}
          </button>
        </p>
      ) : (
        st?.enabled && <p class="ok">{back ? fill(t.chatBack, { time: when(s, back) }) : t.chatAway}</p>
      )}
      <TicketForm s={s} />
    </div>
  );
}

function Chat({ s }: { s: Store }) {
  const t = s.t.value;
  const list = s.chatMessages.value;
  const typing = s.chatTyping.value;
  const end = useEnd(list.length + (typing || ''));
  const mine = lastMine(list);
  // "Seen": the team's receipt covers the visitor's last message.
  const upTo = s.chat.value?.agentRead?.upTo;
  const seen = mine >= 0 && list.findIndex((m) => m.id === upTo) >= mine;
  const ask = s.chatContact.value;
  const gone = s.chatGone.value;
  const going = !!s.chatId.value;
  return (
    <div>
      <h3 tabIndex={-1} data-focus>
        {t.chatTitle}
      </h3>
      <div role="log" aria-live="polite">
        <ol class="thread" ref={end}>
          {list.map((m, i) => msg(s, m, i === mine && seen && <small>{t.seen}</small>))}
          {typing && (
            <li key="typing" class="meta">
              {fill(t.chatTyping, { name: typing })}
            </li>
          )}
        </ol>
      </div>
      {(ask || gone) && (
        <form
          class="msg ask"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            void s.giveContact(f.get('email') as string, f.get('name') as string);
          }}
        >
          {ask === 'done' ? (
            t.chatSaved
          ) : (
            <>
              <div class="f">
                <label for="hd-ce">{gone ? t.chatGone : t.chatAsk}</label>
                <input id="hd-ce" name="email" type="email" autocomplete="email" required />
              </div>
              <div class="f">
                <label for="hd-cn">
                  {t.name}
                  <span class="opt"> ({t.optional})</span>
                </label>
                <input id="hd-cn" name="name" autocomplete="name" />
              </div>
              <button class="btn" type="submit">
                {t.chatSave}
              </button>
            </>
          )}
        </form>
      )}
      {/* The team has gone: the email first, so that the answer can reach the visitor. */}
      {!gone && (
        <Composer
          s={s}
          id="hd-chat"
          label={t.message}
          text={s.chatText}
          send={s.sendChat}
          submit={t.send}
          input={s.chatInput}
          files={going ? s.chatFiles : undefined}
          enter
        />
      )}
    </div>
  );
}
