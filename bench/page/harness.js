// Bench harness for `cargo xtask bench` (bench/page/harness.js). The bench's server puts it first
// in the app's <head>, so it sees the page from its first moment; it is never part of the app.
//
// It records (1) when the first [data-testid=entity-card] appears, (2) every main-thread long task
// (PerformanceObserver 'longtask'), and offers jobs the bench starts and then polls:
// compromise on a corpus, our wasm via window.dossierBench.load on the same corpus, and search-box
// keystroke latency. Times are performance.now() in the page, plus Date.now() where the bench must
// line them up with its server's request log.
(function () {
  'use strict';
  var CARD = '[data-testid=entity-card]';
  var B = (window.__bench = { longTasks: [], firstCard: null, jobs: {}, longTaskSupported: false });

  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) {
        B.longTasks.push({ start: e.startTime, duration: e.duration });
      });
    }).observe({ type: 'longtask', buffered: true });
    B.longTaskSupported = true;
  } catch (e) {
    B.longTaskError = String(e);
  }

  var mo = new MutationObserver(function () {
    if (!B.firstCard && document.querySelector(CARD)) {
      B.firstCard = { perf: performance.now(), epoch: Date.now() };
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });

  // Longest main-thread task that ended after `since` (performance.now() ms).
  B.maxLongTask = function (since) {
    return B.longTasks
      .filter(function (t) { return t.start + t.duration >= since; })
      .reduce(function (m, t) { return Math.max(m, t.duration); }, 0);
  };

  B.start = function (name, fn) {
    var job = (B.jobs[name] = { done: false });
    Promise.resolve()
      .then(fn)
      .then(
        function (r) { job.result = r; job.done = true; },
        function (e) { job.error = String((e && e.stack) || e); job.done = true; }
      );
  };
  B.poll = function (name) { return B.jobs[name] || null; };

  var enc = new TextEncoder();
  function utf8Bytes(docs) {
    return docs.reduce(function (n, d) { return n + enc.encode(d.text).length; }, 0);
  }
  B.fetchDocs = function (url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
      return r.json();
    });
  };

  B.loadCompromise = function () {
    if (typeof window.nlp === 'function') return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = '/__bench/compromise.js';
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error('cannot load /__bench/compromise.js')); };
      document.head.appendChild(s);
    });
  };

  // compromise's people/places/organisations on each document: its NER, the peer figure.
  B.runCompromise = async function (url) {
    await B.loadCompromise();
    var docs = await B.fetchDocs(url);
    // compromise builds parts of its model lazily on first use: warm it up outside the timing.
    if (docs.length) window.nlp(docs[0].text).people();
    var entities = 0;
    var t0 = performance.now();
    for (var i = 0; i < docs.length; i++) {
      var doc = window.nlp(docs[i].text);
      entities += doc.people().length + doc.places().length + doc.organizations().length;
    }
    var ms = performance.now() - t0;
    return { ms: ms, bytes: utf8Bytes(docs), docs: docs.length, entities: entities };
  };

  B.appReady = function () {
    return !!(window.dossierBench && typeof window.dossierBench.load === 'function');
  };

  // Our analysis in the app's worker, through the app's bench hook.
  B.runOurs = async function (url) {
    if (!B.appReady()) throw new Error('window.dossierBench.load is missing');
    var docs = await B.fetchDocs(url);
    var files = docs.map(function (d) { return { name: d.name, text: d.text }; });
    var bytes = utf8Bytes(files);
    // Let the harness's own work (parsing the corpus, counting bytes) finish its task first, so
    // the long-task figure only sees what the app does from the load() call on.
    await new Promise(function (r) { setTimeout(r, 0); });
    var t0 = performance.now();
    await window.dossierBench.load(files);
    var ms = performance.now() - t0;
    return {
      ms: ms,
      bytes: bytes,
      docs: files.length,
      start: t0,
      maxLongTask: B.maxLongTask(t0),
      // Every long task from the load() call on, as [start after t0, duration] in whole ms, and
      // the page's performance marks in that time: what the notes show to tell the tasks apart.
      longTasks: B.longTasks
        .filter(function (t) { return t.start + t.duration >= t0; })
        .map(function (t) { return [Math.round(t.start - t0), Math.round(t.duration)]; }),
      marks: performance.getEntriesByType('mark')
        .filter(function (m) { return m.startTime >= t0; })
        .map(function (m) { return [m.name, Math.round(m.startTime - t0)]; }),
      cards: document.querySelectorAll(CARD).length,
    };
  };

  function nextFrame() {
    return new Promise(function (r) { requestAnimationFrame(function () { setTimeout(r, 0); }); });
  }

  // A query that matches some but not all cards: the first letters of a card's first word.
  B.suggestQuery = function () {
    var cards = document.querySelectorAll(CARD);
    for (var i = 0; i < cards.length; i++) {
      var w = (cards[i].textContent || '').trim().split(/\s+/)[0] || '';
      w = w.replace(/[^\p{L}]/gu, '');
      if (w.length >= 3) return w.slice(0, 3).toLowerCase();
    }
    return 'kim';
  };

  // Type `query` one character at a time; per keystroke, the time from the input event to the
  // frame after the DOM changed (or 2 s without a change).
  B.searchLatency = async function (query) {
    var input = document.querySelector('[data-testid=search]');
    if (!input) throw new Error('no [data-testid=search] in the page');
    var setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    var out = [];
    input.focus();
    for (var i = 1; i <= query.length; i++) {
      var q = query.slice(0, i);
      var changed = false;
      var done = new Promise(function (resolve) {
        var m = new MutationObserver(function () { changed = true; m.disconnect(); resolve(); });
        m.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
        setTimeout(function () { m.disconnect(); resolve(); }, 2000);
      });
      var t0 = performance.now();
      setValue.call(input, q);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await done;
      await nextFrame();
      out.push({ query: q, ms: performance.now() - t0, changed: changed, cards: document.querySelectorAll(CARD).length });
    }
    setValue.call(input, '');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return out;
  };
})();
