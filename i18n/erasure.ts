// "Delete my data" in the visitor's language: the confirmation mail (server/mail/templates.ts) and the page its link
// opens (server/widget/erasure-page.ts). Server only, so none of it reaches embed.js. `{x}` marks a value filled in
// at run time: {name} the help desk's name, {hours} how long the link works, {erase} and {tab} the widget's own
// words for its "Delete my data" button and "My tickets" tab (also the page's title and button), so all say the same.
import { TRANSLATIONS } from './catalog.ts';
import { fill } from './index.ts';

export const erasureEn = {
  mailSubject: 'Confirm: delete your data at {name}',
  mailLead:
    "You (or someone using the help widget on {name}'s site with your requests) asked to delete everything {name}'s help desk holds about you: your requests, messages and files.",
  mailHow: 'To confirm, open this link and press "{erase}". It works once, for {hours} hours.',
  mailButton: 'Review and confirm',
  mailIgnore: 'If you did not ask for this, ignore this email: nothing is deleted.',
  pageHeading: 'Delete your data?',
  pageBody:
    "Everything {name}'s help desk holds about you goes for good: your requests, the messages in them, your files and the mail about them. This cannot be undone.",
  pageKeep: 'Changed your mind? Close this page: nothing is deleted.',
  doneTitle: 'Your data is being deleted',
  doneBody: "It takes a moment. The help widget on {name}'s site forgets you the next time it loads.",
  invalidTitle: 'Link not valid',
  invalidHeading: 'This link cannot be used',
  invalidBody:
    'It was already used, has expired, or was replaced by a newer one. Ask again from the help widget: "{tab}" → "{erase}".',
};
export type ErasureStrings = typeof erasureEn;

const de: ErasureStrings = {
  mailSubject: 'Bestätigen: Ihre Daten bei {name} löschen',
  mailLead:
    'Sie (oder jemand, der das Hilfe-Widget auf der Website von {name} mit Ihren Anfragen nutzt) haben darum gebeten, alles zu löschen, was der Helpdesk von {name} über Sie speichert: Ihre Anfragen, Nachrichten und Dateien.',
  mailHow:
    'Öffnen Sie zur Bestätigung diesen Link und klicken Sie auf „{erase}“. Er funktioniert einmal, {hours} Stunden lang.',
  mailButton: 'Prüfen und bestätigen',
  mailIgnore: 'Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Es wird nichts gelöscht.',
  pageHeading: 'Ihre Daten löschen?',
  pageBody:
    'Alles, was der Helpdesk von {name} über Sie speichert, wird endgültig gelöscht: Ihre Anfragen, die Nachrichten darin, Ihre Dateien und die E-Mails dazu. Das lässt sich nicht rückgängig machen.',
  pageKeep: 'Doch nicht? Schließen Sie diese Seite: Es wird nichts gelöscht.',
  doneTitle: 'Ihre Daten werden gelöscht',
  doneBody:
    'Das dauert einen Moment. Das Hilfe-Widget auf der Website von {name} vergisst Sie, wenn es das nächste Mal lädt.',
  invalidTitle: 'Link ungültig',
  invalidHeading: 'Dieser Link kann nicht verwendet werden',
  invalidBody:
    'Er wurde bereits verwendet, ist abgelaufen oder wurde durch einen neueren ersetzt. Fragen Sie erneut im Hilfe-Widget: „{tab}“ → „{erase}“.',
};

const ar: ErasureStrings = {
  mailSubject: 'تأكيد: حذف بياناتك لدى {name}',
  mailLead:
    'طلبتَ (أو طلب شخص يستخدم أداة المساعدة على موقع {name} بطلباتك) حذف كل ما يحتفظ به مكتب مساعدة {name} عنك: طلباتك ورسائلك وملفاتك.',
  mailHow: 'للتأكيد، افتح هذا الرابط واضغط «{erase}». يعمل الرابط مرة واحدة، لمدة {hours} ساعة.',
  mailButton: 'المراجعة والتأكيد',
  mailIgnore: 'إذا لم تطلب ذلك، فتجاهل هذه الرسالة: لن يُحذف شيء.',
  pageHeading: 'هل تريد حذف بياناتك؟',
  pageBody:
    'سيُحذف نهائيًا كل ما يحتفظ به مكتب مساعدة {name} عنك: طلباتك والرسائل فيها وملفاتك والبريد المتعلق بها. لا يمكن التراجع عن ذلك.',
  pageKeep: 'غيّرت رأيك؟ أغلق هذه الصفحة: لن يُحذف شيء.',
  doneTitle: 'يجري حذف بياناتك',
  doneBody: 'يستغرق ذلك لحظة. ستنساك أداة المساعدة على موقع {name} في المرة القادمة التي تُحمَّل فيها.',
  invalidTitle: 'الرابط غير صالح',
  invalidHeading: 'لا يمكن استخدام هذا الرابط',
  invalidBody:
    'سبق استخدامه أو انتهت صلاحيته أو استُبدل برابط أحدث. اطلب مرة أخرى من أداة المساعدة: «{tab}» ← «{erase}».',
};

export const ERASURE_TRANSLATIONS: Record<string, ErasureStrings> = { en: erasureEn, de, ar };

/**
 * The texts in one supported language (English otherwise), every value filled in at once: the widget's words, the
 * help desk's name and the link's hours (one pass, so a name that looks like `{x}` stays as it is).
 */
export function erasureStrings(
  locale: string,
  vars: { name: string; hours?: number },
): ErasureStrings & { locale: string; erase: string } {
  const l = ERASURE_TRANSLATIONS[locale] && TRANSLATIONS[locale] ? locale : 'en';
  const w = TRANSLATIONS[l]!;
  const all = { erase: w.erase, tab: w.tabTickets, ...vars };
  const texts = Object.fromEntries(
    Object.entries(ERASURE_TRANSLATIONS[l]!).map(([k, v]) => [k, fill(v, all)]),
  ) as ErasureStrings;
  return { ...texts, locale: l, erase: w.erase };
}
