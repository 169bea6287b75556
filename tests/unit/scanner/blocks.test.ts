// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { blockIsCurrent, collectBlocks, iterateBlocks, iterateRun, MAX_BLOCK_CHARS, rangeForSpan, runAround, spanIsCurrent } from '@/scanner/blocks';
import { annotate, parse } from './annotate';

const body = (html: string): HTMLElement => parse(`<!doctype html><html><body>${html}</body></html>`).body;

describe('iterateBlocks', () => {
  it('joins inline elements without separators and ends blocks at block elements and <br>', () => {
    const texts = collectBlocks(body('<p>Jeff <a href="#">Ses</a><b>sions</b> spoke</p><div>Robert<br>Mueller</div><h2>Head</h2>')).map((b) => b.text);
    expect(texts).toEqual(['Jeff Sessions spoke', 'Robert', 'Mueller', 'Head']);
  });

  it('records each text node with its offset in the block', () => {
    const [block] = collectBlocks(body('<p>Jeff <b>Sessions</b>’ recusal</p>'));
    expect(block!.segments.map((s) => [s.node.data, s.start])).toEqual([['Jeff ', 0], ['Sessions', 5], ['’ recusal', 13]]);
  });

  it('skips non-content elements, editable regions, code editors and our own UI', () => {
    const root = body(`
      <p>kept one</p>
      <script>Sessions</script><style>.x{}</style><noscript>Sessions</noscript><template><p>Sessions</p></template>
      <textarea>Sessions</textarea><select><option>Sessions</option></select>
      <svg><title>Sessions</title><desc>Mueller</desc><text>kept svg</text></svg>
      <div contenteditable="true"><p>Sessions typed</p></div>
      <div contenteditable=""><p>Sessions typed</p></div>
      <div contenteditable="false"><p>kept two</p></div>
      <div class="cm-editor"><div>Mueller code</div></div><div class="monaco-editor x"><span>Mueller</span></div>
      <fc-tooltip><p>Sessions card</p></fc-tooltip><div data-fc-ui><p>Mueller card</p></div>
      <p aria-hidden="true">kept hidden</p>`);
    const texts = collectBlocks(root).map((b) => b.text.trim());
    expect(texts).toEqual(['kept one', 'kept svg', 'kept two', 'kept hidden']);
  });

  it('walks open shadow roots as their own block context, then the light DOM', () => {
    const root = body('<p>Before <x-card>light text</x-card> after</p>');
    const host = root.querySelector('x-card')!;
    host.attachShadow({ mode: 'open' }).innerHTML = '<span>Robert Mueller</span> in shadow';
    const texts = collectBlocks(root).map((b) => b.text);
    expect(texts).toEqual(['Before ', 'Robert Mueller in shadow', 'light text after']);
  });

  it('walks the shadow roots of every kind of element that may host one', () => {
    const hosts = ['article', 'aside', 'blockquote', 'div', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'main', 'nav', 'p', 'section', 'span', 'fc-tooltip', 'my-card'];
    const root = body(hosts.map((t) => `<${t}></${t}>`).join(''));
    hosts.forEach((t, i) => {
      const host = root.children[i]!;
      expect(host.tagName.toLowerCase()).toBe(t);
      host.attachShadow({ mode: 'open' }).innerHTML = `<b>shadow of ${t}</b>`;
    });
    const texts = collectBlocks(root).map((b) => b.text);
    // fc- elements are our own UI (the card's host is fc-tooltip): skipped with their shadow roots
    expect(texts).toEqual(hosts.filter((t) => !t.startsWith('fc-')).map((t) => `shadow of ${t}`));
  });

  it('is a generator: one block per next(), so the caller can slice the work', () => {
    const root = body('<p>one</p><p>two</p><p>three</p>');
    const gen = iterateBlocks(root);
    expect((gen.next().value as { text: string }).text).toBe('one');
    expect((gen.next().value as { text: string }).text).toBe('two');
    expect([...gen].map((b) => b.text)).toEqual(['three']);
  });

  // Speed is measured by `npm run bench`, not asserted here.
  it('walks a page of 2,000 paragraphs into 2,000 blocks, each with its seven text nodes', () => {
    const para = '<p>Attorney General <a href="#">Jeff</a> <b>Sessions</b> met <i>Robert</i> Mueller.</p>';
    const blocks = collectBlocks(body(para.repeat(2000)));
    expect(blocks).toHaveLength(2000);
    expect(blocks.every((b) => b.text === 'Attorney General Jeff Sessions met Robert Mueller.' && b.segments.length === 7)).toBe(true);
  });
});

describe('iterateBlocks from inside an excluded region', () => {
  // editable-regions case: the reader types into a contenteditable editor; the rescan of the
  // edited paragraph starts inside the editor and must find nothing.
  it('yields nothing when the root is inside an editor, a form field or our UI', () => {
    const root = body('<div contenteditable="true"><p id="typed">Jeff Sessions agreed</p></div><fc-tooltip><p id="ours">Robert Mueller</p></fc-tooltip><p id="page">Robert Mueller</p>');
    const doc = root.ownerDocument;
    expect(collectBlocks(doc.getElementById('typed')!)).toEqual([]);
    expect(collectBlocks(doc.getElementById('typed')!.firstChild!)).toEqual([]);
    expect(collectBlocks(doc.getElementById('ours')!)).toEqual([]);
    expect(collectBlocks(doc.getElementById('page')!).map((b) => b.text)).toEqual(['Robert Mueller']);
  });

  it('yields nothing for a shadow root whose host is inside an editor', () => {
    const root = body('<div contenteditable="true"><span id="host"></span></div>');
    const shadow = root.ownerDocument.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.append(root.ownerDocument.createTextNode('Jeff Sessions'));
    expect(collectBlocks(shadow)).toEqual([]);
  });
});

describe('rangeForSpan', () => {
  it('maps block offsets to a Range across text nodes (end exclusive)', () => {
    const root = body('<p>Robert <b>S.</b> Mueller testified</p>');
    const [block] = collectBlocks(root);
    const range = rangeForSpan(block!, 0, 'Robert S. Mueller'.length, document);
    expect(range.toString()).toBe('Robert S. Mueller');
    expect(range.startContainer).toBe(block!.segments[0]!.node);
    expect(range.endContainer).toBe(block!.segments[2]!.node);
    expect(range.endOffset).toBe(' Mueller'.length);
  });

  it('starts in the node holding the first character, not at the end of the previous one', () => {
    const root = body('<p>Jeff <a href="#">Sessions</a></p>');
    const [block] = collectBlocks(root);
    const range = rangeForSpan(block!, 5, 13, document);
    expect(range.startContainer).toBe(block!.segments[1]!.node);
    expect(range.startOffset).toBe(0);
    expect(range.toString()).toBe('Sessions');
  });

  it('throws on an empty or out-of-block span', () => {
    const [block] = collectBlocks(body('<p>Mueller</p>'));
    expect(() => rangeForSpan(block!, 3, 3, document)).toThrow(RangeError);
    expect(() => rangeForSpan(block!, 0, 99, document)).toThrow(RangeError);
  });
});

describe('blockIsCurrent', () => {
  it('notices removed nodes and changed text', () => {
    const root = body('<p>Jeff <b>Sessions</b></p>');
    const [block] = collectBlocks(root);
    expect(blockIsCurrent(block!)).toBe(true);
    block!.segments[1]!.node.data = 'Sessions!';
    expect(blockIsCurrent(block!)).toBe(false);
    const [again] = collectBlocks(root);
    root.querySelector('b')!.remove();
    expect(blockIsCurrent(again!)).toBe(false);
  });
});

describe('spanIsCurrent', () => {
  it('says whether the page still shows a span of the block at its offsets, across nodes too', () => {
    const root = body('<p>Then Jeff <b>Sessions</b> left. Robert Mueller stayed.</p>');
    const [block] = collectBlocks(root);
    const at = (s: string) => [block!.text.indexOf(s), block!.text.indexOf(s) + s.length] as const;
    const [text, bold, tail] = block!.segments.map((s) => s.node) as [Text, Text, Text];
    expect(spanIsCurrent(block!, ...at('Jeff Sessions'))).toBe(true);
    // text appended after a span keeps it; an insertion before it moves it
    tail.appendData(' More.');
    expect(spanIsCurrent(block!, ...at('Robert Mueller'))).toBe(true);
    tail.insertData(0, ' and');
    expect(spanIsCurrent(block!, ...at('Robert Mueller'))).toBe(false);
    expect(spanIsCurrent(block!, ...at('Jeff Sessions'))).toBe(true); // its nodes are unchanged
    // a span across nodes: an edit of either node counts, a shorter node too
    text.data = 'Then Jeff ';
    bold.data = 'Session';
    expect(spanIsCurrent(block!, ...at('Jeff Sessions'))).toBe(false);
    bold.data = 'Sessions';
    text.insertData(0, '.');
    expect(spanIsCurrent(block!, ...at('Jeff Sessions'))).toBe(false);
  });
});

describe('pipeline on split markup', () => {
  const found = (html: string) => annotate(body(html), document).map((a) => [a.entity, a.text]);

  it('finds one mention across <b>, <a> and a drop cap', () => {
    expect(found('<p>Special counsel Robert <b>S.</b> Mueller III filed.</p>')).toEqual([['robert-mueller', 'Robert S. Mueller III']]);
    expect(found('<p>Senator Jeff <a href="#">Sessions</a> spoke.</p>')).toEqual([['jeff-sessions', 'Jeff Sessions']]);
    expect(found('<p><span class="dropcap">R</span>obert Mueller led the FBI.</p>')).toEqual([['robert-mueller', 'Robert Mueller']]);
  });

  it('never finds a name in attributes or scripts', () => {
    expect(found('<p title="Jeff Sessions"><img alt="Robert Mueller">caption</p><script>var a = "Jeff Sessions";</script>')).toEqual([]);
  });
});

describe('runAround and iterateRun', () => {
  it('bounds the run at block-level siblings and <br>, and walks it as the parent walk does', () => {
    const root = body('<p>one</p>a <b id="b">bold</b> c<script>x</script> d<br>e<div>two</div><x-host id="h">light</x-host> f');
    const host = root.querySelector('#h')!;
    host.attachShadow({ mode: 'open' }).innerHTML = '<span>shadow</span>';
    const b = root.querySelector('#b')!;
    const run = runAround(b)!;
    expect(run.first.textContent).toBe('a ');
    expect(run.last.textContent).toBe(' d');
    expect([...iterateRun(run)].map((x) => x.text)).toEqual(['a bold c d']);
    // a shadow host on the left starts the run (its light text joins what follows); on the right it ends one
    const f = root.lastChild!;
    const right = runAround(f)!;
    expect(right.first).toBe(host);
    expect([...iterateRun(right)].map((x) => x.text)).toEqual(['shadow', 'light f']);
    // the whole parent walk gives the same blocks for those siblings
    expect(collectBlocks(root).map((x) => x.text)).toEqual(['one', 'a bold c d', 'e', 'two', 'shadow', 'light f']);
    // a parent whose children are all inline: no run, the caller rescans the parent
    expect(runAround(b.firstChild!)).toBeNull();
  });
});

describe('iterateBlocks on a very long text node', () => {
  it('cuts it into pieces of at most MAX_BLOCK_CHARS whose ranges still point into the one node', () => {
    const line = 'Attorney General Jeff Sessions met Robert Mueller in a long session.\n';
    const root = body(`<pre>${line.repeat(3000)}</pre>`);
    const node = root.querySelector('pre')!.firstChild as Text;
    const blocks = collectBlocks(root);
    expect(blocks.length).toBeGreaterThan(2);
    expect(blocks.every((b) => b.text.length <= MAX_BLOCK_CHARS)).toBe(true);
    expect(blocks.map((b) => b.text).join('')).toBe(node.data);
    const last = blocks[blocks.length - 1]!;
    const at = last.text.indexOf('Robert Mueller');
    const range = rangeForSpan(last, at, at + 'Robert Mueller'.length, root.ownerDocument);
    expect(range.startContainer).toBe(node);
    expect(range.toString()).toBe('Robert Mueller');
    // every piece ends at a line end, so no name is cut
    expect(blocks.slice(0, -1).every((b) => b.text.endsWith('\n'))).toBe(true);
  });

  it('cuts a text without line ends at spaces, and one without spaces where it must', () => {
    const words = 'Jeff Sessions met Robert Mueller in a long session '.repeat(4000);
    const spaced = collectBlocks(body(`<pre>${words}</pre>`));
    expect(spaced.length).toBeGreaterThan(2);
    expect(spaced.map((b) => b.text).join('')).toBe(words);
    expect(spaced.slice(0, -1).every((b) => b.text.endsWith(' ') && b.text.length <= MAX_BLOCK_CHARS)).toBe(true);
    const solid = 'x'.repeat(3 * MAX_BLOCK_CHARS);
    const cut = collectBlocks(body(`<pre>${solid}</pre>`));
    expect(cut.map((b) => b.text).join('')).toBe(solid);
    expect(cut.every((b) => b.text.length <= MAX_BLOCK_CHARS)).toBe(true);
  });
});
