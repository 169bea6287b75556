// Runs in each page's main world from document start (bench/run.ts injects it), never in Node.
// Plain JavaScript evaluated as source text. It only reads the page: it polls the sizes of the
// extension's highlights in CSS.highlights every INTERVAL_MS and records when they change, and on
// the endless feed, when each batch's first range appears.
(function () {
  'use strict';
  if (window.fcBenchProbe) return;
  var PREFIX = 'factcheck-';
  var INTERVAL_MS = 5;
  var state = {
    intervalMs: INTERVAL_MS,
    /** performance.now() of the latest poll, and of the one before. */
    lastPoll: 0,
    /** Total ranges over every `factcheck-*` highlight at the latest poll. */
    size: 0,
    /** Per highlight name, ranges at the latest poll. */
    sizes: {},
    /** Each change of the total: { t (first poll that saw it), prev (poll before), size }. */
    changes: [],
    /** Endless feed: batch -> performance.now() of the first poll that saw a range in it. */
    batchSeen: {},
    supported: !!(window.CSS && CSS.highlights),
    error: null,
  };
  window.fcBenchProbe = state;
  if (!state.supported) return;

  function poll() {
    var now = performance.now();
    var prev = state.lastPoll;
    state.lastPoll = now;
    var total = 0;
    var sizes = {};
    try {
      CSS.highlights.forEach(function (h, name) {
        if (name.indexOf(PREFIX) === 0) {
          sizes[name] = h.size;
          total += h.size;
        }
      });
    } catch (e) {
      state.error = String(e);
      return;
    }
    if (total === state.size) return;
    state.size = total;
    state.sizes = sizes;
    state.changes.push({ t: now, prev: prev, size: total });
    if (window.fcBenchFeed) seeBatches(now);
  }

  function seeBatches(now) {
    CSS.highlights.forEach(function (h, name) {
      if (name.indexOf(PREFIX) !== 0) return;
      h.forEach(function (range) {
        var node = range.startContainer;
        var el = node.nodeType === 1 ? node : node.parentElement;
        var card = el && el.closest('[data-batch]');
        if (!card) return;
        var b = card.getAttribute('data-batch');
        if (!(b in state.batchSeen)) state.batchSeen[b] = now;
      });
    });
  }

  setInterval(poll, INTERVAL_MS);

  // Long tasks (Chromium): the harness attributes them with CPU samples (see bench/chromium.ts).
  state.longTasks = [];
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) {
        state.longTasks.push({ start: e.startTime, duration: e.duration });
      });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    state.longTasks = null; // not supported (Firefox)
  }
})();

/** What the harness reads after each wait (one call = one small task in the page). */
window.fcBenchRead = function () {
  'use strict';
  var p = window.fcBenchProbe;
  var marks = performance.getEntriesByType('mark').filter(function (m) {
    return m.name.indexOf('fc') === 0 || m.name.indexOf('feed:') === 0;
  }).map(function (m) {
    return { name: m.name, t: m.startTime, detail: m.detail === undefined ? null : m.detail };
  });
  var nav = performance.getEntriesByType('navigation')[0];
  var feed = window.fcBenchFeed;
  return {
    now: performance.now(),
    size: p ? p.size : -1,
    sizes: p ? p.sizes : {},
    last: p && p.changes.length ? p.changes[p.changes.length - 1] : null,
    changes: p ? p.changes.length : 0,
    error: p ? p.error : 'no probe',
    marks: marks,
    dcl: nav && nav.domContentLoadedEventEnd ? nav.domContentLoadedEventEnd : null,
    load: nav && nav.loadEventEnd ? nav.loadEventEnd : null,
    feed: feed ? { started: feed.started, ended: feed.ended, batches: feed.batches.length } : null,
  };
};

/** Long tasks seen so far (page time), or null where the browser has no Long Tasks API. */
window.fcBenchLongTasks = function () {
  'use strict';
  var p = window.fcBenchProbe;
  return p ? p.longTasks : null;
};

/** Endless feed: each batch's insertion time and the first poll that saw a highlight in it. */
window.fcBenchFeedResult = function () {
  'use strict';
  var p = window.fcBenchProbe;
  var feed = window.fcBenchFeed;
  if (!feed || !p) return [];
  return feed.batches.map(function (b) {
    var seen = p.batchSeen[String(b.batch)];
    return { batch: b.batch, insertedAt: b.insertedAt, seenAt: seen === undefined ? null : seen };
  });
};
