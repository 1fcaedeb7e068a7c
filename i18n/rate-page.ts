// The public rating page's texts (`/rate/<token>`, server/csat/page.ts), beside the widget's; server only, so none
// of it reaches embed.js. The question, Good / Bad and the comment's label are the widget's own (rateAsk, good, bad,
// rateNote, optional), so both ask in the same words. `{x}` marks a value filled in at run time.
export const ratePageEn = {
  request: 'Your request #{n}: {subject}',
  yourRating: 'Your rating',
  send: 'Send rating',
  already: 'You rated this already; you may change it for {days} days after the ticket was resolved.',
  thanksTitle: 'Thank you',
  thanks: 'Thank you!',
  received: 'We received your rating: {rating}.',
  changeLater: 'You can change it from the link in the email for {days} days after the ticket was resolved.',
  closedTitle: 'Rating closed',
  closed: 'This rating is closed',
  off: 'This help desk does not ask for ratings.',
  unresolved: 'The ticket is not resolved.',
  reopened: 'The ticket was opened again since this link was sent.',
  expired: 'Ratings are taken for {days} days after a ticket is resolved.',
  choose: 'Choose Good or Bad.',
  badComment: 'The comment must be plain text of at most 2,000 characters.',
  tooLong: 'The comment is too long.',
  notFound: 'Not found',
};
export type RatePageStrings = typeof ratePageEn;

const de: RatePageStrings = {
  request: 'Ihre Anfrage #{n}: {subject}',
  yourRating: 'Ihre Bewertung',
  send: 'Bewertung senden',
  already: 'Sie haben bereits bewertet; Sie können die Bewertung bis {days} Tage nach der Lösung des Tickets ändern.',
  thanksTitle: 'Vielen Dank',
  thanks: 'Vielen Dank!',
  received: 'Wir haben Ihre Bewertung erhalten: {rating}.',
  changeLater: 'Über den Link in der E-Mail können Sie sie bis {days} Tage nach der Lösung des Tickets ändern.',
  closedTitle: 'Bewertung geschlossen',
  closed: 'Diese Bewertung ist geschlossen',
  off: 'Dieser Helpdesk bittet nicht um Bewertungen.',
  unresolved: 'Das Ticket ist nicht gelöst.',
  reopened: 'Das Ticket wurde wieder geöffnet, seit dieser Link verschickt wurde.',
  expired: 'Bewertungen sind bis {days} Tage nach der Lösung eines Tickets möglich.',
  choose: 'Wählen Sie Gut oder Schlecht.',
  badComment: 'Der Kommentar muss reiner Text mit höchstens 2.000 Zeichen sein.',
  tooLong: 'Der Kommentar ist zu lang.',
  notFound: 'Nicht gefunden',
};

const ar: RatePageStrings = {
  request: 'طلبك رقم {n}: {subject}',
  yourRating: 'تقييمك',
  send: 'إرسال التقييم',
  already: 'لقد قيّمت هذا من قبل؛ يمكنك تغيير التقييم خلال {days} أيام بعد حل التذكرة.',
  thanksTitle: 'شكرًا لك',
  thanks: 'شكرًا لك!',
  received: 'استلمنا تقييمك: {rating}.',
  changeLater: 'يمكنك تغييره من الرابط في البريد الإلكتروني خلال {days} أيام بعد حل التذكرة.',
  closedTitle: 'التقييم مغلق',
  closed: 'هذا التقييم مغلق',
  off: 'مكتب المساعدة هذا لا يطلب تقييمات.',
  unresolved: 'التذكرة لم تُحل.',
  reopened: 'أُعيد فتح التذكرة منذ إرسال هذا الرابط.',
  expired: 'تُقبل التقييمات خلال {days} أيام بعد حل التذكرة.',
  choose: 'اختر جيد أو سيئ.',
  badComment: 'يجب أن يكون التعليق نصًا عاديًا لا يتجاوز 2000 حرف.',
  tooLong: 'التعليق طويل جدًا.',
  notFound: 'غير موجود',
};

export const RATE_PAGE_TRANSLATIONS: Record<string, RatePageStrings> = { en: ratePageEn, de, ar };
