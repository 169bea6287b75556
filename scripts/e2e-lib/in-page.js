// Runs inside a page's main world (each frame separately), never in Node.
// Kept as plain JavaScript and evaluated as source text, so no transpiler helper
// (esbuild's __name and the like) ever ends up in code that a browser runs.
// Entry point: fcInPage(op, args); see the `ops` table at the end.
// It reads the page and never writes to it (scrolling a mention into view aside).

function fcInPage(op, args) {
  'use strict';
  var PREFIX = 'factcheck-';
  var INVISIBLE = /[\u00AD\u200B\u200C\u200D\u2060\uFEFF]/;
  var SKIP = { SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEMPLATE: 1, TITLE: 1 };

  /** Normalises like the cases README and keeps, per output char, its [start, end) in `raw`. */
  function normaliseWithMap(raw) {
    var out = '';
    var starts = [];
    var ends = [];
    var cluster = /[\s\S][\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]*/g;
    var m;
    var pendingSpace = -1;
    while ((m = cluster.exec(raw))) {
      var s = m.index;
      var e = s + m[0].length;
      var c = m[0].replace(/\u00A0/g, ' ');
      var kept = '';
      for (var i = 0; i < c.length; i++) if (!INVISIBLE.test(c[i])) kept += c[i];
      if (kept === '') continue;
      if (/^\s+$/.test(kept)) {
        if (pendingSpace < 0) pendingSpace = s;
        continue;
      }
      if (pendingSpace >= 0) {
        if (out.length > 0) {
          out += ' ';
          starts.push(pendingSpace);
          ends.push(s);
        }
        pendingSpace = -1;
      }
      var n = kept.normalize('NFC');
      for (var j = 0; j < n.length; j++) {
        out += n[j];
        starts.push(s);
        ends.push(e);
      }
    }
    return { text: out, starts: starts, ends: ends };
  }

  function normalise(s) {
    return normaliseWithMap(String(s)).text;
  }

  // ---- flat-tree order -------------------------------------------------------------------
  function isShadowRoot(n) {
    return !!n && n.nodeType === 11 && !!n.host;
  }
  function indexIn(list, n) {
    return Array.prototype.indexOf.call(list, n);
  }
  /** Path of child indexes from the document to `n` through the flat tree (slots, hosts). */
  function flatPath(n) {
    var path = [];
    var guard = 0;
    while (n && guard++ < 10000) {
      var slot = n.assignedSlot;
      var p = n.parentNode;
      if (slot) {
        path.push(indexIn(slot.assignedNodes(), n));
        n = slot;
      } else if (isShadowRoot(p)) {
        path.push(indexIn(p.childNodes, n));
        n = p.host;
      } else if (p) {
        // A light child of a shadow host that no slot shows is not rendered: after the shadow content.
        var offset = p.nodeType === 1 && p.shadowRoot ? 1e6 : 0;
        path.push(offset + indexIn(p.childNodes, n));
        n = p;
      } else {
        break;
      }
    }
    return path.reverse();
  }
  function pointPath(container, offset) {
    if (container.nodeType === 1 || container.nodeType === 9 || container.nodeType === 11) {
      var child = container.childNodes[offset];
      if (child) return flatPath(child);
      return flatPath(container).concat([Infinity]);
    }
    return flatPath(container).concat([offset]);
  }
  function comparePaths(a, b) {
    for (var i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length - b.length;
  }

  // ---- collecting ----------------------------------------------------------------------
  /** Every element of the document, open shadow roots included (hosts before their content). */
  function deepElements(root, out) {
    var all = root.querySelectorAll('*');
    for (var i = 0; i < all.length; i++) {
      out.push(all[i]);
      if (all[i].shadowRoot) deepElements(all[i].shadowRoot, out);
    }
    return out;
  }
  function deepFrames() {
    return deepElements(document, []).filter(function (el) {
      return el.tagName === 'IFRAME' || el.tagName === 'FRAME';
    });
  }
  /** Live ranges of our highlights, sorted in flat-tree document order. */
  function highlightRanges() {
    var items = [];
    var stale = [];
    if (!window.CSS || !CSS.highlights) return { items: items, stale: stale, supported: false };
    CSS.highlights.forEach(function (highlight, name) {
      if (name.indexOf(PREFIX) !== 0) return;
      var entity = name.slice(PREFIX.length);
      highlight.forEach(function (abstractRange) {
        var range = null;
        try {
          if (typeof abstractRange.cloneRange === 'function') range = abstractRange.cloneRange();
          else {
            range = abstractRange.startContainer.ownerDocument.createRange();
            range.setStart(abstractRange.startContainer, abstractRange.startOffset);
            range.setEnd(abstractRange.endContainer, abstractRange.endOffset);
          }
        } catch (e) {
          range = null;
        }
        var connected = !!range && range.startContainer.isConnected && range.endContainer.isConnected;
        if (!range || range.collapsed || !connected) {
          stale.push({ entity: entity, text: range ? range.toString() : '', reason: !range ? 'invalid' : !connected ? 'detached' : 'collapsed' });
          return;
        }
        items.push({ entity: entity, range: range, key: pointPath(range.startContainer, range.startOffset) });
      });
    });
    items.sort(function (a, b) {
      return comparePaths(a.key, b.key);
    });
    return { items: items, stale: stale, supported: true };
  }

  /** Text model of one document or shadow root: its text nodes (open shadow roots included), joined. */
  function textModel(start) {
    var nodes = [];
    function walk(root) {
      var tw = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      var n = tw.currentNode;
      while (n) {
        if (n.nodeType === 3) {
          var p = n.parentElement;
          if (!p || !SKIP[p.tagName.toUpperCase()]) nodes.push(n);
        } else if (n.nodeType === 1 && n.shadowRoot) {
          walk(n.shadowRoot);
        }
        n = tw.nextNode();
      }
    }
    walk(start);
    var index = new Map();
    var starts = [];
    var parts = [];
    var total = 0;
    for (var i = 0; i < nodes.length; i++) {
      index.set(nodes[i], i);
      starts.push(total);
      parts.push(nodes[i].data);
      total += nodes[i].data.length;
    }
    return { nodes: nodes, index: index, starts: starts, raw: parts.join('') };
  }
  function globalOffset(model, container, offset) {
    if (container.nodeType === 3 && model.index.has(container)) return model.starts[model.index.get(container)] + offset;
    // Element boundary: the first text node at or after the point, in the same tree.
    var probe = container.ownerDocument.createRange();
    probe.setStart(container, offset);
    var root = container.getRootNode();
    for (var i = 0; i < model.nodes.length; i++) {
      var t = model.nodes[i];
      if (t.getRootNode() !== root) continue;
      try {
        if (probe.comparePoint(t, 0) >= 0) return model.starts[i];
      } catch (e) {
        /* other tree */
      }
    }
    return model.raw.length;
  }
  /** Needles (normalised) that occur around [a, b) of the joined text and overlap it / contain it. */
  function needleHits(model, a, b, needles, mode) {
    var hits = [];
    if (!needles.length) return hits;
    var longest = 0;
    for (var k = 0; k < needles.length; k++) longest = Math.max(longest, needles[k].length);
    var w = longest * 4 + 16;
    var from = Math.max(0, a - w);
    var to = Math.min(model.raw.length, b + w);
    var win = normaliseWithMap(model.raw.slice(from, to));
    for (var i = 0; i < needles.length; i++) {
      var needle = normalise(needles[i]);
      if (!needle) continue;
      var at = win.text.indexOf(needle);
      while (at >= 0) {
        var s = from + win.starts[at];
        var e = from + win.ends[at + needle.length - 1];
        var ok = mode === 'overlap' ? a < e && s < b : s <= a && b <= e;
        if (ok) {
          hits.push(needles[i]);
          break;
        }
        at = win.text.indexOf(needle, at + 1);
      }
    }
    return hits;
  }

  function annotations(a) {
    a = a || {};
    var mustNotFind = a.mustNotFind || [];
    var mayFind = a.mayFind || [];
    var hr = highlightRanges();
    var needles = mustNotFind.length || mayFind.length;
    // One text model per tree: a range in a closed shadow root is not reachable from the document.
    var models = new Map();
    var out = [];
    for (var i = 0; i < hr.items.length; i++) {
      var it = hr.items[i];
      var entry = { kind: 'range', index: i, entity: it.entity, text: it.range.toString(), key: it.key, mustNot: [], may: false };
      if (needles) {
        var root = it.range.startContainer.getRootNode();
        if (!models.has(root)) models.set(root, textModel(root));
        var model = models.get(root);
        var s = globalOffset(model, it.range.startContainer, it.range.startOffset);
        var e = globalOffset(model, it.range.endContainer, it.range.endOffset);
        entry.mustNot = needleHits(model, s, e, mustNotFind, 'overlap');
        entry.may = needleHits(model, s, e, mayFind, 'inside').length > 0;
      }
      out.push(entry);
    }
    var frames = deepFrames();
    for (var f = 0; f < frames.length; f++) out.push({ kind: 'frame', frame: f, key: flatPath(frames[f]).concat([0]) });
    out.sort(function (x, y) {
      return comparePaths(x.key, y.key);
    });
    out.forEach(function (x) {
      delete x.key;
    });
    return { items: out, stale: hr.stale, supported: hr.supported, url: location.href };
  }

  function visible(el) {
    if (!el.checkVisibility) return true;
    return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true, opacityProperty: true, visibilityProperty: true });
  }
  function isInViewport(r) {
    return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
  }
  function firstRect(range) {
    var rects = range.getClientRects();
    for (var i = 0; i < rects.length; i++) if (rects[i].width > 0 && rects[i].height > 0) return rects[i];
    return null;
  }

  /** Centre of the first client rect of annotation `index` (as in `annotations`), scrolled into view. */
  function rangePoint(a) {
    var hr = highlightRanges();
    var it = hr.items[a.index];
    if (!it) return null;
    var rect = firstRect(it.range);
    var scrolled = false;
    if (!rect || !isInViewport(rect)) {
      var el = it.range.startContainer.nodeType === 1 ? it.range.startContainer : it.range.startContainer.parentElement;
      if (el) el.scrollIntoView({ block: 'center', inline: 'nearest' });
      scrolled = true;
      rect = firstRect(it.range);
      // An element taller or wider than the viewport (a whole page in one <pre>) is centred, not
      // the mention in it: scroll the window on to the mention itself.
      if (rect && !isInViewport(rect)) {
        var dx = rect.left < 0 || rect.right > window.innerWidth ? rect.left + rect.width / 2 - window.innerWidth / 2 : 0;
        var dy = rect.top < 0 || rect.bottom > window.innerHeight ? rect.top + rect.height / 2 - window.innerHeight / 2 : 0;
        window.scrollBy(dx, dy);
        rect = firstRect(it.range);
      }
    }
    if (!rect) return null;
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2, scrolled: scrolled, text: it.range.toString(), entity: it.entity };
  }

  /** Viewport offset of the content box of frame element number `a.frame` (see deepFrames). */
  function frameOffset(a) {
    var el = a.element || deepFrames()[a.frame];
    if (!el) return null;
    var r = el.getBoundingClientRect();
    var scrolled = false;
    if (!isInViewport(r)) {
      el.scrollIntoView({ block: 'center', inline: 'nearest' });
      scrolled = true;
      r = el.getBoundingClientRect();
    }
    var cs = getComputedStyle(el);
    return {
      scrolled: scrolled,
      x: r.left + el.clientLeft + parseFloat(cs.paddingLeft || '0'),
      y: r.top + el.clientTop + parseFloat(cs.paddingTop || '0'),
    };
  }

  function frameIndex(a) {
    return deepFrames().indexOf(a.element);
  }

  /** Visible text of every `fc-tooltip` host's open shadow root, or null when none shows text. */
  function tooltip() {
    var hosts = deepElements(document, []).filter(function (el) {
      return el.localName === 'fc-tooltip';
    });
    var texts = [];
    for (var h = 0; h < hosts.length; h++) {
      var root = hosts[h].shadowRoot;
      if (!root) continue;
      var shown = false;
      var tw = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      var n;
      while ((n = tw.nextNode())) {
        var p = n.parentElement;
        if (!p || SKIP[p.tagName.toUpperCase()] || !n.data.trim()) continue;
        if (visible(p)) {
          shown = true;
          break;
        }
      }
      if (!shown) continue;
      var parts = [];
      for (var c = 0; c < root.children.length; c++) {
        var el = root.children[c];
        if (SKIP[el.tagName.toUpperCase()] || el.tagName.toUpperCase() === 'LINK') continue;
        parts.push(el.innerText);
      }
      var text = parts.join('\n').trim();
      if (text) texts.push(text);
    }
    return texts.length ? texts.join('\n') : null;
  }

  /** Border box of the open card: the positioned (fixed/absolute), popover or dialog box of an `fc-tooltip` root. */
  function tooltipBox() {
    var hosts = deepElements(document, []).filter(function (el) {
      return el.localName === 'fc-tooltip';
    });
    for (var h = 0; h < hosts.length; h++) {
      var root = hosts[h].shadowRoot;
      if (!root) continue;
      var all = root.querySelectorAll('*');
      for (var i = 0; i < all.length; i++) {
        var el = all[i];
        var pos = getComputedStyle(el).position;
        var top = (el.matches(':popover-open') || el.matches('dialog[open]') || pos === 'fixed' || pos === 'absolute') && visible(el);
        if (!top) continue;
        var r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) {
          return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, viewportWidth: window.innerWidth, viewportHeight: window.innerHeight };
        }
      }
    }
    return null;
  }

  var ops = {
    tooltipBox: tooltipBox,
    normalise: function (a) {
      return normalise(a.text);
    },
    annotations: annotations,
    rangePoint: rangePoint,
    frameOffset: frameOffset,
    frameIndex: frameIndex,
    tooltip: tooltip,
  };
  return ops[op](args || {});
}
