/**
 * Generated bench pages, deterministic (fixed seed): the same bytes on every run and machine.
 *
 * - `long-article`: one news article of about 1.5 MB and 16,000 text nodes: nav, header,
 *   ~2,000 paragraphs with inline links and emphasis, headings, quotes, lists, a footer. About
 *   one paragraph in four names someone: full names, bare surnames, possessives
 *   ("Sessions’ recusal"), names split by inline markup, NBSP, soft hyphens, ALL CAPS, and
 *   traps (Pete Sessions, training sessions, Thomas Müller, Benjamin Mueller, Müller-Lyer…).
 * - `feed-2000`: a social feed of 2,000 cards (author, time, text with links and hashtags,
 *   buttons and counters), static.
 * - `endless-feed`: 50 cards at load; `window.fcBenchFeed.start()` then appends 50 cards every
 *   100 ms for 5 s (50 batches, one DocumentFragment each) and records each batch's insertion
 *   time (`performance.now()` right after the append) in `fcBenchFeed.batches`. Every batch
 *   holds full names (always highlighted) so each batch's highlight time is observable.
 * - `single-text-node`: one `<pre>` whose only child is a 2 MB text node (with mentions).
 * - `deep-tree`: 2,000 nested elements built by an inline script at parse time (the HTML
 *   parser caps nesting near 512), each level with a little text, mentions every 50 levels.
 *
 * All pages are self-contained: no external resource, so load time is the page's own work.
 */

/** A generated page: file name and bytes (UTF-8 HTML). */
export interface GeneratedPage {
  /** Page id used in the results (`long-article`). */
  id: string;
  /** File name under the served folder (`long-article.html`). */
  file: string;
  html: string;
  /** What the page is, for the results README and the table. */
  description: string;
}

/** The PRNG seed of every generated page. */
export const SEED = 0x5e5510;

/** mulberry32: small, fast, good enough for text; deterministic from the seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Filler vocabulary in three tiers, drawn 45 / 51 / 4 %: function words, everyday content words,
 * and political-news words. The last tier holds the matcher's cue and agent words ("court",
 * "judge", "senate", "members"…) at a realistic rate: about half the paragraphs hold one.
 */
const FUNCTION_WORDS = (
  'the a an of to and in that for on with as was by at from his her their its it he she they we ' +
  'is are be been were has have had not but or if when which who this these those there than ' +
  'would could should will can may also more most some other into about after before over while'
).split(' ');
const CONTENT_WORDS = (
  'said people year week month day time week morning evening night city country state office plan ' +
  'program proposal question answer decision review request letter memo source aide adviser ' +
  'spokesman spokeswoman press briefing statement interview reporters television network newspaper ' +
  'editorial analysis critics supporters voters polls survey data numbers percent million billion ' +
  'economy market trade tariffs border security policy budget vote public leaders party group ' +
  'company business money family children school health hospital doctors weather storm road ' +
  'water energy prices costs jobs workers union strike contract meeting event speech visit trip ' +
  'airport flight hotel restaurant team season game players coach fans stadium music film book ' +
  'story history museum university students study research report findings results change growth ' +
  'support plans talks deal agreement issue problem concern risk chance effort attempt step move ' +
  'tuesday wednesday thursday friday monday weekend spring summer autumn winter local national ' +
  'new old first last next early late long short high low major small large several many few ' +
  'called asked told made took gave found saw came went left kept put brought began showed ' +
  'meanwhile however although because since during under against between without within through'
).split(' ');
const DOMAIN_WORDS = (
  'government committee officials administration investigation campaign election senate house ' +
  'department justice federal agency court judge lawyers testimony hearing documents evidence ' +
  'email washington political lawmakers democrats republicans conservative liberal majority ' +
  'minority immigration intelligence foreign ambassador diplomat members president congress'
).split(' ');
const WORDS = [...FUNCTION_WORDS, ...CONTENT_WORDS, ...DOMAIN_WORDS];

/** One filler word from the three tiers. */
function word(r: () => number): string {
  const x = r();
  return pick(r, x < 0.45 ? FUNCTION_WORDS : x < 0.96 ? CONTENT_WORDS : DOMAIN_WORDS);
}

/** Sentences naming our entities (mention density) and traps (must not count, or only with evidence). */
const MENTIONS = [
  'Attorney General Jeff Sessions said the department would review the request.',
  'Jeff Sessions recused himself from the Russia investigation in March 2017.',
  'Sessions’ recusal from the inquiry angered the president for months.',
  'Special counsel Robert Mueller declined to comment on the filing.',
  'The Mueller investigation has charged several former campaign aides.',
  'Mueller’s team interviewed the former adviser twice this spring.',
  'Robert S. Mueller III was appointed special counsel by the deputy attorney general.',
  'Sessions, a former senator from Alabama, defended the policy on Tuesday.',
  'Senator Sessions questioned the nominee at the Senate Judiciary Committee.',
  'In a statement, Sessions said he had not discussed the campaign with the Russian ambassador.',
  'JEFF SESSIONS SPEAKS AT THE JUSTICE DEPARTMENT',
  'Former FBI director Robert Mueller testified before the committee.',
  'Lawyers for the president have met with Mueller several times.',
  'The attorney general, Jeff\u00a0Sessions, announced the new guidance.',
  'Robert Muel\u00adler’s office filed the indictment late on Friday.',
  'Critics said the Sessions recusal left the department without a leader on the inquiry.',
];
/** Split-by-markup variants: [before, inner, after] around an inline element. */
const SPLIT_MENTIONS: Array<[string, string, string]> = [
  ['Attorney General Jeff ', 'Sessions', ' spoke to reporters on Thursday.'],
  ['', 'Robert', ' Mueller has not said when the report will be finished.'],
  ['The letter from ', 'Jeff Sessions', ' was released by the committee.'],
  ['Special counsel ', 'Mueller', '’s office declined to comment.'],
];
const TRAPS = [
  'Rep. Pete Sessions of Texas voted against the measure.',
  'The team held three training sessions before the match.',
  'Thomas Müller scored twice for Bayern Munich on Saturday.',
  'The story was reported by Benjamin Mueller and two colleagues.',
  'Participants joined the morning sessions of the conference.',
  'The Müller-Lyer illusion is a classic of perception research.',
  'Jam sessions at the club run late on weekends.',
  'The board will meet in closed sessions next week.',
  'Gerd Müller held the scoring record for decades.',
  'Box-Muller transforms turn uniform numbers into normal ones.',
];

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function sentence(r: () => number, minWords = 8, maxWords = 22): string {
  const n = minWords + Math.floor(r() * (maxWords - minWords + 1));
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(word(r));
  const s = words.join(' ');
  return s[0]!.toUpperCase() + s.slice(1) + (r() < 0.1 ? '?' : '.');
}

/** A paragraph's inner HTML: plain sentences with inline markup; `inline` elements on average. */
function paragraphHtml(r: () => number, sentences: number, inline: number, mention: 'none' | 'mention' | 'trap'): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) parts.push(escape(sentence(r)));
  if (mention === 'mention') {
    const at = Math.floor(r() * (parts.length + 1));
    if (r() < 0.25) {
      const [a, b, c] = pick(r, SPLIT_MENTIONS);
      const tag = pick(r, ['a href="#n"', 'em', 'strong', 'span class="name"']);
      parts.splice(at, 0, `${escape(a)}<${tag}>${escape(b)}</${tag.split(' ')[0]}>${escape(c)}`);
    } else parts.splice(at, 0, escape(pick(r, MENTIONS)));
  } else if (mention === 'trap') {
    parts.splice(Math.floor(r() * (parts.length + 1)), 0, escape(pick(r, TRAPS)));
  }
  let html = parts.join(' ');
  // Wrap random plain words in inline elements (each adds two text nodes).
  const count = Math.max(0, Math.round(inline + (r() - 0.5) * 2));
  for (let k = 0; k < count; k++) {
    const words = html.split(' ');
    for (let tries = 0; tries < 5; tries++) {
      const i = Math.floor(r() * words.length);
      const w = words[i]!;
      if (/^[a-z]{4,}$/.test(w)) {
        const kind = r();
        words[i] = kind < 0.5 ? `<a href="#r${k}">${w}</a>` : kind < 0.8 ? `<em>${w}</em>` : `<strong>${w}</strong>`;
        break;
      }
    }
    html = words.join(' ');
  }
  return html;
}

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 Georgia,serif;margin:0 auto;max-width:46em;padding:1em}nav a{margin-right:.6em}.card{border:1px solid #ccc;border-radius:8px;margin:.6em 0;padding:.6em}.card footer{font:13px sans-serif;color:#555}pre{white-space:pre-wrap}</style>
${head}</head>
<body>
${body}
</body></html>
`;
}

/** The long article: ~1.5 MB of HTML, ~16,000 text nodes. */
export function longArticle(targetBytes = 1_500_000): GeneratedPage {
  const r = rng(SEED);
  const out: string[] = [];
  out.push('<header><nav>');
  for (let i = 0; i < 60; i++) out.push(`<a href="#s${i}">${escape(pick(r, CONTENT_WORDS))} ${escape(pick(r, CONTENT_WORDS))}</a>`);
  out.push('</nav>');
  out.push('<h1>How the Sessions–Trump relationship soured: a long read</h1>');
  out.push('<p class="byline">By Jane Doe and Benjamin Mueller · Updated November 7, 2018</p></header><main><article>');
  let bytes = out.join('').length;
  let n = 0;
  while (bytes < targetBytes) {
    let chunk: string;
    if (n % 40 === 0) chunk = `<h2 id="s${n / 40}">${escape(sentence(r, 4, 9))}</h2>`;
    else if (n % 97 === 0) chunk = `<blockquote><p>${paragraphHtml(r, 2, 1, r() < 0.5 ? 'mention' : 'none')}</p></blockquote>`;
    else if (n % 61 === 0) {
      const items: string[] = [];
      for (let i = 0; i < 5; i++) items.push(`<li>${paragraphHtml(r, 1, 0.5, r() < 0.2 ? 'mention' : 'none')}</li>`);
      chunk = `<ul>${items.join('')}</ul>`;
    } else {
      const x = r();
      const kind = x < 0.25 ? 'mention' : x < 0.31 ? 'trap' : 'none';
      chunk = `<p>${paragraphHtml(r, 5 + Math.floor(r() * 3), 2, kind)}</p>`;
    }
    out.push(chunk, '\n');
    bytes += chunk.length + 1;
    n++;
  }
  out.push('</article></main><footer>');
  for (let i = 0; i < 40; i++) out.push(`<a href="#f${i}">${escape(pick(r, CONTENT_WORDS))}</a> `);
  out.push('<p>© 2018 The Example Times</p></footer>');
  return {
    id: 'long-article',
    file: 'long-article.html',
    html: page('A long article', out.join('')),
    description: 'news article, ~1.5 MB, ~16,000 text nodes, mentions in ~1 paragraph of 4, traps',
  };
}

/** Inner HTML of one feed card. */
function cardHtml(r: () => number, i: number, mention: 'none' | 'mention' | 'trap' | 'full'): string {
  const author = `${pick(r, ['Alex', 'Sam', 'Jordan', 'Riley', 'Casey', 'Morgan', 'Taylor'])} ${pick(r, ['Lee', 'Kim', 'Park', 'Diaz', 'Nolan', 'Reyes'])}`;
  let text = escape(sentence(r, 10, 30));
  if (mention === 'full') text = `${escape(pick(r, ['Robert Mueller', 'Jeff Sessions']))} ${escape(sentence(r, 6, 14).toLowerCase())} ${text}`;
  else if (mention === 'mention') text = `${escape(pick(r, MENTIONS))} ${text}`;
  else if (mention === 'trap') text = `${escape(pick(r, TRAPS))} ${text}`;
  const tag = `#${pick(r, CONTENT_WORDS)}`;
  return `<header><span class="author">${author}</span> <time>${1 + (i % 23)}h</time></header>
<p>${text} <a href="#t">${escape(tag)}</a></p>
<footer><button>Like</button> <span>${(i * 37) % 900}</span> <button>Share</button> <span>${(i * 13) % 90}</span></footer>`;
}

/** A static feed of `cards` cards. */
export function feed(cards = 2000): GeneratedPage {
  const r = rng(SEED + 1);
  const out: string[] = ['<h1>Feed</h1><div id="feed">'];
  for (let i = 0; i < cards; i++) {
    const x = r();
    const kind = x < 0.12 ? 'mention' : x < 0.15 ? 'trap' : 'none';
    out.push(`<article class="card" data-i="${i}">${cardHtml(r, i, kind)}</article>\n`);
  }
  out.push('</div>');
  return {
    id: 'feed-2000',
    file: 'feed-2000.html',
    html: page('A feed of 2,000 cards', out.join('')),
    description: 'static feed of 2,000 cards, mentions in ~12% of cards',
  };
}

/** Cards per batch and batch timing of the endless feed. */
export const ENDLESS = { initialCards: 50, batchCards: 50, intervalMs: 100, durationMs: 5000 } as const;

/** The endless feed: cards are generated in the page by the same PRNG, batch by batch. */
export function endlessFeed(): GeneratedPage {
  const r = rng(SEED + 2);
  // Pre-generate every card in Node (deterministic) and ship them as JSON: the page only appends.
  const batches = ENDLESS.durationMs / ENDLESS.intervalMs;
  const make = (count: number, offset: number): string[] => {
    const list: string[] = [];
    for (let i = 0; i < count; i++) {
      const x = r();
      // Two full names per batch at fixed places, so each batch's highlight is observable.
      const kind = i === 7 || i === 31 ? 'full' : x < 0.1 ? 'mention' : x < 0.13 ? 'trap' : 'none';
      list.push(cardHtml(r, offset + i, kind));
    }
    return list;
  };
  const initial = make(ENDLESS.initialCards, 0);
  const later: string[][] = [];
  for (let b = 0; b < batches; b++) later.push(make(ENDLESS.batchCards, ENDLESS.initialCards + b * ENDLESS.batchCards));
  const script = `<script>
(function () {
  var later = ${JSON.stringify(later).replace(/</g, '\\u003c')};
  var feedEl = document.getElementById('feed');
  var state = { batches: [], started: null, ended: null, start: start };
  window.fcBenchFeed = state;
  function append(b) {
    var frag = document.createDocumentFragment();
    var cards = later[b];
    for (var i = 0; i < cards.length; i++) {
      var el = document.createElement('article');
      el.className = 'card';
      el.setAttribute('data-batch', String(b));
      el.innerHTML = cards[i];
      frag.appendChild(el);
    }
    feedEl.appendChild(frag);
    state.batches.push({ batch: b, insertedAt: performance.now() });
  }
  function start() {
    if (state.started !== null) return;
    state.started = performance.now();
    performance.mark('feed:start');
    var b = 0;
    var t0 = performance.now();
    (function tick() {
      append(b++);
      if (b < later.length) setTimeout(tick, Math.max(0, t0 + b * ${ENDLESS.intervalMs} - performance.now()));
      else { state.ended = performance.now(); performance.mark('feed:end'); }
    })();
  }
})();
</script>`;
  const body = `<h1>Endless feed</h1><div id="feed">${initial.map((c) => `<article class="card" data-batch="-1">${c}</article>`).join('\n')}</div>${script}`;
  return {
    id: 'endless-feed',
    file: 'endless-feed.html',
    html: page('An endless feed', body),
    description: `50 cards, then ${ENDLESS.batchCards} cards every ${ENDLESS.intervalMs} ms for ${ENDLESS.durationMs / 1000} s (2 full names per batch)`,
  };
}

/** One `<pre>` holding a single text node of `chars` characters (mentions spread through it). */
export function singleTextNode(chars = 2_000_000): GeneratedPage {
  const r = rng(SEED + 3);
  const parts: string[] = [];
  let n = 0;
  while (n < chars) {
    const x = r();
    const s = x < 0.04 ? pick(r, MENTIONS) : x < 0.05 ? pick(r, TRAPS) : sentence(r);
    parts.push(s);
    n += s.length + 1;
  }
  const text = parts.join(' ').slice(0, chars);
  return {
    id: 'single-text-node',
    file: 'single-text-node.html',
    html: page('One 2 MB text node', `<pre id="t">${escape(text)}</pre>`),
    description: 'one <pre> with a single 2 MB text node',
  };
}

/** `depth` nested elements built by script (the HTML parser would flatten them near 512). */
export function deepTree(depth = 2000): GeneratedPage {
  const script = `<script>
(function () {
  var words = ${JSON.stringify(WORDS.slice(0, 60))};
  var names = ['Jeff Sessions', 'Robert Mueller', 'Sessions’ recusal', 'training sessions', 'Pete Sessions'];
  var parent = document.getElementById('root');
  for (var i = 0; i < ${depth}; i++) {
    var el = document.createElement(i % 2 === 0 ? 'div' : 'section');
    var text = words[(i * 7) % words.length] + ' ' + words[(i * 13) % words.length] + ' ' + words[(i * 29) % words.length] + ' ';
    if (i % 50 === 0) text += names[(i / 50) % names.length] + ' said. ';
    el.appendChild(document.createTextNode(text));
    parent.appendChild(el);
    parent = el;
  }
})();
</script>`;
  return {
    id: 'deep-tree',
    file: 'deep-tree.html',
    html: page('A 2,000-level deep tree', `<div id="root"></div>${script}`),
    description: `${depth} nested elements (built at parse time), text at every level`,
  };
}

/** Every generated page, in table order. */
export function generatePages(): GeneratedPage[] {
  return [longArticle(), feed(), endlessFeed(), singleTextNode(), deepTree()];
}
