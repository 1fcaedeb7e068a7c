// Deterministic help-centre text for the KB bench: a seeded PRNG over a few thousand words, Zipf-distributed.

/** mulberry32: tiny, fast, good enough for test data; the same seed gives the same corpus on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The head of the distribution: the words every help article is full of.
const FUNCTION_WORDS = `the to and a of you your is in for it on we with this that be are can if or as at our from by will not
have an when please it's do all more any use they before after into them out about then there one also should which so
than only may up no new these been other just how what time make sure first most some each over get would could their`.split(/\s+/);

// Real domain words: orders, accounts, outdoor gear, care, payments, support.
const DOMAIN_WORDS = `order orders shipping ship shipped shipment delivery deliver delivered parcel package tracking track carrier courier
warehouse dispatch express standard freight customs duties invoice receipt payment pay paid card credit debit paypal klarna
refund refunds return returns returned exchange exchanges label labels voucher gift discount code coupon price prices sale
account login sign password passwords reset email address profile newsletter subscription unsubscribe privacy data delete
security verification verify confirm confirmation link browser cookie app mobile notification settings language currency
warranty warranties repair repairs defect defective damage damaged broken seam seams zip zipper zips stitching fabric
waterproof breathable membrane coating reproof wash washing dry drying tumble detergent cleaner care storage mildew odour
jacket jackets shell fleece insulated down synthetic vest trousers pants shorts leggings shirt base layer layers gloves hat
beanie scarf socks boots boot shoe shoes sandals trail running hiking mountaineering climbing approach crampon crampons
sole soles insole insoles lacing laces heel toe toes width fit fitting size sizes sizing chart measure measurement length
tent tents pole poles peg pegs guyline footprint groundsheet vestibule inner fly flysheet pitch pitching campsite camping
sleeping bag bags mat mats pad pads pillow liner comfort limit temperature rating ratings warmth weight grams ounces
backpack backpacks pack packs daypack rucksack hipbelt harness frame volume litres pocket pockets compartment hydration
bladder bottle bottles filter purifier stove stoves fuel canister gas burner cookware pot pan mug cutlery lighter matches
headlamp headlamps torch lantern battery batteries charging charger solar power bank cable lumens beam
compass map maps gps watch altimeter barometer navigation route routes trailhead summit ridge valley lake river forest
kayak kayaks canoe paddle paddles lifejacket buoyancy aid dry bag bike bikes cycling helmet lock lights pump tyre tyres
ski skis snowboard bindings skins avalanche probe shovel transceiver goggles poles snowshoes ice axe rope ropes carabiner
belay harnesses chalk quickdraw quickdraws anchor sling slings helmet helmets certified standard inspection retire
stock availability restock reserve preorder backorder size guide colour colours colourway edition model models version
store stores shop shops opening hours click collect pickup appointment rental rent hire deposit
customer service support team agent chat phone call message reply ticket request question questions answer help contact
policy policies terms conditions days weeks business working hours holiday holidays weekend morning evening
germany austria switzerland france italy spain netherlands belgium denmark sweden norway poland czech ireland europe abroad
problem problems issue issues error errors fault faulty missing wrong late delayed lost stolen cancel cancelled cancellation
change changed update updated edit add remove select choose enter click open close check checkout basket cart wishlist
original packaging tags unused worn used condition clean dirty wet cold warm hot winter summer spring autumn rain snow wind
sun storm weather conditions altitude night nights trip trips expedition adventure outdoor outdoors gear equipment kit
recommend recommended suitable compatible replacement spare parts part buckle strap straps clip clips velcro hook loop
manufacturer brand brands lifetime guarantee guaranteed year years month months receipt proof purchase photo photos
free cost costs charge charges fee fees total amount minimum maximum threshold rate rates zone zones region regions`.split(/\s+/);

const SYLLABLES = 'ka lo mi ne ra to vu shi ber gan del fin hol mar pen quin ros tal ven wil xan yor zel ard ell ion ost umb'.split(' ');

/** A few thousand words: function words first (most frequent), domain words next, then made-up product and place names. */
export function vocabulary(rand: () => number, size = 3000): string[] {
  const words = [...new Set([...FUNCTION_WORDS, ...DOMAIN_WORDS])];
  const seen = new Set(words);
  while (words.length < size) {
    const n = 2 + Math.floor(rand() * 2);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    if (!seen.has(w)) { seen.add(w); words.push(w); }
  }
  return words;
}

/** Samples ranks with P(r) ∝ 1/(r+1+flatten) (Zipf–Mandelbrot): a cumulative table and a binary search. */
export function zipfSampler(n: number, rand: () => number, flatten = 0): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1 + flatten);
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface Corpus {
  words: string[];
  /** First index of the content words (past the function words). */
  contentStart: number;
  /** 3–7 subject words: articles are about many different things, so titles draw from a flattened distribution. */
  title(): string;
  /** Paragraphs of `words` words in total; sentences mention the article's subject now and then. */
  body(words: number, title: string): string[];
}

export function corpus(seed: number): Corpus {
  const rand = prng(seed);
  const words = vocabulary(rand);
  const rank = zipfSampler(words.length, rand);
  const contentStart = FUNCTION_WORDS.length;
  const subjectRank = zipfSampler(words.length - contentStart, rand, 50);
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  return {
    words,
    contentStart,
    title() {
      const n = 3 + Math.floor(rand() * 5);
      const t: string[] = [];
      for (let i = 0; i < n; i++) t.push(words[contentStart + subjectRank()]);
      return cap(t.join(' '));
    },
    body(total, title) {
      const subject = title.toLowerCase().split(' ');
      const paragraphs: string[] = [];
      let left = total;
      while (left > 0) {
        const len = Math.min(left, 40 + Math.floor(rand() * 80));
        left -= len;
        const sentences: string[] = [];
        let s: string[] = [];
        for (let i = 0; i < len; i++) {
          s.push(rand() < 0.03 ? subject[Math.floor(rand() * subject.length)] : words[rank()]);
          if (s.length >= 8 + rand() * 14 || i === len - 1) {
            sentences.push(`${cap(s.join(' '))}.`);
            s = [];
          }
        }
        paragraphs.push(sentences.join(' '));
      }
      return paragraphs;
    },
  };
}
