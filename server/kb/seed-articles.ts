// Demo knowledge base of Trailhead Outfitters, an outdoor gear shop: categories, published articles and search synonyms.
export interface SeedCategory {
  key: string;
  name: string;
  description: string;
}

export interface SeedArticle {
  category: string;
  title: string;
  locale?: string;
  slug?: string;
  body: string;
}

/** What the shop's visitors say and its articles do not: each term also searches its synonyms. */
export const SEED_SYNONYMS: { term: string; synonyms: string[] }[] = [
  { term: 'parcel', synonyms: ['order', 'package', 'delivery'] },
  { term: 'package', synonyms: ['parcel'] },
  { term: 'money', synonyms: ['refund'] },
  { term: 'login', synonyms: ['sign in', 'password'] },
  { term: 'email', synonyms: ['e-mail'] },
  { term: 'zipper', synonyms: ['zip'] },
  { term: 'paket', synonyms: ['sendung', 'lieferung'] },
];

export const SEED_CATEGORIES: SeedCategory[] = [
  { key: 'orders', name: 'Orders & shipping', description: 'Delivery times, costs and tracking your parcel.' },
  { key: 'returns', name: 'Returns & warranty', description: 'Sending gear back, refunds and our lifetime warranty.' },
  { key: 'account', name: 'Your account', description: 'Signing in, passwords and your details.' },
  { key: 'gear', name: 'Gear & sizing', description: 'Finding the right fit and looking after your kit.' },
];

export const SEED_ARTICLES: SeedArticle[] = [
  {
    category: 'orders',
    title: 'Shipping times and costs',
    body: `Orders placed before **2 pm (CET)** on a business day leave our warehouse the same day.

| Destination | Standard | Express |
| --- | --- | --- |
| Germany | 1–2 business days, free over €50 | next business day, €9.90 |
| Rest of the EU | 3–5 business days, €6.90 | 1–2 business days, €19.90 |
| UK and Switzerland | 4–7 business days, €12.90 | 2–3 business days, €29.90 |

Bulky items such as tents over 4 kg and kayaks ship by freight and may take two extra days.
You get a tracking link by e-mail as soon as the parcel is handed to the carrier.`,
  },
  {
    category: 'orders',
    title: 'Track your order',
    body: `Every order gets a tracking number once it leaves the warehouse.

1. Open the shipping confirmation e-mail and click **Track parcel**.
2. Or sign in, go to **Account → Orders** and choose the order.

Tracking can take up to 24 hours to show the first scan. If it has not moved for five business days,
write to us with your order number and we will open an investigation with the carrier.`,
  },
  {
    category: 'orders',
    title: 'Change or cancel an order',
    body: `You can change the address or cancel an order **until it is packed**, usually within an hour of ordering.
Go to **Account → Orders**, choose the order and click **Cancel**. If the button is gone, the parcel is already
on its way: refuse the delivery or send it back free of charge (see *Returns and refunds*).`,
  },
  {
    category: 'returns',
    title: 'Returns and refunds',
    body: `Changed your mind? Return unused gear within **60 days** of delivery.

- Print the free return label from **Account → Orders → Return items**.
- Pack the gear in its original packaging with all tags attached.
- Drop the parcel at any DHL point.

We refund to your original payment method within **5 business days** of receiving the return.
Used gear can still be returned if it is faulty: see *Warranty and repairs*.`,
  },
  {
    category: 'returns',
    title: 'Warranty and repairs',
    body: `All Trailhead-brand gear carries a **lifetime warranty** against defects in materials and workmanship.
Other brands are covered by the manufacturer's warranty (usually two years).

The warranty does not cover normal wear and tear, accidents or damage from improper care.
To make a claim, send us photos of the damage and your order number. Broken zips, delaminated
seams and snapped tent poles are often repaired in our own workshop within two weeks.`,
  },
  {
    category: 'returns',
    title: 'Exchange for a different size',
    body: `Need another size? Start a return for the item and choose **Exchange** as the reason.
We reserve the new size for you and ship it as soon as the return is scanned by the carrier,
so you do not wait for the parcel to reach us. Exchanges are free within Germany and the EU.`,
  },
  {
    category: 'account',
    title: 'Reset your password',
    body: `Forgot your password? No problem.

1. Click **Sign in**, then **Forgot password?**
2. Enter the e-mail address of your account.
3. Open the link we send you within **one hour** and choose a new password.

No e-mail after ten minutes? Check your spam folder, and make sure you used the address you registered with.
For security we never send passwords by e-mail, and our staff will never ask for yours.`,
  },
  {
    category: 'account',
    title: 'Update your e-mail address or delivery address',
    body: `Sign in and open **Account → Profile** to change your e-mail address; we send a confirmation link to the new address.
Saved delivery addresses live under **Account → Addresses**. Changing an address there does not change orders
that are already placed: see *Change or cancel an order*.`,
  },
  {
    category: 'gear',
    title: 'Boot sizing guide',
    body: `Hiking boots should fit snugly at the heel with a thumb's width of room in front of your longest toe.

- Measure your feet in the evening, when they are largest, wearing the socks you hike in.
- Our boots run **true to size**; if you are between sizes, choose the larger one.
- Downhill test: kick a wall gently. If your toes touch the front, go up half a size.

Still unsure? Order two sizes and return the one that does not fit, free of charge.`,
  },
  {
    category: 'gear',
    title: 'Jacket and clothing sizes',
    body: `Measure your chest at its widest point and compare with the size chart on each product page.
Shell jackets are cut to fit over a fleece layer, so keep your usual size. Base layers are designed to be close-fitting;
if you prefer a relaxed fit, go one size up.`,
  },
  {
    category: 'gear',
    title: 'Caring for waterproof gear',
    body: `Dirt and body oils stop waterproof-breathable fabrics from breathing.

1. Wash on a gentle 30 °C cycle with a technical cleaner, **never** with fabric softener.
2. Tumble-dry on low heat for 20 minutes to reactivate the water-repellent finish.
3. When water stops beading on the surface, reproof with a spray-on treatment.

Tents should be dried completely before storage to prevent mildew.`,
  },
  {
    category: 'orders',
    locale: 'de',
    title: 'Lieferzeiten und Versandkosten',
    slug: 'shipping-times-and-costs',
    body: `Bestellungen, die an einem Werktag **vor 14 Uhr** eingehen, verlassen unser Lager am selben Tag.

- Deutschland: 1–2 Werktage, ab 50 € versandkostenfrei
- Übrige EU: 3–5 Werktage, 6,90 €
- Express: am nächsten Werktag, 9,90 €

Sobald das Paket beim Versanddienstleister ist, erhalten Sie einen Link zur Sendungsverfolgung per E-Mail.`,
  },
  {
    category: 'account',
    locale: 'de',
    title: 'Passwort zurücksetzen',
    slug: 'reset-your-password',
    body: `Passwort vergessen? Klicken Sie auf **Anmelden** und dann auf **Passwort vergessen?**.
Geben Sie die E-Mail-Adresse Ihres Kontos ein und öffnen Sie den Link in unserer E-Mail innerhalb **einer Stunde**.
Keine E-Mail erhalten? Prüfen Sie bitte Ihren Spam-Ordner.`,
  },
];
